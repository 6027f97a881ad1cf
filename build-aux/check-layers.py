#!/usr/bin/env python3
"""check-layers.py — the layers of src/, and what crosses them the wrong way.

The engine is built in layers, each allowed to use only itself and the
layers below it:

    0 base       errors, i18n, exact sums, pow, threads, bars, output files
    1 storage    lines
    2 dataflow   graph, operators, registry, indicators
    3 language   parser, strategy files, strategies, models
    4 run        CSV reader, sources, broker, observers, run, dump, report
    5 pipelines  compare, universe, regression statistics, BMA, generators
    6 cli        barkeep-cli (src/cli)          ─┐ the two front ends, over the
    6 app        barkeep, the window (src/app)  ─┘ engine; neither uses the other

A module is a .c file and its headers (bk-x.c, bk-x.h, bk-x-private.h).
Module A uses module B when a file of A includes a header of B, or names a
function that B defines (not static; a header's static inline functions
count as its module's).  The checker reports every use of a higher layer
and every circle of modules that use each other.

A file's layer is its front end's folder (src/app, src/cli) or the folder
of src/engine it sits in (src/engine/base/,
the indicators under src/engine/dataflow/indicators/ too); a file in no
layer folder is an error, so that a new file has to be placed.  Each
folder is also a static library that sees only its own and the lower
layers' headers and links only the lower layers' libraries
(src/engine/meson.build), so that the compiler and the linker refuse a
use up as well.  This check names every use up at once with its
reasons, and finds the circles inside one layer, which the build cannot.
In the front ends the circles are all there is to find: the window, the
application and the views are one library, so nothing but this check
keeps them from going round.

What still points up or goes round is listed in ALLOWED, each with the
work that removes it: the check fails on anything not listed, and on a
listed edge that is gone (so that the list only shrinks).

It also fails on a file of src/, tests/ or build-aux/ longer than 1,000
lines.

Usage: check-layers.py [--report] [SOURCE_ROOT]
  --report   print the whole map (every module's layer and uses) as well
"""

import os
import re
import sys

LAYER_NAMES = ["base", "storage", "dataflow", "language", "run", "pipelines"]
# The front ends, each one layer over the engine's top, beside each other.
FRONT_ENDS = ["cli", "app"]

