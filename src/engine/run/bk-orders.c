/* bk-orders.c — the order book and its fills, as backtrader's BackBroker
 * (bbroker.py: submit, check_submitted, _execute, _try_exec_*, _slip_*,
 * _bracketize) and Order (order.py: expire, trailadjust) do them. */
#include "bk-broker-private.h"

#include <math.h>

static const char *const status_names[BK_ORDER_N_STATUS] = {
  "submitted", "accepted", "partial", "completed", "canceled", "expired", "margin", "rejected",
};

static const char *const type_names[] = {
  "market", "close", "limit", "stop", "stoplimit", "stoptrail",
};

const char *
bk_order_status_name (BkOrderStatus status)
{
  g_return_val_if_fail (status < BK_ORDER_N_STATUS, NULL);
  return status_names[status];
}

const char *
bk_order_type_name (BkOrderType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), NULL);
  return type_names[type];
}

static inline gboolean
is_buy (const BkLiveOrder *live)
{
  return live->order.side == BK_ORDER_BUY;
}

static gint
live_find (const BkBroker *broker, guint64 ref)
{
  for (guint i = 0; i < broker->n_live; i++)
    if (broker->live[i].order.ref == ref)
      return i;
  return -1;
}

/* The order at `index` reaches a final status and leaves the book. */
static void
live_finish (BkBroker *broker, guint index, BkOrderStatus status, const char *reason)
{
  BkOrder *order = &broker->live[index].order;

  order->status = status;
  if (reason != NULL)
    order->reason = reason;
  bk_broker_update_order (broker, order);
  /* A completed order was told of by its fill. */
  if (G_UNLIKELY (broker->event_func != NULL) && status != BK_ORDER_COMPLETED)
    bk_broker_emit (broker, BK_BROKER_EVENT_ORDER, order, NULL);
  broker->status_count[status]++;
  if (status == BK_ORDER_MARGIN)
    broker->rejected++;
  broker->n_live--;
  memmove (&broker->live[index], &broker->live[index + 1], (broker->n_live - index) * sizeof (BkLiveOrder));
}

/* _bracketize(cancel=True): the other orders of `ref`'s bracket go. */
static void
cancel_bracket (BkBroker *broker, guint64 ref, guint64 parent, const char *reason)
{
  guint64 leader = parent != 0 ? parent : ref;

  for (guint i = 0; i < broker->n_live;)
    {
      BkLiveOrder *live = &broker->live[i];
      if (live->order.ref != ref && (live->order.ref == leader || live->parent == leader))
        live_finish (broker, i, BK_ORDER_CANCELED, reason);
      else
        i++;
    }
}

/* ---- making orders ------------------------------------------------------ */

double
bk_broker_round_size (const BkBroker *broker, double size)
{
  if (!(size > 0) || isinf (size))
    return 0.0;
  if (broker->settings.lot > 1)
    return floor (size / broker->settings.lot) * broker->settings.lot;
  return broker->settings.fractional ? size : floor (size);
}

/* An order waiting that is not a child of another (an entry, an exit, a
 * reversal) on `side`, or on either (BK_ORDER_NONE). */
static gboolean
has_waiting_parent (const BkBroker *broker, BkOrderSide side)
{
  for (guint i = 0; i < broker->n_live; i++)
    if (broker->live[i].parent == 0 && (side == BK_ORDER_NONE || broker->live[i].order.side == side))
      return TRUE;
  return FALSE;
}

gboolean
bk_broker_has_waiting_entry (const BkBroker *broker)
{
  return has_waiting_parent (broker, BK_ORDER_NONE);
}

void
bk_broker_cancel_entry (BkBroker *broker)
{
  for (guint i = 0; i < broker->n_live; i++)
    if (broker->live[i].parent == 0)
      {
        guint64 ref = broker->live[i].order.ref;
        live_finish (broker, i, BK_ORDER_CANCELED, "replaced");
        cancel_bracket (broker, ref, 0, "parent canceled");
        return;
      }
}

void
bk_broker_cancel_children (BkBroker *broker)
{
  for (guint i = 0; i < broker->n_live;)
    if (broker->live[i].parent != 0)
      live_finish (broker, i, BK_ORDER_CANCELED, "exit");
    else
      i++;
}

/* Cash after a pseudo-execution of `size` units at `price` (backtrader's
 * _execute with ago=None): the part that reduces the position returns its
 * value, the part that opens one pays for it, each its commission. */
