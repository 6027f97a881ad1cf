#!/usr/bin/python3
"""Regenerates backtrader's orders, positions and sizing reference (tests/data/reference/orders/).

backtrader is pure Python: a checkout of mementum/backtrader (commit b853d7c9,
version 1.9.78.123) runs with Debian's python3 as it is, nothing to install.

usage: tests/data/make-orders-reference.py --backtrader DIR [--out DIR] [--ini DIR] [CASE...]

Every case is a backtrader strategy (a subclass of Rules below) with its
broker settings, and the same strategy as a Barkeep file.  For each case it
writes reference/orders/CASE.json (backtrader's orders, trades, final value
and cash) and orders/CASE.ini (the Barkeep strategy; its [broker] section is
made from the same settings that configure backtrader's broker).  With no
CASE, every case; --list prints the cases and what each checks.

How a Barkeep strategy maps to backtrader (class Rules does it, once):
- The rules are read in next(), which backtrader calls once every indicator
  made in __init__ has a value: the warm-up is backtrader's own minimum
  period of the strategy's indicators, which are exactly the .ini's named
  [indicator] sections.  Rules read indicator[0] and the account in next();
  a rule's own x[-n] (past() below) is NaN before the first bar and does not
  lengthen the warm-up.  A comparison with NaN is false; and/or/not are
  Python's.
- While flat: `buy` true -> self.buy(size, exectype, price, plimit), or
  self.buy_bracket(...) when stop_loss, take_profit or trail_* is set (the
  stop side a Stop at stop_loss or a StopTrail, the limit side a Limit at
  take_profit; a side not set is suppressed).  `short` likewise with
  self.sell / self.sell_bracket.  If both are true, `buy`.
- An entry rule true while its entry order waits: cancel the waiting order
  (the broker cancels its children) and make a new one at the new prices,
  every bar the rule is true.
- While long: `short` true -> one market sell of |position| + size (a
  reversal; it cancels the position's stop, target and trail, and makes
  none); else `sell` true -> self.close() and cancel the position's stop,
  target and trail.  While short, `buy` and `cover` likewise.
- size is read at the signal bar and rounded down to whole lots
  (floor(size / lot) * lot), so to whole units, unless fractional.  An
  entry of 0 units makes no order and is counted ("skipped" in the JSON).
- entry_valid=N: the entry may fill on the N bars after the signal bar and
  expires after that: its `valid` is set to the datetime of bar s+N
  (backtrader expires an order once a bar's datetime is past `valid`).
  Only the entry gets it, not its stop and target.
- position is self.position.size, position_price self.position.price (NaN
  while flat), cash self.broker.getcash(), value self.broker.getvalue(),
  bars_held the bars since the fill that opened the position (0 on the
  fill bar; NaN while flat).
- [broker]: cash -> setcash; commission alone -> setcommission(commission)
  (a fraction); commission_per_unit alone -> setcommission(commtype=
  COMM_FIXED, stocklike=True); any combination with commission_min or
  stamp_duty -> BarkeepCommission below; slippage_percent ->
  set_slippage_perc, slippage_fixed -> set_slippage_fixed (their defaults:
  slip_open, slip_limit, slip_match on, slip_out off); cheat_on_close ->
  set_coc(True).  lot and fractional are the sizing above.  The broker's
  checksubmit stays on (the cash check when an order is made).
Every order is recorded when it is made (its creation prices, before a
trailing stop moves) and read at the end (its fate); every trade through
notify_trade with tradehistory.  Reasons: "cash at submission" and "cash at
fill" (margin), "replaced" (a new entry signal), "exit" (an exit or a
reversal cancelled the position's stop and target), "oco" (its sibling
filled), "parent canceled" / "parent expired" / "parent margin".  An order
still waiting when the data ends keeps backtrader's status (submitted or
accepted)."""

