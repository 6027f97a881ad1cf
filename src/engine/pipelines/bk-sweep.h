/* bk-sweep.h — a strategy run over a grid of its parameters: backtrader's
 * optstrategy.
 *
 * A sweep holds a strategy file's parameters (bk-strategy-params.h) and
 * the values each varied one takes (an axis).  Each combination is the
 * file rewritten with its values and loaded; the combinations run in
 * memory mode 1 on bars read once and shared read-only by the worker
 * threads, in groups, each group's strategies built into one graph
 * (bk-multi-run.h): the data's lines, and the indicators and operations
 * several combinations compute alike (the same type, parameters and
 * inputs), are computed once a bar for the whole group; each combination
 * has its own rules and broker, and keeps only its results.  A
 * combination's results are those of a `run --mode 1` of its rewritten
 * file, whatever the number of workers and the grid around it. */
#pragma once

#include "bk-broker.h"
#include "bk-budget.h"
#include "bk-strategy-params.h"

G_BEGIN_DECLS

/* The most combinations a grid may have. */
#define BK_SWEEP_MAX_COMBINATIONS G_GUINT64_CONSTANT (100000000)

typedef struct _BkSweep BkSweep;

typedef struct {
  gboolean done;
  double elapsed;             /* seconds: load, build and run (its share of its group's) */
  guint64 cells;              /* what it held of its own: its rules' lines, its
                               * account, the indicators no other of its group computes */
  guint64 shared_cells;       /* what its group shared: the data's lines, the
                               * indicators common to several of its combinations */
  guint group;                /* combinations in its group (one graph) */
  guint64 bytes;              /* its own cells' storage and its history */
  BkResults results;
} BkSweepResult;

/* A metric of the results, named as in `run --json`'s results. */
typedef struct {
  const char *name;
  gboolean lower_is_better;   /* max_drawdown */
  gboolean whole;             /* a count */
} BkSweepMetric;

/* Takes `params`. */
BkSweep *bk_sweep_new (BkStrategyParams *params);
void bk_sweep_free (BkSweep *sweep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkSweep, bk_sweep_free)

/* "NAME=SPEC": SPEC is A:B (A to B inclusive, step 1), A:B:STEP or a
 * list a,b,c.  Every value is checked against the file (a period of 0 is
 * refused where the number is written).  The error is one line. */
gboolean bk_sweep_add_axis (BkSweep *sweep, const char *name_and_spec, GError **error);
/* The values a SPEC gives, without the file's checks. */
GArray *bk_sweep_parse_spec (const char *spec, GError **error);

const BkStrategyParams *bk_sweep_get_params (BkSweep *sweep);
guint bk_sweep_get_n_axes (BkSweep *sweep);
const char *bk_sweep_get_axis_name (BkSweep *sweep, guint axis);
guint64 bk_sweep_get_n_combinations (BkSweep *sweep);
/* Combination k's value on each axis (the last axis varies fastest). */
void bk_sweep_get_values (BkSweep *sweep, guint64 k, double *axis_values);
/* Combination k's strategy file. */
char *bk_sweep_get_text (BkSweep *sweep, guint64 k, gsize *len);

/* Runs combination k now, on this thread. */
gboolean bk_sweep_run_one (BkSweep *sweep, guint64 k, const BkBar *bars, guint64 n_bars, const char *data_name,
                           gboolean has_time, BkBudget *budget, GError **error);

/* Called on the thread that runs the sweep, a few times a second. */
typedef void (*BkSweepProgressFunc) (guint64 done, guint64 total, gpointer user_data);

/* Runs every combination not done yet on `jobs` worker threads.  When
 * another thread sets *cancel non-zero the workers stop within a bar or
 * so and the sweep fails with BK_ERROR_CANCELLED; the combinations that
 * finished keep their results.  The first combination that fails stops
 * the others, its error naming the combination. */
gboolean bk_sweep_run (BkSweep *sweep, const BkBar *bars, guint64 n_bars, const char *data_name, gboolean has_time,
                       guint jobs, BkBudget *budget, const gint *cancel, BkSweepProgressFunc progress,
                       gpointer user_data, GError **error);

const BkSweepResult *bk_sweep_get_result (BkSweep *sweep, guint64 k);
guint64 bk_sweep_get_n_done (BkSweep *sweep);

/* The metrics a sweep's results are sorted by and printed with. */
guint bk_sweep_get_n_metrics (void);
const BkSweepMetric *bk_sweep_get_metric (guint i);
/* A metric by its name or a short one (return, drawdown, trades), or -1. */
gint bk_sweep_metric_lookup (const char *name);
double bk_sweep_metric_value (const BkSweepResult *result, guint metric);
/* The combinations done, best first by `metric` (NaN last, ties in grid
 * order): indices into the grid. */
GArray *bk_sweep_rank (BkSweep *sweep, guint metric);

G_END_DECLS
