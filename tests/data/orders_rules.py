"""The Barkeep side of backtrader: feeds, the broker's settings and the
strategy class that reads a case's rules as Barkeep reads them (the
mapping is in make-orders-reference.py's docstring).  Imported by
make-orders-reference.py once backtrader is on sys.path."""

import math
import os

import backtrader as bt

DATAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datas")

NAN = float("nan")
EXECTYPES = {"market": bt.Order.Market, "close": bt.Order.Close, "limit": bt.Order.Limit,
             "stop": bt.Order.Stop, "stoplimit": bt.Order.StopLimit}


def feed(name):
    path = os.path.join(DATAS, name)
    if name.startswith("2006-"):
        return bt.feeds.BacktraderCSVData(dataname=path)
    # The prices as in the file: no adjustment by Adj Close, no rounding.
    return bt.feeds.YahooFinanceCSVData(dataname=path, adjclose=False, round=False)


class BarkeepCommission(bt.CommInfoBase):
    """Barkeep's commission: commission (a fraction of the traded value) and
    commission_per_unit add up, commission_min is the least a fill pays, and
    stamp_duty (a fraction of the value) comes on top on every sale, short
    sales too.  backtrader calls it once per fill, or twice for a fill that
    closes and opens (a reversal): the cases do not combine those with
    commission_min."""
    params = (("stocklike", True), ("commtype", bt.CommInfoBase.COMM_PERC), ("percabs", True),
              ("per_unit", 0.0), ("minimum", 0.0), ("stamp_duty", 0.0))

    def _getcommission(self, size, price, pseudoexec):
        comm = abs(size) * price * self.p.commission + abs(size) * self.p.per_unit
        comm = max(comm, self.p.minimum)
        if size < 0:
            comm += abs(size) * price * self.p.stamp_duty
        return comm


def set_broker(cerebro, b):
    broker = cerebro.broker
    broker.setcash(b.get("cash", 10000.0))
    comm = b.get("commission", 0.0)
    per_unit = b.get("commission_per_unit", 0.0)
    minimum = b.get("commission_min", 0.0)
    stamp = b.get("stamp_duty", 0.0)
    if minimum or stamp or (comm and per_unit):
        broker.addcommissioninfo(BarkeepCommission(commission=comm, per_unit=per_unit,
                                                   minimum=minimum, stamp_duty=stamp))
    elif per_unit:
        broker.setcommission(commission=per_unit, commtype=bt.CommInfoBase.COMM_FIXED, stocklike=True)
    elif comm:
        broker.setcommission(commission=comm)
    if b.get("slippage_percent"):
        broker.set_slippage_perc(b["slippage_percent"])
    if b.get("slippage_fixed"):
        broker.set_slippage_fixed(b["slippage_fixed"])
    if b.get("cheat_on_close"):
        broker.set_coc(True)


