/* bk-compare.h — one data file and one strategy in all four memory modes,
 * one after another (the window's Compare view, barkeep-cli compare):
 * what each mode holds and costs, how its cells grow bar by bar, and
 * whether the four computed the same values and results.
 *
 * Mode 0 runs first and is kept: its lines are whole, so every later mode
 * is checked against it bar by bar as it runs, without storing dumps. */
#pragma once

#include "bk-csv.h"
#include "bk-report.h"
#include "bk-run.h"

G_BEGIN_DECLS

#define BK_COMPARE_N_MODES 4

/* One point of a mode's memory timeline. */
typedef struct {
  guint64 bars;                 /* processed so far */
  guint64 cells;                /* held by the run's lines and nodes then */
  guint64 rss_bytes;            /* the process's resident memory then */
} BkCompareSample;

typedef struct {
  BkMode mode;
  BkRun *run;                   /* finished; mode 0's lines are whole */
  BkReport *report;             /* cells per data feed, indicator, observer */
  guint64 bars;
  double elapsed;               /* seconds in the run */
  double bars_per_second;
  guint64 start_rss_bytes;      /* resident memory as the run began */
  guint64 peak_rss_bytes;       /* the most seen while it ran */
  GArray *timeline;             /* BkCompareSample, from bar 0 to the end */
} BkCompareMode;

typedef struct {
  BkCompareMode modes[BK_COMPARE_N_MODES];   /* 0, 1, -1, -2 */
  guint n_modes;                /* finished: 4, or fewer when stopped */
  gboolean stopped;             /* cancelled after n_modes */
  /* Of the finished modes: NULL when every one computed mode 0's values
   * and results, else where the first that did not differs (translated). */
  char *difference;
} BkCompare;

/* Called on the running thread as each mode starts (fraction 0), then
 * about 8 times a second: the mode running (its index in modes[]) and how
 * far it is (0..1). */
typedef void (*BkCompareProgressFunc) (guint mode_index, double fraction, gpointer user_data);

/* Runs `strategy` on the CSV file `path` in the four modes.  NULL and
 * *error set when the data or the strategy cannot run; when *cancel becomes
 * non-zero, the modes finished so far (stopped set). */
BkCompare *bk_compare_run (BkStrategy *strategy, const char *path, const BkCsvOptions *csv,
                           BkPrecision precision, const gint *cancel,
                           BkCompareProgressFunc progress, gpointer user_data, GError **error);
void bk_compare_free (BkCompare *compare);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkCompare, bk_compare_free)

/* The peak growth of resident memory during a mode's run. */
guint64 bk_compare_mode_rss_growth (const BkCompareMode *mode);

/* As a JSON object: {"identical", "difference", "stopped", "modes": [{mode,
 * cells, bytes, bars, elapsed_seconds,
 * bars_per_second, rss_growth_bytes, final_value, trades, timeline: [[bars,
 * cells, rss_bytes]...], memory: (the run's report)}]}, new, and
 * appended as JSON text. */
JsonObject *bk_compare_to_json (const BkCompare *compare);
void bk_compare_append_json (const BkCompare *compare, GString *out);

/* The table as CSV: a header, then a row per finished mode (mode, cells,
 * bytes, rss_growth_bytes, elapsed_seconds, bars_per_second, final_value,
 * trades, identical). */
void bk_compare_append_csv (const BkCompare *compare, GString *out);

G_END_DECLS
