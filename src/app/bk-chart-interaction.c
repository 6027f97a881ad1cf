/* bk-chart-interaction.c — the chart under the pointer: wheel and pinch
 * zoom, drag to pan, double-click to reset, and the crosshair with the date
 * and every value under the pointer. */
#define G_LOG_DOMAIN "bk-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-chart-impl.h"
#include "bk-chart-private.h"

static const Pane *
chart_pane_at (BkChart *self, double y)
{
  for (guint p = 0; p < self->panes->len; p++)
    {
      const Pane *pane = g_ptr_array_index (self->panes, p);

      if (pane->shown && y >= pane->top && y < pane->top + pane->height)
        return pane;
    }
  return NULL;
}

static void
draw_tag (cairo_t *cr, PangoLayout *layout, const Colors *colors, const char *text, double x, double y,
          double xalign, double yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  double left = round (x - xalign * (w + 6)), top = round (y - yalign * (h + 2));
  bk_painter_set_rgb (cr, colors->fg, 0.85);
  cairo_rectangle (cr, left, top, w + 6, h + 2);
  cairo_fill (cr);
  bk_painter_set_rgb (cr, colors->bg, 1.0);
  cairo_move_to (cr, left + 3, top + 1);
  pango_cairo_show_layout (cr, layout);
}

/* The crosshair, the value tags and the box of values under the pointer;
 * only the widget draws it, on top of bk_chart_draw(). */
