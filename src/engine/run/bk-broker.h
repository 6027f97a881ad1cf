/* bk-broker.h — cash, the position, orders, trades and the run's results,
 * as backtrader's BackBroker keeps them.
 *
 * Rules are read at a bar's close and make orders; the next bar's
 * bk_broker_begin_bar() tries them against its prices with backtrader's
 * fill rules (bk-orders.c): market, close, limit, stop, stop-limit and
 * trailing stop, gaps and slippage included, an entry's stop and target
 * as one-cancels-other children.  Cash is checked when an order is made
 * and again when it fills.  The observers read the broker after every
 * bar.  Everything is constant in size but the history of orders and
 * trades, which grows by one a record up to its bound (none, or a ring of
 * `keep` records) and takes its memory from a budget (see bk-budget.h). */
#pragma once

#include "bk-analyzers.h"
#include "bk-bar.h"
#include "bk-budget.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

typedef struct {
  double open_datetime;
  double close_datetime;  /* NaN while open */
  double size;            /* units, positive */
  double open_price;      /* average fill prices, without commission */
  double close_price;
  double pnl;             /* before commission */
  double pnl_comm;        /* after commission */
  gboolean is_long;
  double commission;
  guint64 bars;           /* backtrader's barlen: bars from the opening fill to the closing one */
  guint64 open_bar;       /* the bar number of the opening fill */
} BkTrade;

typedef enum {
  BK_ORDER_NONE,
  BK_ORDER_BUY,
  BK_ORDER_SELL,
} BkOrderSide;

typedef enum {
  BK_ORDER_MARKET,
  BK_ORDER_CLOSE,
  BK_ORDER_LIMIT,
  BK_ORDER_STOP,
  BK_ORDER_STOPLIMIT,
  BK_ORDER_STOPTRAIL,
} BkOrderType;

/* backtrader's Order.Status.  An order still waiting at the end is
 * accepted, or submitted when no bar came after the one that made it (its
 * cash was never checked). */
typedef enum {
  BK_ORDER_SUBMITTED,
  BK_ORDER_ACCEPTED,
  BK_ORDER_PARTIAL,
  BK_ORDER_COMPLETED,
  BK_ORDER_CANCELED,
  BK_ORDER_EXPIRED,
  BK_ORDER_MARGIN,     /* the cash check refused it, when made or at the fill */
  BK_ORDER_REJECTED,   /* a child whose entry was refused when made */
  BK_ORDER_N_STATUS
} BkOrderStatus;

/* One order and its fate. */
typedef struct {
  guint64 ref;             /* 1, 2, ... in the order they were made */
  double created;          /* datetime of the bar that made it */
  BkOrderSide side;
  BkOrderType type;
  double size;             /* units, positive */
  double price;            /* limit, stop or trail level when made; NaN for market and close */
  double price_limit;      /* a stop-limit's limit; NaN otherwise */
  BkOrderStatus status;
  double executed;         /* datetime of the fill, NaN unless filled */
  double executed_price;
  double executed_size;
  double commission;
  const char *reason;      /* why it was canceled, refused or rejected (English), or NULL */
} BkOrder;

/* An entry as a strategy's rules ask for it at a bar's close. */
typedef struct {
  BkOrderSide side;
  BkOrderType type;        /* market, close, limit, stop or stoplimit */
  double size;             /* units, positive */
  double price;            /* limit or stop price (limit, stop, stoplimit) */
  double price_limit;      /* a stoplimit's limit */
  guint valid;             /* bars it waits; 0: until filled or canceled */
  double stop_loss;        /* NaN: none */
  double take_profit;      /* NaN: none */
  double trail_percent;    /* fraction, 0: none; a trailing stop instead of stop_loss */
  double trail_amount;     /* price units, 0 or NaN: none */
} BkEntry;

