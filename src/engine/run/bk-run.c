/* bk-run.c — stepping a planned graph bar by bar. */
#include "bk-run.h"
#include "bk-run-private.h"

#include <math.h>

#include "bk-error.h"
#include "bk-observers.h"

/* Bars between looks at the clock and the cancellable. */
#define CHECK_EVERY 1024
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 8)

struct _BkRun {
  gatomicrefcount ref_count;
  BkStrategy *strategy;
  BkGraph *graph;
  GPtrArray *named;
  BkStrategyBuild build;
  BkRunFlags flags;
  BkBroker broker;
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
  guint keep;   /* orders and trades the broker keeps, 0: all */
};

/* The run reads `input` at each signal bar: its ring keeps what is read. */
static void
note_input (BkGraph *graph, const BkInput *input)
{
  if (input->spec != NULL)
    bk_graph_note_read (graph, input->spec, input->ago + 1);
}

static BkRun *
run_new (BkStrategy *strategy, BkMode mode, BkPrecision precision, gint shrink_line,
         BkRunFlags flags, BkBudget *budget, GError **error)
{
  g_autoptr(BkRun) run = g_new0 (BkRun, 1);

  g_atomic_ref_count_init (&run->ref_count);
  run->strategy = bk_strategy_ref (strategy);
  run->graph = bk_graph_new ();
  run->named = g_ptr_array_new ();
  run->keep = mode == BK_MODE_MINIMAL ? BK_BROKER_DEFAULT_KEEP : 0;
  run->flags = flags;
  bk_broker_init (&run->broker, bk_strategy_get_broker_settings (strategy), run->keep);
  if (flags & BK_RUN_NO_ANALYZERS)
    bk_broker_drop_analyzers (&run->broker);
  bk_graph_set_context (run->graph, &run->broker);
  if (budget != NULL)
    {
      run->budget = bk_budget_ref (budget);
      bk_graph_set_budget (run->graph, budget);
      bk_broker_set_budget (&run->broker, budget, bk_graph_get_overrun_flag (run->graph));
    }
  run->build.named = run->named;
  if (!bk_strategy_build (strategy, run->graph, &run->build, error)
      || ((flags & BK_RUN_NO_OBSERVERS) == 0 && !bk_observers_add (run->graph, &run->build, error)))
    return NULL;

  BkNode *feed = bk_graph_get_feed (run->graph);
  /* The broker fills on the bar's prices and values at the close.
   * Everything else read from outside (the dump, the chart) takes only
   * current values, which the floor of one value per ring covers. */
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_CLOSE; i++)
    bk_graph_note_read (run->graph, feed->outputs[i], 1);
  for (guint i = 0; i < BK_RULE_N; i++)
    if (run->build.has_rule[i])
      note_input (run->graph, &run->build.rule[i]);
  note_input (run->graph, &run->build.size);
  if (run->build.has_entry_price)
    note_input (run->graph, &run->build.entry_price);
  if (run->build.has_entry_limit)
    note_input (run->graph, &run->build.entry_limit);
  if (run->build.has_stop_loss)
    note_input (run->graph, &run->build.stop_loss);
  if (run->build.has_take_profit)
    note_input (run->graph, &run->build.take_profit);
  if (run->build.has_trail_amount)
    note_input (run->graph, &run->build.trail_amount);
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
  g_clear_pointer (&run->graph, bk_graph_free);
  bk_broker_clear (&run->broker);
  g_clear_pointer (&run->named, g_ptr_array_unref);
  g_free (run->source_name);
  g_clear_pointer (&run->budget, bk_budget_unref);
  bk_strategy_unref (run->strategy);
  g_free (run);
}

gboolean
bk_run_reset (BkRun *run)
{
  if (!bk_graph_reset (run->graph))
    return FALSE;
  bk_broker_clear (&run->broker);
  bk_broker_init (&run->broker, bk_strategy_get_broker_settings (run->strategy), run->keep);
  if (run->flags & BK_RUN_NO_ANALYZERS)
    bk_broker_drop_analyzers (&run->broker);
  bk_broker_set_budget (&run->broker, run->budget, bk_graph_get_overrun_flag (run->graph));
  run->bars = 0;
  run->elapsed = 0.0;
  run->fraction = 0.0;
  g_clear_pointer (&run->source_name, g_free);
  run->has_time = FALSE;
  run->bar_func = run->progress_func = NULL;
  run->bar_data = run->progress_data = NULL;
  return TRUE;
}

