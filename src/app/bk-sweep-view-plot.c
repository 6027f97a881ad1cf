/* bk-sweep-view-plot.c — the Sweep view's plot: a heat map of two
 * parameters (a cell a combination, the first parameter up the side, the
 * second along the bottom, the metric as the colour, with its scale) or a
 * line of one (the metric against the parameter's values, each point in
 * the scale's colour); the best combination marked.  The pointer's cell
 * says every metric in a tooltip; a click opens it.
 *
 * The plot's margins are fixed, not measured from its text, so that where
 * a cell is depends only on the plot's size: the view, its exports and
 * the tests place it alike. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-strategy-params.h"
#include "bk-sweep-view-private.h"

#define MARGIN_LEFT 84.0
#define MARGIN_TOP 28.0
#define MARGIN_BOTTOM 52.0
#define LEGEND_WIDTH 112.0
#define AXIS_WIDTH 72.0
#define POINT_RADIUS 6.0

BkRgb
bk_sweep_view_scale_rgb (double t)
{
  /* viridis at five stops: dark to light, read in grey and by the
   * colour-blind alike. */
  static const BkRgb stops[] = {
    { 0.267, 0.005, 0.329 }, { 0.229, 0.322, 0.546 }, { 0.128, 0.567, 0.551 },
    { 0.369, 0.789, 0.383 }, { 0.993, 0.906, 0.144 },
  };
  double x = CLAMP (isfinite (t) ? t : 0.0, 0.0, 1.0) * (G_N_ELEMENTS (stops) - 1);
  guint i = MIN ((guint) x, G_N_ELEMENTS (stops) - 2);
  double f = x - i;

  return (BkRgb) { stops[i].r + (stops[i + 1].r - stops[i].r) * f, stops[i].g + (stops[i + 1].g - stops[i].g) * f,
                   stops[i].b + (stops[i + 1].b - stops[i].b) * f };
}

BkRgb
bk_sweep_view_mark_rgb (void)
{
  return (BkRgb) { 0.86, 0.08, 0.24 };
}

static const BkRgb missing_rgb = { 0.6, 0.6, 0.6 };

static guint
n_axes (BkSweepView *self)
{
  return self->sweep != NULL ? bk_sweep_get_n_axes (self->sweep) : 0;
}

static guint
axis_len (BkSweepView *self, guint axis)
{
  return self->axis_values[axis] != NULL ? self->axis_values[axis]->len : 0;
}

static double
axis_value (BkSweepView *self, guint axis, guint i)
{
  return g_array_index (self->axis_values[axis], double, i);
}

/* The metric's lowest and highest finite values over the combinations
 * done; FALSE when there are none. */
static gboolean
metric_range (BkSweepView *self, double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint64 k = 0; k < bk_sweep_get_n_combinations (self->sweep); k++)
    {
      const BkSweepResult *result = bk_sweep_get_result (self->sweep, k);
      double v = result->done ? bk_sweep_metric_value (result, self->metric) : NAN;

      if (isfinite (v))
        {
          *lo = MIN (*lo, v);
          *hi = MAX (*hi, v);
        }
    }
  return *lo <= *hi;
}

