/* bk-broker.h — cash, position and what happened on the current bar.
 *
 * The observers read it after every bar.  Orders and trades arrive with
 * strategy rules; without them the broker holds its cash and the marks
 * stay NaN. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double start_cash;
  double cash;
  double commission;     /* fraction of traded value */
  double position;       /* units held */
  double value;          /* cash + position at the close */
  double bar_buy;        /* fill price of a buy on this bar, or NaN */
  double bar_sell;       /* fill price of a sell on this bar, or NaN */
  double bar_pnl;        /* pnl after commission of a trade closed on this bar, or NaN */
} BkBroker;

void bk_broker_init (BkBroker *broker, double cash, double commission);
/* Start of a bar: forget the previous bar's marks. */
void bk_broker_begin_bar (BkBroker *broker);
/* End of a bar: value the position at the close. */
void bk_broker_mark_to_market (BkBroker *broker, double close);

G_END_DECLS
