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
#: a compiled build that runs (not stale, NEWSDESK_PURE unset): the tests that compare it need one
FRESH = BUILT and compiled.stale_reason() == ""
_NO_FRESH = "no fresh compiled build here (pip install -e . with a C compiler)"


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
tw = sys.modules["newsdesk.extract.html.textwalk"]
print(json.dumps({"compiled": compiled.compiled_modules(), "reason": compiled.fallback_reason,
                  "textwalk": tw.__file__, "title": a.title, "package": newsdesk.__file__,
                  "describe": compiled.describe()}))
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
    assert "html.extractor" in compiled.compiled_modules()


def test_a_broken_build_falls_back_to_the_source(tmp_path):
    """A compiled file without a matching build record is never imported (this one would not load)."""
    src = _copy(tmp_path)
    extract = src / "newsdesk" / "extract"
    for f in extract.rglob("*"):
        if f.name.endswith(SUFFIX):
            f.unlink()
    (extract / "html" / f"textwalk{SUFFIX}").write_bytes(b"not a shared object")
    (extract / compiled.BUILD_INFO).unlink(missing_ok=True)
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["textwalk"].endswith("textwalk.py")
    assert out["title"] == "Ferry fares rise"
    assert "missing or unreadable" in out["reason"] and "not used" in out["describe"]
    assert "compiled extraction modules not used" in res.stderr

    record = {"sources": compiled.source_hashes(src / "newsdesk")}
    (extract / compiled.BUILD_INFO).write_text(json.dumps(record), encoding="utf-8")
    res = _run(src, _PROBE)  # a record that matches but lists modules that were not built
    assert res.returncode == 0, res.stderr
    assert "not compiled" in json.loads(res.stdout)["reason"]


@pytest.mark.skipif(not FRESH, reason=_NO_FRESH)
def test_an_edited_source_runs_instead_of_the_stale_build(tmp_path):
    src = _copy(tmp_path)
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    fresh = json.loads(res.stdout)
    assert fresh["reason"] == "" and "html.textwalk" in fresh["compiled"] and "in use" in fresh["describe"]
    assert fresh["package"].startswith(str(src))

    tw = src / "newsdesk" / "extract" / "html" / "textwalk.py"
    tw.write_text(tw.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    res = _run(src, _PROBE + "print(tw.EDITED)\n")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.splitlines()[0])
    assert out["compiled"] == [] and out["textwalk"].endswith("textwalk.py")  # all or none: one group
    assert "extract/html/textwalk.py" in out["reason"] and res.stdout.splitlines()[1] == "True"
    assert out["title"] == fresh["title"]
    assert "compiled extraction modules not used" in res.stderr


def test_a_leftover_compiled_module_is_not_run(tmp_path):
    """A compiled file no longer listed (the flat layout's ``extract/textwalk``) makes the build stale."""
    src = _copy(tmp_path)
    extract = src / "newsdesk" / "extract"
    record = {"sources": compiled.source_hashes(src / "newsdesk")}
    (extract / compiled.BUILD_INFO).write_text(json.dumps(record), encoding="utf-8")
    (extract / f"textwalk{SUFFIX}").write_bytes(b"not a shared object")
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["textwalk"].endswith("html/textwalk.py")
    assert out["reason"].startswith("not compiled: ") or "no longer listed: textwalk" in out["reason"]


def test_module_names_of_compiled_files():
    here = compiled.HERE
    assert compiled._module_name(here / "html" / f"body_blocks{SUFFIX}") == "html.body_blocks"
    assert compiled._module_name(here / f"dates{SUFFIX}") == "dates"


def test_describe_without_a_build(tmp_path):
    src = _copy(tmp_path)
    extract = src / "newsdesk" / "extract"
    for f in [*src.rglob("*")]:  # the extraction package, the CORE_PACKAGES and the runtime library
        if f.name.endswith(SUFFIX):
            f.unlink()
    (extract / compiled.BUILD_INFO).write_text(json.dumps({"failed": "no C compiler"}), encoding="utf-8")
    res = _run(src, _PROBE)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["reason"] == "" and "not compiled (no C compiler)" in out["describe"]
    assert "compiled extraction modules not used" not in res.stderr  # nothing stale: no warning


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


@pytest.mark.skipif(not FRESH, reason=_NO_FRESH)
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


