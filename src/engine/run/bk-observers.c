/* bk-observers.c — Broker, BuySell, Trades and Orders observers. */
#include "bk-observers.h"

#include "bk-broker.h"
#include "bk-graph-private.h"

static inline const BkBroker *
node_broker (BkNode *node)
{
  return bk_graph_get_context (node->graph);
}

static void
broker_next (BkNode *node)
{
  bk_node_out (node, 0, node_broker (node)->cash);
  bk_node_out (node, 1, node_broker (node)->value);
}

static void
buysell_next (BkNode *node)
{
  bk_node_out (node, BK_BUYSELL_BUY, node_broker (node)->bar_buy);
  bk_node_out (node, BK_BUYSELL_SELL, node_broker (node)->bar_sell);
}

static void
trades_next (BkNode *node)
{
  double pnl = node_broker (node)->bar_pnl;

  bk_node_out (node, BK_TRADES_PLUS, pnl >= 0.0 ? pnl : NAN);
  bk_node_out (node, BK_TRADES_MINUS, pnl < 0.0 ? pnl : NAN);
}

/* What the long and short observers keep: the position at the last bar's
 * close, which tells what this bar's fills did. */
typedef struct {
  double position;
} SidesState;

/* A buy that leaves a long is a buy (a reversal's too), one from a short
 * a cover; a sell from a long is a sell, one that leaves a short a short. */
static void
buysell_sides_next (BkNode *node)
{
  const BkBroker *broker = node_broker (node);
  SidesState *state = BK_NODE_STATE (node, SidesState);
  double before = state->position, after = broker->position;
  double buy = broker->bar_buy, sell = broker->bar_sell;
  gboolean cover = before < 0.0, short_sale = after < 0.0;
  gboolean long_buy = after > 0.0 || !cover, long_sell = before > 0.0 || !short_sale;

  bk_node_out (node, BK_BUYSELL_BUY, long_buy ? buy : NAN);
  bk_node_out (node, BK_BUYSELL_SELL, long_sell ? sell : NAN);
  bk_node_out (node, BK_BUYSELL_SHORT, short_sale ? sell : NAN);
  bk_node_out (node, BK_BUYSELL_COVER, cover ? buy : NAN);
  state->position = after;
}

/* A trade closed on the bar was short when the position before the bar
 * was (a reversal closes the one it turns). */
static void
trades_sides_next (BkNode *node)
{
  const BkBroker *broker = node_broker (node);
  SidesState *state = BK_NODE_STATE (node, SidesState);
  double pnl = broker->bar_pnl;

  trades_next (node);
  bk_node_out (node, BK_TRADES_SHORT, state->position < 0.0 ? pnl : NAN);
  state->position = broker->position;
}

/* The waiting entry's price (a triggered stop-limit's limit), and the
 * open position's stop (a trail's level now) and target; NaN for none.  A
 * market or close entry has no price to show. */
static void
orders_next (BkNode *node)
{
  const BkBroker *broker = node_broker (node);
  double entry = NAN, stop = NAN, target = NAN;

  for (guint i = 0; i < broker->n_live; i++)
    {
      const BkLiveOrder *live = &broker->live[i];

      if (live->parent != 0)
        continue;
      if (live->order.type == BK_ORDER_STOPLIMIT && live->triggered)
        entry = live->order.price_limit;
      else if (live->order.type != BK_ORDER_MARKET && live->order.type != BK_ORDER_CLOSE)
        entry = live->level;
    }
  for (guint i = 0; i < broker->n_live && broker->position != 0.0; i++)
    {
      const BkLiveOrder *live = &broker->live[i];

      /* A waiting entry's children are not the position's: they become
       * active once it fills. */
      if (live->parent == 0 || (!live->active && !live->activate))
        continue;
      if (live->order.type == BK_ORDER_LIMIT)
        target = live->level;
      else
        stop = live->level;
    }
  bk_node_out (node, BK_ORDERS_ENTRY, entry);
  bk_node_out (node, BK_ORDERS_STOP, stop);
  bk_node_out (node, BK_ORDERS_TARGET, target);
}

/* In the order of BkObserverKind, from BK_OBSERVER_BROKER. */
static const BkIndicatorDesc observer_descs[] = {
  { .name = "Broker", .n_outputs = 2, .outputs = { "cash", "value" }, .next = broker_next },
  { .name = "BuySell", .n_outputs = 2, .outputs = { "buy", "sell" }, .pane = BK_PANE_PRICE,
    .next = buysell_next },
  { .name = "Trades", .n_outputs = 2, .outputs = { "pnlplus", "pnlminus" }, .next = trades_next },
  { .name = "Orders", .n_outputs = 3, .outputs = { "entry", "stop", "target" }, .pane = BK_PANE_PRICE,
    .next = orders_next },
};

/* BuySell and Trades of a strategy that may go short. */
static const BkIndicatorDesc buysell_sides_desc = {
  .name = "BuySell", .n_outputs = 4, .outputs = { "buy", "sell", "short", "cover" }, .pane = BK_PANE_PRICE,
  .state_cells = BK_STATE_CELLS (SidesState), .next = buysell_sides_next,
};
static const BkIndicatorDesc trades_sides_desc = {
  .name = "Trades", .n_outputs = 3, .outputs = { "pnlplus", "pnlminus", "short" },
  .state_cells = BK_STATE_CELLS (SidesState), .next = trades_sides_next,
};

static gboolean
add_observer (BkGraph *graph, const BkIndicatorDesc *desc, GError **error)
{
  BkNode *node = bk_graph_add_primitive (graph, NULL, BK_ROLE_OBSERVER, desc, NULL, 0, g_strdup (desc->name), error);

  if (node == NULL)
    return FALSE;
  bk_node_set_name (node, desc->name);
  return TRUE;
}

/* Entries that wait at a price, or carry a stop, target or trail. */
static gboolean
build_has_levels (const BkStrategyBuild *build)
{
  return build->entry == BK_ENTRY_LIMIT || build->entry == BK_ENTRY_STOP || build->entry == BK_ENTRY_STOPLIMIT
         || build->has_stop_loss || build->has_take_profit || build->trail_percent > 0 || build->has_trail_amount;
}

gboolean
bk_observers_add (BkGraph *graph, const BkStrategyBuild *build, GError **error)
{
  gboolean sides = build != NULL && (build->has_rule[BK_RULE_SHORT] || build->has_rule[BK_RULE_COVER]);

  if (!add_observer (graph, &observer_descs[0], error)
      || !add_observer (graph, sides ? &buysell_sides_desc : &observer_descs[1], error)
      || !add_observer (graph, sides ? &trades_sides_desc : &observer_descs[2], error))
    return FALSE;
  if (build != NULL && build_has_levels (build))
    return add_observer (graph, &observer_descs[3], error);
  return TRUE;
}

gboolean
bk_observers_add_defaults (BkGraph *graph, GError **error)
{
  return bk_observers_add (graph, NULL, error);
}

BkObserverKind
bk_observer_get_kind (const BkNode *node)
{
  if (node->desc == &buysell_sides_desc)
    return BK_OBSERVER_BUYSELL;
  if (node->desc == &trades_sides_desc)
    return BK_OBSERVER_TRADES;
  for (guint i = 0; i < G_N_ELEMENTS (observer_descs); i++)
    if (node->desc == &observer_descs[i])
      return BK_OBSERVER_BROKER + i;
  return BK_OBSERVER_NONE;
}
