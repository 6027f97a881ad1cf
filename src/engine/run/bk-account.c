/* bk-account.c — a strategy's account over a graph: its broker and its
 * rules, read at each bar's close. */
#include "bk-account.h"

#include <math.h>

#include "bk-error.h"

void
bk_account_init (BkAccount *account, BkStrategy *strategy, guint keep, gboolean analyzers, BkBudget *budget,
                 gboolean *overrun)
{
  account->strategy = bk_strategy_ref (strategy);
  account->named = g_ptr_array_new ();
  account->keep = keep;
  account->analyzers = analyzers;
  bk_account_reset (account, budget, overrun);
}

void
bk_account_reset (BkAccount *account, BkBudget *budget, gboolean *overrun)
{
  bk_broker_init (&account->broker, bk_strategy_get_broker_settings (account->strategy), account->keep);
  if (!account->analyzers)
    bk_broker_drop_analyzers (&account->broker);
  bk_broker_set_budget (&account->broker, budget, overrun);
}

void
bk_account_clear (BkAccount *account)
{
  bk_broker_clear (&account->broker);
  g_clear_pointer (&account->named, g_ptr_array_unref);
  g_clear_pointer (&account->strategy, bk_strategy_unref);
}

gboolean
bk_account_build (BkAccount *account, BkGraph *graph, GError **error)
{
  account->build.named = account->named;
  return bk_strategy_build (account->strategy, graph, &account->build, error);
}

/* The account reads `input` at each signal bar: its ring keeps what is read. */
static void
note_input (BkGraph *graph, const BkInput *input)
{
  if (input->spec != NULL)
    bk_graph_note_read (graph, input->spec, input->ago + 1);
}

void
bk_account_note_reads (BkAccount *account, BkGraph *graph)
{
  const BkStrategyBuild *b = &account->build;
  BkNode *feed = bk_graph_get_feed (graph);

  /* The broker fills on the bar's prices and values at the close.
   * Everything else read from outside (the dump, the chart) takes only
   * current values, which the floor of one value per ring covers. */
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_CLOSE; i++)
    bk_graph_note_read (graph, feed->outputs[i], 1);
  for (guint i = 0; i < BK_RULE_N; i++)
    if (b->has_rule[i])
      note_input (graph, &b->rule[i]);
  note_input (graph, &b->size);
  if (b->has_entry_price)
    note_input (graph, &b->entry_price);
  if (b->has_entry_limit)
    note_input (graph, &b->entry_limit);
  if (b->has_stop_loss)
    note_input (graph, &b->stop_loss);
  if (b->has_take_profit)
    note_input (graph, &b->take_profit);
  if (b->has_trail_amount)
    note_input (graph, &b->trail_amount);
}

void
bk_account_push_bar (BkLine *const *feed, const BkBar *bar, BkBar *stored)
{
  bk_line_push (feed[BK_FEED_DATETIME], bar->datetime);
  bk_line_push (feed[BK_FEED_OPEN], bar->open);
  bk_line_push (feed[BK_FEED_HIGH], bar->high);
  bk_line_push (feed[BK_FEED_LOW], bar->low);
  bk_line_push (feed[BK_FEED_CLOSE], bar->close);
  bk_line_push (feed[BK_FEED_VOLUME], bar->volume);
  bk_line_push (feed[BK_FEED_OPENINTEREST], bar->openinterest);
  *stored = (BkBar) {
    .datetime = bar->datetime,
    .open = bk_line_get (feed[BK_FEED_OPEN], 0),
    .high = bk_line_get (feed[BK_FEED_HIGH], 0),
    .low = bk_line_get (feed[BK_FEED_LOW], 0),
    .close = bk_line_get (feed[BK_FEED_CLOSE], 0),
  };
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
read_entry (BkAccount *account, BkOrderSide side, double extra, BkEntry *entry)
{
  const BkStrategyBuild *b = &account->build;
  BkBroker *broker = &account->broker;
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
apply_rules (BkAccount *account, double datetime, double close)
{
  const BkStrategyBuild *b = &account->build;
  BkBroker *broker = &account->broker;
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
      if (read_entry (account, side, 0, &entry))
        bk_broker_submit (broker, &entry, datetime, close);
      return;
    }

  gboolean is_long = position > 0;
  if (rule_fires (b, is_long ? BK_RULE_SHORT : BK_RULE_BUY))
    {
      /* A reversal wins over the exit, even one of no units (skipped):
       * one market order of the position and the new entry's size. */
      if (read_entry (account, is_long ? BK_ORDER_SELL : BK_ORDER_BUY, fabs (position), &entry))
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
push_account (BkAccount *account)
{
  BkNode *node = account->build.account;
  const BkBroker *broker = &account->broker;

  if (node == NULL)
    return;
  bk_line_push (node->outputs[BK_ACCOUNT_POSITION]->line, broker->position);
  bk_line_push (node->outputs[BK_ACCOUNT_POSITION_PRICE]->line, broker->position_price);
  bk_line_push (node->outputs[BK_ACCOUNT_CASH]->line, broker->cash);
  bk_line_push (node->outputs[BK_ACCOUNT_VALUE]->line, broker->value);
  bk_line_push (node->outputs[BK_ACCOUNT_BARS_HELD]->line, bk_broker_get_bars_held (broker));
}

void
bk_account_open_bar (BkAccount *account, const BkBar *stored)
{
  bk_broker_begin_bar (&account->broker, stored);
  bk_broker_end_bar (&account->broker, stored->datetime, stored->close);
  push_account (account);
}

void
bk_account_close_bar (BkAccount *account, guint64 bars, const BkBar *stored)
{
  if (bars >= account->build.warmup)
    apply_rules (account, stored->datetime, stored->close);
}

void
bk_account_set_overrun_error (BkGraph *graph, BkBudget *budget, gboolean over_budget, guint64 bars,
                              GError **error)
{
  if (bk_graph_is_over_budget (graph) || over_budget)
    {
      bk_budget_set_error (budget, bars, error);
      return;
    }
  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);

      if (spec->line->overrun_ago > 0)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_RING_OVERRUN,
                       "bar %" G_GUINT64_FORMAT ": line '%s' of %s was read %u values deep but its ring keeps %u",
                       bars, spec->name, spec->owner->label, spec->line->overrun_ago,
                       spec->line->capacity);
          return;
        }
    }
  g_set_error (error, BK_ERROR, BK_ERROR_RING_OVERRUN, "a ring was read past its capacity");
}