static double
pseudo_execute (const BkBroker *broker, double cash, double *position, double size, double price)
{
  double pos = *position;
  double closed = 0.0, opened = size;

  if (pos != 0.0 && (pos > 0) != (size > 0))
    {
      closed = size > 0 ? MIN (size, -pos) : MAX (size, -pos);
      opened = size - closed;
    }
  if (closed != 0.0)
    cash += -closed * price - bk_broker_commission (broker, closed, price);
  if (opened != 0.0)
    cash -= opened * price + bk_broker_commission (broker, opened, price);
  *position = pos + size;
  return cash;
}

/* The price the cash check uses: the order's own, a market or close order
 * at the close it was made on (backtrader's created.price). */
static double
check_price (const BkLiveOrder *live)
{
  return isnan (live->level) ? live->pclose : live->level;
}

static BkLiveOrder *
make_order (BkBroker *broker, BkOrderSide side, BkOrderType type, double size, double price,
            double price_limit, double datetime, double close)
{
  g_return_val_if_fail (broker->n_live < BK_BROKER_MAX_LIVE, NULL);
  BkLiveOrder *live = &broker->live[broker->n_live++];

  *live = (BkLiveOrder) {
    .order = {
      .created = datetime,
      .side = side,
      .type = type,
      .size = size,
      .price = price,
      .price_limit = price_limit,
      .status = BK_ORDER_SUBMITTED,
      .executed = NAN,
      .executed_price = NAN,
      .executed_size = NAN,
      .commission = NAN,
    },
    .active = TRUE,
    .pclose = close,
    .dteos = floor (datetime / 86400.0) * 86400.0 + 86400.0 - 1e-6,
    .pannotated = NAN,
    .level = price,
    .remaining = side == BK_ORDER_BUY ? size : -size,
  };
  live->order.ref = bk_broker_record_order (broker, &live->order);
  return live;
}

/* A child's trailing stop: its level from the close it was made on. */
static void
trail_adjust (BkLiveOrder *live, double close)
{
  double amount = live->trail_amount > 0 ? live->trail_amount : close * live->trail_percent;

  if (is_buy (live))
    {
      if (close + amount < live->level)
        live->level = close + amount;
    }
  else if (close - amount > live->level)
    live->level = close - amount;
}

void
bk_broker_submit (BkBroker *broker, const BkEntry *entry, double datetime, double close)
{
  gboolean has_price = entry->type == BK_ORDER_LIMIT || entry->type == BK_ORDER_STOP
                       || entry->type == BK_ORDER_STOPLIMIT;
  BkOrderSide exit_side = entry->side == BK_ORDER_BUY ? BK_ORDER_SELL : BK_ORDER_BUY;
  gboolean trail = entry->trail_percent > 0 || entry->trail_amount > 0;
  guint first = broker->n_live;

  BkLiveOrder *parent = make_order (broker, entry->side, entry->type, entry->size,
                                    has_price ? entry->price : NAN,
                                    entry->type == BK_ORDER_STOPLIMIT ? entry->price_limit : NAN, datetime, close);
  parent->valid_bar = entry->valid > 0 ? broker->bar + entry->valid : 0;
  guint64 ref = parent->order.ref;

  if (trail || !isnan (entry->stop_loss))
    {
      BkLiveOrder *stop = make_order (broker, exit_side, trail ? BK_ORDER_STOPTRAIL : BK_ORDER_STOP, entry->size,
                                      trail ? -INFINITY : entry->stop_loss, NAN, datetime, close);
      stop->parent = ref;
      stop->active = FALSE;
      if (trail)
        {
          stop->trail_amount = entry->trail_amount > 0 ? entry->trail_amount : 0.0;
          stop->trail_percent = entry->trail_percent;
          stop->level = exit_side == BK_ORDER_BUY ? INFINITY : -INFINITY;
          trail_adjust (stop, close);
          stop->order.price = stop->level;
          bk_broker_update_order (broker, &stop->order);
        }
    }
  if (!isnan (entry->take_profit))
    {
      BkLiveOrder *limit = make_order (broker, exit_side, BK_ORDER_LIMIT, entry->size, entry->take_profit, NAN,
                                       datetime, close);
      limit->parent = ref;
      limit->active = FALSE;
    }
  /* Told once the entry and its children are whole (a trail's level set). */
  if (G_UNLIKELY (broker->event_func != NULL))
    for (guint i = first; i < broker->n_live; i++)
      bk_broker_emit (broker, BK_BROKER_EVENT_ORDER, &broker->live[i].order, NULL);
}

/* check_submitted: each order made on the bar before, in turn, against
 * the cash the ones before it leave, on a copy of the position.  A
 * refused entry takes its children with it (rejected: their parent is
 * gone). */
