/* bk-timeline-plot.h — a memory timeline: lines appended as a run goes,
 * in one pane or two over the same x axis (bars or seconds), each pane
 * with its own value axis, and a legend whose swatches are the lines'
 * colours; thresholds, and marks where the work moved on or memory was
 * given back. */
#pragma once

#include <gtk/gtk.h>

#include "bk-painter.h"

G_BEGIN_DECLS

#define BK_TYPE_TIMELINE_PLOT (bk_timeline_plot_get_type ())
G_DECLARE_FINAL_TYPE (BkTimelinePlot, bk_timeline_plot, BK, TIMELINE_PLOT, GtkWidget)

/* What a pane's values are: bytes (shown in MiB, the unit above the
 * axis) or counts. */
typedef enum {
  BK_TIMELINE_UNIT_COUNT,
  BK_TIMELINE_UNIT_BYTES,
} BkTimelineUnit;

/* What the x axis counts: bars processed, or seconds since the start
 * (the axis then says so under its labels). */
typedef enum {
  BK_TIMELINE_X_BARS,
  BK_TIMELINE_X_SECONDS,
} BkTimelineXUnit;

/* Where the plot goes inside the widget: room left of it, right of it
 * (the value axes' labels) and under it (the x axis's labels), the
 * legend's row above; how thick its lines are; with two panes, the share
 * of the height down to where the second begins (0: half), and whether
 * the x axis's grid lines run down both or only the lower. */
typedef struct {
  double left, right, top, bottom;
  double line_width;
  double split;
  gboolean x_grid_both;
} BkTimelineLayout;

BkTimelinePlot *bk_timeline_plot_new (void);
void bk_timeline_plot_set_layout (BkTimelinePlot *self, const BkTimelineLayout *layout);
void bk_timeline_plot_set_x_unit (BkTimelinePlot *self, BkTimelineXUnit unit);
/* Up to two panes, the first above the second; a logarithmic pane runs
 * from 1 to twice its largest value, a linear one from 0 to 1.1 times. */
guint bk_timeline_plot_add_pane (BkTimelinePlot *self, BkTimelineUnit unit, gboolean log);
/* A line in `pane`; with rgb NULL, in the text's colour half way to the
 * background.  Its index. */
guint bk_timeline_plot_add_series (BkTimelinePlot *self, guint pane, const char *name, const BkRgb *rgb);
/* A line in the painter's palette colour `i`, which follows the theme. */
guint bk_timeline_plot_add_palette_series (BkTimelinePlot *self, guint pane, const char *name, guint i);
/* A dashed line across `pane` at y, in the warning colour, with its entry
 * in the legend after the lines added before it; the pane's axis reaches
 * it.  Drawn under the lines. */
guint bk_timeline_plot_add_threshold (BkTimelinePlot *self, guint pane, const char *name, double y);
void bk_timeline_plot_set_series_name (BkTimelinePlot *self, guint series, const char *name);
/* A point at x (the x unit), y in the pane's unit.  A line keeps at most
 * a few thousand: when full, every other one goes. */
void bk_timeline_plot_append (BkTimelinePlot *self, guint series, double x, double y);
/* A tick up from the x axis at x: where the work moved on to its next
 * part. */
void bk_timeline_plot_add_x_mark (BkTimelinePlot *self, double x);
/* A drop in `pane` at x from y `from` down to `to`, ending in a dot, in
 * the colour of gains: where memory was given back.  `label` (or NULL)
 * goes beside its top while there are no more than a dozen drops. */
void bk_timeline_plot_add_drop (BkTimelinePlot *self, guint pane, double x, double from, double to,
                                const char *label);
/* Drops every pane, line, threshold and mark; the layout and the x unit
 * stay. */
void bk_timeline_plot_clear (BkTimelinePlot *self);

guint bk_timeline_plot_get_n_points (BkTimelinePlot *self, guint series);
/* Lines and thresholds (each has its index), x marks, drops. */
guint bk_timeline_plot_get_n_series (BkTimelinePlot *self);
guint bk_timeline_plot_get_n_x_marks (BkTimelinePlot *self);
guint bk_timeline_plot_get_n_drops (BkTimelinePlot *self);
/* The colour a line or threshold and its legend swatch are drawn in. */
BkRgb bk_timeline_plot_get_series_rgb (BkTimelinePlot *self, guint series);
/* Where a pane's values go at width×height, its y range included (its
 * lines', thresholds' and drops' values); the x axis runs from 0 to
 * *xmax. */
void bk_timeline_plot_pane_area (BkTimelinePlot *self, guint pane, int width, int height, BkPlotArea *area,
                                 double *xmax);
/* Draws the plot at width×height, on screen or into a file. */
void bk_timeline_plot_draw (BkTimelinePlot *self, cairo_t *cr, int width, int height);

G_END_DECLS
