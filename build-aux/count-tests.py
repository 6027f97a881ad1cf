#!/usr/bin/env python3
"""Counts test cases across meson test logs: each TAP 'ok'/'not ok' line of
a test program is one case; a program that produced no TAP is counted by
its own result.  Nothing is left out of the count:

  - a case skipped ('# SKIP'), and a whole test meson reports as skipped,
    counts as failed: the whole suite runs everywhere, so a skip means
    something the suite needs is missing;
  - the cases a program's plan ('1..N') promised and it never reported
    (it was killed or timed out) count as failed, each program named;
  - a program that failed after its last case passed (a sanitizer's report
    at exit) counts one failure.

Each of these is named on a line of its own.  The last line is
'N passed, N failed (K did not run, S skipped)', where the failed include
the cases that did not run and the skipped; exits 1 when anything failed
or nothing ran."""
import json
import re
import sys

CASE = re.compile(r"^(ok|not ok)\b[^\n]*", re.M)
PLAN = re.compile(r"^1\.\.(\d+)", re.M)

passed = failed = not_run = skipped = 0
notes = []
for path in sys.argv[1:]:
    try:
        entries = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    except OSError:
        notes.append(f"{path}: missing (that build did not run): 1 failed")
        failed += 1
        continue
    for entry in entries:
        name = entry.get("name", "?")
        stdout = entry.get("stdout") or ""
        cases = [m.group(0) for m in CASE.finditer(stdout)]
        if not cases:
            if entry["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif entry["result"] == "SKIP":
                notes.append(f"{path}: {name}: skipped as a whole (counted as failed)")
                skipped += 1
                failed += 1
            else:
                notes.append(f"{path}: {name}: {entry['result']} with no test cases reported")
                failed += 1
            continue
        for text in cases:
            if re.search(r"#\s*SKIP", text, re.I):
                notes.append(f"{path}: {name}: skipped (counted as failed): {text}")
                skipped += 1
                failed += 1
            elif text.startswith("ok"):
                passed += 1
            else:
                failed += 1
        plan = PLAN.search(stdout)
        missing = int(plan.group(1)) - len(cases) if plan else 0
        if missing > 0:
            notes.append(f"{path}: {name}: {missing} of its {plan.group(1)} cases did not run "
                         f"({entry['result']} after case {len(cases)}; counted as failed)")
            not_run += missing
            failed += missing
        elif entry["result"] not in ("OK", "EXPECTEDFAIL") and not any(c.startswith("not ok") for c in cases):
            notes.append(f"{path}: {name}: {entry['result']} after its last case passed (counted as one failure)")
            failed += 1
for note in notes:
    print(note)
print(f"{passed} passed, {failed} failed ({not_run} did not run, {skipped} skipped)")
sys.exit(1 if failed or passed == 0 else 0)
