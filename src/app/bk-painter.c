/* bk-painter.c — colours, text, value axes and legends for every plot. */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "bk-painter.h"

#define FONT "Sans 8"
#define FONT_BOLD "Sans Bold 8"

/* GNOME's palette: the 3 shade for light backgrounds, the 1 shade for dark. */
static const BkRgb palette_light[BK_PAINTER_N_PALETTE] = {
  { 0.110, 0.443, 0.847 },  /* blue */
  { 0.902, 0.380, 0.000 },  /* orange */
  { 0.569, 0.255, 0.675 },  /* purple */
  { 0.129, 0.565, 0.643 },  /* teal */
  { 0.525, 0.369, 0.235 },  /* brown */
  { 0.753, 0.110, 0.157 },  /* red */
  { 0.898, 0.647, 0.039 },  /* yellow */
};
static const BkRgb palette_dark[BK_PAINTER_N_PALETTE] = {
  { 0.384, 0.627, 0.918 },
  { 1.000, 0.639, 0.282 },
  { 0.753, 0.380, 0.796 },
  { 0.361, 0.784, 0.820 },
  { 0.804, 0.671, 0.561 },
  { 0.965, 0.380, 0.318 },
  { 0.973, 0.894, 0.361 },
};

void
bk_painter_colors_init (BkPainterColors *colors, const GdkRGBA *fg, gboolean red_up)
{
  BkRgb green = { 0.149, 0.635, 0.412 };   /* #26a269 */
  BkRgb red = { 0.878, 0.106, 0.141 };     /* #e01b24 */
  double luminance = 0.299 * fg->red + 0.587 * fg->green + 0.114 * fg->blue;

  colors->dark = luminance > 0.5;
  colors->fg = (BkRgb) { fg->red, fg->green, fg->blue };
  colors->bg = colors->dark ? (BkRgb) { 0.118, 0.118, 0.118 } : (BkRgb) { 1.0, 1.0, 1.0 };
  if (colors->dark)
    {
      green = (BkRgb) { 0.180, 0.761, 0.494 };  /* #2ec27e */
      red = (BkRgb) { 0.965, 0.380, 0.318 };    /* #f66151 */
    }
  colors->up = red_up ? red : green;
  colors->down = red_up ? green : red;
  colors->palette = colors->dark ? palette_dark : palette_light;
}

void
bk_painter_colors_for_widget (BkPainterColors *colors, GtkWidget *widget, gboolean red_up)
{
  GdkRGBA fg;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
  bk_painter_colors_init (colors, &fg, red_up);
}

BkRgb
bk_painter_palette (const BkPainterColors *colors, guint i)
{
  return colors->palette[i % BK_PAINTER_N_PALETTE];
}

BkRgb
bk_painter_mode_rgb (BkMode mode)
{
  switch (mode)
    {
    case BK_MODE_MINIMAL: return (BkRgb) { 0.180, 0.761, 0.494 };               /* #2ec27e */
    case BK_MODE_PLOT_SAVE_INTERNALS: return (BkRgb) { 0.902, 0.380, 0.000 };  /* #e66100 */
    case BK_MODE_PLOT_SAVE_UNPLOTTED: return (BkRgb) { 0.569, 0.255, 0.675 };  /* #9141ac */
    case BK_MODE_KEEP_ALL:
    default: return (BkRgb) { 0.208, 0.518, 0.894 };                           /* #3584e4 */
    }
}

void
bk_painter_set_rgb (cairo_t *cr, BkRgb c, double alpha)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

PangoLayout *
bk_painter_create_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);

  bk_painter_set_bold (layout, FALSE);
  return layout;
}

void
bk_painter_set_bold (PangoLayout *layout, gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string (bold ? FONT_BOLD : FONT);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
}

double
bk_painter_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
                 double xalign, double yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
  return w;
}

double
bk_painter_text_width (PangoLayout *layout, const char *text)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

double
bk_painter_nice_step (double range, double target_ticks)
{
  double raw = range / MAX (target_ticks, 1.0);
  double magnitude = pow (10.0, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1.0)
    return magnitude;
  if (fraction <= 2.0)
    return 2.0 * magnitude;
  if (fraction <= 2.5)
    return 2.5 * magnitude;
  if (fraction <= 5.0)
    return 5.0 * magnitude;
  return 10.0 * magnitude;
}

void
bk_painter_format_value (char *buf, gsize size, double v, double step, double magnitude)
{
  if (step >= 1000.0 && magnitude >= 1e6)
    g_snprintf (buf, size, "%gM", v / 1e6);
  else if (step >= 100.0 && magnitude >= 1e5)
    g_snprintf (buf, size, "%gk", v / 1e3);
  else
    {
      int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - 1e-9);

      if (step * pow (10.0, decimals) != floor (step * pow (10.0, decimals)))
        decimals++;
      g_snprintf (buf, size, "%.*f", CLAMP (decimals, 0, 8), v == 0.0 ? 0.0 : v);
    }
}

double
bk_plot_area_y (const BkPlotArea *area, double v)
{
  if (area->log)
    return area->data_bottom - (log10 (v) - log10 (area->ymin)) / (log10 (area->ymax) - log10 (area->ymin))
                               * (area->data_bottom - area->data_top);
  return area->data_bottom - (v - area->ymin) / (area->ymax - area->ymin) * (area->data_bottom - area->data_top);
}

