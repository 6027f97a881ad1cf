/* bk-window-private.h — what the tests look at inside the window. */
#pragma once

#include "bk-chart.h"
#include "bk-compare-view.h"
#include "bk-memory-panel.h"
#include "bk-results-panel.h"
#include "bk-run-view.h"
#include "bk-universe-view.h"
#include "bk-window.h"

G_BEGIN_DECLS

BkChart *bk_window_get_chart (BkWindow *self);
BkMemoryPanel *bk_window_get_memory_panel (BkWindow *self);
/* "empty", "chart", "no-plot" or "no-strategy". */
const char *bk_window_get_chart_page (BkWindow *self);
/* The error banner's text, or NULL when it is hidden. */
const char *bk_window_get_error (BkWindow *self);
/* The run on screen (finished, stopped or still running), or NULL. */
BkRun *bk_window_get_run (BkWindow *self);
/* How the last run went: cancelled when it was stopped. */
BkJobState bk_window_get_run_state (BkWindow *self);
/* Resident memory before and after the last clean-up. */
void bk_window_get_last_cleanup (BkWindow *self, guint64 *before, guint64 *after);

/* The name of the data on screen, as the toolbar shows it. */
const char *bk_window_get_data_name (BkWindow *self);
BkCompareView *bk_window_get_compare_view (BkWindow *self);
BkUniverseView *bk_window_get_universe_view (BkWindow *self);
BkRunView *bk_window_get_run_view (BkWindow *self);
BkResultsPanel *bk_window_get_results_panel (BkWindow *self);
/* Resident memory now and its split, as the memory panel shows it. */
BkMemorySplit bk_window_measure_memory (BkWindow *self);
/* What the window says when the run on screen was made with another mode,
 * precision or strategy than the chosen ones; NULL when it was not. */
const char *bk_window_get_stale_note (BkWindow *self);

/* Exports the chart: PNG, SVG or PDF by the name's extension (.png added
 * to a name without one); any other extension is refused. */
gboolean bk_window_export_chart (BkWindow *self, const char *path, GError **error);

/* Writes the memory report of the run on screen: JSON for *.json, else CSV. */
gboolean bk_window_export_report (BkWindow *self, const char *path, GError **error);

G_END_DECLS