import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATAS = os.path.join(HERE, "datas")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--backtrader", required=True, help="a checkout of mementum/backtrader (b853d7c9, 1.9.78.123)")
parser.add_argument("--out", default=os.path.join(HERE, "reference", "orders"),
                    help="where to write the JSON (default: %(default)s)")
parser.add_argument("--ini", default=os.path.join(HERE, "orders"),
                    help="where to write the Barkeep strategies (default: %(default)s)")
parser.add_argument("--list", action="store_true", help="list the cases and what each checks")
parser.add_argument("cases", nargs="*", metavar="CASE")
args = parser.parse_args()
if not os.path.isfile(os.path.join(args.backtrader, "backtrader", "__init__.py")):
    sys.exit("make-orders-reference.py: %s: not a checkout of backtrader (no backtrader/__init__.py)" % args.backtrader)
sys.path.insert(0, os.path.abspath(args.backtrader))
import backtrader as bt  # noqa: E402 (found through --backtrader)

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


# ---------------------------------------------------------------------------
# The cases.  Each: its data, its [broker], its .ini text and the same in
# Python.  A number in an .ini is written as Python writes it.

CASES = []


def case(cls):
    CASES.append(cls)
    return cls


class SmaCross(Rules):
    """CrossOver(close, SMA(close, 15)), the cases' usual signal."""
    data_file = "2006-day-001.txt"
    period = 15
    ini_indicators = (("sma", "SMA(close, period=15)"), ("cross", "CrossOver(close, sma)"))

    def indicators(self):
        self.sma = bt.indicators.SMA(self.data.close, period=self.period)
        self.cross = bt.indicators.CrossOver(self.data.close, self.sma)

    def up(self):
        return self.cross[0] > 0

    def down(self):
        return self.cross[0] < 0

    def units(self):
        return 10

    when_buy = up      # the cases' usual rules (a case may set None)
    when_sell = down


@case
class MarketEntry(SmaCross):
    case = "market-entry"
    checks = "market buy of a constant 10 at the next open; sell closes at the next open"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"))



@case
class CloseEntry(SmaCross):
    case = "close-entry"
    checks = "entry=close: the entry fills at the next bar's close"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "close"))
    entry = "close"



@case
class LimitEntry(SmaCross):
    case = "limit-entry"
    checks = "limit buy 0.2 % under the signal close: fills at the open on a gap below it, else at the limit"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.998"))
    entry = "limit"


    def price_entry(self):
        return self.data.close[0] * 0.998


@case
class StopEntry(SmaCross):
    case = "stop-entry"
    checks = "stop buy 0.1 % over the signal close: fills at the open on a gap above it, else at the stop"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "stop"),
                 ("entry_price", "close * 1.001"))
    entry = "stop"


    def price_entry(self):
        return self.data.close[0] * 1.001


@case
class StopLimitEntry(SmaCross):
    case = "stoplimit-entry"
    checks = "stop-limit buy (stop 0.3 % over the close, limit 0.1 %): triggered and filled, triggered and not, never triggered"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "stoplimit"),
                 ("entry_price", "close * 1.003"), ("entry_limit", "close * 1.001"))
    entry = "stoplimit"


    def price_entry(self):
        return self.data.close[0] * 1.003

    def price_limit(self):
        return self.data.close[0] * 1.001


@case
class EntryValid(SmaCross):
    case = "entry-valid"
    checks = "entry_valid=4: a limit 1 % under the close fills within 4 bars (one on the 4th) or expires (one the bar before it would fill)"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.99"), ("entry_valid", "4"))
    entry = "limit"
    entry_valid = 4


    def price_entry(self):
        return self.data.close[0] * 0.99


@case
class EntryReplaced(SmaCross):
    case = "entry-replaced"
    checks = "an entry rule true on many bars: the waiting limit is cancelled and made again at the new price every bar"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "close > sma"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.995"))
    entry = "limit"
    when_sell = SmaCross.down

    def when_buy(self):
        return self.data.close[0] > self.sma[0]


    def price_entry(self):
        return self.data.close[0] * 0.995


