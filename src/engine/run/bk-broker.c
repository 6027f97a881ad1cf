/* bk-broker.c — cash, commission, trades, the history and the running
 * statistics.  Orders and fills are in bk-orders.c. */
#include "bk-broker-private.h"

#include <math.h>

void
bk_broker_init (BkBroker *broker, const BkBrokerSettings *settings, guint keep)
{
  BkBrokerSettings defaults;

  if (settings == NULL)
    {
      bk_broker_settings_init (&defaults);
      settings = &defaults;
    }
  *broker = (BkBroker) {
    .settings = *settings,
    .start_cash = settings->cash,
    .cash = settings->cash,
    .commission = settings->commission,
    .position_price = NAN,
    .value = settings->cash,
    .orders = g_array_new (FALSE, FALSE, sizeof (BkOrder)),
    .trades = g_array_new (FALSE, FALSE, sizeof (BkTrade)),
    .keep = keep,
    .analyzers = bk_analyzers_new (settings->cash),
  };
  if (broker->settings.lot == 0)
    broker->settings.lot = 1;
  broker->bar_buy = broker->bar_sell = broker->bar_pnl = NAN;
}

void
bk_broker_clear (BkBroker *broker)
{
  g_clear_pointer (&broker->orders, g_array_unref);
  g_clear_pointer (&broker->trades, g_array_unref);
  g_clear_pointer (&broker->analyzers, bk_analyzers_free);
  bk_budget_give (broker->budget, broker->budget_taken);
  broker->budget_taken = 0;
  g_clear_pointer (&broker->budget, bk_budget_unref);
}

void
bk_broker_set_budget (BkBroker *broker, BkBudget *budget, gboolean *stop)
{
  g_return_if_fail (broker->budget == NULL);
  broker->budget = budget != NULL ? bk_budget_ref (budget) : NULL;
  broker->stop = stop;
}

guint64
bk_broker_get_history_bytes (const BkBroker *broker)
{
  return broker->orders->len * sizeof (BkOrder) + broker->trades->len * sizeof (BkTrade);
}

/* Appends record number `number` (1-based, of all ever made) to `history`:
 * while the history grows it takes the record's memory from the budget; a
 * full ring writes over its oldest record instead. */
static void
history_append (BkBroker *broker, GArray *history, guint64 number, gconstpointer record, guint64 *dropped)
{
  guint size = g_array_get_element_size (history);

  if (broker->keep == 0 || history->len < broker->keep)
    {
      if (bk_budget_take (broker->budget, size))
        broker->budget_taken += size;
      else
        {
          broker->over_budget = TRUE;
          if (broker->stop != NULL)
            *broker->stop = TRUE;
        }
      g_array_append_vals (history, record, 1);
      return;
    }
  memcpy (history->data + (gsize) ((number - 1) % broker->keep) * size, record, size);
  (*dropped)++;
}

guint64
bk_broker_record_order (BkBroker *broker, const BkOrder *order)
{
  BkOrder record = *order;

  record.ref = ++broker->n_orders;
  history_append (broker, broker->orders, record.ref, &record, &broker->dropped_orders);
  return record.ref;
}

void
bk_broker_update_order (BkBroker *broker, const BkOrder *order)
{
  if (order->ref <= broker->dropped_orders)
    return;
  guint64 index = broker->keep == 0 ? order->ref - 1 : (order->ref - 1) % broker->keep;
  g_array_index (broker->orders, BkOrder, index) = *order;
}

/* Records [from, to) of history in the reverse order. */
static void
reverse_records (GArray *history, gsize from, gsize to)
{
  guint size = g_array_get_element_size (history);
  char swap[MAX (sizeof (BkOrder), sizeof (BkTrade))];

  g_assert (size <= sizeof swap);
  for (gsize i = from, j = to; i + 1 < j; i++, j--)
    {
      char *a = history->data + i * size, *b = history->data + (j - 1) * size;
      memcpy (swap, a, size);
      memcpy (a, b, size);
      memcpy (b, swap, size);
    }
}

