#!/usr/bin/python3
"""Writes the generated tick files of tests/data/ticks/, byte for byte the same every time.

usage: tests/data/make-ticks.py [--out DIR]

Each file is a few thousand ticks of a random walk in whole cents, from a
64-bit linear congruential generator (no library random numbers, so the
bytes never depend on the Python version), in a 09:30-16:00 session on
weekdays, with what real feeds have and the resampler must get right:
timestamps repeated (two trades in one millisecond or second), ticks right
on a minute's edge, gaps over nights and weekends.

  ticks-ms.csv      Datetime,Price,Volume: one price column, millisecond
                    times, four days from a Thursday (a weekend between).
  ticks-seconds.csv Date,Time,Open,High,Low,Close,Volume,OpenInterest:
                    ticks as bars, whole seconds, three weeks (for 1w).
"""

import argparse
import datetime
import os


class Lcg:
    """Knuth's MMIX multiplier; the top 53 bits as a uniform in [0, 1)."""

    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def uniform(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) / float(2**53)


def session_days(first, count):
    day = first
    while count > 0:
        if day.weekday() < 5:
            yield day
            count -= 1
        day += datetime.timedelta(days=1)


def ticks(rng, days, per_day, unit_ms):
    """(datetime, price in cents, volume) in order, per_day ticks a day."""
    cents = 300000
    session_ms = 390 * 60 * 1000
    for day in days:
        start = datetime.datetime.combine(day, datetime.time(9, 30))
        at = 0
        for _ in range(per_day):
            roll = rng.uniform()
            if roll < 0.08:
                gap = 0                                  # the same timestamp again
            elif roll < 0.12:
                gap = 60000 - at % 60000                 # right on the next minute
            else:
                gap = int(rng.uniform() * 2 * session_ms / per_day)
            gap -= gap % unit_ms
            if at + gap >= session_ms:
                break
            at += gap
            step = int(rng.uniform() * 7) - 3
            cents = max(100, cents + step * 25)
            volume = 1 + int(rng.uniform() * rng.uniform() * 200)
            yield start + datetime.timedelta(milliseconds=at), cents, volume


def write_ms(path):
    rng = Lcg(20150923)
    with open(path, 'w', newline='\n') as out:
        out.write('Datetime,Price,Volume\n')
        for when, cents, volume in ticks(rng, session_days(datetime.date(2024, 3, 7), 4), 900, 1):
            out.write('%s.%03d,%d.%02d,%d\n' % (when.strftime('%Y-%m-%dT%H:%M:%S'), when.microsecond // 1000,
                                                cents // 100, cents % 100, volume))


def write_seconds(path):
    rng = Lcg(4)
    with open(path, 'w', newline='\n') as out:
        out.write('Date,Time,Open,High,Low,Close,Volume,OpenInterest\n')
        for when, cents, volume in ticks(rng, session_days(datetime.date(2024, 4, 3), 15), 250, 1000):
            price = '%d.%02d' % (cents // 100, cents % 100)
            out.write('%s,%s,%s,%s,%s,%s,%d,%d\n' % (when.strftime('%Y-%m-%d'), when.strftime('%H:%M:%S'),
                                                      price, price, price, price, volume, 1000 + volume % 7))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ticks'))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_ms(os.path.join(args.out, 'ticks-ms.csv'))
    write_seconds(os.path.join(args.out, 'ticks-seconds.csv'))


if __name__ == '__main__':
    main()