@case
class Bracket(SmaCross):
    case = "bracket"
    checks = "stop_loss 2 % under and take_profit 2 % over the signal close, one-cancels-other; sell cancels both"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"),
                 ("stop_loss", "close * 0.98"), ("take_profit", "close * 1.02"))


    def price_stop_loss(self):
        return self.data.close[0] * 0.98

    def price_take_profit(self):
        return self.data.close[0] * 1.02


@case
class BracketTight(SmaCross):
    case = "bracket-tight"
    checks = "stop and target 1 % away on NVDA: live from the bar after the fill; a bar that reaches both fills the stop"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("size", "10"), ("entry", "limit"), ("entry_price", "close"),
                 ("stop_loss", "close * 0.99"), ("take_profit", "close * 1.01"))
    entry = "limit"
    when_sell = None


    def price_entry(self):
        return self.data.close[0]

    def price_stop_loss(self):
        return self.data.close[0] * 0.99

    def price_take_profit(self):
        return self.data.close[0] * 1.01


@case
class ShortBracket(SmaCross):
    case = "short-bracket"
    checks = "a short with stop_loss 2 % over and take_profit 3 % under (sell_bracket); cover cancels both"
    settings = dict(cash=100000.0)
    ini_rules = (("short", "cross < 0"), ("cover", "cross > 0"), ("size", "10"),
                 ("stop_loss", "close * 1.02"), ("take_profit", "close * 0.97"))
    when_buy = when_sell = None
    when_short = SmaCross.down
    when_cover = SmaCross.up


    def price_stop_loss(self):
        return self.data.close[0] * 1.02

    def price_take_profit(self):
        return self.data.close[0] * 0.97


@case
class TrailPercent(SmaCross):
    case = "trail-percent"
    checks = "trail_percent=0.02: a StopTrail 2 % under the signal close, following each close once live"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("trail_percent", "0.02"))
    trail_percent = 0.02



@case
class TrailAmount(SmaCross):
    case = "trail-amount"
    checks = "trail_amount=2 * atr (read at the signal bar) with a take_profit 3 % over the close"
    settings = dict(cash=100000.0)
    ini_indicators = SmaCross.ini_indicators + (("atr", "ATR(period=14)"),)
    ini_rules = (("buy", "cross > 0"), ("size", "10"), ("trail_amount", "2 * atr"),
                 ("take_profit", "close * 1.03"))
    when_sell = None

    def indicators(self):
        super().indicators()
        self.atr = bt.indicators.ATR(self.data, period=14)


    def amount_trail(self):
        return 2 * self.atr[0]

    def price_take_profit(self):
        return self.data.close[0] * 1.03


@case
class ShortCover(SmaCross):
    case = "short-cover"
    checks = "short 10 on a downward cross while flat, cover on an upward cross"
    settings = dict(cash=100000.0)
    ini_rules = (("short", "cross < 0"), ("cover", "cross > 0"), ("size", "10"))
    when_buy = when_sell = None
    when_short = SmaCross.down
    when_cover = SmaCross.up



@case
class Reversal(SmaCross):
    case = "reversal"
    checks = "always in the market: short while long and buy while short are one order of |position| + size, winning over sell and cover"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("short", "cross < 0"), ("cover", "cross > 0"),
                 ("size", "10"))
    when_short = SmaCross.down
    when_cover = SmaCross.up



@case
class Commission(MarketEntry):
    case = "commission"
    checks = "commission=0.001: a fraction of the traded value on every fill"
    settings = dict(cash=100000.0, commission=0.001)


@case
class CommissionPerUnit(MarketEntry):
    case = "commission-per-unit"
    checks = "commission_per_unit=0.5 alone (backtrader's COMM_FIXED)"
    settings = dict(cash=100000.0, commission_per_unit=0.5)


