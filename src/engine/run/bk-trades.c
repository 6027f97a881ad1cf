/* bk-trades.c — the broker's history of orders and trades as JSON, in
 * the form of the backtrader reference corpus (tests/data/reference/orders)
 * that `barkeep-cli run --json` also writes. */
#include "bk-trades.h"

#include <math.h>

void
bk_json_object_set_datetime (JsonObject *object, const char *member, double datetime, gboolean with_time)
{
  char text[32];

  if (isnan (datetime))
    {
      json_object_set_null_member (object, member);
      return;
    }
  bk_format_datetime (datetime, with_time, text);
  json_object_set_string_member (object, member, text);
}

/* A number, or null where there is none. */
static void
set_number (JsonObject *object, const char *member, double value)
{
  if (isfinite (value))
    json_object_set_double_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

JsonObject *
bk_order_to_json (const BkOrder *order, gboolean with_time)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "ref", order->ref);
  bk_json_object_set_datetime (o, "created", order->created, with_time);
  json_object_set_string_member (o, "side", order->side == BK_ORDER_BUY ? "buy" : "sell");
  json_object_set_string_member (o, "type", bk_order_type_name (order->type));
  json_object_set_double_member (o, "size", order->size);
  set_number (o, "price", order->price);
  set_number (o, "price_limit", order->price_limit);
  json_object_set_string_member (o, "status", bk_order_status_name (order->status));
  bk_json_object_set_datetime (o, "executed", order->executed, with_time);
  set_number (o, "executed_price", order->executed_price);
  set_number (o, "executed_size", order->executed_size);
  set_number (o, "commission", order->commission);
  if (order->reason != NULL)
    json_object_set_string_member (o, "reason", order->reason);
  else
    json_object_set_null_member (o, "reason");
  return o;
}

JsonArray *
bk_broker_orders_to_json (const BkBroker *broker, gboolean with_time)
{
  JsonArray *array = json_array_new ();
  guint n = broker->orders->len;

  for (guint i = 0; i < n; i++)
    {
      const BkOrder *order = &g_array_index (broker->orders, BkOrder, i);
      gint live = -1;

      /* A waiting order's record is as it was made; the book has it now. */
      for (guint j = 0; j < broker->n_live; j++)
        if (broker->live[j].order.ref == order->ref)
          live = j;
      json_array_add_object_element (array, bk_order_to_json (live >= 0 ? &broker->live[live].order : order,
                                                              with_time));
    }
  return array;
}

JsonObject *
bk_trade_to_json (const BkTrade *trade, gboolean with_time)
{
  JsonObject *o = json_object_new ();

  json_object_set_boolean_member (o, "long", trade->is_long);
  json_object_set_double_member (o, "size", trade->size);
  bk_json_object_set_datetime (o, "opened", trade->open_datetime, with_time);
  bk_json_object_set_datetime (o, "closed", trade->close_datetime, with_time);
  set_number (o, "open_price", trade->open_price);
  set_number (o, "close_price", trade->close_price);
  set_number (o, "pnl", trade->pnl);
  set_number (o, "pnlcomm", trade->pnl_comm);
  set_number (o, "commission", trade->commission);
  json_object_set_int_member (o, "bars", trade->bars);
  return o;
}

JsonArray *
bk_broker_trades_to_json (const BkBroker *broker, gboolean with_time)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < broker->trades->len; i++)
    json_array_add_object_element (array, bk_trade_to_json (&g_array_index (broker->trades, BkTrade, i), with_time));
  return array;
}

JsonNode *
bk_broker_open_trade_to_json (const BkBroker *broker, gboolean with_time)
{
  if (broker->position == 0.0)
    return json_node_new (JSON_NODE_NULL);
  /* backtrader's open trade as its last update left it: no pnl yet, its
   * commission the entry's, its barlen 0. */
  BkTrade open = broker->open_trade;
  open.pnl = 0.0;
  open.pnl_comm = -open.commission;
  open.bars = 0;
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, bk_trade_to_json (&open, with_time));
  return node;
}