/* One tick: a grid line across the plot, a mark and its label right of it. */
static void
y_tick (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkPlotArea *area, double v,
        const char *label)
{
  double right = area->left + area->width;
  double y = round (bk_plot_area_y (area, v)) + 0.5;

  if (y < area->data_top - 2 || y > area->data_bottom + 1)
    return;
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors->fg, 0.07);
  cairo_move_to (cr, area->left, y);
  cairo_line_to (cr, right, y);
  cairo_stroke (cr);
  bk_painter_set_rgb (cr, colors->fg, 0.35);
  cairo_move_to (cr, right, y);
  cairo_line_to (cr, right + 3, y);
  cairo_stroke (cr);
  /* Labels clear of the pane's edges, so panes do not run together. */
  if (y - 6 < area->top || y + 6 > area->top + area->height)
    return;
  bk_painter_set_rgb (cr, colors->fg, 0.75);
  bk_painter_text (cr, layout, label, right + 6, y, 0.0, 0.5);
}

void
bk_painter_y_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkPlotArea *area)
{
  char buf[64];

  if (area->log)
    {
      if (!(area->ymin > 0) || !(area->ymax > area->ymin))
        return;
      for (double v = pow (10.0, floor (log10 (area->ymin))); v <= area->ymax * 1.0001; v *= 10.0)
        {
          bk_painter_format_value (buf, sizeof buf, v, v, v);
          y_tick (cr, layout, colors, area, v, buf);
        }
      return;
    }

  double step = bk_painter_nice_step (area->ymax - area->ymin, MAX (1.0, (area->data_bottom - area->data_top) / 28.0));

  if (!(step > 0) || !isfinite (step))
    return;
  for (double v = ceil (area->ymin / step) * step; v <= area->ymax; v += step)
    {
      bk_painter_format_value (buf, sizeof buf, v, step, MAX (fabs (area->ymin), fabs (area->ymax)));
      y_tick (cr, layout, colors, area, v, buf);
    }
}

void
bk_painter_x_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkPlotArea *area,
                   double xmin, double xmax)
{
  double step = bk_painter_nice_step (xmax - xmin, MAX (1.0, area->width / 90.0));
  char buf[64];

  if (!(step > 0) || !isfinite (step) || !(xmax > xmin))
    return;
  cairo_set_line_width (cr, 1.0);
  for (double v = ceil (xmin / step) * step; v <= xmax; v += step)
    {
      double x = round (area->left + (v - xmin) / (xmax - xmin) * area->width) + 0.5;

      bk_painter_set_rgb (cr, colors->fg, 0.07);
      cairo_move_to (cr, x, area->data_top);
      cairo_line_to (cr, x, area->data_bottom);
      cairo_stroke (cr);
      bk_painter_set_rgb (cr, colors->fg, 0.35);
      cairo_move_to (cr, x, area->data_bottom);
      cairo_line_to (cr, x, area->data_bottom + 3);
      cairo_stroke (cr);
      bk_painter_format_value (buf, sizeof buf, v, step, MAX (fabs (xmin), fabs (xmax)));
      bk_painter_set_rgb (cr, colors->fg, 0.75);
      bk_painter_text (cr, layout, buf, x, area->data_bottom + 4, 0.5, 0.0);
    }
}

double
bk_painter_legend (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, double x, double y,
                   const char *title, guint n, const char *const *names, const BkRgb *rgbs,
                   const gboolean *dots)
{
  if (title != NULL)
    {
      bk_painter_set_bold (layout, TRUE);
      bk_painter_set_rgb (cr, colors->fg, 0.9);
      x += bk_painter_text (cr, layout, title, x, y, 0, 0) + 10;
      bk_painter_set_bold (layout, FALSE);
    }
  for (guint i = 0; i < n; i++)
    {
      bk_painter_set_rgb (cr, rgbs[i], 1.0);
      if (dots != NULL && dots[i])
        cairo_arc (cr, x + 4, y + 6.5, 2.5, 0, 2 * G_PI);
      else
        cairo_rectangle (cr, x, y + 5, 8, 3);
      cairo_fill (cr);
      bk_painter_set_rgb (cr, colors->fg, 0.8);
      x += bk_painter_text (cr, layout, names[i], x + 11, y, 0, 0) + 21;
    }
  return x;
}

gboolean
bk_painter_export (const char *path, BkChartFormat format, int width, int height,
                   BkPainterDrawFunc draw, gpointer data, GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *display = g_filename_display_name (path);
  if (width <= 0 || height <= 0 || width > 32767 || height > 32767)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the chart to %s: %d×%d is not a usable size"), display, width, height);
      return FALSE;
    }

  g_autofree char *partial = g_strdup_printf ("%s.partial-%d", path, (int) getpid ());
  switch (format)
    {
    case BK_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create (partial, width, height);
      break;
    case BK_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create (partial, width, height);
      break;
    case BK_CHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);
      draw (cr, width, height, data);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS && format == BK_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, partial);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && g_rename (partial, path) != 0)
    {
      int saved = errno;
      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot export the chart to %s: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot export the chart to %s: %s"), display, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
