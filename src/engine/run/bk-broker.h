/* bk-broker.h — cash, the position, orders, closed trades and the run's
 * results.
 *
 * Rules are read at each bar's close; a market order made then fills at the
 * next bar's open.  Commission is a fraction of the traded value.  The
 * observers read the broker after every bar.  Everything here is constant
 * in size except the list of closed trades, which grows by one a trade
 * (and takes its memory from a budget, see bk-budget.h). */
#pragma once

#include "bk-budget.h"

G_BEGIN_DECLS

typedef struct {
  double open_datetime;
  double close_datetime;
  double size;
  double open_price;
  double close_price;
  double pnl;            /* before commission */
  double pnl_comm;       /* after commission */
} BkTrade;

typedef enum {
  BK_ORDER_NONE,
  BK_ORDER_BUY,
  BK_ORDER_SELL,
} BkOrderSide;

typedef struct {
  double start_cash;
  double cash;
  double commission;     /* fraction of traded value */
  double position;       /* units held */
  double value;          /* cash + position at the close */
  double bar_buy;        /* fill price of a buy on this bar, or NaN */
  double bar_sell;       /* fill price of a sell on this bar, or NaN */
  double bar_pnl;        /* pnl after commission of a trade closed on this bar, or NaN */

  BkOrderSide pending;   /* a market order waiting for the next open */
  double pending_size;
  guint64 rejected;      /* orders the cash could not pay for */
  BkTrade open_trade;    /* valid while position != 0 */
  double open_comm;
  GArray *trades;        /* BkTrade, closed trades in order */
  BkBudget *budget;      /* where the trades' memory is taken from, or NULL */
  guint64 budget_taken;
  gboolean over_budget;  /* the budget refused a trade (kept all the same) */
  gboolean *stop;        /* raised with over_budget, or NULL */

  /* Running statistics of the value at each close. */
  guint64 bars;
  double first_datetime;
  double last_datetime;
  double peak;
  double max_drawdown;   /* fraction of the peak */
  guint64 drawdown_bars;
  guint64 max_drawdown_bars;
  double prev_value;
  guint64 n_returns;
  double mean_return;
  double m2_return;      /* Welford's sum of squared deviations */
} BkBroker;

typedef struct {
  double start_cash;
  double final_value;
  double final_cash;
  double position;
  double total_return;        /* fraction */
  double annual_return;       /* fraction, over the calendar span of the data */
  double max_drawdown;        /* fraction of the peak value */
  guint64 max_drawdown_bars;
  double sharpe;              /* daily returns, 252 days a year, no risk-free rate */
  guint n_trades;
  double win_rate;            /* fraction of closed trades with pnl after commission > 0 */
  double profit_factor;       /* gross profit / gross loss, after commission */
  guint64 rejected_orders;
} BkResults;

void bk_broker_init (BkBroker *broker, double cash, double commission);
void bk_broker_clear (BkBroker *broker);
/* Takes each closed trade's memory from `budget` (NULL: none) from now on;
 * bk_broker_clear gives it back.  A refusal raises over_budget and *stop
 * (a run's flag that it looks at every bar; may be NULL). */
void bk_broker_set_budget (BkBroker *broker, BkBudget *budget, gboolean *stop);
/* Start of a bar: forget the previous bar's marks, fill a pending order at
 * this bar's open. */
void bk_broker_begin_bar (BkBroker *broker, double datetime, double open);
/* At the close: a buy while flat, or a sell while long, for the next open. */
void bk_broker_order (BkBroker *broker, BkOrderSide side, double size);
/* End of a bar: value the position at the close, update the statistics. */
void bk_broker_end_bar (BkBroker *broker, double datetime, double close);
void bk_broker_get_results (const BkBroker *broker, BkResults *results);

G_END_DECLS