/* An order still waiting: the record and what trying it needs. */
typedef struct {
  BkOrder order;
  guint64 parent;          /* ref of the entry a child belongs to, 0 for an entry */
  gboolean checked;        /* its cash was checked, on the bar after the one that made it */
  gboolean active;         /* a child is live from the bar after its entry fills */
  gboolean activate;       /* its entry filled: live from the next bar */
  gboolean triggered;      /* a stop-limit's stop was reached */
  guint64 valid_bar;       /* expires on the bars after this one; 0: never */
  double pclose;           /* the close of the bar that made it */
  double dteos;            /* end of the day it was made (close orders) */
  double pannotated;       /* a close order's last close seen, NaN none */
  double trail_amount;
  double trail_percent;
  double level;            /* the stop price now (a trailing stop's follows the closes) */
  double remaining;        /* signed units still to fill */
} BkLiveOrder;

/* What the broker tells a listener as it decides an order's fate (see
 * bk_run_set_broker_func): a new status, a fill, a trade opened or
 * closed.  Records are the broker's, valid during the call only. */
typedef enum {
  BK_BROKER_EVENT_ORDER,        /* order->status is new: submitted, accepted, canceled, expired, margin, rejected */
  BK_BROKER_EVENT_FILL,         /* a fill of order: price, size, commission; status completed or partial */
  BK_BROKER_EVENT_TRADE_OPENED, /* trade */
  BK_BROKER_EVENT_TRADE_CLOSED, /* trade */
} BkBrokerEventKind;

typedef struct {
  BkBrokerEventKind kind;
  const BkOrder *order;
  const BkTrade *trade;
  BkOrderStatus status;    /* of the order after this event */
  double price;            /* a fill's price, size (units, positive) and commission */
  double size;
  double commission;
} BkBrokerEvent;

typedef struct _BkBroker BkBroker;
typedef void (*BkBrokerEventFunc) (const BkBroker *broker, const BkBrokerEvent *event, gpointer user_data);

#define BK_BROKER_MAX_LIVE 8
/* The history a mode 1 run keeps by default: the newest orders and trades. */
#define BK_BROKER_DEFAULT_KEEP 5000

struct _BkBroker {
  BkBrokerSettings settings;
  double start_cash;
  double cash;
  double commission;     /* fraction of traded value (settings.commission) */
  double position;       /* signed units held */
  double position_price; /* average fill price, NaN while flat */
  double value;          /* cash + position at the close */
  double bar_buy;        /* fill price of a buy on this bar, or NaN */
  double bar_sell;       /* fill price of a sell on this bar, or NaN */
  double bar_pnl;        /* pnl after commission of a trade closed on this bar, or NaN */
  guint64 bar;           /* bars begun, the current one counted */

  BkLiveOrder live[BK_BROKER_MAX_LIVE];  /* waiting orders, in the order they were made */
  guint n_live;
  guint64 n_orders;      /* orders made */
  guint64 status_count[BK_ORDER_N_STATUS];
  guint64 rejected;      /* orders the cash could not pay for (margin) */
  guint64 skipped;       /* entries of 0 units (or a size that is NaN or negative) not made */
  guint64 invalid_prices; /* entries not made: a limit, stop or exit price NaN or not positive */

  BkTrade open_trade;    /* valid while position != 0 */
  double open_comm;
  guint64 n_trades;      /* closed trades, all of them */
  guint64 n_long, n_short, n_won, n_lost;
  double gross_profit, gross_loss, largest_win, largest_loss;

  /* The history: in order once the run has ended (bk_broker_finish);
   * while it runs a bounded history is a ring. */
  GArray *orders;        /* BkOrder */
  GArray *trades;        /* BkTrade, closed trades in the order they closed */
  guint keep;            /* records of each kept; 0: all */
  guint64 dropped_orders;
  guint64 dropped_trades;
  BkBudget *budget;      /* where the history's memory is taken from, or NULL */
  guint64 budget_taken;
  gboolean over_budget;  /* the budget refused a record (kept all the same) */
  gboolean *stop;        /* raised with over_budget, or NULL */

  /* Running statistics of the value at each close. */
  guint64 bars;
  double first_datetime;
  double last_datetime;