void
bk_run_set_keep_trades (BkRun *run, guint keep)
{
  g_return_if_fail (run->bars == 0);
  run->keep = keep;
  run->broker.keep = keep;
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

/* Why the graph's overrun flag went up: the budget refused a block or a
 * trade, or a ring was read past its capacity. */
static void
set_overrun_error (BkRun *run, GError **error)
{
  if (bk_graph_is_over_budget (run->graph) || run->broker.over_budget)
    {
      bk_budget_set_error (run->budget, run->bars, error);
      return;
    }
  for (guint i = 0; i < bk_graph_get_n_lines (run->graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (run->graph, i);

      if (spec->line->overrun_ago > 0)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_RING_OVERRUN,
                       "bar %" G_GUINT64_FORMAT ": line '%s' of %s was read %u values deep but its ring keeps %u",
                       run->bars, spec->name, spec->owner->label, spec->line->overrun_ago,
                       spec->line->capacity);
          return;
        }
    }
  g_set_error (error, BK_ERROR, BK_ERROR_RING_OVERRUN, "a ring was read past its capacity");
}

static void
push_bar (BkRun *run, const BkBar *bar)
{
  bk_line_push (run->feed[BK_FEED_DATETIME], bar->datetime);
  bk_line_push (run->feed[BK_FEED_OPEN], bar->open);
  bk_line_push (run->feed[BK_FEED_HIGH], bar->high);
  bk_line_push (run->feed[BK_FEED_LOW], bar->low);
  bk_line_push (run->feed[BK_FEED_CLOSE], bar->close);
  bk_line_push (run->feed[BK_FEED_VOLUME], bar->volume);
  bk_line_push (run->feed[BK_FEED_OPENINTEREST], bar->openinterest);
}

static inline double
read_input (const BkInput *input)
{
  return input->spec != NULL ? bk_line_get (input->spec->line, input->ago) : input->value;
}

static inline gboolean
rule_fires (const BkStrategyBuild *b, BkRule rule)
{
  if (!b->has_rule[rule])
    return FALSE;
  double value = read_input (&b->rule[rule]);
  return !isnan (value) && value != 0.0;
}

/* A limit, stop or exit price: NaN where it is not set. */
static inline double
read_price (gboolean has, const BkInput *input)
{
  return has ? read_input (input) : NAN;
}

static inline gboolean
price_invalid (double price)
{
  return !(price > 0) || isinf (price);
}

/* The entry the strategy asks for on `side`, its size read now and
 * rounded, plus `extra` units (a reversal turns the position).  FALSE,
 * counted, when there is nothing to make. */
static gboolean
read_entry (BkRun *run, BkOrderSide side, double extra, BkEntry *entry)
{
  const BkStrategyBuild *b = &run->build;
  BkBroker *broker = &run->broker;
  gboolean reversal = extra > 0;

  *entry = (BkEntry) {
    .side = side,
    .type = reversal ? BK_ORDER_MARKET : (BkOrderType) b->entry,
    .size = bk_broker_round_size (broker, read_input (&b->size)),
    .price = reversal ? NAN : read_price (b->has_entry_price, &b->entry_price),
    .price_limit = reversal ? NAN : read_price (b->has_entry_limit, &b->entry_limit),
    .valid = reversal ? 0 : b->entry_valid,
    .stop_loss = reversal ? NAN : read_price (b->has_stop_loss, &b->stop_loss),
    .take_profit = reversal ? NAN : read_price (b->has_take_profit, &b->take_profit),
    .trail_percent = reversal ? 0.0 : b->trail_percent,
    .trail_amount = reversal || !b->has_trail_amount ? 0.0 : read_input (&b->trail_amount),
  };
  if (entry->size <= 0)
    {
      broker->skipped++;
      return FALSE;
    }
  if (((entry->type == BK_ORDER_LIMIT || entry->type == BK_ORDER_STOP || entry->type == BK_ORDER_STOPLIMIT)
       && price_invalid (entry->price))
      || (entry->type == BK_ORDER_STOPLIMIT && price_invalid (entry->price_limit))
      || (b->has_stop_loss && !reversal && price_invalid (entry->stop_loss))
      || (b->has_take_profit && !reversal && price_invalid (entry->take_profit))
      || (b->has_trail_amount && !reversal && price_invalid (entry->trail_amount)))
    {
      broker->invalid_prices++;
      return FALSE;
    }
  entry->size += extra;
  return TRUE;
}

