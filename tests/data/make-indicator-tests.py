#!/usr/bin/python3
"""Regenerates tests/data/backtrader-indicator-tests.txt from backtrader's own indicator tests.

usage: tests/data/make-indicator-tests.py --backtrader DIR [--out FILE]

DIR is a clone of mementum/backtrader (git clone https://github.com/mementum/backtrader).
The tests are read, not run (Python's ast): tests/test_ind_*.py at commit b853d7c9
(version 1.9.78.123), and two early files that were removed before it, each at the
only commit that has it.  Given a plain checkout without .git, the files in DIR/tests
are read instead, and the two early files cannot be.

Each test's chkdatas, chkvals, chkmin, chkind and chkargs become one entry; the
status, left-out and note lines are written by hand (NOTES below)."""

import argparse
import ast
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COMMIT = "b853d7c90b6721476eb5a5ea3135224e33db1f14"
# Removed before 1.9.78.123; each is in one commit only.
EARLY = {
    "test_ind_aroon.py": "2a831d6ac37e6557659249f41e82e15c788a92e6",
    "test_ind_williams.py": "239ecd51cfd1edba68bca98e7780d9ce3e1095ac",
}

HEADER = """\
# backtrader's indicator tests (mementum/backtrader tests/test_ind_*.py) as data:
# each checks the indicator on 2006-day-001.txt (2006-01-01 to 2006-12-31) at three bars,
# len - 1 (the last), the strategy's first bar (min), and len - 1 + (min - len) // 2, printed with '%f'.
# input: what the checked indicator is given instead of the data; status: a test backtrader does not run.
"""

# What reading the test alone does not say.
NOTES = {
    "test_ind_aroon.py": [
        ("status", "stale, values copied from another test"),
        ("note", "stale early file (only one stored version, commit 2a831d6, copyright 2015): \"# chkind = "
                 "btind.AroonUpDown\" is commented out and chkind = btind.AroonOscillator is active, but chkvals "
                 "and chkmin 30 are copied verbatim from test_ind_envelope.py (Envelope's first line), not real "
                 "AroonOscillator values (test_ind_aroonoscillator.py gives min 15, 35.714286 ...); treat as "
                 "unreliable"),
    ],
    "test_ind_envelope.py": [
        ("note", "strategy TS2 creates ind = btind.MovAv.SMA(self.data) and sets self.p.inddata = [ind], so the "
                 "checked Envelope is applied to the SMA (Envelope(SMA(data))), not to the raw data"),
    ],
    "test_ind_heikinashi.py": [
        ("note", "test is disabled in backtrader: test_run wraps the runtest call in \"if False:\", so these values "
                 "are never checked there (also in the latest 2015-2024 version); they are nevertheless "
                 "HeikinAshi's (ha_low is ha_open at the three bars, hence lines 1 and 3 alike), so Barkeep checks "
                 "them"),
    ],
    "test_ind_ichimoku.py": [
        ("left-out", "chikou_span: close[t + 26], 26 bars ahead of the bar, which a bar-by-bar engine cannot read"),
        ("note", "the first value of line 5 (chikou_span, last bar) is the tuple ('nan', '3682.320000') in chkvals: "
                 "testcommon accepts either string (nan written here, the first alternative)"),
    ],
    "test_ind_kamaenvelope.py": [
        ("note", "despite the file name, chkind is btind.SMAEnvelope (not KAMAEnvelope) and the values equal "
                 "test_ind_smaenvelope.py / test_ind_envelope.py; unchanged in later copies (e.g. the 2015-2023 "
                 "version in forks), so backtrader has no real KAMAEnvelope expectation"),
    ],
    "test_ind_minperiod.py": [
        ("note", "no value lines: chkvals = [] (empty), so only the minimum period is checked: chkind = [btind.SMA, "
                 "btind.Stochastic, btind.MACD, btind.Highest] all on the same data (default params), and the "
                 "strategy's first next() must come at bar 34 (\"chkmin = 34  # from MACD\", i.e. the largest of the "
                 "four: SMA 30, Stochastic 18, MACD 34, Highest with its default period); also len(SMA) == "
                 "len(strategy); chkargs = dict() (empty)"),
    ],
    "test_ind_oscillator.py": [
        ("note", "strategy TS2 creates ind = btind.MovAv.SMA(self.data) and sets self.p.inddata = [ind], so the "
                 "checked indicator is Oscillator(SMA(data)) given only the SMA; with a single input it oscillates "
                 "that input's own source around it, i.e. data.close - SMA(30): the values are identical to "
                 "test_ind_smaosc.py (SMAOsc)"),
    ],
    "test_ind_ultosc.py": [
        ("note", "source comment on chkmin: \"28 from longest SumN/Sum + 1 extra from truelow/truerange\"; class "
                 "written as bt.indicators.UltimateOscillator"),
    ],
    "test_ind_williams.py": [
        ("status", "superseded by test_ind_williamsr.py (Williams, an early name of WilliamsR)"),
        ("note", "early file (only one stored version, commit 239ecd5, copyright 2015; values written as u'' "
                 "strings) for btind.Williams; superseded by test_ind_williamsr.py (btind.WilliamsR) with identical "
                 "values and chkmin"),
    ],
}


