/* bk-broker.c — the broker's account. */
#include "bk-broker.h"

#include <math.h>

void
bk_broker_init (BkBroker *broker, double cash, double commission)
{
  *broker = (BkBroker) {
    .start_cash = cash,
    .cash = cash,
    .commission = commission,
    .value = cash,
  };
  bk_broker_begin_bar (broker);
}

void
bk_broker_begin_bar (BkBroker *broker)
{
  broker->bar_buy = NAN;
  broker->bar_sell = NAN;
  broker->bar_pnl = NAN;
}

void
bk_broker_mark_to_market (BkBroker *broker, double close)
{
  broker->value = broker->position != 0.0 ? broker->cash + broker->position * close : broker->cash;
}
