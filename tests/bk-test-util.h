/* bk-test-util.h — what the test programs share: finding tests/data and
 * running a strategy into a dump held in memory. */
#pragma once

#include <glib.h>

#include "bk-run.h"

G_BEGIN_DECLS

/* A file under the source tree's tests/data; the test fails when it is
 * absent. */
char *bk_test_data_file (const char *relative);

/* The files of tests/data/`dir` whose names end in `suffix`, each name
 * without it, sorted: the cases of a corpus. */
GPtrArray *bk_test_list_data (const char *dir, const char *suffix);
/* The price file an orders case (tests/data/orders/CASE.ini) names on its
 * first line, "; data: datas/FILE"; NULL and `error` where it names none. */
char *bk_test_case_data (const char *ini, GError **error);

/* Executes run over source, which must succeed; returns the dump text. */
char *bk_test_execute_dump (BkRun *run, BkSource *source);
/* Runs `strategy` on `path` in `mode`; returns the dump text. */
char *bk_test_run_dump (BkStrategy *strategy, const char *path, BkMode mode,
                        BkPrecision precision, guint64 *cells);

/* Every ring of `strategy` in mode 1 is minimal: one value smaller and
 * some read falls outside it, caught as an overrun naming the line.
 * Returns how many rings were shrunk. */
guint bk_test_check_rings_minimal (BkStrategy *strategy, const char *data);
/* The same for runs made by `new_run` (shrink: the line one value short,
 * -1 none) over sources made by `new_source`. */
typedef BkRun *(*BkTestShrunkRunFunc) (gint shrink, gpointer data);
typedef BkSource *(*BkTestSourceFunc) (gpointer data);
guint bk_test_check_rings_minimal_with (BkTestShrunkRunFunc new_run, BkTestSourceFunc new_source, gpointer data);

/* SMA(period) of close, named `name`, among the strategy's indicators. */
BkNode *bk_test_add_named_sma (BkGraph *graph, BkStrategyBuild *build, const char *name, double period,
                               GError **error);

/* The seed's sample strategy built through the graph API by hand. */
BkStrategy *bk_test_memory_savings_by_hand (void);

G_END_DECLS
