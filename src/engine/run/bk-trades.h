/* bk-trades.h — the broker's orders and trades as JSON, in the form of
 * the backtrader reference corpus: orders in the order they were made,
 * each with its fate; closed trades in the order they closed; the trade
 * still open at the end (closed null), or null. */
#pragma once

#include <json-glib/json-glib.h>

#include "bk-broker.h"

G_BEGIN_DECLS

/* A date as the orders and trades have it ("1996-05-15", with a time of
 * day where the data has one), or null for NaN. */
void bk_json_object_set_datetime (JsonObject *object, const char *member, double datetime, gboolean with_time);
/* One order or trade as the arrays have it (and the --events lines). */
JsonObject *bk_order_to_json (const BkOrder *order, gboolean with_time);
JsonObject *bk_trade_to_json (const BkTrade *trade, gboolean with_time);
JsonArray *bk_broker_orders_to_json (const BkBroker *broker, gboolean with_time);
JsonArray *bk_broker_trades_to_json (const BkBroker *broker, gboolean with_time);
JsonNode *bk_broker_open_trade_to_json (const BkBroker *broker, gboolean with_time);

G_END_DECLS