@case
class CommissionBoth(MarketEntry):
    case = "commission-both"
    checks = "commission=0.001 and commission_per_unit=0.5 add up"
    settings = dict(cash=100000.0, commission=0.001, commission_per_unit=0.5)


@case
class CommissionMin(MarketEntry):
    case = "commission-min"
    checks = "commission=0.001 with commission_min=37: the minimum binds on fills under 37000 of value"
    settings = dict(cash=100000.0, commission=0.001, commission_min=37.0)


@case
class StampDuty(Reversal):
    case = "stamp-duty"
    checks = "stamp_duty=0.001 on every sale (long exits, short sales, reversals) on top of commission=0.0005"
    settings = dict(cash=100000.0, commission=0.0005, stamp_duty=0.001)


class Sized(SmaCross):
    """SmaCross long only, sized by a rule."""


@case
class SizeCash(Sized):
    case = "size-cash"
    checks = "size=0.95 * cash / close, rounded down to whole units"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "0.95 * cash / close"))

    def units(self):
        return 0.95 * self.acct_cash / self.data.close[0]


@case
class SizeVolatility(Sized):
    case = "size-volatility"
    checks = "size=0.01 * value / atr (ATR(14)): volatility sizing"
    settings = dict(cash=100000.0, commission=0.001)
    ini_indicators = SmaCross.ini_indicators + (("atr", "ATR(period=14)"),)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "0.01 * value / atr"))

    def indicators(self):
        super().indicators()
        self.atr = bt.indicators.ATR(self.data, period=14)

    def units(self):
        return 0.01 * self.acct_value / self.atr[0]


@case
class SizeLot(Sized):
    case = "size-lot"
    checks = "lot=100: size=0.95 * cash / close rounded down to whole lots"
    settings = dict(cash=1000000.0, lot=100)
    ini_rules = SizeCash.ini_rules
    units = SizeCash.units


@case
class SizeFractional(Sized):
    case = "size-fractional"
    checks = "fractional=true: size=0.95 * cash / close not rounded"
    settings = dict(cash=100000.0, commission=0.001, fractional=True)
    ini_rules = SizeCash.ini_rules
    units = SizeCash.units


@case
class SizeZero(SizeVolatility):
    case = "size-zero"
    checks = "lot=100, size=0.01 * value / atr: entries of 0 lots make no order (skipped, counted), the others trade"
    settings = dict(cash=500000.0, lot=100)


@case
class SlippagePercent(MarketEntry):
    case = "slippage-percent"
    checks = "slippage_percent=0.001 on market fills (slip_open), never outside the bar's range"
    settings = dict(cash=100000.0, slippage_percent=0.001)


@case
class SlippageCapped(MarketEntry):
    case = "slippage-capped"
    checks = "slippage_percent=0.01: a slipped price past the high (buy) or low (sell) is held to it (slip_match)"
    settings = dict(cash=100000.0, slippage_percent=0.01)


@case
class SlippageFixedStop(StopEntry):
    case = "slippage-fixed"
    checks = "slippage_fixed=3 on stop entries (gap and trigger) and market exits"
    settings = dict(cash=100000.0, slippage_fixed=3.0)


@case
class SlippageBracket(BracketTight):
    case = "slippage-bracket"
    checks = "slippage_percent=0.002 on bracket-tight: limit entry, stop and target children, gaps and triggers"
    settings = dict(cash=100000.0, slippage_percent=0.002)


@case
class CheatOnClose(MarketEntry):
    case = "cheat-on-close"
    checks = "cheat_on_close=true: market orders fill at the signal bar's close"
    settings = dict(cash=100000.0, cheat_on_close=True)


@case
class CashAtSubmission(Sized):
    case = "cash-submission"
    checks = "size=cash / close + 0.5: orders worth more than the cash at the signal close are refused when made (margin)"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "cash / close + 0.5"))

    def units(self):
        return self.acct_cash / self.data.close[0] + 0.5


