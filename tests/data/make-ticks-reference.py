#!/usr/bin/python3
"""Regenerates backtrader's resampling and replay reference (tests/data/reference/ticks/).

backtrader is pure Python: a checkout of mementum/backtrader (commit b853d7c9,
version 1.9.78.123) runs with Debian's python3 as it is, nothing to install.

usage: tests/data/make-ticks-reference.py --backtrader DIR [--out DIR]

For each tick file of tests/data/ticks/ and each period, backtrader's
cerebro.resampledata() and cerebro.replaydata() (their defaults: bar2edge,
rightedge, adjbartime for resampling and not for replay, the session's end
at 23:59:59.999990) feed a strategy that records every bar it sees, in
prenext() and next() alike: len(data), the bar's datetime, open, high,
low, close, volume and openinterest, and SMA(3) and EMA(3) of the close
(NaN while they warm up).  Each case is FILE.MODE-PERIOD.csv, one row a
call; replay calls the strategy at every tick with the bar as it forms.

orders.txt is the broker's side: for each file, mode and period, the
final value and cash and the trades closed of the strategy run_orders()
describes.

Numbers are Python's repr (the shortest text that reads back to the same
double), NaN as "nan"; a column a file lacks (openinterest) reads as 0, as
in Barkeep's reader.  The datetime is backtrader's float of days, which
holds a time only to about 10 microseconds, as
YYYY-MM-DDTHH:MM:SS.ffff: rounded to 100 microseconds, the finest that
every value here is exact at (ticks in milliseconds, and replay's late
ticks pushed 0.000001 days, 86.4 ms, past the bar before).  The test
rounds Barkeep's times the same way.
"""

import argparse
import datetime
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# file: GenericCSVData's columns and formats.
FILES = {
    'ticksample': dict(dtformat='%Y-%m-%dT%H:%M:%S.%f', datetime=0, time=-1, open=1, high=2, low=3, close=4,
                       volume=5, openinterest=6),
    'ticks-ms': dict(dtformat='%Y-%m-%dT%H:%M:%S.%f', datetime=0, time=-1, open=1, high=1, low=1, close=1,
                     volume=2, openinterest=-1),
    'ticks-seconds': dict(dtformat='%Y-%m-%d', tmformat='%H:%M:%S', datetime=0, time=1, open=2, high=3, low=4,
                          close=5, volume=6, openinterest=7),
}

# period: (timeframe name, compression); the files each is run on.
PERIODS = [
    ('10s', 'Seconds', 10, ['ticksample', 'ticks-ms']),
    ('1min', 'Minutes', 1, ['ticksample', 'ticks-ms', 'ticks-seconds']),
    ('5min', 'Minutes', 5, ['ticksample', 'ticks-ms', 'ticks-seconds']),
    ('15min', 'Minutes', 15, ['ticks-ms', 'ticks-seconds']),
    ('1h', 'Minutes', 60, ['ticks-ms', 'ticks-seconds']),
    ('1d', 'Days', 1, ['ticks-ms', 'ticks-seconds']),
    ('1w', 'Weeks', 1, ['ticks-ms', 'ticks-seconds']),
]


def number(value):
    return 'nan' if math.isnan(value) else repr(float(value))