static void
check_submitted (BkBroker *broker)
{
  double cash = broker->cash, position = broker->position;

  for (guint i = 0; i < broker->n_live;)
    {
      BkLiveOrder *live = &broker->live[i];

      if (live->checked)
        {
          i++;
          continue;
        }
      live->checked = TRUE;
      live->order.status = BK_ORDER_ACCEPTED;
      cash = pseudo_execute (broker, cash, &position, live->remaining, check_price (live));
      if (cash >= 0.0)
        {
          if (G_UNLIKELY (broker->event_func != NULL))
            bk_broker_emit (broker, BK_BROKER_EVENT_ORDER, &live->order, NULL);
          i++;
          continue;
        }
      guint64 ref = live->order.ref, parent = live->parent;
      live_finish (broker, i, BK_ORDER_MARGIN, "cash at submission");
      for (guint j = i; j < broker->n_live;)
        {
          BkLiveOrder *other = &broker->live[j];
          if (!other->checked && other->parent == (parent != 0 ? parent : ref))
            live_finish (broker, j, BK_ORDER_REJECTED, "parent margin");
          else
            j++;
        }
    }
}

void
bk_broker_close (BkBroker *broker, double datetime, double close)
{
  BkEntry entry = {
    .side = broker->position > 0 ? BK_ORDER_SELL : BK_ORDER_BUY,
    .type = BK_ORDER_MARKET,
    .size = fabs (broker->position),
    .stop_loss = NAN,
    .take_profit = NAN,
  };

  if (broker->position == 0.0)
    return;
  /* One exit at a time: a market order fills only after the time it was
   * made at, so a tick that repeats that time (a replayed day) finds the
   * last one still waiting. */
  if (has_waiting_parent (broker, entry.side))
    return;
  bk_broker_cancel_children (broker);
  bk_broker_submit (broker, &entry, datetime, close);
}

/* ---- fills -------------------------------------------------------------- */

typedef struct {
  double datetime;
  double open, high, low, close;
} Prices;

static double
slip_up (const BkBroker *broker, double pmax, double price)
{
  double pslip;

  if (broker->settings.slippage_percent != 0.0)
    pslip = price * (1 + broker->settings.slippage_percent);
  else if (broker->settings.slippage_fixed != 0.0)
    pslip = price + broker->settings.slippage_fixed;
  else
    return price;
  /* slip_match on and slip_out off: never past the bar. */
  return pslip <= pmax ? pslip : pmax;
}

static double
slip_down (const BkBroker *broker, double pmin, double price)
{
  double pslip;

  if (broker->settings.slippage_percent != 0.0)
    pslip = price * (1 - broker->settings.slippage_percent);
  else if (broker->settings.slippage_fixed != 0.0)
    pslip = price - broker->settings.slippage_fixed;
  else
    return price;
  return pslip >= pmin ? pslip : pmin;
}

static void
emit_fill (BkBroker *broker, const BkLiveOrder *live, double price, double size, double commission,
           gboolean refused)
{
  BkBrokerEvent event = {
    .kind = BK_BROKER_EVENT_FILL,
    .order = &live->order,
    .status = live->remaining == 0.0 && !refused ? BK_ORDER_COMPLETED : BK_ORDER_PARTIAL,
    .price = price,
    .size = size,
    .commission = commission,
  };

  broker->event_func (broker, &event, broker->event_data);
}

/* _execute: fills what is left of the order at `price`; the part that
 * opens a position needs the cash for it, or the order meets a margin
 * call.  `executed` is the fill's date (a cheat-on-close fill's is the
 * bar that made it). */
