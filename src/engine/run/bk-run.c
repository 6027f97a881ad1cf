/* bk-run.c — stepping a planned graph bar by bar for one account. */
#include "bk-run.h"
#include "bk-run-private.h"

#include "bk-account.h"
#include "bk-error.h"
#include "bk-graph-mark.h"
#include "bk-observers.h"

#include <math.h>

/* Bars between looks at the clock and the cancellable. */
#define CHECK_EVERY 1024
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 8)

struct _BkRun {
  gatomicrefcount ref_count;
  BkGraph *graph;
  BkAccount account;
  BkLine *feed[BK_FEED_N_LINES];
  guint64 bars;
  double elapsed;
  double fraction;
  char *source_name;
  gboolean has_time;
  BkRunFunc bar_func;
  gpointer bar_data;
  BkRunFunc progress_func;
  gpointer progress_data;
  BkBudget *budget;
  BkGraphMark *replay;    /* replay: the graph before the bar's last step */
};

static BkRun *
run_new (BkStrategy *strategy, BkMode mode, BkPrecision precision, gint shrink_line,
         BkRunFlags flags, BkBudget *budget, GError **error)
{
  g_autoptr(BkRun) run = g_new0 (BkRun, 1);

  g_atomic_ref_count_init (&run->ref_count);
  run->graph = bk_graph_new ();
  run->budget = budget != NULL ? bk_budget_ref (budget) : NULL;
  bk_account_init (&run->account, strategy, mode == BK_MODE_MINIMAL ? BK_BROKER_DEFAULT_KEEP : 0,
                   (flags & BK_RUN_NO_ANALYZERS) == 0, budget, bk_graph_get_overrun_flag (run->graph));
  bk_graph_set_context (run->graph, &run->account.broker);
  bk_graph_set_budget (run->graph, budget);
  if (!bk_account_build (&run->account, run->graph, error)
      || ((flags & BK_RUN_NO_OBSERVERS) == 0 && !bk_observers_add (run->graph, &run->account.build, error)))
    return NULL;

  BkNode *feed = bk_graph_get_feed (run->graph);
  bk_account_note_reads (&run->account, run->graph);
  bk_graph_plan (run->graph, mode, precision, shrink_line);
  if (bk_graph_is_over_budget (run->graph))
    {
      bk_budget_set_error (budget, 0, error);
      return NULL;
    }
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    run->feed[i] = feed->outputs[i]->line;
  return g_steal_pointer (&run);
}

BkRun *
bk_run_new (BkStrategy *strategy, BkMode mode, BkPrecision precision, GError **error)
{
  return run_new (strategy, mode, precision, -1, BK_RUN_DEFAULT, NULL, error);
}

BkRun *
bk_run_new_full (BkStrategy *strategy, BkMode mode, BkPrecision precision,
                 BkRunFlags flags, BkBudget *budget, GError **error)
{
  return run_new (strategy, mode, precision, -1, flags, budget, error);
}

BkRun *
bk_run_new_shrunk (BkStrategy *strategy, BkMode mode, BkPrecision precision, gint shrink_line,
                   GError **error)
{
  return run_new (strategy, mode, precision, shrink_line, BK_RUN_DEFAULT, NULL, error);
}

