/* bk-account.h — one strategy's account over a graph: its build (rules,
 * sizes, order prices), its broker, and what it does each bar.
 *
 * A run (bk-run.h) steps one graph for one account; a multi-run
 * (bk-multi-run.h) steps one graph for many, each built into it as a part
 * of its own.  Both feed a bar the same way: bk_account_push_bar() to the
 * feed, bk_account_open_bar() for every account (fills, valuation at the
 * close, the account's lines), one step of the graph's indicators, then
 * bk_account_close_bar() for every account (its rules).  The engine's own;
 * no front end reads it. */
#pragma once

#include "bk-broker.h"
#include "bk-graph.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

typedef struct {
  BkStrategy *strategy;
  GPtrArray *named;       /* BkNode*, its named indicators */
  BkStrategyBuild build;
  BkBroker broker;
  guint keep;             /* orders and trades the broker keeps, 0: all */
  gboolean analyzers;
} BkAccount;

/* A broker for `strategy` keeping `keep` records, with its analyzers or
 * not, its history taken from `budget` (NULL: no bound). */
void bk_account_init (BkAccount *account, BkStrategy *strategy, guint keep, gboolean analyzers,
                      BkBudget *budget, gboolean *overrun);
/* Builds the strategy into `graph` (not planned yet). */
gboolean bk_account_build (BkAccount *account, BkGraph *graph, GError **error);
/* Notes what the broker and the rules read of the graph's lines. */
void bk_account_note_reads (BkAccount *account, BkGraph *graph);
/* A new broker, as bk_account_init made it; the build is kept. */
void bk_account_reset (BkAccount *account, BkBudget *budget, gboolean *overrun);
void bk_account_clear (BkAccount *account);

/* The bar to the feed's lines; `stored` gets its values as stored (f32
 * runs trade on what they store). */
void bk_account_push_bar (BkLine *const *feed, const BkBar *bar, BkBar *stored);
/* Before the graph steps: the bar's fills, the valuation at its close,
 * the account's lines. */
void bk_account_open_bar (BkAccount *account, const BkBar *stored);
/* After the graph stepped for bar number `bars` (1-based): the rules, once
 * past the warm-up. */
void bk_account_close_bar (BkAccount *account, guint64 bars, const BkBar *stored);

/* Why a graph's overrun flag went up at bar `bars`: the budget refused a
 * block or a record (`over_budget`: a broker's), or a ring was read past
 * its capacity. */
void bk_account_set_overrun_error (BkGraph *graph, BkBudget *budget, gboolean over_budget, guint64 bars,
                                   GError **error);

G_END_DECLS
