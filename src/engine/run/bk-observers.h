/* bk-observers.h — the three observers backtrader adds by default:
 * Broker (cash, value), BuySell (buy, sell), Trades (pnlplus, pnlminus).
 * They read the BkBroker set as the graph's context. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

gboolean bk_observers_add_defaults (BkGraph *graph, GError **error);

typedef enum {
  BK_OBSERVER_NONE,
  BK_OBSERVER_BROKER,
  BK_OBSERVER_BUYSELL,
  BK_OBSERVER_TRADES,
} BkObserverKind;

/* Which of the default observers `node` is, by its descriptor. */
BkObserverKind bk_observer_get_kind (const BkNode *node);

G_END_DECLS
