#!/usr/bin/env python3
"""Counts test cases across meson test logs: each TAP 'ok'/'not ok' line of
a GLib test program is one case; a program that produced no TAP is counted
by its own result.  Prints 'N passed, N failed, N skipped' and exits 1 when
anything failed or nothing ran."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        entries = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    except OSError:
        print(f"{path}: missing (that build did not run)")
        failed += 1
        continue
    for entry in entries:
        cases = re.findall(r"^(ok|not ok) \d+[^\n]*", entry.get("stdout", ""), re.M)
        if not cases:
            if entry["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif entry["result"] == "SKIP":
                skipped += 1
            else:
                failed += 1
            continue
        for line in re.finditer(r"^(ok|not ok) \d+[^\n]*", entry["stdout"], re.M):
            text = line.group(0)
            if "# SKIP" in text:
                skipped += 1
            elif text.startswith("ok"):
                passed += 1
            else:
                failed += 1
        if entry["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and not re.search(r"^not ok", entry["stdout"], re.M):
            failed += 1   # crashed or timed out after its last case
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