class Rules(bt.Strategy):
    """A Barkeep strategy in backtrader.  A case sets the class attributes
    and overrides indicators() and the when_*/price_*/units methods it uses;
    a when_* left None never fires."""
    case = None          # the case's name
    data_file = None     # in tests/data/datas/
    checks = ""          # what the case checks (for SOURCES.md and --list)
    ini_indicators = ()  # (name, expr) of the .ini's [indicator] sections
    ini_rules = ()       # (key, value) of the .ini's [rules] section
    settings = {}        # the .ini's [broker] keys and values
    entry = "market"
    entry_valid = 0
    trail_percent = 0.0
    when_buy = when_sell = when_short = when_cover = None
    price_entry = price_limit = price_stop_loss = price_take_profit = amount_trail = None

    def units(self):
        return 1

    def indicators(self):
        pass

    # The account, as a rule reads it.
    @property
    def acct_position(self):
        return self.position.size

    @property
    def acct_price(self):
        return self.position.price if self.position.size else NAN

    @property
    def acct_cash(self):
        return self.broker.getcash()

    @property
    def acct_value(self):
        return self.broker.getvalue()

    @property
    def bars_held(self):
        return len(self) - self.opened_at if self.position.size else NAN

    def past(self, line, ago):
        """line[-ago], NaN before the first bar."""
        return line[-ago] if ago < len(self) else NAN

    def __init__(self):
        self.set_tradehistory(True)
        self.indicators()
        self.made = []          # (order, what it was when made)
        self.why = {}           # ref -> reason the strategy cancelled it
        self.seen = {}          # ref -> statuses notified
        self.closed_trades = []
        self.waiting = None     # the entry order while it waits
        self.children = []      # the position's (or waiting entry's) stop and target
        self.skipped = 0
        self.first_next = None
        self.last_size = 0
        self.opened_at = 0

    def record(self, order):
        if order is None:
            return
        price = limit = None
        if order.exectype in (bt.Order.Limit, bt.Order.Stop, bt.Order.StopLimit, bt.Order.StopTrail):
            price = order.created.price
        if order.exectype == bt.Order.StopLimit:
            limit = order.created.pricelimit
        self.made.append((order, dict(price=price, price_limit=limit)))

    def notify_order(self, order):
        self.seen.setdefault(order.ref, set()).add(order.status)

    def notify_trade(self, trade):
        if trade.isclosed:
            self.closed_trades.append(trade)

    def fires(self, rule):
        return rule is not None and bool(rule())

    def cancel_children(self):
        for child in self.children:
            self.why[child.ref] = "exit"  # the broker cancels the other one with it
        for child in self.children:
            if child.alive():
                self.cancel(child)
        self.children = []

    def sized(self):
        size = self.units()
        if self.settings.get("fractional"):
            return size
        lot = self.settings.get("lot", 1)
        return math.floor(size / lot) * lot

    def enter(self, long):
        if self.waiting is not None and self.waiting.alive():
            self.why[self.waiting.ref] = "replaced"
            self.cancel(self.waiting)
        self.waiting = None
        self.children = []
        size = self.sized()
        if size <= 0:
            self.skipped += 1
            return
        kw = dict(size=size, exectype=EXECTYPES[self.entry])
        if self.entry in ("limit", "stop", "stoplimit"):
            kw["price"] = self.price_entry()
        if self.entry == "stoplimit":
            kw["plimit"] = self.price_limit()
        bracket = self.price_stop_loss or self.price_take_profit or self.trail_percent or self.amount_trail
        if bracket:
            if self.trail_percent:
                kw.update(stopexec=bt.Order.StopTrail, stopargs=dict(trailpercent=self.trail_percent))
            elif self.amount_trail:
                kw.update(stopexec=bt.Order.StopTrail, stopargs=dict(trailamount=self.amount_trail()))
            elif self.price_stop_loss:
                kw.update(stopprice=self.price_stop_loss())
            else:
                kw.update(stopexec=None)
            if self.price_take_profit:
                kw.update(limitprice=self.price_take_profit())
            else:
                kw.update(limitexec=None)
            orders = (self.buy_bracket if long else self.sell_bracket)(**kw)
            main = orders[0]
            self.children = [o for o in orders[1:] if o is not None]
        else:
            main = (self.buy if long else self.sell)(**kw)
        if self.entry_valid and self.entry != "market":
            if len(self) + self.entry_valid <= self.data.buflen():
                main.valid = self.data.datetime[self.entry_valid]
        self.record(main)
        for child in self.children:
            self.record(child)
        if self.entry != "market":
            self.waiting = main

    def reverse(self, long):
        size = self.sized()
        if size <= 0:
            self.skipped += 1
            return
        self.cancel_children()
        total = abs(self.position.size) + size
        self.record((self.buy if long else self.sell)(size=total))

    def exit(self):
        self.cancel_children()
        self.record(self.close())

    def next(self):
        if self.first_next is None:
            self.first_next = self.data.datetime.date(0)
        size = self.position.size
        if size and (self.last_size == 0 or (size > 0) != (self.last_size > 0)):
            self.opened_at = len(self)
        self.last_size = size
        if size > 0:
            if self.fires(self.when_short):
                self.reverse(long=False)
            elif self.fires(self.when_sell):
                self.exit()
        elif size < 0:
            if self.fires(self.when_buy):
                self.reverse(long=True)
            elif self.fires(self.when_cover):
                self.exit()
        else:
            if self.fires(self.when_buy):
                self.enter(long=True)
            elif self.fires(self.when_short):
                self.enter(long=False)
