/* bk-broker-private.h — what the broker's files share: the history, the
 * commission and the trades a fill opens and closes. */
#pragma once

#include "bk-broker.h"

G_BEGIN_DECLS

/* A new order's record, appended to the history; returns its ref. */
guint64 bk_broker_record_order (BkBroker *broker, const BkOrder *order);
/* Writes a changed order back to its record, if the history still has it. */
void bk_broker_update_order (BkBroker *broker, const BkOrder *order);
/* The commission of `size` units (signed: a sale is negative) at `price`:
 * fraction and per-unit parts, at least commission_min, stamp duty on a
 * sale on top. */
double bk_broker_commission (const BkBroker *broker, double size, double price);
/* The open trade takes a fill of `size` signed units that reduces it
 * (closes it: this broker never reduces a trade in part), or opens one. */
void bk_broker_trade_close (BkBroker *broker, double datetime, double price, double commission);
void bk_broker_trade_open (BkBroker *broker, double datetime, double size, double price, double commission);

/* Tells the listener; call only where broker->event_func is set. */
void bk_broker_emit (const BkBroker *broker, BkBrokerEventKind kind, const BkOrder *order, const BkTrade *trade);

G_END_DECLS