/* The rules at the close of a bar past the warm-up: entries while flat
 * (replacing a waiting one), exits and reversals while in a position. */
static void
apply_rules (BkRun *run, double datetime, double close)
{
  const BkStrategyBuild *b = &run->build;
  BkBroker *broker = &run->broker;
  double position = broker->position;
  BkEntry entry;

  if (position == 0.0)
    {
      BkOrderSide side = rule_fires (b, BK_RULE_BUY) ? BK_ORDER_BUY
                         : rule_fires (b, BK_RULE_SHORT) ? BK_ORDER_SELL : BK_ORDER_NONE;
      if (side == BK_ORDER_NONE)
        return;
      if (bk_broker_has_waiting_entry (broker))
        bk_broker_cancel_entry (broker);
      if (read_entry (run, side, 0, &entry))
        bk_broker_submit (broker, &entry, datetime, close);
      return;
    }

  gboolean is_long = position > 0;
  if (rule_fires (b, is_long ? BK_RULE_SHORT : BK_RULE_BUY))
    {
      /* A reversal wins over the exit, even one of no units (skipped):
       * one market order of the position and the new entry's size. */
      if (read_entry (run, is_long ? BK_ORDER_SELL : BK_ORDER_BUY, fabs (position), &entry))
        {
          bk_broker_cancel_children (broker);
          bk_broker_submit (broker, &entry, datetime, close);
        }
      return;
    }
  if (rule_fires (b, is_long ? BK_RULE_SELL : BK_RULE_COVER))
    bk_broker_close (broker, datetime, close);
}

/* The account lines the rules and sizes read, after the bar's fills and
 * its valuation at the close. */
static void
push_account (BkRun *run)
{
  BkNode *account = run->build.account;
  const BkBroker *broker = &run->broker;

  if (account == NULL)
    return;
  bk_line_push (account->outputs[BK_ACCOUNT_POSITION]->line, broker->position);
  bk_line_push (account->outputs[BK_ACCOUNT_POSITION_PRICE]->line, broker->position_price);
  bk_line_push (account->outputs[BK_ACCOUNT_CASH]->line, broker->cash);
  bk_line_push (account->outputs[BK_ACCOUNT_VALUE]->line, broker->value);
  bk_line_push (account->outputs[BK_ACCOUNT_BARS_HELD]->line, bk_broker_get_bars_held (broker));
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

  while (bk_source_next (source, &bar, &local_error))
    {
      if (run->bars == 0)
        run->has_time = bk_source_has_time (source);
      run->bars++;
      push_bar (run, &bar);
      /* Stored values, so that f32 runs trade on what they store. */
      BkBar stored = {
        .datetime = bar.datetime,
        .open = bk_line_get (run->feed[BK_FEED_OPEN], 0),
        .high = bk_line_get (run->feed[BK_FEED_HIGH], 0),
        .low = bk_line_get (run->feed[BK_FEED_LOW], 0),
        .close = bk_line_get (run->feed[BK_FEED_CLOSE], 0),
      };
      bk_broker_begin_bar (&run->broker, &stored);
      bk_broker_end_bar (&run->broker, bar.datetime, stored.close);
      push_account (run);
      bk_graph_step_nodes (run->graph, run->bars, BK_ROLE_INDICATOR);
      if (run->bars >= run->build.warmup)
        apply_rules (run, bar.datetime, stored.close);
      bk_graph_step_nodes (run->graph, run->bars, BK_ROLE_OBSERVER);
      if (run->bar_func != NULL)
        run->bar_func (run, run->bar_data);
      if (G_UNLIKELY (*overrun))
        {
          set_overrun_error (run, error);
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
  bk_broker_finish (&run->broker);
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
  return run->strategy;
}

GPtrArray *
bk_run_get_named (BkRun *run)
{
  return run->named;
}

const BkBroker *
bk_run_get_broker (BkRun *run)
{
  return &run->broker;
}

const BkAnalyzers *
bk_run_get_analyzers (BkRun *run)
{
  return bk_broker_get_analyzers (&run->broker);
}

guint64
bk_run_get_bars (BkRun *run)
{
  return run->bars;
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
  return cells;
}
