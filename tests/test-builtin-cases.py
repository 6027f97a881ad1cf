#!/usr/bin/env python3
"""test-builtin-cases.py — the built-in strategies that the orders corpus
holds to backtrader are the strategies the corpus runs: every case
tests/data/orders/builtin-ID[-MORE].ini has the [indicator ...], [broker]
and [rules] sections of data/strategies/ID.ini, key for key and value for
value, and each built-in named in BACKED has at least one such case.

TAP on standard output.  Usage: test-builtin-cases.py [SOURCE_DIR]
(default: $BARKEEP_SOURCE_DIR, else the checkout this file is in)."""
import configparser
import glob
import os
import sys

# The built-ins that show the orders language, each checked against
# backtrader by the corpus (test-orders).
BACKED = ("bracketed-breakout", "long-short")

source_dir = (sys.argv[1] if len(sys.argv) > 1 else
              os.environ.get("BARKEEP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
strategies = os.path.join(source_dir, "data", "strategies")
orders = os.path.join(source_dir, "tests", "data", "orders")


def sections(path):
    """{section: {key: value}} of the sections a run trades by."""
    parser = configparser.ConfigParser(comment_prefixes=("#", ";"), interpolation=None, strict=True)
    parser.optionxform = str
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    return {name: dict(parser[name]) for name in parser.sections()
            if name in ("broker", "rules") or name.startswith("indicator ")}


def builtin_of(case):
    """The built-in a case builtin-ID[-MORE] runs: the longest ID that fits."""
    ids = [os.path.basename(p)[:-4] for p in glob.glob(os.path.join(strategies, "*.ini"))]
    fits = [i for i in ids if case == "builtin-" + i or case.startswith("builtin-" + i + "-")]
    return max(fits, key=len) if fits else None


results = []
cases = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(orders, "builtin-*.ini")))
for case in cases:
    builtin = builtin_of(case)
    if builtin is None:
        results.append((False, "%s names no built-in strategy" % case, ""))
        continue
    mine, theirs = sections(os.path.join(strategies, builtin + ".ini")), sections(os.path.join(orders, case + ".ini"))
    differences = []
    for name in sorted(set(mine) | set(theirs)):
        a, b = mine.get(name), theirs.get(name)
        if a is None or b is None:
            differences.append("[%s] only in %s" % (name, builtin + ".ini" if b is None else case + ".ini"))
            continue
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                differences.append("[%s] %s: %r in %s.ini, %r in %s.ini" % (name, key, a.get(key), builtin,
                                                                           b.get(key), case))
    results.append((not differences, "orders/%s.ini runs data/strategies/%s.ini" % (case, builtin),
                    "; ".join(differences)))
for builtin in BACKED:
    backed = [c for c in cases if builtin_of(c) == builtin]
    results.append((bool(backed), "%s has a case in the orders corpus" % builtin, ""))

print("1..%d" % len(results))
for number, (ok, what, why) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", number, what))
    if not ok and why:
        print("# " + why)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