@case
class CashAtFill(Sized):
    case = "cash-fill"
    checks = "size=cash / close on NVDA: affordable at the close, refused at the fill when the next open gaps up (margin)"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "cash / close"))

    def units(self):
        return self.acct_cash / self.data.close[0]


@case
class LastBar(SmaCross):
    case = "last-bar"
    checks = "an order made on the last bar never fills (it stays accepted/submitted); the position stays open"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "close > sma"), ("sell", "bars_held >= 2"), ("size", "10"))

    def when_buy(self):
        return self.data.close[0] > self.sma[0]

    def when_sell(self):
        return self.bars_held >= 2




@case
class LastBarCoc(LastBar):
    case = "last-bar-coc"
    checks = "cheat_on_close=true: an order made on the last bar never fills even at that bar's close"
    settings = dict(cash=100000.0, cheat_on_close=True)

class MacdSma(Rules):
    """A MACD(12, 26, 9) cross entry; an exit that reads SMA(close, 50)."""
    data_file = "2006-day-001.txt"
    ini_indicators = (("macd", "MACD(close, period_me1=12, period_me2=26, period_signal=9)"),
                      ("mcross", "CrossOver(macd, macd.signal)"), ("sma60", "SMA(close, period=60)"))

    def indicators(self):
        self.macd = bt.indicators.MACD(self.data.close, period_me1=12, period_me2=26, period_signal=9)
        self.mcross = bt.indicators.CrossOver(self.macd.macd, self.macd.signal)
        self.sma60 = bt.indicators.SMA(self.data.close, period=60)


@case
class Warmup(MacdSma):
    case = "warmup"
    checks = "MACD cross entry, close < SMA(60) exit: rules read from bar 60 (backtrader's first next()), so the MACD's upward cross on bar 53 is not taken"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "mcross > 0"), ("sell", "close < sma60"), ("size", "10"))

    def when_buy(self):
        return self.mcross[0] > 0

    def when_sell(self):
        return self.data.close[0] < self.sma60[0]

    def units(self):
        return 10



class MustHold(MacdSma):
    checks = "the issue's must-hold: MACD cross entry, exit on a MACD cross down or close < SMA(60)"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "mcross > 0"), ("sell", "mcross < 0 or close < sma60"), ("size", "0.95 * cash / close"))

    def when_buy(self):
        return self.mcross[0] > 0

    def when_sell(self):
        return self.mcross[0] < 0 or self.data.close[0] < self.sma60[0]

    def units(self):
        return 0.95 * self.acct_cash / self.data.close[0]


@case
class MustHold2006(MustHold):
    case = "macd-sma60-2006"


@case
class MustHoldNvda(MustHold):
    case = "macd-sma60-nvda"
    data_file = "nvda-1999-2014.txt"


@case
class MustHoldOrcl(MustHold):
    case = "macd-sma60-orcl"
    data_file = "orcl-1995-2014.txt"


@case
class MustHoldYhoo(MustHold):
    case = "macd-sma60-yhoo"
    data_file = "yhoo-1996-2015.txt"


@case
class NanOr(SmaCross):
    case = "nan-or"
    checks = "close[-60] is NaN for 60 bars after the warm-up (bar 16): `a or b` is true when b is true, a comparison with NaN is false"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0 or close > close[-60] * 1.08"),
                 ("sell", "close < close[-60] * 0.97 or cross < 0"), ("size", "10"))

    def when_buy(self):
        return self.cross[0] > 0 or self.data.close[0] > self.past(self.data.close, 60) * 1.08

    def when_sell(self):
        return self.data.close[0] < self.past(self.data.close, 60) * 0.97 or self.cross[0] < 0



@case
class BarsHeld(SmaCross):
    case = "bars-held"
    checks = "sell=bars_held >= 5: bars_held is 0 on the fill bar, so the exit is made 5 bars after the fill"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "bars_held >= 5"), ("size", "10"))

    def when_sell(self):
        return self.bars_held >= 5



