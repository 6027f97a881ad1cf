#!/usr/bin/python3
"""Regenerates backtrader's orders, positions and sizing reference (tests/data/reference/orders/).

backtrader is pure Python: a checkout of mementum/backtrader (commit b853d7c9,
version 1.9.78.123) runs with Debian's python3 as it is, nothing to install.

usage: tests/data/make-orders-reference.py --backtrader DIR [--out DIR] [--ini DIR] [CASE...]

Every case is a backtrader strategy (a subclass of Rules below) with its
broker settings, and the same strategy as a Barkeep file.  For each case it
writes reference/orders/CASE.json (backtrader's orders, trades, final value
and cash), reference/orders/CASE.analyzers.json (backtrader's analyzers of
the same run, see analyzers() below) and orders/CASE.ini (the Barkeep strategy; its [broker] section is
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
sys.path.insert(0, HERE)
from orders_rules import feed, set_broker  # noqa: E402
from orders_cases import CASES  # noqa: E402

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


class Exposure(bt.Analyzer):
    """Barkeep's exposure (backtrader has no such analyzer): the fraction of
    bars at whose close a position is held."""
    def start(self):
        self.bars = self.held = 0

    def next(self):
        self.bars += 1
        self.held += self.strategy.position.size != 0

    def get_analysis(self):
        return self.held / self.bars if self.bars else None


def add_analyzers(cerebro):
    """backtrader's analyzers with their defaults, but Returns and
    SharpeRatio by days (Returns' default for daily data); SharpeRatio as
    Barkeep defines it: daily returns, no risk-free rate, sample standard
    deviation, annualized with 252.  AnnualReturn reads the Broker
    observer's values."""
    cerebro.addobserver(bt.observers.Broker)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name="trades")
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name="drawdown")
    cerebro.addanalyzer(bt.analyzers.Returns, _name="returns", timeframe=bt.TimeFrame.Days)
    cerebro.addanalyzer(bt.analyzers.AnnualReturn, _name="annual_return")
    cerebro.addanalyzer(bt.analyzers.SQN, _name="sqn")
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name="sharpe", timeframe=bt.TimeFrame.Days,
                        riskfreerate=0.0, annualize=True, stddev_sample=True)
    cerebro.addanalyzer(Exposure, _name="exposure")


def plain(x):
    """An analysis as JSON: nested dicts, None for backtrader's MAXINT (a
    minimum it never set)."""
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, int) and not isinstance(x, bool) and x == sys.maxsize:
        return None
    return number(x)


def analyzers(s):
    a = {name: s.analyzers.getbyname(name).get_analysis()
         for name in ("trades", "drawdown", "returns", "annual_return", "sqn", "sharpe", "exposure")}
    a["annual_return"] = [dict(year=y, **{"return": r}) for y, r in a["annual_return"].items()]
    a["returns"] = {k: a["returns"][k] for k in ("rtot", "ravg", "rnorm", "rnorm100")}
    return {k: plain(v) if k != "annual_return" else v for k, v in a.items()}


def run(cls):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(feed(cls.data_file))
    cerebro.addstrategy(cls)
    set_broker(cerebro, cls.settings)
    add_analyzers(cerebro)
    s = cerebro.run()[0]
    orders = sorted(s.made, key=lambda m: m[0].ref)
    first_ref = orders[0][0].ref if orders else 0
    trades = list(s.closed_trades)
    for data_trades in s._trades.values():
        for tradeid_trades in data_trades.values():
            trades += [t for t in tradeid_trades if not t.isclosed and t.history]
    result = dict(case=cls.case, data="datas/" + cls.data_file, backtrader=bt.__version__,
                  first_next=s.first_next.isoformat() if s.first_next else None,
                  skipped=s.skipped,
                  orders=[order_json(s, first_ref, o, made) for o, made in orders],
                  trades=[trade_json(t) for t in trades],
                  final_value=cerebro.broker.getvalue(), final_cash=cerebro.broker.getcash())
    return result, dict(case=cls.case, data="datas/" + cls.data_file, backtrader=bt.__version__,
                        analyzers=analyzers(s))


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
        result, analysis = run(cls)
        with open(os.path.join(args.out, cls.case + ".json"), "w", newline="\n") as out:
            out.write(dumps(result))
        with open(os.path.join(args.out, cls.case + ".analyzers.json"), "w", newline="\n") as out:
            out.write(json.dumps(analysis, indent=1, allow_nan=False) + "\n")
        with open(os.path.join(args.ini, cls.case + ".ini"), "w", newline="\n") as out:
            out.write(ini_text(cls))


if __name__ == "__main__":
    main()
