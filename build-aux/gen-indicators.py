#!/usr/bin/env python3
"""The indicator library from its one list, src/engine/dataflow/indicators/indicators.list
(as Tulip Indicators' indicators.tcl makes its table, header and build list).

  gen-indicators.py generate LIST TABLE_C HEADER_H
      At build time: the registry table (bk-registry-table.c) and the
      declarations of every descriptor (bk-indicator-list.h).
  gen-indicators.py check SOURCE_ROOT
      The engine suite's indicator-list test: every .c file of the folder
      is listed, every listed file exists, every descriptor a file defines
      is listed with it (one left out would be missing from the registry),
      and po/POTFILES names exactly the listed files of the folder.
  gen-indicators.py update-potfiles SOURCE_ROOT
      Rewrites po/POTFILES's lines of the folder from the list.

A line of the list is `FILE DESCRIPTOR`, DESCRIPTOR an identifier or
`NAME[N]`; `#` starts a comment."""
import os
import re
import sys

INDICATORS_DIR = "src/engine/dataflow/indicators"
DESCRIPTOR = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[([1-9][0-9]*)\])?$")
FILE = re.compile(r"^[a-z0-9_]+\.c$")
DEFINITION = re.compile(r"^const BkIndicatorDesc bk_indicator_([a-z0-9_]+)\b", re.M)


class ListError(Exception):
    pass


def read_list(path):
    """[(file, name, count or None)] in the list's order."""
    entries, names = [], set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            where = "%s:%d" % (path, number)
            if len(words) != 2:
                raise ListError("%s: expected `FILE DESCRIPTOR`, found %r" % (where, line.strip()))
            source, descriptor = words
            match = DESCRIPTOR.match(descriptor)
            if not FILE.match(source) or match is None:
                raise ListError("%s: %r is not `name.c descriptor` or `name.c name[N]`" % (where, line.strip()))
            name, count = match.group(1), match.group(2)
            if name in names:
                raise ListError("%s: descriptor %s is listed twice" % (where, name))
            names.add(name)
            entries.append((source, name, int(count) if count else None))
    if not entries:
        raise ListError("%s: no indicators" % path)
    return entries


def listed_files(entries):
    files = []
    for source, _, _ in entries:
        if source not in files:
            files.append(source)
    return files


def generate(list_path, table_path, header_path):
    entries = read_list(list_path)
    n_types = sum(count or 1 for _, _, count in entries)
    origin = "Generated from %s/indicators.list by build-aux/gen-indicators.py: do not edit." % INDICATORS_DIR

    header = ["/* bk-indicator-list.h — every indicator descriptor, declared for the",
              " * file that defines it and for the registry table.",
              " * %s */" % origin,
              "#pragma once",
              "",
              '#include "bk-node.h"',
              "",
              "G_BEGIN_DECLS",
              ""]
    for source, name, count in entries:
        if count is None:
            header.append("extern const BkIndicatorDesc bk_indicator_%s;  /* %s */" % (name, source))
        else:
            # Left incomplete, so that the defining file's own count is
            # checked against this one (a G_STATIC_ASSERT there).
            header.append("#define BK_N_%s %d" % (name.upper(), count))
            header.append("extern const BkIndicatorDesc bk_indicator_%s[];  /* %s */" % (name, source))
    header += ["",
               "/* The registry: every descriptor, in the list's order. */",
               "#define BK_N_INDICATOR_TYPES %d" % n_types,
               "extern const BkIndicatorDesc *const bk_indicator_table[BK_N_INDICATOR_TYPES];",
               "",
               "G_END_DECLS",
               ""]

    table = ["/* bk-registry-table.c — the registry table.",
             " * %s */" % origin,
             '#include "bk-indicator-list.h"',
             "",
             "const BkIndicatorDesc *const bk_indicator_table[BK_N_INDICATOR_TYPES] = {"]
    for _, name, count in entries:
        if count is None:
            table.append("  &bk_indicator_%s," % name)
        else:
            table += ["  &bk_indicator_%s[%d]," % (name, i) for i in range(count)]
    table += ["};", ""]

    for path, lines in ((header_path, header), (table_path, table)):
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def potfiles_lines(root):
    with open(os.path.join(root, "po", "POTFILES"), encoding="utf-8") as f:
        return f.read().splitlines()


def check(root):
    problems = []
    folder = os.path.join(root, INDICATORS_DIR)
    entries = read_list(os.path.join(folder, "indicators.list"))
    files = listed_files(entries)
    on_disk = sorted(name for name in os.listdir(folder) if name.endswith(".c"))
    for name in on_disk:
        if name not in files:
            problems.append("%s/%s is not in indicators.list (meson would not build it)" % (INDICATORS_DIR, name))
    for name in files:
        if name not in on_disk:
            problems.append("indicators.list names %s/%s, which does not exist" % (INDICATORS_DIR, name))
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            defined = DEFINITION.findall(f.read())
        listed = [descriptor for source, descriptor, _ in entries if source == name]
        for descriptor in defined:
            if descriptor not in listed:
                problems.append("%s/%s defines bk_indicator_%s, which indicators.list does not name with it "
                                "(it would be missing from the registry)" % (INDICATORS_DIR, name, descriptor))
        for descriptor in listed:
            if descriptor not in defined:
                problems.append("indicators.list names bk_indicator_%s in %s/%s, which does not define it"
                                % (descriptor, INDICATORS_DIR, name))
    prefix = INDICATORS_DIR + "/"
    in_potfiles = [line for line in potfiles_lines(root) if line.startswith(prefix)]
    for name in files:
        if prefix + name not in in_potfiles:
            problems.append("po/POTFILES lacks %s%s (its strings would not be translated)" % (prefix, name))
    for line in in_potfiles:
        if line[len(prefix):] not in files:
            problems.append("po/POTFILES names %s, which is not in indicators.list" % line)
    for problem in problems:
        print(problem)
    if problems and any("POTFILES" in p for p in problems):
        print("po/POTFILES: build-aux/gen-indicators.py update-potfiles . rewrites its indicator lines")
    return 1 if problems else 0


def update_potfiles(root):
    prefix = INDICATORS_DIR + "/"
    files = listed_files(read_list(os.path.join(root, INDICATORS_DIR, "indicators.list")))
    lines = potfiles_lines(root)
    rest = [line for line in lines if not line.startswith(prefix)]
    # Where they were, or where the sorted order puts them.
    at = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
    if at is None:
        at = next((i for i, line in enumerate(rest) if not line.startswith("#") and line > prefix), len(rest))
    rest[at:at] = sorted(prefix + name for name in files)
    with open(os.path.join(root, "po", "POTFILES"), "w", encoding="utf-8") as f:
        f.write("\n".join(rest) + "\n")
    return 0


def main(argv):
    try:
        if len(argv) == 5 and argv[1] == "generate":
            generate(argv[2], argv[3], argv[4])
            return 0
        if len(argv) == 3 and argv[1] == "check":
            return check(argv[2])
        if len(argv) == 3 and argv[1] == "update-potfiles":
            return update_potfiles(argv[2])
    except (ListError, OSError) as e:
        print("gen-indicators.py: %s" % e, file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
