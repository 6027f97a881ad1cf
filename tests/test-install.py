#!/usr/bin/env python3
"""test-install.py — `meson install` into a temporary directory, then the
checks a distributor runs: desktop-file-validate, appstreamcli validate
--no-net --pedantic, glib-compile-schemas --strict, msgfmt --check with
nothing untranslated or fuzzy; the installed translations in use; and the
Flatpak manifest: GNOME runtime, Barkeep its one module (the runtime has
all it needs), meson options that exist.  TAP on standard output.

Usage: test-install.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = "io.github.barkeep.Barkeep"
source_dir, build_dir = sys.argv[1], sys.argv[2]
results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


# The tools whose output is read run in the C locale, whatever the
# caller's: msgfmt --statistics, for one, speaks the user's language.
C_ENV = dict(os.environ, LC_ALL="C", LANGUAGE="")


def run(*args, env=None):
    p = subprocess.run(args, capture_output=True, text=True, env=C_ENV if env is None else env,
                       encoding="utf-8", errors="replace")
    return p.returncode, p.stdout + p.stderr


def has_cjk(text):
    return any("\u4e00" <= c <= "\u9fff" for c in text)


destdir = tempfile.mkdtemp(prefix="barkeep-install-")
try:
    code, out = run("meson", "install", "-C", build_dir, "--destdir", destdir, "--no-rebuild", "--quiet")
    check("meson install", code == 0, out[-2000:])

    # The prefix the build was configured with, inside destdir.
    code, out = run("meson", "introspect", "--buildoptions", build_dir)
    options = {o["name"]: o["value"] for o in json.loads(out)}
    root = destdir + options["prefix"]
    datadir = os.path.join(root, options["datadir"])
    bindir = os.path.join(root, options["bindir"])
    localedir = os.path.join(root, options["localedir"])

    expected = [
        os.path.join(bindir, "barkeep"),
        os.path.join(bindir, "barkeep-cli"),
        os.path.join(datadir, "applications", APP_ID + ".desktop"),
        os.path.join(datadir, "metainfo", APP_ID + ".metainfo.xml"),
        os.path.join(datadir, "glib-2.0", "schemas", APP_ID + ".gschema.xml"),
        os.path.join(datadir, "icons", "hicolor", "scalable", "apps", APP_ID + ".svg"),
        os.path.join(datadir, "icons", "hicolor", "symbolic", "apps", APP_ID + "-symbolic.svg"),
        os.path.join(localedir, "zh_CN", "LC_MESSAGES", "barkeep.mo"),
        os.path.join(datadir, "barkeep", "sample.csv"),
    ] + [os.path.join(datadir, "barkeep", "strategies", s + ".ini")
         for s in ("memory-savings", "sma-crossover", "rsi-reversion", "macd-signal", "ichimoku-cloud",
                   "bracketed-breakout", "long-short")]
    missing = [p[len(destdir):] for p in expected if not os.path.isfile(p)]
    check("everything is installed", not missing, "missing: " + ", ".join(missing))

    desktop = os.path.join(datadir, "applications", APP_ID + ".desktop")
    code, out = run("desktop-file-validate", desktop)
    check("desktop-file-validate", code == 0 and "error" not in out, out)
    text = open(desktop, encoding="utf-8").read() if os.path.isfile(desktop) else ""
    check("the desktop file is translated", re.search(r"^Comment\[zh_CN\]=.*[\u4e00-\u9fff]", text, re.M) is not None)

    metainfo = os.path.join(datadir, "metainfo", APP_ID + ".metainfo.xml")
    code, out = run("appstreamcli", "validate", "--no-net", "--pedantic", metainfo)
    check("appstreamcli validate --no-net --pedantic", code == 0, out)
    text = open(metainfo, encoding="utf-8").read() if os.path.isfile(metainfo) else ""
    check("the metainfo is translated", re.search(r'<summary xml:lang="zh[_-]CN">[^<]*[\u4e00-\u9fff]', text) is not None)
    shots = re.findall(r"<image>https://[^<]*/(data/screenshots/[^<]+)</image>", text)
    absent = [s for s in shots if not os.path.isfile(os.path.join(source_dir, s))]
    check("the metainfo's screenshots are in the tree", shots and not absent, "absent: " + ", ".join(absent))

    schemas = os.path.join(datadir, "glib-2.0", "schemas")
    code, out = run("glib-compile-schemas", "--strict", "--dry-run", schemas)
    check("glib-compile-schemas --strict", code == 0, out)

    po = os.path.join(source_dir, "po", "zh_CN.po")
    code, out = run("msgfmt", "--check", "--statistics", "-o", os.devnull, po)
    check("msgfmt --check --statistics: all translated, nothing fuzzy",
          code == 0 and "untranslated" not in out and "fuzzy" not in out and "translated" in out, out)

    # Every string the sources mark (po/POTFILES, with the keywords of
    # meson's glib preset) has its translation: the .po may not lag behind
    # the code, as it would when a message is added without one.
    pot = os.path.join(destdir, "barkeep-sources.pot")
    with open(os.path.join(source_dir, "po", "POTFILES"), encoding="utf-8") as f:
        sources = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    code, out = run("xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                    "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
                    "--keyword=g_dpgettext2:2c,3", "--keyword=ngettext:1,2", "--flag=N_:1:pass-c-format",
                    "--directory=" + source_dir, "-o", pot, *sources)
    merged = os.path.join(destdir, "zh_CN-merged.po")
    if code == 0:
        code, out = run("msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot)
    if code == 0:
        code, out = run("msgattrib", "--untranslated", "--no-obsolete", merged)
    missing = re.findall(r'^msgid "(.+)"$', out, re.M)
    check("every marked string of the sources is translated in zh_CN.po", code == 0 and not missing,
          "untranslated: " + "; ".join(missing[:10]) if missing else out[-1000:])

    # The installed binaries find the installed translations.
    env = dict(os.environ, LC_ALL="zh_CN.UTF-8", LANG="zh_CN.UTF-8", LANGUAGE="", BARKEEP_LOCALEDIR=localedir,
               BARKEEP_DATADIR=os.path.join(datadir, "barkeep"))
    code, out = run(os.path.join(bindir, "barkeep-cli"), "--help", env=env)
    check("installed barkeep-cli --help speaks Chinese", code == 0 and has_cjk(out), out[:400])
    code, out = run(os.path.join(bindir, "barkeep-cli"), "strategies", env=env)
    check("installed barkeep-cli finds the installed strategies", code == 0 and "sma-crossover" in out, out[:400])

    # The Flatpak manifest.
    manifest_path = os.path.join(source_dir, "flatpak", APP_ID + ".json")
    try:
        manifest = json.load(open(manifest_path, encoding="utf-8"))
        check("the manifest parses", True)
    except (OSError, ValueError) as e:
        manifest = {}
        check("the manifest parses", False, str(e))
    check("the manifest's app id", manifest.get("id") == APP_ID)
    check("the GNOME runtime, 47 or newer",
          manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk"
          and str(manifest.get("runtime-version", "0")).isdigit() and int(manifest["runtime-version"]) >= 47,
          "%s %s %s" % (manifest.get("runtime"), manifest.get("runtime-version"), manifest.get("sdk")))
    check("command barkeep", manifest.get("command") == "barkeep")
    finish = manifest.get("finish-args", [])
    wanted = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
    check("finish-args: the display and nothing of the file system",
          set(finish) == wanted and not any(a.startswith("--filesystem") for a in finish), " ".join(finish))
    modules = manifest.get("modules", [])
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    check("modules: barkeep alone", names == ["barkeep"], str(names))
    barkeep = modules[-1] if names[-1:] == ["barkeep"] else {}
    project_options = set(re.findall(r"option\('([^']+)'", open(os.path.join(source_dir, "meson_options.txt")).read()))
    known = project_options | set(options)
    bad = []
    for opt in barkeep.get("config-opts", []):
        m = re.fullmatch(r"(?:-D|--)([a-z_]+)=(.*)", opt)
        if m is None or m.group(1) not in known:
            bad.append(opt)
    check("barkeep with meson, from the source tree, with options that exist",
          barkeep.get("buildsystem") == "meson" and not bad
          and any(s.get("type") == "dir" for s in barkeep.get("sources", [])), "unknown: " + " ".join(bad))
finally:
    shutil.rmtree(destdir, ignore_errors=True)

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in str(detail).strip().splitlines()[:30]:
            print("# " + line)
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