/* A ring's oldest record first: turned in place (three reversals), as a
 * copy would take the history's memory again as a long run ends. */
static void
history_unroll (GArray *history, guint64 total, guint keep)
{
  if (keep == 0 || total <= keep)
    return;
  gsize first = (gsize) (total % keep);

  reverse_records (history, 0, first);
  reverse_records (history, first, keep);
  reverse_records (history, 0, keep);
}

void
bk_broker_finish (BkBroker *broker)
{
  /* Those still waiting: accepted, or submitted if no bar checked them. */
  for (guint i = 0; i < broker->n_live; i++)
    {
      broker->live[i].order.status = broker->live[i].checked ? BK_ORDER_ACCEPTED : BK_ORDER_SUBMITTED;
      bk_broker_update_order (broker, &broker->live[i].order);
    }
  history_unroll (broker->orders, broker->n_orders, broker->keep);
  history_unroll (broker->trades, broker->n_trades, broker->keep);
  /* Written in order from now on: a finished broker is not a ring. */
  broker->keep = 0;
  broker->dropped_orders = broker->n_orders - broker->orders->len;
  broker->dropped_trades = broker->n_trades - broker->trades->len;
}

double
bk_broker_commission (const BkBroker *broker, double size, double price)
{
  const BkBrokerSettings *s = &broker->settings;
  double units = fabs (size);
  double commission = units * price * s->commission + units * s->commission_per_unit;

  if (units > 0 && commission < s->commission_min)
    commission = s->commission_min;
  if (size < 0)
    commission += units * price * s->stamp_duty;
  return commission;
}

void
bk_broker_trade_open (BkBroker *broker, double datetime, double size, double price, double commission)
{
  broker->position = size;
  broker->position_price = price;
  broker->open_trade = (BkTrade) {
    .open_datetime = datetime,
    .close_datetime = NAN,
    .size = fabs (size),
    .open_price = price,
    .close_price = NAN,
    .is_long = size > 0,
    .commission = commission,
    .open_bar = broker->bar,
  };
  broker->open_comm = commission;
  if (broker->analyzers != NULL)
    bk_analyzers_trade_opened (broker->analyzers);
  if (G_UNLIKELY (broker->event_func != NULL))
    bk_broker_emit (broker, BK_BROKER_EVENT_TRADE_OPENED, NULL, &broker->open_trade);
}

void
bk_broker_trade_close (BkBroker *broker, double datetime, double price, double commission)
{
  BkTrade *trade = &broker->open_trade;

  trade->close_datetime = datetime;
  trade->close_price = price;
  /* backtrader's pnl, from the trade's average price as it keeps it (the
   * fill's value over its size, which can move the last digit): a
   * break-even trade is won or lost as TradeAnalyzer counts it. */
  double signed_size = trade->is_long ? trade->size : -trade->size;
  double average = signed_size * trade->open_price / signed_size;
  trade->pnl = signed_size * (price - average);
  trade->commission = broker->open_comm + commission;
  trade->pnl_comm = trade->pnl - trade->commission;
  trade->bars = broker->bar - trade->open_bar;
  broker->position = 0.0;
  broker->position_price = NAN;
  broker->bar_pnl = trade->pnl_comm;

  broker->n_trades++;
  if (trade->is_long)
    broker->n_long++;
  else
    broker->n_short++;
  /* TradeAnalyzer: a trade is won where its pnl after commission is not
   * negative. */
  if (trade->pnl_comm >= 0)
    {
      broker->n_won++;
      broker->gross_profit += trade->pnl_comm;
      broker->largest_win = MAX (broker->largest_win, trade->pnl_comm);
    }
  else
    {
      broker->n_lost++;
      broker->gross_loss -= trade->pnl_comm;
      broker->largest_loss = MIN (broker->largest_loss, trade->pnl_comm);
    }
  history_append (broker, broker->trades, broker->n_trades, trade, &broker->dropped_trades);
  if (broker->analyzers != NULL)
    bk_analyzers_trade_closed (broker->analyzers, trade->is_long, trade->pnl, trade->pnl_comm, trade->bars);
  if (G_UNLIKELY (broker->event_func != NULL))
    bk_broker_emit (broker, BK_BROKER_EVENT_TRADE_CLOSED, NULL, trade);
}