_RANDOM_PAGES = r'''
import json, random, sys, newsdesk
from newsdesk.extract import compiled

WORDS = ("the council met on Tuesday to vote budget ferry fares harbour school police said "
         "Jane Doe John O'Neil By Staff Reporter Published Updated Posted on January 5, 2024 "
         "2023-11-02 12/03/2025 04-ago-2021 ©2024 All rights reserved Share Tweet Email the author "
         "Related Comments Newsletter Subscribe Weiterlesen über la ville été 東京 新闻 — … « » "
         "\u00e2\u20ac\u2122").split()
TAGS = ("div", "p", "span", "a", "h1", "h2", "h3", "ul", "li", "table", "td", "article", "section",
        "nav", "footer", "aside", "header", "main", "blockquote", "figure", "figcaption", "time", "b",
        "em", "br", "img", "pre", "address", "form", "button", "noscript", "dl", "dd")
ATTRS = ("class", "id", "role", "itemprop", "rel", "hidden", "style", "datetime", "href", "aria-hidden",
         "data-x", "src", "alt", "content", "name", "property")
VALUES = ("article-body", "byline author", "share-bar", "related", "comments", "nav menu", "hidden",
          "display:none", "navigation", "articleBody", "author", "datePublished", "2024-05-01T10:00:00+02:00",
          "headline", "true", "", "sr-only", "post-123 entry-content", "newsletter", "/news/2024/05/01/a",
          "https://example.org/a.jpg", "caption", "og:title")


def text(r):
    return " ".join(r.choice(WORDS) for _ in range(r.choice((0, 1, 3, 8, 25, 60))))


def node(r, depth):
    tag = r.choice(TAGS)
    attrs = "".join(f' {r.choice(ATTRS)}="{r.choice(VALUES)}"' for _ in range(r.choice((0, 0, 1, 2, 3))))
    kids = "" if depth > 6 else "".join(node(r, depth + 1) for _ in range(r.choice((0, 1, 2, 3, 4))))
    return f"<{tag}{attrs}>{text(r)}{kids}</{tag}>{text(r) if r.random() < 0.3 else ''}"


def head(r):
    out = [f"<title>{text(r)} | Site</title>"]
    for _ in range(r.randint(0, 6)):
        k = r.choice(("og:title", "article:published_time", "author", "og:image", "description",
                      "og:site_name", "article:section", "keywords", "article:modified_time"))
        out.append(f'<meta property="{k}" content="{r.choice(VALUES + tuple(WORDS))}">')
    if r.random() < 0.5:
        ld = {"@type": r.choice(("NewsArticle", "Article", "WebPage")), "headline": text(r),
              "datePublished": r.choice(VALUES), "author": {"name": text(r)} if r.random() < 0.5 else text(r),
              "articleBody": text(r), "image": r.choice((None, "https://example.org/i.jpg", {"url": ""}))}
        out.append('<script type="application/ld+json">' + json.dumps(ld) + "</script>")
    return "".join(out)


r = random.Random(int(sys.argv[1]))
out = []
for i in range(int(sys.argv[2])):
    body = "".join(node(r, 0) for _ in range(r.randint(1, 8)))
    page = f"<html lang='{r.choice(('en', 'de', 'fr', ''))}'><head>{head(r)}</head><body>{body}</body></html>"
    try:
        url = r.choice((None, "https://example.org/news/2024/05/01/story"))
        res = newsdesk.extract(page, url=url).to_dict()
    except Exception as exc:
        res = {"error": type(exc).__name__}
    try:
        t = newsdesk.extract_text(text(r) + "\n\n" + text(r) + "\n" + text(r)).to_dict()
    except Exception as exc:
        t = {"error": type(exc).__name__}
    out.append([res, t])
print(json.dumps({"compiled": compiled.compiled_modules(), "out": out}, sort_keys=True, default=str))
'''