@case
class Account(SmaCross):
    case = "account"
    checks = "rules and size read position, position_price, cash, value and bars_held (a losing long reverses)"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0 and cash > 0.5 * value"),
                 ("sell", "close > position_price * 1.02 or bars_held >= 10"),
                 ("short", "position > 0 and close < position_price * 0.99"),
                 ("cover", "bars_held >= 5 or close < position_price * 0.98"),
                 ("size", "0.3 * value / close"))

    def when_buy(self):
        return self.cross[0] > 0 and self.acct_cash > 0.5 * self.acct_value

    def when_sell(self):
        return self.data.close[0] > self.acct_price * 1.02 or self.bars_held >= 10

    def when_short(self):
        return self.acct_position > 0 and self.data.close[0] < self.acct_price * 0.99

    def when_cover(self):
        return self.bars_held >= 5 or self.data.close[0] < self.acct_price * 0.98

    def units(self):
        return 0.3 * self.acct_value / self.data.close[0]


@case
class AShares(SizeCash):
    case = "a-shares"
    checks = "commission 0.0003 + 0.001 a unit, at least 5, stamp_duty 0.0005 on sales, lot=100, on NVDA's many trades"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0, commission=0.0003, commission_per_unit=0.001, commission_min=5.0,
                    stamp_duty=0.0005, lot=100)


# ---------------------------------------------------------------------------
# Running a case and writing its files.

STATUS = {bt.Order.Submitted: "submitted", bt.Order.Accepted: "accepted", bt.Order.Partial: "partial",
          bt.Order.Completed: "completed", bt.Order.Canceled: "canceled", bt.Order.Expired: "expired",
          bt.Order.Margin: "margin", bt.Order.Rejected: "rejected", bt.Order.Created: "created"}
TYPES = {bt.Order.Market: "market", bt.Order.Close: "close", bt.Order.Limit: "limit", bt.Order.Stop: "stop",
         bt.Order.StopLimit: "stoplimit", bt.Order.StopTrail: "stoptrail"}


def day(num):
    return bt.num2date(num).date().isoformat()