static void
execute (BkBroker *broker, guint index, double price, double executed, const Prices *bar)
{
  BkLiveOrder *live = &broker->live[index];
  double size = live->remaining, pos = broker->position;
  double closed = 0.0, opened = size, cash = broker->cash;
  double closed_comm = 0.0, opened_comm = 0.0;

  if (pos != 0.0 && (pos > 0) != (size > 0))
    {
      closed = size > 0 ? MIN (size, -pos) : MAX (size, -pos);
      opened = size - closed;
    }
  /* This broker never reduces a position in part: every exit is the
   * whole position. */
  g_warn_if_fail (closed == 0.0 || closed == -pos);
  if (closed != 0.0)
    {
      closed_comm = bk_broker_commission (broker, closed, price);
      cash += -closed * price - closed_comm;
      broker->cash = cash;
    }
  double asked = opened;
  if (opened != 0.0)
    {
      opened_comm = bk_broker_commission (broker, opened, price);
      cash -= opened * price + opened_comm;
      if (cash < 0.0)
        opened = opened_comm = 0.0;
      else
        broker->cash = cash;
    }

  double filled = closed + opened;
  if (filled != 0.0)
    {
      BkOrder *order = &live->order;

      order->executed = executed;
      order->executed_price = price;
      order->executed_size = (isnan (order->executed_size) ? 0.0 : order->executed_size) + fabs (filled);
      order->commission = (isnan (order->commission) ? 0.0 : order->commission) + closed_comm + opened_comm;
      live->remaining -= filled;
      if (filled > 0)
        broker->bar_buy = price;
      else
        broker->bar_sell = price;
      /* The fill is told before the trades it closes and opens. */
      if (G_UNLIKELY (broker->event_func != NULL))
        emit_fill (broker, live, price, fabs (filled), closed_comm + opened_comm, asked != 0.0 && opened == 0.0);
      if (closed != 0.0)
        bk_broker_trade_close (broker, bar->datetime, price, closed_comm);
      if (opened != 0.0)
        bk_broker_trade_open (broker, bar->datetime, opened, price, opened_comm);
    }

  guint64 ref = live->order.ref, parent = live->parent;
  if (asked != 0.0 && opened == 0.0)
    {
      live_finish (broker, index, BK_ORDER_MARGIN, "cash at fill");
      cancel_bracket (broker, ref, parent, "parent margin");
    }
  else if (live->remaining == 0.0)
    {
      live_finish (broker, index, BK_ORDER_COMPLETED, NULL);
      if (parent == 0)
        {
          /* The entry filled: its children are live from the next bar. */
          for (guint i = 0; i < broker->n_live; i++)
            if (broker->live[i].parent == ref)
              broker->live[i].activate = TRUE;
        }
      else
        cancel_bracket (broker, ref, parent, "oco");
    }
  else
    {
      live->order.status = BK_ORDER_PARTIAL;
      bk_broker_update_order (broker, &live->order);
    }
}

static void
try_limit (BkBroker *broker, guint index, const Prices *bar, double plimit)
{
  BkLiveOrder *live = &broker->live[index];

  if (is_buy (live))
    {
      if (plimit >= bar->open)
        execute (broker, index, slip_up (broker, MIN (bar->high, plimit), bar->open), bar->datetime, bar);
      else if (plimit >= bar->low)
        execute (broker, index, plimit, bar->datetime, bar);
    }
  else
    {
      /* backtrader caps a sell's slipped open at the limit, not at the low. */
      if (plimit <= bar->open)
        execute (broker, index, slip_down (broker, plimit, bar->open), bar->datetime, bar);
      else if (plimit <= bar->high)
        execute (broker, index, plimit, bar->datetime, bar);
    }
}

/* Returns whether the order is still waiting afterwards. */
static gboolean
try_stop (BkBroker *broker, guint index, const Prices *bar)
{
  BkLiveOrder *live = &broker->live[index];
  guint64 ref = live->order.ref;
  double pstop = live->level;

  if (is_buy (live))
    {
      if (bar->open >= pstop)
        execute (broker, index, slip_up (broker, bar->high, bar->open), bar->datetime, bar);
      else if (bar->high >= pstop)
        execute (broker, index, slip_up (broker, bar->high, pstop), bar->datetime, bar);
    }
  else
    {
      if (bar->open <= pstop)
        execute (broker, index, slip_down (broker, bar->low, bar->open), bar->datetime, bar);
      else if (bar->low <= pstop)
        execute (broker, index, slip_down (broker, bar->low, pstop), bar->datetime, bar);
    }
  return live_find (broker, ref) >= 0;
}

static void
try_stoplimit (BkBroker *broker, guint index, const Prices *bar)
{
  BkLiveOrder *live = &broker->live[index];
  double pstop = live->level, plimit = live->order.price_limit;

  if (is_buy (live))
    {
      if (bar->open >= pstop)
        {
          live->triggered = TRUE;
          try_limit (broker, index, bar, plimit);
        }
      else if (bar->high >= pstop)
        {
          live->triggered = TRUE;
          if (bar->open > bar->close)
            {
              if (plimit >= pstop)
                execute (broker, index, slip_up (broker, bar->high, pstop), bar->datetime, bar);
              else if (plimit >= bar->close)
                execute (broker, index, plimit, bar->datetime, bar);
            }
          else if (plimit >= pstop)
            execute (broker, index, slip_up (broker, bar->high, pstop), bar->datetime, bar);
        }
    }
  else
    {
      if (bar->open <= pstop)
        {
          live->triggered = TRUE;
          try_limit (broker, index, bar, plimit);
        }
      else if (bar->low <= pstop)
        {
          live->triggered = TRUE;
          if (bar->open <= bar->close)
            {
              if (plimit <= pstop)
                execute (broker, index, slip_down (broker, bar->low, pstop), bar->datetime, bar);
              else if (plimit <= bar->close)
                execute (broker, index, plimit, bar->datetime, bar);
            }
          else if (plimit <= pstop)
            execute (broker, index, slip_down (broker, bar->low, pstop), bar->datetime, bar);
        }
    }
}