  BkAnalyzers *analyzers;  /* backtrader's analyzers, fed at each bar's end and trade */

  /* Told of every order's fate and every trade, or NULL: unset, the
   * broker pays one branch where a fate is decided, none per bar. */
  BkBrokerEventFunc event_func;
  gpointer event_data;
};

typedef struct {
  double start_cash;
  double final_value;
  double final_cash;
  double position;
  double total_return;        /* fraction */
  double annual_return;       /* fraction, over the calendar span of the data */
  double max_drawdown;        /* fraction of the peak value */
  guint64 max_drawdown_bars;
  double sharpe;              /* the analyzers' SharpeRatio: daily returns, 252 days a year, no risk-free rate */
  guint n_trades;             /* closed trades */
  double win_rate;            /* fraction of closed trades won: pnl after commission >= 0 (TradeAnalyzer) */
  double profit_factor;       /* gross profit / gross loss, after commission */
  guint64 rejected_orders;    /* orders the cash could not pay for */
  guint64 n_orders;
  guint64 status_count[BK_ORDER_N_STATUS];
  guint64 skipped_entries;
  guint64 invalid_prices;
  guint64 n_long, n_short, n_won, n_lost;
  double largest_win, largest_loss;
  guint64 dropped_orders, dropped_trades;
} BkResults;

/* A broker with `settings` (NULL: backtrader's defaults) that keeps the
 * newest `keep` orders and trades (0: all of them). */
void bk_broker_init (BkBroker *broker, const BkBrokerSettings *settings, guint keep);
void bk_broker_clear (BkBroker *broker);
/* Takes each history record's memory from `budget` (NULL: none) from now
 * on; bk_broker_clear gives it back.  A refusal raises over_budget and
 * *stop (a run's flag that it looks at every bar; may be NULL). */
void bk_broker_set_budget (BkBroker *broker, BkBudget *budget, gboolean *stop);
/* Start of a bar (its stored prices): forget the previous bar's marks,
 * activate, expire and try the waiting orders. */
void bk_broker_begin_bar (BkBroker *broker, const BkBar *bar);
/* End of a bar: value the position at the close, update the statistics. */
void bk_broker_end_bar (BkBroker *broker, double datetime, double close);
/* The history in order, and no more a ring; call it when the run ends. */
void bk_broker_finish (BkBroker *broker);
void bk_broker_get_results (const BkBroker *broker, BkResults *results);
/* Its analyzers; at the end of a run, their results.  NULL once dropped:
 * a broker without them saves their work at every bar. */
const BkAnalyzers *bk_broker_get_analyzers (const BkBroker *broker);
void bk_broker_drop_analyzers (BkBroker *broker);
/* Bars since the open trade's first fill (0 on the fill bar), NaN while flat. */
double bk_broker_get_bars_held (const BkBroker *broker);
/* The bytes the history holds now (what it took from the budget). */
guint64 bk_broker_get_history_bytes (const BkBroker *broker);

/* Orders, made at the close of the bar `datetime` whose close is `close`
 * (bk-orders.c).  The next bar checks each against the cash before any
 * fill, at its own price, as backtrader's check_submitted. */
gboolean bk_broker_has_waiting_entry (const BkBroker *broker);
/* `size` rounded down to whole lots (whole units, unless fractional);
 * NaN and negative sizes give 0. */
double bk_broker_round_size (const BkBroker *broker, double size);
/* Cancels the waiting entry and its children. */
void bk_broker_cancel_entry (BkBroker *broker);
/* Cancels the children of the position's entry (its stop, target, trail). */
void bk_broker_cancel_children (BkBroker *broker);
/* An entry and its children; `entry->size` units (a reversal's size
 * counts the position it turns). */
void bk_broker_submit (BkBroker *broker, const BkEntry *entry, double datetime, double close);
/* A market order that closes the position, after cancelling its children. */
void bk_broker_close (BkBroker *broker, double datetime, double close);

const char *bk_order_status_name (BkOrderStatus status);
const char *bk_order_type_name (BkOrderType type);

G_END_DECLS