/* Where combination k's value falls on the scale, NaN without one. */
static double
scale_position (BkSweepView *self, guint64 k, double lo, double hi)
{
  const BkSweepResult *result = bk_sweep_get_result (self->sweep, k);
  double v = result->done ? bk_sweep_metric_value (result, self->metric) : NAN;

  if (!isfinite (v))
    return NAN;
  return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

static double
plot_right (BkSweepView *self, int width)
{
  return width - (n_axes (self) == 2 ? LEGEND_WIDTH : AXIS_WIDTH);
}

gboolean
bk_sweep_view_get_cell_rect (BkSweepView *self, guint64 k, int width, int height, graphene_rect_t *rect)
{
  guint axes = n_axes (self);
  double left = axes == 2 ? MARGIN_LEFT : 24.0, right = plot_right (self, width);
  double top = MARGIN_TOP, bottom = height - MARGIN_BOTTOM;

  if (axes == 0 || axes > 2 || k >= bk_sweep_get_n_combinations (self->sweep) || right <= left || bottom <= top)
    return FALSE;
  if (axes == 2)
    {
      guint nx = axis_len (self, 1), ny = axis_len (self, 0);
      double w = (right - left) / nx, h = (bottom - top) / ny;
      guint ix = (guint) (k % nx), iy = (guint) (k / nx);

      /* The first value at the bottom, as on any plot. */
      graphene_rect_init (rect, (float) (left + ix * w), (float) (bottom - (iy + 1) * h), (float) w, (float) h);
      return TRUE;
    }
  double lo, hi;
  guint n = axis_len (self, 0);
  double t = metric_range (self, &lo, &hi) ? scale_position (self, k, lo, hi) : NAN;
  double step = (right - left) / n;
  double x = left + (k + 0.5) * step;
  /* A tenth of the height spare above and below the values. */
  double y = isfinite (t) ? bottom - (bottom - top) * (0.1 + 0.8 * t) : bottom;

  graphene_rect_init (rect, (float) (x - POINT_RADIUS), (float) (y - POINT_RADIUS), (float) (2 * POINT_RADIUS),
                      (float) (2 * POINT_RADIUS));
  return TRUE;
}

gint64
bk_sweep_view_cell_at (BkSweepView *self, int width, int height, double x, double y)
{
  guint axes = n_axes (self);
  graphene_rect_t rect;

  if (axes == 2)
    {
      guint nx = axis_len (self, 1), ny = axis_len (self, 0);
      double left = MARGIN_LEFT, right = plot_right (self, width), top = MARGIN_TOP, bottom = height - MARGIN_BOTTOM;

      if (x < left || x >= right || y < top || y >= bottom || right <= left || bottom <= top)
        return -1;
      guint ix = MIN ((guint) ((x - left) / ((right - left) / nx)), nx - 1);
      guint iy = MIN ((guint) ((bottom - y) / ((bottom - top) / ny)), ny - 1);
      return (gint64) iy * nx + ix;
    }
  if (axes == 1)
    {
      /* The point of the column under the pointer. */
      guint n = axis_len (self, 0);
      double left = 24.0, right = plot_right (self, width);

      if (x < left || x >= right || y < MARGIN_TOP || y >= height - MARGIN_BOTTOM + 8)
        return -1;
      guint64 k = MIN ((guint) ((x - left) / ((right - left) / n)), n - 1);
      return bk_sweep_view_get_cell_rect (self, k, width, height, &rect) ? (gint64) k : -1;
    }
  return -1;
}

static char *
format_value (double v)
{
  char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];

  bk_strategy_params_format_number (v, number);
  return g_strdup (number);
}

/* Every other label, or fewer, where they would overlap. */
static guint
label_stride (PangoLayout *layout, BkSweepView *self, guint axis, double room)
{
  double widest = 1;

  for (guint i = 0; i < axis_len (self, axis); i++)
    {
      g_autofree char *text = format_value (axis_value (self, axis, i));
      widest = MAX (widest, bk_painter_text_width (layout, text) + 8);
    }
  return MAX (1, (guint) ceil (widest / MAX (room, 1)));
}

/* An axis's values under the plot, and its name under them. */
static void
draw_x_values (BkSweepView *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, guint axis,
               double left, double right, double bottom, int height)
{
  guint n = axis_len (self, axis);
  guint stride = label_stride (layout, self, axis, (right - left) / n);

  bk_painter_set_rgb (cr, colors->fg, 0.8);
  for (guint i = 0; i < n; i += stride)
    {
      g_autofree char *text = format_value (axis_value (self, axis, i));
      bk_painter_text (cr, layout, text, left + (i + 0.5) * (right - left) / n, bottom + 4, 0.5, 0.0);
    }
  bk_painter_set_rgb (cr, colors->fg, 1.0);
  bk_painter_set_bold (layout, TRUE);
  bk_painter_text (cr, layout, bk_sweep_get_axis_name (self->sweep, axis), (left + right) / 2, height - 6, 0.5, 1.0);
  bk_painter_set_bold (layout, FALSE);
}

static void
draw_mark (cairo_t *cr, const graphene_rect_t *r)
{
  bk_painter_set_rgb (cr, bk_sweep_view_mark_rgb (), 1.0);
  cairo_set_line_width (cr, 3.0);
  cairo_rectangle (cr, r->origin.x + 1.5, r->origin.y + 1.5, r->size.width - 3.0, r->size.height - 3.0);
  cairo_stroke (cr);
}

/* The colour scale down the right: the highest value at the top. */
static void
draw_legend (BkSweepView *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, double x,
             double top, double bottom, double lo, double hi)
{
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, bottom, 0, top);

  for (guint i = 0; i <= 8; i++)
    {
      BkRgb c = bk_sweep_view_scale_rgb (i / 8.0);
      cairo_pattern_add_color_stop_rgb (gradient, i / 8.0, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, x, top, 14, bottom - top);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);
  bk_painter_set_rgb (cr, colors->fg, 0.8);
  for (guint i = 0; i <= 4; i++)
    {
      double v = lo + (hi - lo) * i / 4.0;
      g_autofree char *text = bk_sweep_view_format_metric (self->metric, v);
      double y = bottom - (bottom - top) * i / 4.0;

      cairo_rectangle (cr, x + 14, y - 0.5, 4, 1);
      cairo_fill (cr);
      bk_painter_text (cr, layout, text, x + 21, y, 0.0, 0.5);
      if (hi <= lo)
        break;
    }
}

