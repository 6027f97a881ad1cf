/* bk-chart.h — the chart: price, overlays, indicator panes and observer
 * panes of one run, as the engine's plot plan describes them, drawn with
 * cairo.
 *
 * The chart reads the run's whole lines while the run may still be
 * executing on a worker thread: it only ever reads below each line's
 * published length (bk_line_get_published_length / bk_line_get_at), and
 * bk_chart_refresh() makes it look again.  Lines kept as rings (mode 1,
 * sub-indicators, plot=false indicators in mode -2) are never drawn. */
#pragma once

#include <gtk/gtk.h>

#include "bk-chart-renderer.h"
#include "bk-display-ring.h"
#include "bk-run.h"

G_BEGIN_DECLS

#define BK_TYPE_CHART (bk_chart_get_type ())
G_DECLARE_FINAL_TYPE (BkChart, bk_chart, BK, CHART, GtkWidget)

GtkWidget *bk_chart_new (void);

/* Shows `run` (a reference is taken), or nothing when NULL. */
void bk_chart_set_run (BkChart *self, BkRun *run);
BkRun *bk_chart_get_run (BkChart *self);
/* Shows a live window: the last bars of a mode 1 run, from its display
 * ring (bk-display-ring.h), drawn as whole lines are. */
void bk_chart_set_display_ring (BkChart *self, BkDisplayRing *ring);
/* A live run: the newest `bars` stay in view as bars come, until the user
 * moves the view (0: the whole run, as for a run that ends). */
void bk_chart_set_live_span (BkChart *self, guint bars);
/* Bars the chart has to draw now. */
guint64 bk_chart_get_n_bars (BkChart *self);
/* New bars have been published: look again and redraw. */
void bk_chart_refresh (BkChart *self);
/* Back to the whole range of bars. */
void bk_chart_reset_view (BkChart *self);
/* Shows the bars from `from` to `to` (datetimes, as the run's lines hold
 * them) with as many again around them: a trade, for example. */
void bk_chart_show_period (BkChart *self, double from, double to);

void bk_chart_set_style (BkChart *self, BkChartStyle style);
/* FALSE: green for up (the Western convention); TRUE: red for up, as on
 * Chinese markets. */
void bk_chart_set_red_up (BkChart *self, gboolean red_up);

/* Draws the current view at any size: the widget, exports and the
 * benchmark all go through this. */
void bk_chart_draw (BkChart *self, cairo_t *cr, int width, int height);
gboolean bk_chart_export (BkChart *self, const char *path, BkChartFormat format,
                          int width, int height, GError **error);

G_END_DECLS