void
bk_broker_emit (const BkBroker *broker, BkBrokerEventKind kind, const BkOrder *order, const BkTrade *trade)
{
  BkBrokerEvent event = {
    .kind = kind,
    .order = order,
    .trade = trade,
    .status = order != NULL ? order->status : BK_ORDER_N_STATUS,
    .price = NAN,
    .size = NAN,
    .commission = NAN,
  };

  broker->event_func (broker, &event, broker->event_data);
}

void
bk_broker_drop_analyzers (BkBroker *broker)
{
  g_clear_pointer (&broker->analyzers, bk_analyzers_free);
}

const BkAnalyzers *
bk_broker_get_analyzers (const BkBroker *broker)
{
  return broker->analyzers;
}

double
bk_broker_get_bars_held (const BkBroker *broker)
{
  return broker->position != 0.0 ? (double) (broker->bar - broker->open_trade.open_bar) : NAN;
}

void
bk_broker_end_bar (BkBroker *broker, double datetime, double close)
{
  broker->value = broker->position != 0.0 ? broker->cash + broker->position * close : broker->cash;

  if (broker->bars++ == 0)
    broker->first_datetime = datetime;
  broker->last_datetime = datetime;

  if (broker->analyzers != NULL)
    bk_analyzers_end_bar (broker->analyzers, datetime, broker->value, broker->position != 0.0);
}

void
bk_broker_get_results (const BkBroker *broker, BkResults *results)
{
  double years = (broker->last_datetime - broker->first_datetime) / (365.25 * 86400.0);
  double growth = broker->start_cash > 0 ? broker->value / broker->start_cash : NAN;
  BkAnalysis analysis = { .max_drawdown = NAN, .sharpe = NAN };

  if (broker->analyzers != NULL)
    bk_analyzers_get_analysis (broker->analyzers, &analysis);

  *results = (BkResults) {
    .start_cash = broker->start_cash,
    .final_value = broker->value,
    .final_cash = broker->cash,
    .position = broker->position,
    .total_return = growth - 1.0,
    .annual_return = years > 0 && growth > 0 ? pow (growth, 1.0 / years) - 1.0 : NAN,
    .max_drawdown = analysis.max_drawdown / 100.0,
    .max_drawdown_bars = analysis.max_drawdown_len,
    .sharpe = analysis.sharpe,
    .n_trades = broker->n_trades,
    .win_rate = broker->n_trades > 0 ? (double) broker->n_won / broker->n_trades : NAN,
    .profit_factor = broker->gross_loss > 0 ? broker->gross_profit / broker->gross_loss : NAN,
    .rejected_orders = broker->rejected,
    .n_orders = broker->n_orders,
    .skipped_entries = broker->skipped,
    .invalid_prices = broker->invalid_prices,
    .n_long = broker->n_long,
    .n_short = broker->n_short,
    .n_won = broker->n_won,
    .n_lost = broker->n_lost,
    .largest_win = broker->largest_win,
    .largest_loss = broker->largest_loss,
    .dropped_orders = broker->n_orders - broker->orders->len,
    .dropped_trades = broker->n_trades - broker->trades->len,
  };
  memcpy (results->status_count, broker->status_count, sizeof results->status_count);
  /* Orders still waiting: accepted, or submitted if not yet checked. */
  for (guint i = 0; i < broker->n_live; i++)
    results->status_count[broker->live[i].checked ? BK_ORDER_ACCEPTED : BK_ORDER_SUBMITTED]++;
}
