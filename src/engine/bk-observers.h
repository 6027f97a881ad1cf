/* bk-observers.h — the three observers backtrader adds by default:
 * Broker (cash, value), BuySell (buy, sell), Trades (pnlplus, pnlminus).
 * They read the BkBroker set as the graph's context. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

gboolean bk_observers_add_defaults (BkGraph *graph, GError **error);

G_END_DECLS
