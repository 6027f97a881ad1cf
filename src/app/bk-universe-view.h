/* bk-universe-view.h — the Universe view: a folder of price
 * files run through the built-in model chunk by chunk on worker threads
 * (bk_universe_run), with its resident memory drawn as it goes, growth
 * warnings, and the Bayesian model averaging fit when it ends. */
#pragma once

#include <gtk/gtk.h>

#include "bk-bma.h"
#include "bk-job.h"
#include "bk-universe.h"

G_BEGIN_DECLS

#define BK_TYPE_UNIVERSE_VIEW (bk_universe_view_get_type ())
G_DECLARE_FINAL_TYPE (BkUniverseView, bk_universe_view, BK, UNIVERSE_VIEW, GtkWidget)

/* The folder (or list file) of price files to run. */
void bk_universe_view_set_source (BkUniverseView *self, const char *source);
const char *bk_universe_view_get_source (BkUniverseView *self);
/* Runs the source with the view's settings; nothing when one is running
 * or there is no source.  Errors go out as the "failed" signal. */
void bk_universe_view_start (BkUniverseView *self);
void bk_universe_view_stop (BkUniverseView *self);
gboolean bk_universe_view_is_running (BkUniverseView *self);

/* Runs the source as seed 000 did before its fixes (mode 0, one chunk,
 * no clean-up), then with the view's settings, and draws the two memory
 * timelines on one plot; the results are the second run's. */
void bk_universe_view_compare_memory (BkUniverseView *self);
/* A model file (NULL: the built-in seed-features); FALSE and nothing
 * changed when it cannot be loaded. */
gboolean bk_universe_view_set_model_file (BkUniverseView *self, const char *path, GError **error);

/* Settings, as the view's controls hold them. */
void bk_universe_view_set_chunk (BkUniverseView *self, guint chunk);
void bk_universe_view_set_jobs (BkUniverseView *self, guint jobs);
/* What the Jobs field shows: "all (N)" for 0, a worker a processor. */
const char *bk_universe_view_get_jobs_text (BkUniverseView *self);
void bk_universe_view_set_mode (BkUniverseView *self, BkMode mode);
void bk_universe_view_set_warn_growth_mb (BkUniverseView *self, guint mb);

/* The last run that ended: its result and fit (NULL before one did, and
 * after a stop), and how it went (also the "state" property): cancelled
 * when it was stopped. */
const BkUniverseResult *bk_universe_view_get_result (BkUniverseView *self);
const BkBmaResult *bk_universe_view_get_fit (BkUniverseView *self);
BkJobState bk_universe_view_get_state (BkUniverseView *self);
/* What the view says of the run: its summary line, and of the last
 * growth warning (NULL when none is shown). */
const char *bk_universe_view_get_summary (BkUniverseView *self);
const char *bk_universe_view_get_warning (BkUniverseView *self);
/* Points on the memory timeline of the run going on or last run. */
guint bk_universe_view_get_n_points (BkUniverseView *self);
/* Growth warnings shown during the last run. */
guint bk_universe_view_get_n_warnings (BkUniverseView *self);
/* The skipped files' errors as listed, one a line after a heading. */
const char *bk_universe_view_get_skipped (BkUniverseView *self);
/* The last "Compare memory": peak RSS and seconds, before and after;
 * FALSE when none is shown. */
gboolean bk_universe_view_get_compared (BkUniverseView *self, guint64 peak_rss[2], double elapsed[2]);

/* The view's charts drawn at any size, as it draws them: the memory
 * timeline, the inclusion probabilities, before and after. */
void bk_universe_view_draw_timeline (BkUniverseView *self, cairo_t *cr, int width, int height);
void bk_universe_view_draw_pip (BkUniverseView *self, cairo_t *cr, int width, int height);
void bk_universe_view_draw_compare (BkUniverseView *self, cairo_t *cr, int width, int height);

/* Exports of the last result: JSON for *.json (as `barkeep-cli universe
 * --json` writes it), else CSV of the features' PIP, mean and sd; and the
 * statistics file for merging (--stats). */
gboolean bk_universe_view_export (BkUniverseView *self, const char *path, GError **error);
gboolean bk_universe_view_export_stats (BkUniverseView *self, const char *path, GError **error);
/* The charts as NAME-memory.EXT, NAME-pip.EXT and, after "Compare memory",
 * NAME-before-after.EXT, PNG, SVG or PDF by path's extension. */
gboolean bk_universe_view_export_charts (BkUniverseView *self, const char *path, GError **error);

/* The view's actions, which the window inserts as "view." while the view
 * is on screen: run (asking for a folder, win.universe-folder, without a
 * source), stop, compare-memory, universe-list, universe-model,
 * universe-generated, export-universe, export-universe-charts,
 * export-universe-stats.  What fails goes out as "failed". */
GActionGroup *bk_universe_view_get_actions (BkUniverseView *self);

G_END_DECLS
