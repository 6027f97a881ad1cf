/* bk-timeline-plot.h — a memory timeline: lines appended as a run goes,
 * in one pane or two over the same x axis, each pane with its own value
 * axis, and a legend whose swatches are the lines' colours. */
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

/* Where the plot goes inside the widget: room left of it, right of it
 * (the value axes' labels) and under it (the x axis's labels), the
 * legend's row above; and how thick its lines are. */
typedef struct {
  double left, right, top, bottom;
  double line_width;
} BkTimelineLayout;

BkTimelinePlot *bk_timeline_plot_new (void);
void bk_timeline_plot_set_layout (BkTimelinePlot *self, const BkTimelineLayout *layout);
/* Up to two panes, the first above the second; a logarithmic pane runs
 * from 1 to twice its largest value, a linear one from 0 to 1.1 times. */
guint bk_timeline_plot_add_pane (BkTimelinePlot *self, BkTimelineUnit unit, gboolean log);
/* A line in `pane`; with rgb NULL, in the text's colour half way to the
 * background.  Its index. */
guint bk_timeline_plot_add_series (BkTimelinePlot *self, guint pane, const char *name, const BkRgb *rgb);
void bk_timeline_plot_set_series_name (BkTimelinePlot *self, guint series, const char *name);
/* A point at x (bars), y in the pane's unit.  A line keeps at most a few
 * thousand: when full, every other one goes. */
void bk_timeline_plot_append (BkTimelinePlot *self, guint series, double x, double y);
/* Drops every pane and line. */
void bk_timeline_plot_clear (BkTimelinePlot *self);

guint bk_timeline_plot_get_n_points (BkTimelinePlot *self, guint series);
/* The colour a line and its legend swatch are drawn in. */
BkRgb bk_timeline_plot_get_series_rgb (BkTimelinePlot *self, guint series);
/* Where a pane's values go at width×height, its y range included; the
 * x axis runs from 0 to *xmax. */
void bk_timeline_plot_pane_area (BkTimelinePlot *self, guint pane, int width, int height, BkPlotArea *area,
                                 double *xmax);
/* Draws the plot at width×height, on screen or into a file. */
void bk_timeline_plot_draw (BkTimelinePlot *self, cairo_t *cr, int width, int height);

G_END_DECLS
