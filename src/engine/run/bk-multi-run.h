/* bk-multi-run.h — many strategies run over one graph, each with its own
 * account: what a sweep does with the combinations of a grid.
 *
 * Every strategy added is built into the same graph, which shares what
 * they have in common (bk_graph_set_sharing): the data's lines, and an
 * indicator or an operation that several compute alike (the same type,
 * parameters and inputs) is one node, stepped once a bar.  Each keeps its
 * own rules, account lines and broker.  The graph is planned in memory
 * mode 1 at f64 when the run starts: a line keeps the most values any of
 * its readers takes.  A strategy's results are those of a run of it alone
 * in mode 1 (bk-run.h), to the bit, whatever the others. */
#pragma once

#include "bk-broker.h"
#include "bk-source.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

typedef struct _BkMultiRun BkMultiRun;

/* What the run keeps is taken from `budget` (NULL: no bound), as a run's.
 * Each broker keeps the newest `keep` orders and trades (0: all; a sweep,
 * which keeps only the results, 1): the counts over all of them are exact
 * either way, and nothing else depends on it. */
BkMultiRun *bk_multi_run_new (BkBudget *budget, guint keep);
void bk_multi_run_free (BkMultiRun *multi);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkMultiRun, bk_multi_run_free)

/* Builds `strategy` into the graph as the next account (0, 1, ...), with
 * backtrader's analyzers and no observers.  Before bk_multi_run_execute. */
gboolean bk_multi_run_add (BkMultiRun *multi, BkStrategy *strategy, GError **error);
guint bk_multi_run_get_n_accounts (BkMultiRun *multi);

/* Runs every account over `source`; `cancel` as bk_run_execute's. */
gboolean bk_multi_run_execute (BkMultiRun *multi, BkSource *source, const gint *cancel, GError **error);

const BkBroker *bk_multi_run_get_broker (BkMultiRun *multi, guint account);
guint64 bk_multi_run_get_bars (BkMultiRun *multi);
/* Once planned (bk_multi_run_execute): the cells account `account` holds
 * alone (its rules' lines, its account lines, the indicators no other
 * account computes), and those the accounts share (the data's lines, the
 * indicators common to several).  The shared cells and every account's
 * own add up to all the run holds. */
guint64 bk_multi_run_get_cells (BkMultiRun *multi, guint account);
guint64 bk_multi_run_get_shared_cells (BkMultiRun *multi);
guint bk_multi_run_get_n_nodes (BkMultiRun *multi);

G_END_DECLS
