"""The optional compiled extraction modules (setup.py, newsdesk/extract/compiled.py): a stale build never
runs, the plain source is always there to fall back on, and compiled and plain give the same articles."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.extract import compiled

PKG = Path(compiled.__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
BUILT = bool(compiled._compiled_files())


def _run(src: Path, code: str, **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in ("NEWSDESK_PURE", "PYTHONPATH")}
    e.update(env, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-W", "always::RuntimeWarning", "-c", code], cwd=src, env=e,
                          capture_output=True, text=True, timeout=300)


_PROBE = """
import json, newsdesk
from newsdesk.extract import compiled
a = newsdesk.extract(b"<html><body><h1>Ferry fares rise</h1><p>" + b"The council met on Tuesday. " * 20
                     + b"</p></body></html>")
import sys
tw = sys.modules["newsdesk.extract.textwalk"]
print(json.dumps({"compiled": compiled.compiled_modules(), "reason": compiled.fallback_reason,
                  "textwalk": tw.__file__, "title": a.title, "package": newsdesk.__file__}))
"""


def _copy(tmp_path: Path) -> Path:
    """A copy of the installed package (with whatever build it has) under ``tmp_path/src``."""
    src = tmp_path / "src"
    shutil.copytree(PKG, src / "newsdesk", ignore=shutil.ignore_patterns("__pycache__"))
    for lib in PKG.parent.glob(f"{compiled.GROUP}__mypyc*"):
        shutil.copy2(lib, src / lib.name)
    return src


def test_listed_sources_exist():
    assert len(set(compiled.MODULES)) == len(compiled.MODULES)
    for rel in compiled.WATCHED:
        assert (PKG / rel).is_file(), rel
    assert set(compiled.source_hashes(PKG)) == set(compiled.WATCHED)


@pytest.mark.skipif(not BUILT, reason="no compiled build here (pip install -e . with a C compiler)")
def test_the_build_here_is_fresh():
    """Fails after a watched source was edited without a rebuild (`make test` rebuilds)."""
    if os.environ.get("NEWSDESK_PURE", "") not in ("", "0"):
        pytest.skip("NEWSDESK_PURE is set")
    assert compiled.stale_reason() == "", "stale compiled modules: run `pip install -e .` or `make test`"
    import newsdesk

    newsdesk.extract("<html><body><p>" + "Words in a page. " * 20 + "</p></body></html>")
    assert compiled.fallback_reason == ""
    assert "html" in compiled.compiled_modules()


def test_a_broken_build_falls_back_to_the_source(tmp_path):
    """A compiled file without a matching build record is never imported (this one would not load)."""
    src = _copy(tmp_path)
    extract = src / "newsdesk" / "extract"
    for f in extract.iterdir():
        if f.name.endswith(SUFFIX):
            f.unlink()
    (extract / f"textwalk{SUFFIX}").write_bytes(b"not a shared object")
    (extract / compiled.BUILD_INFO).unlink(missing_ok=True)
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["textwalk"].endswith("textwalk.py")
    assert out["title"] == "Ferry fares rise"
    assert "missing or unreadable" in out["reason"]
    assert "compiled extraction modules not used" in res.stderr

    record = {"sources": compiled.source_hashes(src / "newsdesk")}
    (extract / compiled.BUILD_INFO).write_text(json.dumps(record), encoding="utf-8")
    res = _run(src, _PROBE)  # a record that matches but lists modules that were not built
    assert res.returncode == 0, res.stderr
    assert "not compiled" in json.loads(res.stdout)["reason"]


@pytest.mark.skipif(not BUILT, reason="no compiled build here (pip install -e . with a C compiler)")
def test_an_edited_source_runs_instead_of_the_stale_build(tmp_path):
    src = _copy(tmp_path)
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    fresh = json.loads(res.stdout)
    assert fresh["reason"] == "" and "textwalk" in fresh["compiled"]
    assert fresh["package"].startswith(str(src))

    tw = src / "newsdesk" / "extract" / "textwalk.py"
    tw.write_text(tw.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    res = _run(src, _PROBE + "print(tw.EDITED)\n")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.splitlines()[0])
    assert out["compiled"] == [] and out["textwalk"].endswith("textwalk.py")  # all or none: one group
    assert "extract/textwalk.py" in out["reason"] and res.stdout.splitlines()[1] == "True"
    assert out["title"] == fresh["title"]
    assert "compiled extraction modules not used" in res.stderr


def test_newsdesk_pure_runs_the_source_quietly(tmp_path):
    res = _run(PKG.parent, _PROBE, NEWSDESK_PURE="1")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["textwalk"].endswith(".py")
    assert "compiled extraction modules not used" not in res.stderr


_DUMP = """
import json, pathlib, sys, newsdesk
from newsdesk.extract import compiled
out = {}
for p in sorted(pathlib.Path(sys.argv[1]).glob("golden/*.html")):
    meta = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
    out[p.name] = newsdesk.extract(p.read_bytes(), url=meta.get("url")).to_dict()
for p in sorted(pathlib.Path(sys.argv[1]).glob("text_pages/*.txt")):
    out[p.name] = newsdesk.extract_text(p.read_text(encoding="utf-8")).to_dict()
print(json.dumps({"compiled": compiled.compiled_modules(), "articles": out}, sort_keys=True, default=str))
"""


@pytest.mark.skipif(not BUILT, reason="no compiled build here (pip install -e . with a C compiler)")
def test_compiled_and_plain_give_the_same_articles():
    """The project's own golden and text pages; benchmarks/compiled_speed.py --check does the dev sets."""
    runs = {}
    for name, env in (("compiled", {}), ("plain", {"NEWSDESK_PURE": "1"})):
        e = {k: v for k, v in os.environ.items() if k != "NEWSDESK_PURE"}
        e.update(env)
        res = subprocess.run([sys.executable, "-c", _DUMP, str(TESTS)], env=e, capture_output=True, text=True,
                             timeout=300)
        assert res.returncode == 0, res.stderr
        runs[name] = json.loads(res.stdout)
    assert runs["compiled"]["compiled"] and not runs["plain"]["compiled"]
    assert len(runs["plain"]["articles"]) >= 10
    for page, art in runs["plain"]["articles"].items():
        assert runs["compiled"]["articles"][page] == art, page
