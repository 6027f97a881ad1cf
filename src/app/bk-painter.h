/* bk-painter.h — the plotting layer's painter: colours, text, value axes
 * and legends, drawn with cairo on any plot area.  The chart draws its
 * panes with it, and the Compare view its bar chart and memory timelines,
 * so that every plot in Barkeep reads the same. */
#pragma once

#include <gtk/gtk.h>

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} BkRgb;

#define BK_PAINTER_N_PALETTE 7

typedef struct {
  BkRgb fg, bg, up, down;
  const BkRgb *palette;         /* BK_PAINTER_N_PALETTE colours */
  gboolean dark;
} BkPainterColors;

/* Colours for text in `fg` (the widget's style): dark or light, rising
 * prices green (or red, as on Chinese markets, with red_up). */
void bk_painter_colors_init (BkPainterColors *colors, const GdkRGBA *fg, gboolean red_up);
/* The same, from a widget's current text colour. */
void bk_painter_colors_for_widget (BkPainterColors *colors, GtkWidget *widget, gboolean red_up);
BkRgb bk_painter_palette (const BkPainterColors *colors, guint i);
/* Each memory mode's one colour, the same everywhere in Barkeep (the
 * style sheet's .mode-* classes have them too). */
BkRgb bk_painter_mode_rgb (BkMode mode);

void bk_painter_set_rgb (cairo_t *cr, BkRgb c, double alpha);
/* A layout in the plots' font; bold for titles. */
PangoLayout *bk_painter_create_layout (cairo_t *cr);
void bk_painter_set_bold (PangoLayout *layout, gboolean bold);
/* Draws `text` aligned at (x, y) (xalign, yalign in 0..1); its width. */
double bk_painter_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
                        double xalign, double yalign);
double bk_painter_text_width (PangoLayout *layout, const char *text);

/* A round step (1, 2, 2.5, 5 times a power of ten) for about
 * target_ticks ticks over range. */
double bk_painter_nice_step (double range, double target_ticks);
/* A tick's value at `step`, on an axis reaching `magnitude`: 100.25k, 2M. */
void bk_painter_format_value (char *buf, gsize size, double v, double step, double magnitude);

/* Where values go: the plot's x extent (the value axis is drawn right of
 * it), the pane's extent (labels stay inside), and the rows where ymax
 * and ymin fall; logarithmic when log (ymin > 0). */
typedef struct {
  double left, width;
  double top, height;
  double data_top, data_bottom;
  double ymin, ymax;
  gboolean log;
} BkPlotArea;

double bk_plot_area_y (const BkPlotArea *area, double v);
/* Grid lines across the plot and labelled ticks right of it: round steps,
 * or powers of ten on a logarithmic axis. */
void bk_painter_y_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkPlotArea *area);
/* Grid lines down the plot and labelled ticks under it, for values from
 * xmin (at area->left) to xmax (at its right end). */
void bk_painter_x_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkPlotArea *area,
                        double xmin, double xmax);
/* A legend from (x, y): the title in bold, then a swatch and a name for
 * each entry — a dot where `dots` (NULL: none) says the entry is drawn as
 * dots; its right end. */
double bk_painter_legend (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, double x, double y,
                          const char *title, guint n, const char *const *names, const BkRgb *rgbs,
                          const gboolean *dots);

/* Files a plot is exported to. */
typedef enum {
  BK_CHART_FORMAT_PNG,
  BK_CHART_FORMAT_SVG,
  BK_CHART_FORMAT_PDF,
} BkChartFormat;

typedef void (*BkPainterDrawFunc) (cairo_t *cr, int width, int height, gpointer data);

/* Draws with `draw` at width×height into `path` as PNG, SVG or PDF,
 * written beside it and renamed over it once complete, so that a failed
 * export leaves whatever was there before.  FALSE, with *error naming the
 * file, when it cannot. */
gboolean bk_painter_export (const char *path, BkChartFormat format, int width, int height,
                            BkPainterDrawFunc draw, gpointer data, GError **error);

G_END_DECLS
