/* bk-results-panel.h — a finished run's results in the Run view: the
 * broker's summary (value, returns, drawdown, Sharpe, win rate, profit
 * factor), and on pages of their own the closed trades (long or short),
 * every order with its fate, and backtrader's analyzers; activating a
 * trade or an order asks for it on the chart ("show-trade"). */
#pragma once

#include <gtk/gtk.h>

#include "bk-broker.h"
#include "bk-run.h"

G_BEGIN_DECLS

#define BK_TYPE_TRADE_ITEM (bk_trade_item_get_type ())
G_DECLARE_FINAL_TYPE (BkTradeItem, bk_trade_item, BK, TRADE_ITEM, GObject)

const BkTrade *bk_trade_item_get_trade (BkTradeItem *self);
/* The style class of the trade's P&L cell, before or after commission:
 * "success" for a gain, "error" for a loss, NULL for none (by its own
 * sign, as the cell shows it). */
const char *bk_trade_item_get_css_class (BkTradeItem *self, gboolean after_commission);

#define BK_TYPE_ORDER_ITEM (bk_order_item_get_type ())
G_DECLARE_FINAL_TYPE (BkOrderItem, bk_order_item, BK, ORDER_ITEM, GObject)

const BkOrder *bk_order_item_get_order (BkOrderItem *self);

#define BK_TYPE_RESULTS_PANEL (bk_results_panel_get_type ())
G_DECLARE_FINAL_TYPE (BkResultsPanel, bk_results_panel, BK, RESULTS_PANEL, GtkWidget)

/* Shows a finished run's results, or none when NULL.  Out of sight the
 * panel keeps a reference and reads the run when it is next mapped or
 * asked for a value or a list.  The lists' rows are items rewritten in
 * place by the next run (each emits "changed"); NULL hides them and keeps
 * them for it. */
void bk_results_panel_set_run (BkResultsPanel *self, BkRun *run);
/* Whether a run waits, unread, for the panel to be shown. */
gboolean bk_results_panel_is_pending (BkResultsPanel *self);

/* What the summary shows for "final-value", "total-return",
 * "annual-return", "max-drawdown", "sharpe", "trades", "win-rate" or
 * "profit-factor", or the analyzers' page for "trades-closed",
 * "trades-long", "trades-short", "net-long", "net-short", "largest-win",
 * "largest-loss", "streaks", "average-bars", "max-moneydown",
 * "returns-total", "returns-annual", "year-YYYY", "sqn" or "exposure";
 * NULL when nothing is shown. */
const char *bk_results_panel_get_value (BkResultsPanel *self, const char *key);
/* The trades listed, BkTradeItem. */
GListModel *bk_results_panel_get_trades (BkResultsPanel *self);
/* The orders listed, BkOrderItem, in the order they were made. */
GListModel *bk_results_panel_get_orders (BkResultsPanel *self);

/* An order's type and status in the reader's words, as the orders table
 * (and the events list) shows them. */
const char *bk_order_type_text (BkOrderType type);
const char *bk_order_status_text (BkOrderStatus status);

G_END_DECLS
