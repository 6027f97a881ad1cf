/* bk-run.h — one run of a strategy over one source in one memory mode.
 *
 * bk_run_new() builds the graph and plans its storage; bk_run_execute()
 * steps it bar by bar: feed, indicators in order, broker, observers.  A
 * bar callback sees every bar (the dump writer uses it); a progress
 * callback is called a few times a second; both run on the executing
 * thread.  Every thousand bars or so the run looks at its cancel flag, which
 * another thread may set at any time (the app sets it from a GCancellable;
 * the engine itself needs GLib only). */
#pragma once

#include "bk-broker.h"
#include "bk-graph.h"
#include "bk-source.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

typedef struct _BkRun BkRun;
typedef void (*BkRunFunc) (BkRun *run, gpointer user_data);

BkRun *bk_run_new (BkStrategy *strategy, BkMode mode, BkPrecision precision, GError **error);

typedef enum {
  BK_RUN_DEFAULT = 0,
  /* No broker observers (cash, value, trades): a universe run computes
   * features and needs none of them. */
  BK_RUN_NO_OBSERVERS = 1 << 0,
  /* No analyzers: in backtrader they are asked for (addanalyzer), and the
   * memory experiment asks for none.  The results keep the broker's
   * counts, value and cash; the Sharpe ratio and drawdown are NaN and
   * bk_run_get_analyzers() is NULL. */
  BK_RUN_NO_ANALYZERS = 1 << 1,
} BkRunFlags;

/* What the run keeps is taken from `budget` (NULL: no bound; see
 * bk-budget.h): a plan that does not fit fails here, and a run whose lines
 * or trades outgrow it stops with BK_ERROR_MEMORY at the bar they do. */
BkRun *bk_run_new_full (BkStrategy *strategy, BkMode mode, BkPrecision precision,
                        BkRunFlags flags, BkBudget *budget, GError **error);
/* Runs are reference counted so that a window can show a run's whole lines
 * while a worker thread executes it; bk_run_free drops one reference. */
BkRun *bk_run_ref (BkRun *run);
void bk_run_free (BkRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkRun, bk_run_free)

/* Makes a run that has executed (or failed) as new, to execute again on
 * another source: what a universe does with one run per worker instead of
 * one per symbol.  Only runs whose lines are all rings (mode 1); FALSE,
 * and the run unchanged, for the others. */
gboolean bk_run_reset (BkRun *run);

/* The orders and trades the broker keeps: the newest `keep`, or all of
 * them (0).  By default a mode 1 run keeps BK_BROKER_DEFAULT_KEEP and the
 * other modes all; the counts over all of them are exact either way.
 * Before bk_run_execute(). */
void bk_run_set_keep_trades (BkRun *run, guint keep);
void bk_run_set_bar_func (BkRun *run, BkRunFunc func, gpointer user_data);
void bk_run_set_progress_func (BkRun *run, BkRunFunc func, gpointer user_data);
/* Tells `func` of every order's fate and every trade as the broker
 * decides it, on the executing thread (bk-broker.h); NULL to stop. */
void bk_run_set_broker_func (BkRun *run, BkBrokerEventFunc func, gpointer user_data);

/* `cancel` may be NULL; when another thread sets *cancel non-zero the run
 * stops with BK_ERROR_CANCELLED within a fraction of a millisecond. */
gboolean bk_run_execute (BkRun *run, BkSource *source, const gint *cancel, GError **error);

BkGraph *bk_run_get_graph (BkRun *run);
BkStrategy *bk_run_get_strategy (BkRun *run);
/* The strategy's named indicators, BkNode*, in declaration order. */
GPtrArray *bk_run_get_named (BkRun *run);
const BkBroker *bk_run_get_broker (BkRun *run);
/* backtrader's analyzers of the run (bk-analyzers.h); after
 * bk_run_execute, its results.  NULL for a run without them. */
const BkAnalyzers *bk_run_get_analyzers (BkRun *run);
guint64 bk_run_get_bars (BkRun *run);
/* The datetime of the bar being stepped, or of the last one stepped;
 * NaN before the first. */
double bk_run_get_datetime (BkRun *run);
double bk_run_get_fraction (BkRun *run);
double bk_run_get_elapsed (BkRun *run);   /* seconds in bk_run_execute */
const char *bk_run_get_source_name (BkRun *run);
gboolean bk_run_has_time (BkRun *run);
/* The cells the run holds now: every line's stored values and every
 * node's state.  Call it on the run's own thread, or once it has ended. */
guint64 bk_run_get_cells (BkRun *run);
/* What the run's lines have taken from the system (see
 * bk_line_get_storage_bytes), and of that, what rings took from the heap
 * (ring_bytes may be NULL).  Safe while the run executes elsewhere. */
guint64 bk_run_get_storage_bytes (BkRun *run, guint64 *ring_bytes);

G_END_DECLS
