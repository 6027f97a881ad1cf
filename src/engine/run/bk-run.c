/* bk-run.c — stepping a planned graph bar by bar. */
#include "bk-run.h"
#include "bk-run-private.h"

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
};

static BkRun *
run_new (BkStrategy *strategy, BkMode mode, BkPrecision precision, gint shrink_line,
         BkRunFlags flags, BkBudget *budget, GError **error)
{
  g_autoptr(BkRun) run = g_new0 (BkRun, 1);

  g_atomic_ref_count_init (&run->ref_count);
  run->strategy = bk_strategy_ref (strategy);
  run->graph = bk_graph_new ();
  run->named = g_ptr_array_new ();
  bk_broker_init (&run->broker, bk_strategy_get_cash (strategy), bk_strategy_get_commission (strategy));
  bk_graph_set_context (run->graph, &run->broker);
  if (budget != NULL)
    {
      run->budget = bk_budget_ref (budget);
      bk_graph_set_budget (run->graph, budget);
      bk_broker_set_budget (&run->broker, budget, bk_graph_get_overrun_flag (run->graph));
    }
  run->build.named = run->named;
  if (!bk_strategy_build (strategy, run->graph, &run->build, error)
      || ((flags & BK_RUN_NO_OBSERVERS) == 0 && !bk_observers_add_defaults (run->graph, error)))
    return NULL;

  BkNode *feed = bk_graph_get_feed (run->graph);
  /* The broker fills at the open and values at the close.  Everything else
   * read from outside (the dump, the chart) takes only current values,
   * which the floor of one value per ring covers. */
  bk_graph_note_read (run->graph, feed->outputs[BK_FEED_OPEN], 1);
  bk_graph_note_read (run->graph, feed->outputs[BK_FEED_CLOSE], 1);
  for (guint i = 0; i < BK_RULE_N; i++)
    if (run->build.has_rule[i] && run->build.rule[i].spec != NULL)
      bk_graph_note_read (run->graph, run->build.rule[i].spec, run->build.rule[i].ago + 1);
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
  bk_broker_init (&run->broker, bk_strategy_get_cash (run->strategy), bk_strategy_get_commission (run->strategy));
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

static inline gboolean
rule_fires (const BkInput *rule)
{
  double value = rule->spec != NULL ? bk_line_get (rule->spec->line, rule->ago) : rule->value;

  return !isnan (value) && value != 0.0;
}

static void
apply_rules (BkRun *run)
{
  const BkStrategyBuild *b = &run->build;

  if (b->has_rule[BK_RULE_SELL] && run->broker.position > 0.0 && rule_fires (&b->rule[BK_RULE_SELL]))
    bk_broker_order (&run->broker, BK_ORDER_SELL, 0);
  else if (b->has_rule[BK_RULE_BUY] && run->broker.position == 0.0 && rule_fires (&b->rule[BK_RULE_BUY]))
    bk_broker_order (&run->broker, BK_ORDER_BUY, b->size.value);
}

gboolean
bk_run_execute (BkRun *run, BkSource *source, const gint *cancel, GError **error)
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
      bk_broker_begin_bar (&run->broker, bar.datetime, bk_line_get (run->feed[BK_FEED_OPEN], 0));
      bk_graph_step_nodes (run->graph, run->bars, BK_ROLE_INDICATOR);
      apply_rules (run);
      bk_broker_end_bar (&run->broker, bar.datetime, bk_line_get (run->feed[BK_FEED_CLOSE], 0));
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