def when(days):
    """backtrader's datetime (float days from 0001-01-01 plus one), to 100 us."""
    whole = int(days)
    ticks = int(round((days - whole) * 864000000.0))   # units of 100 us in the day
    moment = datetime.datetime.fromordinal(whole) + datetime.timedelta(microseconds=ticks * 100)
    return moment.strftime('%Y-%m-%dT%H:%M:%S') + '.%04d' % (moment.microsecond // 100)


def run_case(bt, path, columns, mode, timeframe, compression):
    rows = []

    class Record(bt.Strategy):
        def __init__(self):
            self.sma = bt.indicators.SMA(self.data.close, period=3)
            self.ema = bt.indicators.EMA(self.data.close, period=3)

        def record(self):
            d = self.data
            rows.append([str(len(d)), when(d.datetime[0]), number(d.open[0]), number(d.high[0]), number(d.low[0]),
                         number(d.close[0]), number(d.volume[0]), number(d.openinterest[0]),
                         number(self.sma[0]) if len(self.sma) else 'nan',
                         number(self.ema[0]) if len(self.ema) else 'nan'])

        def prenext(self):
            self.record()

        def next(self):
            self.record()

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.addstrategy(Record)
    # A column the file does not have reads as 0, as Barkeep's reader has it.
    data = bt.feeds.GenericCSVData(dataname=path, timeframe=bt.TimeFrame.Ticks, nullvalue=0.0, **columns)
    add = cerebro.resampledata if mode == 'resample' else cerebro.replaydata
    add(data, timeframe=getattr(bt.TimeFrame, timeframe), compression=compression)
    cerebro.run()
    return rows


# The orders case (orders.txt, one line a file, mode and period: the final
# value and cash and the trades closed): long while the close is above
# SMA(3) — a market buy of 1 when flat and the close is above it, a close
# when long and the close is below — one order waiting at a time, as a
# Barkeep strategy's rules (buy=close > sma, sell=close < sma, size=1)
# make them; 100000 in cash, no commission.
def run_orders(bt, path, columns, mode, timeframe, compression):
    class Rules(bt.Strategy):
        def __init__(self):
            self.sma = bt.indicators.SMA(self.data.close, period=3)
            self.waiting = None
            self.trades = 0

        def next(self):
            if self.waiting is not None:
                return
            if not self.position:
                if self.data.close[0] > self.sma[0]:
                    self.waiting = self.buy(size=1)
            elif self.data.close[0] < self.sma[0]:
                self.waiting = self.close()

        def notify_order(self, order):
            if order.status in (order.Completed, order.Canceled, order.Margin, order.Rejected, order.Expired):
                self.waiting = None

        def notify_trade(self, trade):
            if trade.isclosed:
                self.trades += 1

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.broker.setcash(100000.0)
    cerebro.addstrategy(Rules)
    data = bt.feeds.GenericCSVData(dataname=path, timeframe=bt.TimeFrame.Ticks, nullvalue=0.0, **columns)
    add = cerebro.resampledata if mode == 'resample' else cerebro.replaydata
    add(data, timeframe=getattr(bt.TimeFrame, timeframe), compression=compression)
    strategy = cerebro.run()[0]
    return [number(cerebro.broker.getvalue()), number(cerebro.broker.getcash()), str(strategy.trades)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backtrader', required=True, help='a checkout of mementum/backtrader at b853d7c9')
    parser.add_argument('--out', default=os.path.join(HERE, 'reference', 'ticks'))
    args = parser.parse_args()
    sys.path.insert(0, args.backtrader)
    import backtrader as bt

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'orders.txt'), 'w', newline='\n') as f:
        f.write('file mode period value cash trades\n')
        for period, timeframe, compression, files in PERIODS:
            for name in files:
                for mode in ('resample', 'replay'):
                    result = run_orders(bt, os.path.join(HERE, 'ticks', name + '.csv'), FILES[name], mode, timeframe,
                                        compression)
                    f.write(' '.join([name, mode, period] + result) + '\n')
    for period, timeframe, compression, files in PERIODS:
        for name in files:
            for mode in ('resample', 'replay'):
                rows = run_case(bt, os.path.join(HERE, 'ticks', name + '.csv'), FILES[name], mode, timeframe,
                                compression)
                out = os.path.join(args.out, '%s.%s-%s.csv' % (name, mode, period))
                with open(out, 'w', newline='\n') as f:
                    f.write('len,datetime,open,high,low,close,volume,openinterest,sma,ema\n')
                    for row in rows:
                        f.write(','.join(row) + '\n')


if __name__ == '__main__':
    main()