BkRun *
bk_run_ref (BkRun *run)
{
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

void
bk_run_free (BkRun *run)
{
  if (run == NULL || !g_atomic_ref_count_dec (&run->ref_count))
    return;
  g_clear_pointer (&run->replay, bk_graph_mark_free);
  g_clear_pointer (&run->graph, bk_graph_free);
  bk_account_clear (&run->account);
  g_free (run->source_name);
  g_clear_pointer (&run->budget, bk_budget_unref);
  g_free (run);
}

gboolean
bk_run_reset (BkRun *run)
{
  if (!bk_graph_reset (run->graph))
    return FALSE;
  bk_broker_clear (&run->account.broker);
  bk_account_reset (&run->account, run->budget, bk_graph_get_overrun_flag (run->graph));
  run->bars = 0;
  run->elapsed = 0.0;
  run->fraction = 0.0;
  g_clear_pointer (&run->source_name, g_free);
  run->has_time = FALSE;
  run->bar_func = run->progress_func = NULL;
  run->bar_data = run->progress_data = NULL;
  g_clear_pointer (&run->replay, bk_graph_mark_free);
  return TRUE;
}

void
bk_run_set_keep_trades (BkRun *run, guint keep)
{
  g_return_if_fail (run->bars == 0);
  run->account.keep = keep;
  run->account.broker.keep = keep;
}

void
bk_run_set_bar_func (BkRun *run, BkRunFunc func, gpointer user_data)
{
  run->bar_func = func;
  run->bar_data = user_data;
}

void
bk_run_set_progress_func (BkRun *run, BkRunFunc func, gpointer user_data)
{
  run->progress_func = func;
  run->progress_data = user_data;
}

void
bk_run_set_broker_func (BkRun *run, BkBrokerEventFunc func, gpointer user_data)
{
  run->account.broker.event_func = func;
  run->account.broker.event_data = user_data;
}

/* Resampled or replayed, the prices the broker fills at: backtrader's
 * broker takes its data's tick_open, tick_high, tick_low and tick_close
 * (bk_resampler_get_fill_prices), stored as the feed stores prices. */
static BkBar
resampled_fill_prices (BkRun *run, BkResampler *resampler, const BkBar *stored)
{
  const BkBar *tick = bk_resampler_get_fill_prices (resampler);
  gboolean f32 = bk_line_get_precision (run->feed[BK_FEED_CLOSE]) == BK_PRECISION_F32;
  BkBar fill = *stored;

  fill.open = f32 ? (double) (float) tick->open : tick->open;
  fill.high = f32 ? (double) (float) tick->high : tick->high;
  fill.low = f32 ? (double) (float) tick->low : tick->low;
  /* The close stays the bar's: backtrader values the position at
   * close[0].  (Its Close orders would take tick_close: on the bar the end
   * of resampled data hands out, the bar before's; here the bar's.) */
  return fill;
}

static gboolean
execute_bars (BkRun *run, BkSource *source, const gint *cancel, GError **error)
{
  gboolean *overrun = bk_graph_get_overrun_flag (run->graph);
  gint64 start = g_get_monotonic_time ();
  gint64 last_progress = start;
  GError *local_error = NULL;
  BkBar bar;

  g_return_val_if_fail (run->bars == 0, FALSE);
  g_free (run->source_name);
  run->source_name = g_strdup (bk_source_get_name (source));

  BkResampler *resampler = bk_source_get_resampler (source);
  if (resampler != NULL && bk_resampler_get_mode (resampler) == BK_REPLAY && run->replay == NULL)
    run->replay = bk_graph_mark_new (run->graph);

  while (bk_source_next (source, &bar, &local_error))
    {
      if (run->bars == 0)
        run->has_time = bk_source_has_time (source);
      /* Replay: a bar that grows the one before is stepped in its place,
       * its indicators computed again from where they were before it. */
      if (run->replay != NULL && run->bars > 0 && bk_source_get_replaces (source))
        bk_graph_mark_restore (run->replay);
      else
        run->bars++;
      if (run->replay != NULL)
        bk_graph_mark_save (run->replay);
      BkBar stored;
      bk_account_push_bar (run->feed, &bar, &stored);
      if (resampler != NULL)
        {
          BkBar fill = resampled_fill_prices (run, resampler, &stored);
          bk_account_open_bar (&run->account, &fill);
        }
      else
        bk_account_open_bar (&run->account, &stored);
      bk_graph_step_nodes (run->graph, run->bars, BK_ROLE_INDICATOR);
      bk_account_close_bar (&run->account, run->bars, &stored);
      bk_graph_step_nodes (run->graph, run->bars, BK_ROLE_OBSERVER);
      if (run->bar_func != NULL)
        run->bar_func (run, run->bar_data);
      if (G_UNLIKELY (*overrun))
        {
          bk_account_set_overrun_error (run->graph, run->budget, run->account.broker.over_budget, run->bars,
                                        error);
          return FALSE;
        }

      if (run->bars % CHECK_EVERY == 0)
        {
          gint64 now = g_get_monotonic_time ();
          if (cancel != NULL && g_atomic_int_get (cancel))
            {
              g_set_error (error, BK_ERROR, BK_ERROR_CANCELLED, "cancelled after %" G_GUINT64_FORMAT " bars",
                           run->bars);
              return FALSE;
            }
          if (run->progress_func != NULL && now - last_progress >= PROGRESS_INTERVAL_US)
            {
              last_progress = now;
              run->elapsed = (now - start) / (double) G_USEC_PER_SEC;
              run->fraction = bk_source_get_fraction (source);
              run->progress_func (run, run->progress_data);
            }
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (run->bars == 0)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, "%s: no bars", run->source_name);
      return FALSE;
    }
  run->elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->fraction = 1.0;
  if (run->progress_func != NULL)
    run->progress_func (run, run->progress_data);
  return TRUE;
}

gboolean
bk_run_execute (BkRun *run, BkSource *source, const gint *cancel, GError **error)
{
  gboolean ok = execute_bars (run, source, cancel, error);

  /* Stopped or not, the history is read in order from now on. */
  bk_broker_finish (&run->account.broker);
  return ok;
}

BkGraph *
bk_run_get_graph (BkRun *run)
{
  return run->graph;
}

BkStrategy *
bk_run_get_strategy (BkRun *run)
{
  return run->account.strategy;
}

GPtrArray *
bk_run_get_named (BkRun *run)
{
  return run->account.named;
}

const BkBroker *
bk_run_get_broker (BkRun *run)
{
  return &run->account.broker;
}

const BkAnalyzers *
bk_run_get_analyzers (BkRun *run)
{
  return bk_broker_get_analyzers (&run->account.broker);
}

guint64
bk_run_get_bars (BkRun *run)
{
  return run->bars;
}

double
bk_run_get_datetime (BkRun *run)
{
  /* The feed's datetime line is always f64. */
  return run->bars > 0 ? bk_line_get (run->feed[BK_FEED_DATETIME], 0) : NAN;
}

double
bk_run_get_fraction (BkRun *run)
{
  return run->fraction;
}

double
bk_run_get_elapsed (BkRun *run)
{
  return run->elapsed;
}

const char *
bk_run_get_source_name (BkRun *run)
{
  return run->source_name;
}

gboolean
bk_run_has_time (BkRun *run)
{
  return run->has_time;
}

guint64
bk_run_get_storage_bytes (BkRun *run, guint64 *ring_bytes)
{
  guint64 total = 0, rings = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (run->graph); i++)
    {
      BkLine *line = bk_graph_get_line (run->graph, i)->line;
      guint64 bytes = bk_line_get_storage_bytes (line);

      total += bytes;
      if (line->storage == BK_STORAGE_RING)
        rings += bytes;
    }
  if (ring_bytes != NULL)
    *ring_bytes = rings;
  return total;
}

guint64
bk_run_get_cells (BkRun *run)
{
  guint64 cells = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (run->graph); i++)
    cells += bk_line_get_cells (bk_graph_get_line (run->graph, i)->line);
  for (guint i = 0; i < bk_graph_get_n_nodes (run->graph); i++)
    cells += bk_graph_get_node (run->graph, i)->state_cells;
  if (run->replay != NULL)
    cells += bk_graph_mark_get_cells (run->replay);
  return cells;
}