@pytest.mark.skipif(not FRESH, reason=_NO_FRESH)
def test_compiled_and_plain_agree_on_random_pages():
    """Seeded random markup (odd attributes, empty texts, deep nesting, bad JSON-LD values): the compiled
    modules check their type hints at run time, so a hint the plain source never honoured would show."""
    runs = {}
    for name, env in (("compiled", {}), ("plain", {"NEWSDESK_PURE": "1"})):
        e = {k: v for k, v in os.environ.items() if k != "NEWSDESK_PURE"}
        e.update(env)
        res = subprocess.run([sys.executable, "-c", _RANDOM_PAGES, "7", "150"], env=e, capture_output=True,
                             text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        runs[name] = json.loads(res.stdout)
    assert runs["compiled"]["compiled"] and not runs["plain"]["compiled"]
    for i, (a, b) in enumerate(zip(runs["plain"]["out"], runs["compiled"]["out"])):
        assert a == b, i


def test_core_module_names_of_compiled_files():
    """The enrichment and clustering modules compiled beside the extraction ones (``CORE_MODULES``)."""
    root = compiled.ROOT
    assert compiled._module_name(root / "enrich" / f"entities{SUFFIX}") == "enrich.entities"
    assert compiled._module_name(root / "cluster" / f"stories{SUFFIX}") == "cluster.stories"
    for m in compiled.CORE_MODULES:
        assert m.split(".")[0] in compiled.CORE_PACKAGES
        assert f"{m.replace('.', '/')}.py" in compiled.WATCHED


_CORE_PROBE = """
import json, sys, newsdesk
import newsdesk.enrich.entities as ent, newsdesk.cluster.stories as st
from newsdesk.extract import compiled
print(json.dumps({"compiled": compiled.compiled_modules(), "reason": compiled.fallback_reason,
                  "entities": ent.__file__, "stories": st.__file__, "edited": getattr(ent, "EDITED", False),
                  "describe": compiled.describe()}))
"""


@pytest.mark.skipif(not FRESH, reason=_NO_FRESH)
def test_an_edited_core_source_runs_instead_of_the_stale_build(tmp_path):
    src = _copy(tmp_path)
    res = _run(src, _CORE_PROBE)
    assert res.returncode == 0, res.stderr
    fresh = json.loads(res.stdout)
    assert "enrich.entities" in fresh["compiled"] and "cluster.stories" in fresh["compiled"]
    assert not fresh["entities"].endswith(".py") and "in use" in fresh["describe"]

    ent = src / "newsdesk" / "enrich" / "entities.py"
    ent.write_text(ent.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    res = _run(src, _CORE_PROBE)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["compiled"] == [] and out["edited"] is True  # all or none: one group
    assert out["entities"].endswith("entities.py") and out["stories"].endswith("stories.py")
    assert "enrich/entities.py" in out["reason"]
    assert "compiled extraction modules not used" in res.stderr

    res = _run(src, _CORE_PROBE, NEWSDESK_PURE="1")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["stories"].endswith("stories.py")


_INGEST = """
import json, sqlite3, sys, tempfile
from pathlib import Path
from newsdesk.extract import compiled
from newsdesk.fixtureweb import build_site, write_warc
from newsdesk.pipeline.ingest import IngestOptions, ingest_target
from newsdesk.settings import Settings
from newsdesk.store import open_store

tmp = Path(tempfile.mkdtemp())
write_warc(build_site(seed=3, n_articles=int(sys.argv[1])), tmp / "web.warc.gz")
with open_store(path=str(tmp / "s.db")) as store:
    _, counts = ingest_target(store, str(tmp / "web.warc.gz"), Settings(), IngestOptions(progress=False,
                                                                                      understand=True))
c = sqlite3.connect(tmp / "s.db")
q = {"articles": "SELECT id, title, language, section, tags, page_type FROM articles ORDER BY id",
     "entities": "SELECT name, norm, kind, articles FROM entities ORDER BY id",
     "mentions": "SELECT article_id, entity_id, mentions, salience FROM article_entities ORDER BY 1, 2",
     "keywords": "SELECT article_id, keyword, score FROM keywords ORDER BY 1, 2",
     "dups": "SELECT * FROM dup_members ORDER BY article_id",
     "stories": "SELECT id, title, size, section FROM stories ORDER BY id",
     "members": "SELECT article_id, story_id, reason FROM story_members ORDER BY article_id"}
print(json.dumps({"compiled": compiled.compiled_modules(), "counts": counts.to_dict()["new"],
                  "notes": counts.to_dict().get("notes", {}),
                  **{k: c.execute(v).fetchall() for k, v in q.items()}}, default=str))
"""


@pytest.mark.skipif(not FRESH, reason=_NO_FRESH)
def test_compiled_and_plain_ingest_the_same_store():
    """A fixture web through ``ingest`` (enrichment, near-duplicates, stories, the core log): the compiled
    enrichment and clustering modules store what the plain source stores."""
    runs = {}
    for name, env in (("compiled", {}), ("plain", {"NEWSDESK_PURE": "1"})):
        e = {k: v for k, v in os.environ.items() if k != "NEWSDESK_PURE"}
        e.update(env)
        res = subprocess.run([sys.executable, "-c", _INGEST, "80"], env=e, capture_output=True, text=True,
                             timeout=600)
        assert res.returncode == 0, res.stderr
        runs[name] = json.loads(res.stdout)
    comp, plain = runs["compiled"], runs["plain"]
    assert {"enrich.entities", "cluster.stories"} <= set(comp.pop("compiled")) and not plain.pop("compiled")
    assert plain["counts"] >= 40 and plain["stories"] and plain["entities"] and not plain["notes"]
    for key in plain:
        assert comp[key] == plain[key], key