static void
try_close (BkBroker *broker, guint index, const Prices *bar, double previous_datetime)
{
  BkLiveOrder *live = &broker->live[index];

  if (bar->datetime > live->order.created && bar->datetime >= live->dteos)
    {
      /* Past the end of its day: the day's last close, if a bar of that
       * day was seen, else this bar's. */
      if (!isnan (live->pannotated) && bar->datetime > live->dteos)
        execute (broker, index, live->pannotated, previous_datetime, bar);
      else
        execute (broker, index, bar->close, bar->datetime, bar);
      return;
    }
  live->pannotated = bar->close;
}

static void
try_execute (BkBroker *broker, guint index, const Prices *bar, double previous_datetime)
{
  BkLiveOrder *live = &broker->live[index];

  switch (live->order.type)
    {
    case BK_ORDER_MARKET:
      if (broker->settings.cheat_on_close)
        {
          double price = live->pclose, created = live->order.created;
          if (is_buy (live))
            execute (broker, index, slip_up (broker, bar->high, price), created, bar);
          else
            execute (broker, index, slip_down (broker, bar->low, price), created, bar);
        }
      /* Only after the time it was made at: a tick that repeats it (or a
       * replayed bar that keeps its time) does not fill it. */
      else if (!(bar->datetime > live->order.created))
        break;
      else if (is_buy (live))
        execute (broker, index, slip_up (broker, bar->high, bar->open), bar->datetime, bar);
      else
        execute (broker, index, slip_down (broker, bar->low, bar->open), bar->datetime, bar);
      break;
    case BK_ORDER_CLOSE:
      try_close (broker, index, bar, previous_datetime);
      break;
    case BK_ORDER_LIMIT:
      try_limit (broker, index, bar, live->level);
      break;
    case BK_ORDER_STOPLIMIT:
      if (live->triggered)
        try_limit (broker, index, bar, live->order.price_limit);
      else
        try_stoplimit (broker, index, bar);
      break;
    case BK_ORDER_STOP:
      try_stop (broker, index, bar);
      break;
    case BK_ORDER_STOPTRAIL:
      if (try_stop (broker, index, bar))
        trail_adjust (live, bar->close);
      break;
    }
}

/* The orders waiting when the bar began: children whose entry filled are
 * live, the new orders' cash is checked, then each is tried against the
 * bar's prices. */
static void
try_waiting_orders (BkBroker *broker, const BkBar *bar)
{
  Prices prices = { bar->datetime, bar->open, bar->high, bar->low, bar->close };
  double previous_datetime = broker->last_datetime;
  guint64 refs[BK_BROKER_MAX_LIVE];
  guint n;

  for (guint i = 0; i < broker->n_live; i++)
    if (broker->live[i].activate)
      {
        broker->live[i].active = TRUE;
        broker->live[i].activate = FALSE;
      }
  check_submitted (broker);
  /* Each order waiting when the bar began, in the order they were made;
   * one may take another with it. */
  n = broker->n_live;
  for (guint i = 0; i < n; i++)
    refs[i] = broker->live[i].order.ref;
  if (isnan (bar->open) || isnan (bar->high) || isnan (bar->low) || isnan (bar->close))
    return;
  for (guint i = 0; i < n; i++)
    {
      gint index = live_find (broker, refs[i]);
      if (index < 0)
        continue;
      BkLiveOrder *live = &broker->live[index];
      if (live->order.type != BK_ORDER_MARKET && live->valid_bar != 0 && broker->bar > live->valid_bar)
        {
          guint64 parent = live->parent;
          live_finish (broker, index, BK_ORDER_EXPIRED, NULL);
          cancel_bracket (broker, refs[i], parent, "parent expired");
        }
      else if (live->active)
        try_execute (broker, index, &prices, previous_datetime);
    }
}

void
bk_broker_begin_bar (BkBroker *broker, const BkBar *bar)
{
  broker->bar++;
  broker->bar_buy = broker->bar_sell = broker->bar_pnl = NAN;
  /* Most bars have no order waiting: not even the bar is copied then. */
  if (broker->n_live > 0)
    try_waiting_orders (broker, bar);
}