static void
draw_heat_map (BkSweepView *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, int width,
               int height)
{
  guint nx = axis_len (self, 1), ny = axis_len (self, 0);
  double left = MARGIN_LEFT, right = plot_right (self, width), top = MARGIN_TOP, bottom = height - MARGIN_BOTTOM;
  double lo, hi;
  gboolean any = metric_range (self, &lo, &hi);
  graphene_rect_t r;

  for (guint64 k = 0; k < (guint64) nx * ny; k++)
    {
      double t = any ? scale_position (self, k, lo, hi) : NAN;

      if (!bk_sweep_view_get_cell_rect (self, k, width, height, &r))
        return;
      if (!bk_sweep_get_result (self->sweep, k)->done)
        continue;
      bk_painter_set_rgb (cr, isfinite (t) ? bk_sweep_view_scale_rgb (t) : missing_rgb, 1.0);
      cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
      cairo_fill (cr);
    }
  /* The cells' edges, where they are wide enough to show them. */
  if ((right - left) / nx >= 6 && (bottom - top) / ny >= 6)
    {
      bk_painter_set_rgb (cr, colors->bg, 1.0);
      cairo_set_line_width (cr, 1.0);
      for (guint i = 0; i <= nx; i++)
        {
          cairo_move_to (cr, round (left + i * (right - left) / nx) + 0.5, top);
          cairo_line_to (cr, round (left + i * (right - left) / nx) + 0.5, bottom);
        }
      for (guint i = 0; i <= ny; i++)
        {
          cairo_move_to (cr, left, round (top + i * (bottom - top) / ny) + 0.5);
          cairo_line_to (cr, right, round (top + i * (bottom - top) / ny) + 0.5);
        }
      cairo_stroke (cr);
    }
  if (self->hovered >= 0 && bk_sweep_view_get_cell_rect (self, (guint64) self->hovered, width, height, &r))
    {
      bk_painter_set_rgb (cr, colors->fg, 0.9);
      cairo_set_line_width (cr, 2.0);
      cairo_rectangle (cr, r.origin.x + 1, r.origin.y + 1, r.size.width - 2, r.size.height - 2);
      cairo_stroke (cr);
    }
  if (self->best >= 0 && bk_sweep_view_get_cell_rect (self, (guint64) self->best, width, height, &r))
    draw_mark (cr, &r);

  /* The values: the first parameter's up the side, the second's along the
   * bottom, each axis named. */
  draw_x_values (self, cr, layout, colors, 1, left, right, bottom, height);
  bk_painter_set_rgb (cr, colors->fg, 0.8);
  guint ystride = MAX (1, (guint) ceil (18.0 / ((bottom - top) / ny)));
  for (guint i = 0; i < ny; i += ystride)
    {
      g_autofree char *text = format_value (axis_value (self, 0, i));
      bk_painter_text (cr, layout, text, left - 6, bottom - (i + 0.5) * (bottom - top) / ny, 1.0, 0.5);
    }
  bk_painter_set_rgb (cr, colors->fg, 1.0);
  bk_painter_set_bold (layout, TRUE);
  bk_painter_text (cr, layout, bk_sweep_get_axis_name (self->sweep, 0), 8, top - 6, 0.0, 1.0);
  bk_painter_set_bold (layout, FALSE);
  if (any)
    draw_legend (self, cr, layout, colors, right + 12, top, bottom, lo, hi);
}

/* One parameter: the metric against its values, a line through points in
 * the scale's colours, the axis of the metric on the right. */
