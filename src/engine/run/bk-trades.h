/* bk-trades.h — the broker's orders and trades as JSON, in the form of
 * the backtrader reference corpus: orders in the order they were made,
 * each with its fate; closed trades in the order they closed; the trade
 * still open at the end (closed null), or null. */
#pragma once

#include <json-glib/json-glib.h>

#include "bk-broker.h"

G_BEGIN_DECLS

JsonArray *bk_broker_orders_to_json (const BkBroker *broker, gboolean with_time);
JsonArray *bk_broker_trades_to_json (const BkBroker *broker, gboolean with_time);
JsonNode *bk_broker_open_trade_to_json (const BkBroker *broker, gboolean with_time);

G_END_DECLS
