/* bk-observers.c — Broker, BuySell and Trades observers. */
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
  bk_node_out (node, 0, node_broker (node)->bar_buy);
  bk_node_out (node, 1, node_broker (node)->bar_sell);
}

static void
trades_next (BkNode *node)
{
  double pnl = node_broker (node)->bar_pnl;

  bk_node_out (node, 0, pnl >= 0.0 ? pnl : NAN);
  bk_node_out (node, 1, pnl < 0.0 ? pnl : NAN);
}

/* In the order of BkObserverKind, from BK_OBSERVER_BROKER. */
static const BkIndicatorDesc observer_descs[] = {
  { .name = "Broker", .n_outputs = 2, .outputs = { "cash", "value" }, .next = broker_next },
  { .name = "BuySell", .n_outputs = 2, .outputs = { "buy", "sell" }, .pane = BK_PANE_PRICE,
    .next = buysell_next },
  { .name = "Trades", .n_outputs = 2, .outputs = { "pnlplus", "pnlminus" }, .next = trades_next },
};

gboolean
bk_observers_add_defaults (BkGraph *graph, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (observer_descs); i++)
    {
      BkNode *node = bk_graph_add_primitive (graph, NULL, BK_ROLE_OBSERVER, &observer_descs[i],
                                             NULL, 0, g_strdup (observer_descs[i].name), error);
      if (node == NULL)
        return FALSE;
      bk_node_set_name (node, observer_descs[i].name);
    }
  return TRUE;
}

BkObserverKind
bk_observer_get_kind (const BkNode *node)
{
  for (guint i = 0; i < G_N_ELEMENTS (observer_descs); i++)
    if (node->desc == &observer_descs[i])
      return BK_OBSERVER_BROKER + i;
  return BK_OBSERVER_NONE;
}