static void
draw_line (BkSweepView *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, int width, int height)
{
  guint n = axis_len (self, 0);
  double left = 24.0, right = plot_right (self, width), top = MARGIN_TOP, bottom = height - MARGIN_BOTTOM;
  double lo, hi;
  graphene_rect_t r;

  if (!metric_range (self, &lo, &hi))
    return;
  /* The axis where the points are: a tenth spare above and below. */
  double span = hi > lo ? hi - lo : MAX (fabs (hi), 1.0);
  double ymin = hi > lo ? lo - span / 8.0 : lo - span / 2.0, ymax = hi > lo ? hi + span / 8.0 : hi + span / 2.0;
  BkPlotArea area = { left, right - left, 0, height, top, bottom, ymin, ymax, FALSE };
  bk_painter_y_axis (cr, layout, colors, &area);

  gboolean drawing = FALSE;
  bk_painter_set_rgb (cr, colors->fg, 0.6);
  cairo_set_line_width (cr, 1.5);
  for (guint64 k = 0; k < n; k++)
    {
      gboolean has = bk_sweep_get_result (self->sweep, k)->done
                     && isfinite (scale_position (self, k, lo, hi))
                     && bk_sweep_view_get_cell_rect (self, k, width, height, &r);
      double x = r.origin.x + POINT_RADIUS, y = r.origin.y + POINT_RADIUS;

      if (has && drawing)
        cairo_line_to (cr, x, y);
      else if (has)
        cairo_move_to (cr, x, y);
      drawing = has;
    }
  cairo_stroke (cr);
  for (guint64 k = 0; k < n; k++)
    {
      double t = scale_position (self, k, lo, hi);

      if (!bk_sweep_get_result (self->sweep, k)->done || !isfinite (t)
          || !bk_sweep_view_get_cell_rect (self, k, width, height, &r))
        continue;
      bk_painter_set_rgb (cr, bk_sweep_view_scale_rgb (t), 1.0);
      cairo_arc (cr, r.origin.x + POINT_RADIUS, r.origin.y + POINT_RADIUS, POINT_RADIUS - 1, 0, 2 * G_PI);
      cairo_fill (cr);
      if ((gint64) k == self->hovered)
        {
          bk_painter_set_rgb (cr, colors->fg, 0.9);
          cairo_set_line_width (cr, 2.0);
          cairo_arc (cr, r.origin.x + POINT_RADIUS, r.origin.y + POINT_RADIUS, POINT_RADIUS + 2, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
    }
  if (self->best >= 0 && bk_sweep_view_get_cell_rect (self, (guint64) self->best, width, height, &r))
    {
      graphene_rect_t ring;
      graphene_rect_inset_r (&r, -4, -4, &ring);
      draw_mark (cr, &ring);
    }

  draw_x_values (self, cr, layout, colors, 0, left, right, bottom, height);
}

static void
draw_plot (BkSweepView *self, cairo_t *cr, int width, int height, const BkPainterColors *colors)
{
  if (self->sweep == NULL || n_axes (self) > 2)
    return;
  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  if (n_axes (self) == 2)
    draw_heat_map (self, cr, layout, colors, width, height);
  else
    draw_line (self, cr, layout, colors, width, height);
}

void
bk_sweep_view_draw (BkSweepView *self, cairo_t *cr, int width, int height)
{
  BkPainterColors colors;
  GdkRGBA black = { 0, 0, 0, 1 };

  bk_painter_colors_init (&colors, &black, FALSE);
  draw_plot (self, cr, width, height, &colors);
}

static void
on_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BkSweepView *self = user_data;
  BkPainterColors colors;

  bk_painter_colors_for_widget (&colors, GTK_WIDGET (area), FALSE);
  draw_plot (self, cr, width, height, &colors);
}

static gint64
cell_under (BkSweepView *self, double x, double y)
{
  GtkWidget *plot = GTK_WIDGET (self->plot);

  return bk_sweep_view_cell_at (self, gtk_widget_get_width (plot), gtk_widget_get_height (plot), x, y);
}

static void
on_motion_cb (GtkEventControllerMotion *motion, double x, double y, BkSweepView *self)
{
  gint64 k = cell_under (self, x, y);

  if (k != self->hovered)
    {
      self->hovered = k;
      gtk_widget_queue_draw (GTK_WIDGET (self->plot));
    }
}

static void
on_leave_cb (GtkEventControllerMotion *motion, BkSweepView *self)
{
  self->hovered = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
}

/* The combination under the pointer, every metric of it. */
static gboolean
on_query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, BkSweepView *self)
{
  gint64 k = cell_under (self, x, y);

  if (k < 0 || !bk_sweep_get_result (self->sweep, (guint64) k)->done)
    return FALSE;
  const BkSweepResult *result = bk_sweep_get_result (self->sweep, (guint64) k);
  g_autofree char *which = bk_sweep_view_describe (self, (guint64) k);
  g_autoptr(GString) text = g_string_new (which);
  for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
    {
      g_autofree char *value = bk_sweep_view_format_metric (m, bk_sweep_metric_value (result, m));
      const BkSweepMetricFormat *format = bk_sweep_view_metric_format (m);

      g_string_append_printf (text, "\n%s%s: %s", m == self->metric ? "▶ " : "",
                              format->label != NULL ? _(format->label) : bk_sweep_get_metric (m)->name, value);
    }
  g_string_append_printf (text, "\n%s", _("Click to open it in the Run view"));
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
on_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, BkSweepView *self)
{
  gint64 k = cell_under (self, x, y);

  if (k >= 0 && bk_sweep_get_result (self->sweep, (guint64) k)->done)
    bk_sweep_view_open (self, (guint64) k);
}

void
bk_sweep_view_plot_init (BkSweepView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_drawing_area_set_draw_func (self->plot, on_draw_cb, self, NULL);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->plot), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->plot), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->plot), TRUE);
  g_signal_connect (self->plot, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
}
