#!/usr/bin/python3
"""Regenerates Barkeep's reference values in tests/data/reference/ from backtrader.

backtrader is pure Python: a checkout of mementum/backtrader (commit b853d7c9,
version 1.9.78.123) runs with Debian's python3 as it is, nothing to install.

usage: tests/data/make-reference.py --backtrader DIR [--out DIR]

Writes, from the price files in tests/data/datas/:
  yhoo-1996-2015.seed-lines.csv   the seed's sample strategy, bar by bar
  yhoo-1996-2015.cross15.csv      the SMA(15) crossover example's trades
  2006-day-001.extra-lines.csv    a wider library with default parameters
Values are Python's repr of backtrader's floats; a value that is not yet
valid (NaN, before the minimum period) is an empty cell."""

import argparse
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATAS = os.path.join(HERE, "datas")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--backtrader", required=True, help="a checkout of mementum/backtrader (b853d7c9, 1.9.78.123)")
parser.add_argument("--out", default=os.path.join(HERE, "reference"), help="where to write (default: %(default)s)")
args = parser.parse_args()
if not os.path.isfile(os.path.join(args.backtrader, "backtrader", "__init__.py")):
    sys.exit("make-reference.py: %s: not a checkout of backtrader (no backtrader/__init__.py)" % args.backtrader)
sys.path.insert(0, os.path.abspath(args.backtrader))
import backtrader as bt  # noqa: E402 (found through --backtrader)


def cell(value):
    return "" if math.isnan(value) else repr(value)


def yahoo(name):
    # The prices as in the file: no adjustment by Adj Close, no rounding.
    return bt.feeds.YahooFinanceCSVData(dataname=os.path.join(DATAS, name), adjclose=False, round=False)


def btcsv(name):
    return bt.feeds.BacktraderCSVData(dataname=os.path.join(DATAS, name))


class TestInd(bt.Indicator):
    """The seed's TestInd: a = close - high, b = SMA(a, 20)."""
    lines = ("a", "b")
    plotinfo = dict(plot=False)

    def __init__(self):
        self.lines.a = self.data.close - self.data.high
        self.lines.b = bt.indicators.SMA(self.lines.a, period=20)


def seed_columns(s):
    """The seed strategy's indicators, made in s.__init__; (name, line) pairs."""
    ind = bt.indicators
    sma = ind.SMA(s.data, period=30)
    stoch = ind.Stochastic(s.data)
    rsi = ind.RSI(s.data)
    macd = ind.MACD(s.data)
    cci = ind.CCI(s.data)
    testind = TestInd(s.data)
    return [("sma30", sma.sma), ("stoch_k", stoch.percK), ("stoch_d", stoch.percD), ("rsi14", rsi.rsi),
            ("macd", macd.macd), ("macd_signal", macd.signal), ("cci20", cci.cci),
            ("testind_a", testind.a), ("testind_b", testind.b)]


def extra_columns(s):
    ind = bt.indicators
    d = s.data
    boll = ind.BollingerBands(d)
    dmi = ind.DirectionalMovementIndex(d)
    aroon = ind.AroonUpDown(d)
    full = ind.StochasticFull(d)
    return seed_columns(s) + [
        ("ema20", ind.EMA(d, period=20).ema),
        ("wma20", ind.WMA(d, period=20).wma),
        ("smma20", ind.SMMA(d, period=20).smma),
        ("dema20", ind.DEMA(d, period=20).dema),
        ("tema20", ind.TEMA(d, period=20).tema),
        ("kama30", ind.KAMA(d).kama),
        ("hma30", ind.HMA(d).hma),
        ("zlema30", ind.ZeroLagEma(d).zlema),
        ("boll_mid", boll.mid), ("boll_top", boll.top), ("boll_bot", boll.bot),
        ("atr14", ind.ATR(d).atr),
        ("adx14", dmi.adx), ("plusdi14", dmi.plusDI), ("minusdi14", dmi.minusDI),
        ("willr14", ind.WilliamsR(d).percR),
        ("mom12", ind.Momentum(d).momentum),
        ("roc12", ind.ROC(d).roc),
        ("trix15", ind.TRIX(d).trix),
        ("ultosc", ind.UltimateOscillator(d).uo),
        ("aroon_up", aroon.aroonup), ("aroon_down", aroon.aroondown),
        ("stddev20", ind.StdDev(d).stddev),
        ("highest14", ind.Highest(d.high, period=14).highest),
        ("lowest14", ind.Lowest(d.low, period=14).lowest),
        ("macdhisto", ind.MACDHisto(d).histo),
        ("stochfull_k", full.percK), ("stochfull_d", full.percD), ("stochfull_dslow", full.percDSlow),
        ("crossover", ind.CrossOver(d.close, ind.SMA(d, period=30)).crossover),
    ]


def write_lines(data, make_columns, path):
    """Runs make_columns in a strategy on data and writes the bars with every column."""

    class Lines(bt.Strategy):
        def __init__(self):
            self.columns = make_columns(self)

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(Lines)
    strategy = cerebro.run()[0]
    feed = strategy.data
    names = ["date", "open", "high", "low", "close", "volume"] + [name for name, _ in strategy.columns]
    with open(path, "w", newline="\n") as out:
        out.write(",".join(names) + "\n")
        for i in range(len(feed)):
            row = [bt.num2date(feed.datetime.array[i]).date().isoformat()]
            row += [cell(line.array[i]) for line in (feed.open, feed.high, feed.low, feed.close, feed.volume)]
            row += [cell(line.array[i]) for _, line in strategy.columns]
            out.write(",".join(row) + "\n")


class Cross15(bt.Strategy):
    """SMA(15) on close: buy 10 on an upward cross while flat, close on a downward cross."""

    def __init__(self):
        self.cross = bt.indicators.CrossOver(self.data.close, bt.indicators.SMA(self.data.close, period=15))
        self.trades = []

    def notify_trade(self, trade):
        if trade.isclosed:
            self.trades.append(trade)

    def next(self):
        if not self.position and self.cross[0] > 0:
            self.buy(size=10)
        elif self.position and self.cross[0] < 0:
            self.close()


def write_cross15(data, path):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(Cross15)
    cerebro.broker.setcash(100000)
    cerebro.broker.setcommission(commission=0.001)
    strategy = cerebro.run()[0]
    with open(path, "w", newline="\n") as out:
        for trade in strategy.trades:
            out.write("trade,%s,%s,%f,%f\n" % (bt.num2date(trade.dtopen).date().isoformat(),
                                              bt.num2date(trade.dtclose).date().isoformat(),
                                              trade.pnl, trade.pnlcomm))
        out.write("final_value,%f\n" % cerebro.broker.getvalue())
        out.write("final_cash,%f\n" % cerebro.broker.getcash())


def main():
    if bt.__version__ != "1.9.78.123":
        print("make-reference.py: backtrader %s, not 1.9.78.123: the values may differ" % bt.__version__,
              file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    write_lines(yahoo("yhoo-1996-2015.txt"), seed_columns, os.path.join(args.out, "yhoo-1996-2015.seed-lines.csv"))
    write_cross15(yahoo("yhoo-1996-2015.txt"), os.path.join(args.out, "yhoo-1996-2015.cross15.csv"))
    write_lines(btcsv("2006-day-001.txt"), extra_columns, os.path.join(args.out, "2006-day-001.extra-lines.csv"))


if __name__ == "__main__":
    main()