# What still breaks the rules, each with the work that removes it: edges
# up a layer ("A -> B"), and circles inside one layer (the modules a
# circle may have; a circle of fewer of them passes).  The check fails on
# anything not listed here and on a listed entry that is gone, so that
# the lists only shrink.
ALLOWED_UP = {
}
ALLOWED_CIRCLES = [
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
IDENT_RE = re.compile(r"\b[A-Za-z_]\w*\b")
DEF_RE = re.compile(r"^([A-Za-z_]\w*) \(", re.M)


def strip_comments_and_strings(text):
    """The text with comments, string and character literals blanked."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def drop_prototypes(text):
    """A header's text without the names its prototypes declare: a name
    followed by '(' outside braces, unless it is a macro's argument."""
    out, depth, last = [], 0, 0
    for m in re.finditer(r"[{}]|\b([A-Za-z_]\w*)\s*\(", text):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0 and not tok.isupper() and not tok[0].isupper():
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not text[line_start:m.start()].lstrip().startswith("#"):
                out.append(text[last:m.start()])
                last = m.start() + len(m.group(1))
    out.append(text[last:])
    return "".join(out)


def module_of(path, header_stems):
    """bk-x.c, bk-x.h and bk-x-private.h are module bk-x; a .c file with
    no header of its own (bk-x-part.c) is part of the module whose header
    its name extends (bk-x)."""
    stem = os.path.basename(path).rsplit(".", 1)[0]
    if stem.endswith("-private"):
        stem = stem[: -len("-private")]
    if os.path.basename(os.path.dirname(path)) == "indicators" and path.endswith(".c"):
        return "indicators/" + stem
    if path.endswith(".c") and stem not in header_stems:
        parts = stem.split("-")
        for n in range(len(parts) - 1, 1, -1):
            if "-".join(parts[:n]) in header_stems:
                return "-".join(parts[:n])
    return stem


def layer_of(path, src):
    """The front end (src/app, src/cli) or the layer folder of src/engine
    that the file sits in, or None."""
    parts = os.path.relpath(path, src).split(os.sep)
    if parts[0] in FRONT_ENDS:
        return parts[0]
    return parts[1] if parts[0] == "engine" and len(parts) > 2 and parts[1] in LAYER_NAMES else None


def definitions(text, is_header):
    """The functions a file defines that other files can call."""
    found = set()
    for m in DEF_RE.finditer(text):
        # A definition: the parameter list is followed by a body, not ';'.
        depth, j = 0, m.end() - 1
        while j < len(text):
            if text[j] == "(":
                depth += 1
            elif text[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        rest = text[j + 1 : j + 200].lstrip()
        if not rest.startswith("{"):
            continue
        line_start = text.rfind("\n", 0, m.start() - 1) + 1
        type_line = text[line_start : m.start()]
        is_static = type_line.lstrip().startswith("static")
        if is_static and not (is_header and "inline" in type_line):
            continue
        found.add(m.group(1))
    return found


def scan(root):
    src = os.path.join(root, "src")
    files = []
    for top in ["engine"] + FRONT_ENDS:
        for folder, _dirs, names in os.walk(os.path.join(src, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    files.append(os.path.join(folder, name))
    files.sort()
    header_stems = set()
    for path in files:
        if path.endswith(".h"):
            stem = os.path.basename(path)[:-2]
            header_stems.add(stem[: -len("-private")] if stem.endswith("-private") else stem)
    info = {}
    problems = []
    for path in files:
        rel = os.path.relpath(path, root)
        module = module_of(path, header_stems)
        layer = layer_of(path, src)
        if layer is None:
            problems.append("%s: no layer (move it into a layer folder: %s)"
                            % (rel, ", ".join("src/engine/%s/" % name for name in LAYER_NAMES)))
            continue
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        text = strip_comments_and_strings(raw)
        idents = set(IDENT_RE.findall(text))
        if path.endswith(".h"):
            # A header's prototypes declare, they do not call: only the
            # names used in its inline bodies and macros count.
            idents = set(IDENT_RE.findall(drop_prototypes(text)))
        info[rel] = {
            "module": module,
            "layer": layer,
            "includes": INCLUDE_RE.findall(raw),
            "idents": idents,
            "defines": definitions(text, path.endswith(".h")),
        }
    return info, problems


def uses(info):
    """(A, B) → the reasons module A uses module B: a file of A includes a
    header of B, or names a function that a file of B defines."""
    definer = {}
    for rel, fi in info.items():
        # Every program has its own main().
        for name in fi["defines"] - {"main"}:
            definer.setdefault(name, fi["module"])
    header = {}
    for rel, fi in info.items():
        if rel.endswith(".h"):
            header.setdefault(os.path.basename(rel), fi["module"])
    edges = {}
    for rel, fi in info.items():
        a = fi["module"]
        short = os.path.relpath(rel, "src")
        for inc in fi["includes"]:
            b = header.get(os.path.basename(inc))
            if b is not None and b != a:
                edges.setdefault((a, b), set()).add("%s includes %s" % (short, inc))
        for name in fi["idents"] - fi["defines"]:
            b = definer.get(name)
            if b is not None and b != a:
                edges.setdefault((a, b), set()).add("%s calls %s" % (short, name))
    return edges


def circles(modules, edges):
    """The strongly connected components of more than one module (Tarjan)."""
    succ = {m: [] for m in modules}
    for a, b in edges:
        succ[a].append(b)
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(succ[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(modules):
        if v not in index:
            visit(v)
    return sorted(out)


# No file of the sources, tests and build scripts longer than this: a
# longer one is split before it lands.
MAX_LINES = 1000


def long_files(root):
    """Problems for every source, test or build script over MAX_LINES lines."""
    found = []
    for top in ("src", "tests", "build-aux"):
        for folder, _dirs, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h", ".py")):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8", errors="replace") as f:
                        n = sum(1 for _ in f)
                    if n > MAX_LINES:
                        found.append("%s: %d lines, more than %d: split it"
                                     % (os.path.relpath(path, root), n, MAX_LINES))
    return sorted(found)


def main(argv):
    report = "--report" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    info, problems = scan(root)
    problems += long_files(root)
    layers = {}
    for rel, fi in info.items():
        if layers.setdefault(fi["module"], fi["layer"]) != fi["layer"]:
            problems.append("%s: module %s is in two layers" % (rel, fi["module"]))
    rank = {name: i for i, name in enumerate(LAYER_NAMES)}
    rank.update((name, len(LAYER_NAMES)) for name in FRONT_ENDS)
    edges = uses(info)

    def wrong_way(a, b):
        """A use up a layer, or from one front end into the other."""
        la, lb = layers[a], layers[b]
        return rank[lb] > rank[la] or (la != lb and la in FRONT_ENDS and lb in FRONT_ENDS)

    # A circle through two layers has an edge up: with the edges up
    # reported, the circles left to find are those inside one layer.
    ups = sorted(k for k in edges if wrong_way(*k))
    level = {k: v for k, v in edges.items() if layers[k[0]] == layers[k[1]]}
    comps = circles(layers.keys(), level)

    if report:
        print("# The modules by layer, the engine's from the bottom up, then the front ends")
        for name in LAYER_NAMES + FRONT_ENDS:
            mods = sorted(m for m, l in layers.items() if l == name and not m.startswith("indicators/"))
            n_ind = sum(1 for m, l in layers.items() if l == name and m.startswith("indicators/"))
            extra = " (+%d indicators)" % n_ind if n_ind else ""
            print("%-10s %s%s" % (name, " ".join(mods), extra))
        print()
        print("# Circles of modules of one layer that include or call each other")
        for i, comp in enumerate(comps):
            print("  %d: %s" % (i + 1, " ".join(comp)))
        if not comps:
            print("  none")
        print()

    failures = []
    for a, b in ups:
        name = "%s -> %s" % (a, b)
        allowed = ALLOWED_UP.get(name)
        if report or not allowed:
            print("up: %s (%s) uses %s (%s)%s" % (a, layers[a], b, layers[b],
                                                  "  [allowed: %s]" % allowed if allowed else ""))
            print("    " + ", ".join(sorted(edges[(a, b)])))
        if not allowed:
            failures.append(name)
    for name in sorted(ALLOWED_UP):
        if tuple(name.split(" -> ")) not in ups:
            problems.append("ALLOWED_UP lists %s, which is gone: remove it from the list" % name)
    for i, comp in enumerate(comps):
        allowed = [why for members, why in ALLOWED_CIRCLES if set(comp) <= members]
        if report or not allowed:
            print("circle %d (%s): %s%s" % (i + 1, layers[comp[0]], " ".join(comp),
                                            "  [allowed: %s]" % allowed[0] if allowed else ""))
            for a, b in sorted(level):
                if a in comp and b in comp:
                    print("    %s -> %s: %s" % (a, b, ", ".join(sorted(edges[(a, b)]))))
        if not allowed:
            failures.append("circle " + " ".join(comp))
    for members, why in ALLOWED_CIRCLES:
        if not any(set(comp) <= members for comp in comps):
            problems.append("ALLOWED_CIRCLES lists {%s}, which is gone: remove it from the list"
                            % ", ".join(sorted(members)))
    for p in problems:
        print(p)

    def count(group):
        n_mod = sum(1 for layer in layers.values() if layer in group)
        n_circ = sum(1 for comp in comps if layers[comp[0]] in group)
        return "%d modules, %d circle%s" % (n_mod, n_circ, "" if n_circ == 1 else "s")

    summary = "; ".join(["engine (%d layers): %s" % (len(LAYER_NAMES), count(LAYER_NAMES))]
                        + ["%s: %s" % (name, count([name])) for name in FRONT_ENDS])
    print("check-layers: %s" % summary)
    if failures or problems:
        print("check-layers: FAILED: %d edge(s) the wrong way or circle(s) not allowed, %d other problem(s)"
              % (len(failures), len(problems)))
        return 1
    if ups or comps:
        print("check-layers: allowed: %d edge(s) up, %d circle(s)" % (len(ups), len(comps)))
    else:
        print("check-layers: no use the wrong way and no circle anywhere in src/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
