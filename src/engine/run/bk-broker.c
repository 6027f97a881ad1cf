/* bk-broker.c — fills, trades and running statistics. */
#include "bk-broker.h"

#include <math.h>

void
bk_broker_init (BkBroker *broker, double cash, double commission)
{
  *broker = (BkBroker) {
    .start_cash = cash,
    .cash = cash,
    .commission = commission,
    .value = cash,
    .trades = g_array_new (FALSE, FALSE, sizeof (BkTrade)),
    .peak = cash,
    .prev_value = cash,
  };
  broker->bar_buy = broker->bar_sell = broker->bar_pnl = NAN;
}

void
bk_broker_clear (BkBroker *broker)
{
  g_clear_pointer (&broker->trades, g_array_unref);
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

static void
fill_pending (BkBroker *broker, double datetime, double price)
{
  double size = broker->pending_size;
  double comm = fabs (size) * price * broker->commission;

  if (broker->pending == BK_ORDER_BUY)
    {
      /* backtrader's broker rejects what the cash cannot pay for. */
      if (size * price + comm > broker->cash)
        {
          broker->rejected++;
          return;
        }
      broker->cash -= size * price + comm;
      broker->position = size;
      broker->open_trade = (BkTrade) {
        .open_datetime = datetime,
        .size = size,
        .open_price = price,
      };
      broker->open_comm = comm;
      broker->bar_buy = price;
    }
  else
    {
      BkTrade *trade = &broker->open_trade;

      broker->cash += size * price - comm;
      broker->position = 0.0;
      trade->close_datetime = datetime;
      trade->close_price = price;
      trade->pnl = (price - trade->open_price) * size;
      trade->pnl_comm = trade->pnl - broker->open_comm - comm;
      if (bk_budget_take (broker->budget, sizeof *trade))
        broker->budget_taken += sizeof *trade;
      else
        {
          broker->over_budget = TRUE;
          if (broker->stop != NULL)
            *broker->stop = TRUE;
        }
      g_array_append_val (broker->trades, *trade);
      broker->bar_sell = price;
      broker->bar_pnl = trade->pnl_comm;
    }
}

void
bk_broker_begin_bar (BkBroker *broker, double datetime, double open)
{
  broker->bar_buy = broker->bar_sell = broker->bar_pnl = NAN;
  if (broker->pending != BK_ORDER_NONE)
    {
      if (!isnan (open))
        fill_pending (broker, datetime, open);
      broker->pending = BK_ORDER_NONE;
    }
}

void
bk_broker_order (BkBroker *broker, BkOrderSide side, double size)
{
  if (broker->pending != BK_ORDER_NONE)
    return;
  if (side == BK_ORDER_BUY && broker->position == 0.0 && size > 0.0)
    {
      broker->pending = BK_ORDER_BUY;
      broker->pending_size = size;
    }
  else if (side == BK_ORDER_SELL && broker->position > 0.0)
    {
      broker->pending = BK_ORDER_SELL;
      broker->pending_size = broker->position;
    }
}

void
bk_broker_end_bar (BkBroker *broker, double datetime, double close)
{
  broker->value = broker->position != 0.0 ? broker->cash + broker->position * close : broker->cash;

  if (broker->bars++ == 0)
    broker->first_datetime = datetime;
  broker->last_datetime = datetime;

  if (broker->value >= broker->peak)
    {
      broker->peak = broker->value;
      broker->drawdown_bars = 0;
    }
  else
    {
      broker->drawdown_bars++;
      broker->max_drawdown = MAX (broker->max_drawdown, 1.0 - broker->value / broker->peak);
      broker->max_drawdown_bars = MAX (broker->max_drawdown_bars, broker->drawdown_bars);
    }

  if (broker->prev_value != 0.0 && broker->bars > 1)
    {
      double r = broker->value / broker->prev_value - 1.0;
      double delta = r - broker->mean_return;
      broker->n_returns++;
      broker->mean_return += delta / broker->n_returns;
      broker->m2_return += delta * (r - broker->mean_return);
    }
  broker->prev_value = broker->value;
}

void
bk_broker_get_results (const BkBroker *broker, BkResults *results)
{
  double gross_profit = 0.0, gross_loss = 0.0;
  guint wins = 0;

  for (guint i = 0; i < broker->trades->len; i++)
    {
      double pnl = g_array_index (broker->trades, BkTrade, i).pnl_comm;
      if (pnl > 0)
        {
          wins++;
          gross_profit += pnl;
        }
      else
        gross_loss -= pnl;
    }

  double years = (broker->last_datetime - broker->first_datetime) / (365.25 * 86400.0);
  double growth = broker->start_cash > 0 ? broker->value / broker->start_cash : NAN;
  double variance = broker->n_returns > 1 ? broker->m2_return / (broker->n_returns - 1) : NAN;

  *results = (BkResults) {
    .start_cash = broker->start_cash,
    .final_value = broker->value,
    .final_cash = broker->cash,
    .position = broker->position,
    .total_return = growth - 1.0,
    .annual_return = years > 0 && growth > 0 ? pow (growth, 1.0 / years) - 1.0 : NAN,
    .max_drawdown = broker->max_drawdown,
    .max_drawdown_bars = broker->max_drawdown_bars,
    .sharpe = variance > 0 ? broker->mean_return / sqrt (variance) * sqrt (252.0) : NAN,
    .n_trades = broker->trades->len,
    .win_rate = broker->trades->len > 0 ? (double) wins / broker->trades->len : NAN,
    .profit_factor = gross_loss > 0 ? gross_profit / gross_loss : NAN,
    .rejected_orders = broker->rejected,
  };
}
