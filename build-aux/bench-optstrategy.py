#!/usr/bin/env python3
"""bench-optstrategy.py — backtrader's optstrategy on the grid that
`barkeep-cli sweep` is measured against (docs/benchmarks.md, "Sweeps"):
an SMA(fast)/SMA(slow) crossover, 10 units, cash 100000, commission
0.001, as tests/data/sma-cross-fast-slow.ini writes it, fast 5-24 and
slow 25-44, on tests/data/datas/yhoo-1996-2015.txt.

Usage: python3 build-aux/bench-optstrategy.py BACKTRADER_DIR DATA [MAXCPUS]
Prints the number of combinations, the best final value and its
parameters; time the whole process from outside (/usr/bin/time -v).
"""
import sys

sys.path.insert(0, sys.argv[1])
import backtrader as bt  # noqa: E402


class SmaCross(bt.Strategy):
    params = (("fast", 10), ("slow", 30))

    def __init__(self):
        fast = bt.indicators.SMA(self.data.close, period=self.p.fast)
        slow = bt.indicators.SMA(self.data.close, period=self.p.slow)
        self.cross = bt.indicators.CrossOver(fast, slow)

    def next(self):
        if not self.position:
            if self.cross[0] > 0:
                self.buy(size=10)
        elif self.cross[0] < 0:
            self.close()



class FinalValue(bt.Analyzer):
    def stop(self):
        self.rets["value"] = self.strategy.broker.getvalue()

    def get_analysis(self):
        return self.rets


def main():
    data_path = sys.argv[2]
    maxcpus = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    cerebro = bt.Cerebro(maxcpus=maxcpus)
    cerebro.broker.setcash(100000)
    cerebro.broker.setcommission(commission=0.001)
    # As tests/data/make-reference.py reads it: the prices as written.
    cerebro.adddata(bt.feeds.YahooFinanceCSVData(dataname=data_path, adjclose=False, round=False))
    cerebro.addanalyzer(FinalValue, _name="final")
    cerebro.optstrategy(SmaCross, fast=range(5, 25), slow=range(25, 45))
    results = cerebro.run()
    best = max((run[0] for run in results), key=lambda s: s.analyzers.final.get_analysis()["value"])
    print("combinations %d, best final value %.2f at fast=%d slow=%d"
          % (len(results), best.analyzers.final.get_analysis()["value"], best.p.fast, best.p.slow))


if __name__ == "__main__":
    main()
