/* bk-multi-run.c — one graph stepped a bar at a time for many accounts:
 * the feed, every account's fills, the shared indicators once, every
 * account's rules (bk-account.h, as a run of one account does). */
#include "bk-multi-run.h"

#include "bk-account.h"
#include "bk-error.h"
#include "bk-graph-steps.h"

/* Bars between looks at the cancel flag. */
#define CHECK_EVERY 1024

struct _BkMultiRun {
  BkGraph *graph;
  BkGraphSteps *steps;        /* the indicators', once planned */
  GPtrArray *accounts;        /* BkAccount* */
  BkBudget *budget;
  guint keep;
  BkLine *feed[BK_FEED_N_LINES];
  gboolean planned;
  guint64 bars;
};

static void
account_free (gpointer data)
{
  BkAccount *account = data;

  bk_account_clear (account);
  g_free (account);
}

BkMultiRun *
bk_multi_run_new (BkBudget *budget, guint keep)
{
  BkMultiRun *multi = g_new0 (BkMultiRun, 1);

  multi->keep = keep;
  multi->graph = bk_graph_new ();
  bk_graph_set_sharing (multi->graph, TRUE);
  multi->accounts = g_ptr_array_new_with_free_func (account_free);
  multi->budget = budget != NULL ? bk_budget_ref (budget) : NULL;
  bk_graph_set_budget (multi->graph, budget);
  return multi;
}

void
bk_multi_run_free (BkMultiRun *multi)
{
  if (multi == NULL)
    return;
  /* The brokers give their history back to the budget before the graph
   * its rings. */
  g_ptr_array_unref (multi->accounts);
  bk_graph_steps_free (multi->steps);
  bk_graph_free (multi->graph);
  g_clear_pointer (&multi->budget, bk_budget_unref);
  g_free (multi);
}

gboolean
bk_multi_run_add (BkMultiRun *multi, BkStrategy *strategy, GError **error)
{
  g_return_val_if_fail (!multi->planned, FALSE);

  BkAccount *account = g_new0 (BkAccount, 1);
  bk_account_init (account, strategy, multi->keep, TRUE, multi->budget,
                   bk_graph_get_overrun_flag (multi->graph));
  g_ptr_array_add (multi->accounts, account);
  bk_graph_begin_part (multi->graph, multi->accounts->len);
  if (!bk_account_build (account, multi->graph, error))
    return FALSE;
  bk_account_note_reads (account, multi->graph);
  return TRUE;
}

guint
bk_multi_run_get_n_accounts (BkMultiRun *multi)
{
  return multi->accounts->len;
}

static gboolean
plan (BkMultiRun *multi, GError **error)
{
  multi->planned = TRUE;
  bk_graph_plan (multi->graph, BK_MODE_MINIMAL, BK_PRECISION_F64, -1);
  if (bk_graph_is_over_budget (multi->graph))
    {
      bk_budget_set_error (multi->budget, 0, error);
      return FALSE;
    }
  BkNode *feed = bk_graph_get_feed (multi->graph);
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    multi->feed[i] = feed->outputs[i]->line;
  multi->steps = bk_graph_steps_new (multi->graph, BK_ROLE_INDICATOR);
  return TRUE;
}

static gboolean
any_over_budget (BkMultiRun *multi)
{
  for (guint a = 0; a < multi->accounts->len; a++)
    if (((BkAccount *) g_ptr_array_index (multi->accounts, a))->broker.over_budget)
      return TRUE;
  return FALSE;
}

static gboolean
execute_bars (BkMultiRun *multi, BkSource *source, const gint *cancel, GError **error)
{
  gboolean *overrun = bk_graph_get_overrun_flag (multi->graph);
  BkAccount **accounts = (BkAccount **) multi->accounts->pdata;
  guint n = multi->accounts->len;
  GError *local_error = NULL;
  BkBar bar, stored;

  while (bk_source_next (source, &bar, &local_error))
    {
      multi->bars++;
      bk_account_push_bar (multi->feed, &bar, &stored);
      for (guint a = 0; a < n; a++)
        bk_account_open_bar (accounts[a], &stored);
      bk_graph_steps_run (multi->steps, multi->bars);
      for (guint a = 0; a < n; a++)
        bk_account_close_bar (accounts[a], multi->bars, &stored);
      if (G_UNLIKELY (*overrun))
        {
          bk_account_set_overrun_error (multi->graph, multi->budget, any_over_budget (multi), multi->bars, error);
          return FALSE;
        }
      if (multi->bars % CHECK_EVERY == 0 && cancel != NULL && g_atomic_int_get (cancel))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_CANCELLED, "cancelled after %" G_GUINT64_FORMAT " bars",
                       multi->bars);
          return FALSE;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (multi->bars == 0)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, "%s: no bars", bk_source_get_name (source));
      return FALSE;
    }
  return TRUE;
}

gboolean
bk_multi_run_execute (BkMultiRun *multi, BkSource *source, const gint *cancel, GError **error)
{
  g_return_val_if_fail (!multi->planned, FALSE);
  if (!plan (multi, error))
    return FALSE;

  gboolean ok = execute_bars (multi, source, cancel, error);
  for (guint a = 0; a < multi->accounts->len; a++)
    bk_broker_finish (&((BkAccount *) g_ptr_array_index (multi->accounts, a))->broker);
  return ok;
}

const BkBroker *
bk_multi_run_get_broker (BkMultiRun *multi, guint account)
{
  g_return_val_if_fail (account < multi->accounts->len, NULL);
  return &((BkAccount *) g_ptr_array_index (multi->accounts, account))->broker;
}

guint64
bk_multi_run_get_bars (BkMultiRun *multi)
{
  return multi->bars;
}

guint64
bk_multi_run_get_cells (BkMultiRun *multi, guint account)
{
  g_return_val_if_fail (multi->planned && account < multi->accounts->len, 0);
  return bk_graph_get_part_cells (multi->graph, account + 1);
}

guint64
bk_multi_run_get_shared_cells (BkMultiRun *multi)
{
  g_return_val_if_fail (multi->planned, 0);
  return bk_graph_get_part_cells (multi->graph, 0);
}

guint
bk_multi_run_get_n_nodes (BkMultiRun *multi)
{
  return bk_graph_get_n_nodes (multi->graph);
}