def sources(backtrader):
    """(file name, text) of every indicator test, sorted by name."""
    has_commit = subprocess.run(["git", "-C", backtrader, "cat-file", "-e", COMMIT + "^{commit}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if has_commit:
        def show(commit, path):
            return subprocess.run(["git", "-C", backtrader, "show", "%s:%s" % (commit, path)], check=True,
                                  stdout=subprocess.PIPE).stdout.decode("utf-8")
        listing = subprocess.run(["git", "-C", backtrader, "ls-tree", "--name-only", COMMIT, "tests/"], check=True,
                                 stdout=subprocess.PIPE).stdout.decode("utf-8").split()
        files = {os.path.basename(p): show(COMMIT, p) for p in listing if os.path.basename(p).startswith("test_ind_")}
        for name, commit in EARLY.items():
            files[name] = show(commit, "tests/" + name)
    else:
        tests = os.path.join(backtrader, "tests")
        if not os.path.isfile(os.path.join(tests, "testcommon.py")):
            sys.exit("make-indicator-tests.py: %s: not a clone of backtrader (no tests/testcommon.py)" % backtrader)
        files = {}
        for name in os.listdir(tests):
            if name.startswith("test_ind_") and name.endswith(".py"):
                with open(os.path.join(tests, name), encoding="utf-8") as f:
                    files[name] = f.read()
        print("make-indicator-tests.py: %s is not a git clone with commit %s: %s left out (removed before "
              "1.9.78.123)"
              % (backtrader, COMMIT[:8], ", ".join(sorted(EARLY))), file=sys.stderr)
    return sorted(files.items())


def dotted_last(node):
    """btind.MovAv.SMA -> SMA."""
    return node.attr if isinstance(node, ast.Attribute) else node.id


def call_text(call):
    """btind.MovAv.SMA(self.data) -> SMA(data)."""
    args = ["data" if isinstance(a, ast.Attribute) and a.attr == "data" else ast.unparse(a) for a in call.args]
    return "%s(%s)" % (dotted_last(call.func), ", ".join(args))


def entry(name, text):
    tree = ast.parse(text, name)
    top = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            top[node.targets[0].id] = node.value
    kinds = top["chkind"].elts if isinstance(top["chkind"], ast.List) else [top["chkind"]]
    args = top.get("chkargs")
    args = ", ".join("%s=%s" % (k.arg, ast.unparse(k.value)) for k in args.keywords) if args is not None else ""
    # A strategy that gives the checked indicator other inputs (self.p.inddata).
    inputs = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            made = {}
            for stmt in ast.walk(node):
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name) \
                        and isinstance(stmt.value, ast.Call):
                    made[stmt.targets[0].id] = call_text(stmt.value)
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Attribute) \
                        and stmt.targets[0].attr == "inddata":
                    inputs = [made[e.id] for e in stmt.value.elts]
    out = ["file: " + name,
           "indicator: " + dotted_last(kinds[0]),
           "args: " + (args or "(none)"),
           "datas: %d" % ast.literal_eval(top["chkdatas"]),
           "min: %d" % ast.literal_eval(top["chkmin"])]
    if inputs:
        out.append("input: " + ", ".join(inputs))
    out.append("extra: " + (", ".join("%s(data)" % dotted_last(k) for k in kinds[1:]) or "(none)"))
    for values in ast.literal_eval(top["chkvals"]):
        out.append("line: " + " ".join(v[0] if isinstance(v, tuple) else v for v in values))
    out += ["%s: %s" % kv for kv in NOTES.get(name, [])]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backtrader", required=True, help="a clone of mementum/backtrader")
    parser.add_argument("--out", default=os.path.join(HERE, "backtrader-indicator-tests.txt"),
                        help="where to write (default: %(default)s)")
    args = parser.parse_args()
    entries = [entry(name, text) for name, text in sources(args.backtrader)]
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n" + "\n".join(entries))


if __name__ == "__main__":
    main()