void
chart_draw_crosshair (BkChart *self, cairo_t *cr)
{
  Colors colors;

  if (!self->pointer_in || self->price == NULL || self->n_bars == 0 || self->columns->len == 0)
    return;
  if (self->pointer_x < self->plot_left || self->pointer_x > self->plot_left + self->plot_width
      || self->pointer_y < self->plot_top || self->pointer_y > self->plot_bottom)
    return;

  double fbar = self->view_start + (self->pointer_x - self->plot_left) / self->bar_px;
  if (fbar < 0 || fbar >= (double) self->n_bars)
    return;
  guint64 bar = (guint64) fbar;
  double x = self->aggregated ? floor (self->pointer_x) + 0.5
             : round (self->plot_left + ((double) bar + 0.5 - self->view_start) * self->bar_px) + 0.5;
  const Pane *under = chart_pane_at (self, self->pointer_y);
  char buf[64];

  bk_painter_colors_init (&colors, &self->fg, self->red_up);
  PangoLayout *layout = bk_painter_create_layout (cr);

  static const double dash[] = { 3.0, 3.0 };
  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors.fg, 0.5);
  cairo_move_to (cr, x, self->plot_top);
  cairo_line_to (cr, x, self->plot_bottom);
  if (under != NULL)
    {
      double y = round (self->pointer_y) + 0.5;
      cairo_move_to (cr, self->plot_left, y);
      cairo_line_to (cr, self->plot_left + self->plot_width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Value on the right axis, date on the time axis. */
  if (under != NULL && self->pointer_y >= under->data_top && self->pointer_y <= under->data_bottom)
    {
      double v = under->ymax - (self->pointer_y - under->data_top) / (under->data_bottom - under->data_top)
                 * (under->ymax - under->ymin);
      format_crosshair_value (buf, sizeof buf, v);
      draw_tag (cr, layout, &colors, buf, self->plot_left + self->plot_width + 2, self->pointer_y, 0, 0.5);
    }
  double t = bk_line_get_at (self->feed[BK_FEED_DATETIME], bar);
  g_autoptr(GDateTime) dt = isnan (t) ? NULL : g_date_time_new_from_unix_utc ((gint64) t);
  g_autofree char *date = dt == NULL ? g_strdup ("–")
                          : g_date_time_format (dt, bk_run_has_time (self->run) ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
  draw_tag (cr, layout, &colors, date, x, self->plot_bottom + 1, 0.5, 0);

  /* The box: date, OHLC(V), then each drawn line. */
  GString *text = g_string_new (date);
  static const char *const ohlcv[] = { NULL, "O", "H", "L", "C", "V" };
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (self->feed[i] != NULL)
      {
        format_crosshair_value (buf, sizeof buf, bk_line_get_at (self->feed[i], bar));
        g_string_append_printf (text, "%s%s %s", i == BK_FEED_OPEN ? "\n" : "  ", ohlcv[i], buf);
      }
  for (int b = 0; b < 2; b++)
    {
      BkLine *line = b == 0 ? self->buy : self->sell;
      double v = line != NULL ? bk_line_get_at (line, bar) : NAN;
      if (!isnan (v))
        {
          format_crosshair_value (buf, sizeof buf, v);
          g_string_append_printf (text, "\n%s at %s", b == 0 ? "buy" : "sell", buf);
        }
    }
  for (guint p = 0; p < self->panes->len; p++)
    {
      const Pane *pane = g_ptr_array_index (self->panes, p);

      if (!pane->shown)
        continue;
      for (guint s = 0; s < pane->series->len; s++)
        {
          const Series *series = g_ptr_array_index (pane->series, s);
          double v = bk_line_get_at (series->line, bar);

          if (series->dots && isnan (v))
            continue;
          format_crosshair_value (buf, sizeof buf, v);
          g_string_append_printf (text, "\n%s  %s", series->label, buf);
        }
    }
  pango_layout_set_text (layout, text->str, -1);
  g_string_free (text, TRUE);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  double bw = w + 12, bh = h + 8;
  double bx = self->pointer_x + 16, by = self->pointer_y + 16;
  if (bx + bw > self->plot_left + self->plot_width)
    bx = self->pointer_x - 16 - bw;
  if (by + bh > self->plot_bottom)
    by = self->pointer_y - 16 - bh;
  bx = round (MAX (bx, self->plot_left));
  by = round (MAX (by, self->plot_top));
  bk_painter_set_rgb (cr, colors.bg, 0.92);
  cairo_rectangle (cr, bx + 0.5, by + 0.5, bw, bh);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors.fg, 0.3);
  cairo_stroke (cr);
  bk_painter_set_rgb (cr, colors.fg, 0.9);
  cairo_move_to (cr, bx + 6, by + 4);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

void
bk_chart_zoom (BkChart *self, double factor, double anchor)
{
  g_return_if_fail (BK_IS_CHART (self));

  double span = self->view_end - self->view_start;
  double anchor_bar = self->view_start + anchor * span;
  double new_span = CLAMP (span * factor, chart_min_span (self), (double) self->n_bars);
  chart_set_view (self, anchor_bar - anchor * new_span, anchor_bar + (1 - anchor) * new_span);
}

void
bk_chart_pan (BkChart *self, double bars)
{
  g_return_if_fail (BK_IS_CHART (self));
  chart_set_view (self, self->view_start + bars, self->view_end + bars);
}

static double
chart_pointer_fraction (BkChart *self, double x)
{
  return self->plot_width > 0 ? CLAMP ((x - self->plot_left) / self->plot_width, 0.0, 1.0) : 0.5;
}

static gboolean
on_scroll_scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, BkChart *self)
{
  if (self->n_bars == 0)
    return FALSE;
  if (fabs (dy) >= fabs (dx))
    {
      double anchor = self->pointer_in ? chart_pointer_fraction (self, self->pointer_x) : 1.0;
      bk_chart_zoom (self, pow (1.2, CLAMP (dy, -5, 5)), anchor);
    }
  else
    bk_chart_pan (self, dx * (self->view_end - self->view_start) * 0.05);
  return TRUE;
}

static void
on_zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, BkChart *self)
{
  double x, y;

  self->zoom_start_span = self->view_end - self->view_start;
  self->zoom_anchor_fraction = gtk_gesture_get_bounding_box_center (gesture, &x, &y)
                               ? chart_pointer_fraction (self, x) : 0.5;
  self->zoom_anchor_bar = self->view_start + self->zoom_anchor_fraction * self->zoom_start_span;
}

static void
on_zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, BkChart *self)
{
  if (scale <= 0 || self->n_bars == 0)
    return;
  double span = CLAMP (self->zoom_start_span / scale, chart_min_span (self), (double) self->n_bars);
  double start = self->zoom_anchor_bar - self->zoom_anchor_fraction * span;
  chart_set_view (self, start, start + span);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, BkChart *self)
{
  self->drag_start_view = self->view_start;
}

static void
on_drag_update_cb (GtkGestureDrag *gesture, double offset_x, double offset_y, BkChart *self)
{
  double span = self->view_end - self->view_start;

  if (self->bar_px <= 0 || self->view_full)
    return;
  double start = self->drag_start_view - offset_x / self->bar_px;
  chart_set_view (self, start, start + span);
}

static void
on_click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, BkChart *self)
{
  if (n_press == 2)
    bk_chart_reset_view (self);
}

static void
on_motion_motion_cb (GtkEventControllerMotion *controller, double x, double y, BkChart *self)
{
  self->pointer_in = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_leave_cb (GtkEventControllerMotion *controller, BkChart *self)
{
  self->pointer_in = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
chart_install_interaction (BkChart *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion_motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_motion_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
