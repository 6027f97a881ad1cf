/* bk-observers.h — the observers backtrader adds by default: Broker (cash,
 * value), BuySell (buy, sell), Trades (pnlplus, pnlminus); and what a
 * strategy's orders need beside them.  A strategy that may go short gets
 * BuySell's short and cover lines and the Trades' short line (the profit
 * or loss of a short closed on the bar); one whose entries wait (limit,
 * stop, stop-limit) or carry a stop, target or trail gets Orders: entry
 * (the price of the entry waiting at the close), stop and target (those
 * of the open position), NaN when there is none.  A strategy without
 * them has only the three lines each of the defaults have.  They read the
 * BkBroker set as the graph's context. */
#pragma once

#include "bk-graph.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

gboolean bk_observers_add_defaults (BkGraph *graph, GError **error);
/* The observers for the strategy `build` describes (NULL: the defaults). */
gboolean bk_observers_add (BkGraph *graph, const BkStrategyBuild *build, GError **error);

typedef enum {
  BK_OBSERVER_NONE,
  BK_OBSERVER_BROKER,
  BK_OBSERVER_BUYSELL,
  BK_OBSERVER_TRADES,
  BK_OBSERVER_ORDERS,
} BkObserverKind;

/* BuySell's lines: fill prices on the bar, NaN without one.  A buy that
 * covers a short and goes long (a reversal) is both a cover and a buy. */
typedef enum {
  BK_BUYSELL_BUY,
  BK_BUYSELL_SELL,
  BK_BUYSELL_SHORT,   /* with short rules only */
  BK_BUYSELL_COVER,
} BkBuySellLine;

/* Trades' lines: pnlplus, pnlminus (every trade, as backtrader's) and,
 * with short rules, short. */
typedef enum {
  BK_TRADES_PLUS,
  BK_TRADES_MINUS,
  BK_TRADES_SHORT,
} BkTradesLine;

/* Orders' lines, price levels at the bar's close. */
typedef enum {
  BK_ORDERS_ENTRY,
  BK_ORDERS_STOP,
  BK_ORDERS_TARGET,
} BkOrdersLine;

/* Which observer `node` is, by its descriptor. */
BkObserverKind bk_observer_get_kind (const BkNode *node);

G_END_DECLS