def number(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return x


def reason(s, order):
    status = order.status
    if status == bt.Order.Margin:
        return "cash at fill" if bt.Order.Accepted in s.seen.get(order.ref, ()) else "cash at submission"
    if status != bt.Order.Canceled:
        return None
    if order.ref in s.why:
        return s.why[order.ref]
    parent = order.parent
    if parent is not None:
        return {bt.Order.Canceled: "parent canceled", bt.Order.Expired: "parent expired",
                bt.Order.Margin: "parent margin", bt.Order.Completed: "oco"}.get(parent.status)
    return None


def order_json(s, first_ref, order, made):
    filled = order.status in (bt.Order.Completed, bt.Order.Partial)
    bits = order.executed.exbits
    # One fill: its own price (backtrader's running average divides it by
    # the size and multiplies it back, which can move the last digit).
    price = bits[0].price if len(bits) == 1 else order.executed.price
    return dict(ref=order.ref - first_ref + 1, created=day(order.created.dt),
                side="buy" if order.isbuy() else "sell", type=TYPES[order.exectype],
                size=abs(order.created.size), price=number(made["price"]), price_limit=number(made["price_limit"]),
                status=STATUS[order.status],
                executed=day(order.executed.dt) if filled else None,
                executed_price=price if filled else None,
                executed_size=abs(order.executed.size) if filled else None,
                commission=order.executed.comm if filled else None,
                reason=reason(s, order))


def trade_json(trade):
    events = [h.event for h in trade.history]
    opened = events[0]
    opening = [e for e in events if (e.size > 0) == (opened.size > 0)]
    closing = [e for e in events[1:] if (e.size > 0) != (opened.size > 0)]
    # One opening fill: its own price, not the running average (see above).
    open_price = opening[0].price if len(opening) == 1 else trade.price
    close_size = sum(abs(e.size) for e in closing)
    close_price = sum(abs(e.size) * e.price for e in closing) / close_size if closing else None
    return dict(long=bool(trade.long), size=abs(opened.size), opened=day(trade.dtopen),
                closed=day(trade.dtclose) if trade.isclosed else None,
                open_price=open_price, close_price=close_price,
                pnl=trade.pnl, pnlcomm=trade.pnlcomm, commission=trade.commission, bars=trade.barlen)


def run(cls):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(feed(cls.data_file))
    cerebro.addstrategy(cls)
    set_broker(cerebro, cls.settings)
    s = cerebro.run()[0]
    orders = sorted(s.made, key=lambda m: m[0].ref)
    first_ref = orders[0][0].ref if orders else 0
    trades = list(s.closed_trades)
    for data_trades in s._trades.values():
        for tradeid_trades in data_trades.values():
            trades += [t for t in tradeid_trades if not t.isclosed and t.history]
    return dict(case=cls.case, data="datas/" + cls.data_file, backtrader=bt.__version__,
                first_next=s.first_next.isoformat() if s.first_next else None,
                skipped=s.skipped,
                orders=[order_json(s, first_ref, o, made) for o, made in orders],
                trades=[trade_json(t) for t in trades],
                final_value=cerebro.broker.getvalue(), final_cash=cerebro.broker.getcash())


def dumps(result):
    """One order or trade a line; numbers as Python's repr."""
    def one(x):
        return json.dumps(x, allow_nan=False)
    lines = ["{"]
    items = list(result.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if isinstance(value, list):
            if not value:
                lines.append(" %s: []%s" % (one(key), comma))
                continue
            lines.append(" %s: [" % one(key))
            lines += ["  %s%s" % (one(v), "," if j + 1 < len(value) else "") for j, v in enumerate(value)]
            lines.append(" ]%s" % comma)
        else:
            lines.append(" %s: %s%s" % (one(key), one(value), comma))
    lines.append("}")
    return "\n".join(lines) + "\n"


BROKER_KEYS = ("cash", "commission", "commission_per_unit", "commission_min", "stamp_duty", "lot",
               "slippage_percent", "slippage_fixed", "cheat_on_close", "fractional")


def ini_value(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    return repr(x)


def ini_text(cls):
    out = ["; data: datas/%s" % cls.data_file,
           "; made by make-orders-reference.py (class %s): %s" % (cls.__name__, cls.checks),
           "[strategy]", "name=%s" % cls.case, "description=%s" % cls.checks, ""]
    for name, expr in cls.ini_indicators:
        out += ["[indicator %s]" % name, "expr=%s" % expr, ""]
    out.append("[broker]")
    out += ["%s=%s" % (k, ini_value(cls.settings[k])) for k in BROKER_KEYS if k in cls.settings]
    out += ["", "[rules]"]
    out += ["%s=%s" % (k, v) for k, v in cls.ini_rules]
    return "\n".join(out) + "\n"


def main():
    if args.list:
        for cls in CASES:
            print("%-24s %-22s %s" % (cls.case, cls.data_file, cls.checks))
        return
    if bt.__version__ != "1.9.78.123":
        print("make-orders-reference.py: backtrader %s, not 1.9.78.123: the values may differ" % bt.__version__,
              file=sys.stderr)
    names = [cls.case for cls in CASES]
    for name in args.cases:
        if name not in names:
            sys.exit("make-orders-reference.py: no case %r (--list lists them)" % name)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.ini, exist_ok=True)
    for cls in CASES:
        if args.cases and cls.case not in args.cases:
            continue
        with open(os.path.join(args.out, cls.case + ".json"), "w", newline="\n") as out:
            out.write(dumps(run(cls)))
        with open(os.path.join(args.ini, cls.case + ".ini"), "w", newline="\n") as out:
            out.write(ini_text(cls))


if __name__ == "__main__":
    main()
