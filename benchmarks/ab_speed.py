"""Interleaved A/B speed of ``newsdesk.extract`` in one process: a git revision against the work tree.

    .venv/bin/python benchmarks/ab_speed.py                    # HEAD vs the work tree, 400 pages x 2
    .venv/bin/python benchmarks/ab_speed.py --base HEAD~3 --pages 0 --rounds 1 --check
    .venv/bin/python benchmarks/ab_speed.py --only extract/html/meta.py   # just these files
    .venv/bin/python benchmarks/ab_speed.py --form text --pages 0 --check   # newsdesk.extract_text on text/

With ``--form text`` the pages are the sets' flattened dumps (``text/<id>.txt``) given to
``extract_text``. With ``--form understand`` each side extracts every page first (not timed), then
what ``ingest`` does after extraction is timed page by page: ``enrich`` with the side's corpus state,
near-duplicates (``prepare`` + ``add_prepared``) and the story clusterer (``story_doc`` + ``add``),
each side with its own state from the first page of each round; ``--check`` compares the enrichment,
the duplicate group and the story. Both versions of ``src/newsdesk`` are copied into a temporary folder under other
package names (the package imports itself relatively), imported side by side, warmed up, then each page is
extracted by A and by B in alternating order, timed with ``time.process_time`` (parsing included,
file reading excluded). Noise from a shared machine hits both alike. ``--check`` compares
``Article.to_dict()`` page by page and lists the fields that differ. Pages come from both shared
dev sets (``../shared/benchmarks/extraction``). Run with OMP_NUM_THREADS=1. Both sides run the plain
``.py`` source (compiled modules cannot be renamed); ``compiled_speed.py`` times a compiled build.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETS = REPO.parent / "shared" / "benchmarks" / "extraction"


_NO_LANG = ("<html><body><h1>A headline for the warm-up</h1><p>" + "The council approved the budget after "
            "a long debate on Tuesday night. " * 8 + "</p></body></html>").encode()


def load_pages(sets: list[str], form: str = "html") -> list[tuple[str, str, bytes, str | None]]:
    """(set, id, bytes, url) per dev-set page: its HTML, or with ``form="text"`` its flattened text
    (``text/<id>.txt``; pages without one are left out)."""
    pages = []
    for name in sets:
        folder = SETS / name
        for line in (folder / "truth.jsonl").read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            t = json.loads(line)
            if form == "text":
                path = folder / "text" / f"{t['id']}.txt"
                if not path.exists():
                    continue
                data = path.read_bytes()
            elif (path := folder / "html" / f"{t['id']}.html.gz").exists():
                data = gzip.decompress(path.read_bytes())
            else:
                data = (folder / "html" / f"{t['id']}.html").read_bytes()
            pages.append((name, str(t["id"]), data, t.get("url")))
    return pages


def _export(base: str, dest: Path) -> None:
    tar = subprocess.run(["git", "-C", str(REPO), "archive", base, "src/newsdesk"], check=True,
                         capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as tf:
        tf.extractall(dest.parent / f"{dest.name}-export", filter="data")
    shutil.move(dest.parent / f"{dest.name}-export" / "src" / "newsdesk", dest)


def stage(base: str, root: Path, only: list[str]) -> None:
    """``root/nd_a`` = src/newsdesk at ``base``; ``root/nd_b`` = the work tree's src/newsdesk, or,
    with ``only``, ``base`` with just those work-tree files laid over it (others' edits left out)."""
    _export(base, root / "nd_a")
    if not only:
        shutil.copytree(REPO / "src" / "newsdesk", root / "nd_b",  # the .py only: see compiled_speed.py
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "compiled.json"))
        return
    _export(base, root / "nd_b")
    for rel in only:
        src = REPO / "src" / "newsdesk" / rel
        (root / "nd_b" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, root / "nd_b" / rel)


class _Understand:
    """One side's understanding of the pages it extracted: ``(data, url) -> dict`` of what it made."""

    def __init__(self, mod, pages) -> None:  # type: ignore[no-untyped-def]
        self.enrich = importlib.import_module(f"{mod.__name__}.enrich")
        self.cluster = importlib.import_module(f"{mod.__name__}.cluster")
        self.articles = {}
        for _, _, data, url in pages:
            try:
                self.articles[id(data)] = mod.extract(data, url=url)
            except Exception:  # noqa: BLE001 - a page that gives no article is left out of the timing
                pass
        self.fresh()

    def fresh(self) -> None:
        self.options, self.state = self.enrich.EnrichOptions(), self.enrich.EnrichState()
        self.dedup, self.stories, self.n = self.cluster.NearDuplicates(), self.cluster.StoryClusterer(), 0

    def __call__(self, data: bytes, url: str | None) -> dict:
        a = self.articles.get(id(data))
        if a is None:
            return {}
        self.n += 1
        doc = str(self.n)
        e = self.enrich.enrich(a, self.options, self.state)
        text = f"{a.title or ''}\n\n{a.body}"
        key, sig = self.dedup.prepare(text)
        m = self.dedup.add_prepared(doc, key, sig, a.published, len(text))
        s = self.stories.add(self.enrich.story_doc(doc, a, e))
        return {"enrichment": e.to_dict(), "group": m.group_id, "story": s.story_id, "score": s.score}


def _understanding(mods, pages):  # type: ignore[no-untyped-def]
    return {k: _Understand(m, pages) for k, m in mods.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="HEAD", help="git revision for A (B is the work tree)")
    ap.add_argument("--pages", type=int, default=400, help="random sample size (0: every page)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--sets", default="scrapinghub,wcxb-dev-article")
    ap.add_argument("--check", action="store_true", help="compare Article.to_dict() (first round)")
    ap.add_argument("--form", choices=("html", "text", "understand"), default="html",
                    help="html: extract on the HTML; text: extract_text on the flattened dumps; understand: "
                         "enrich, dedup and stories after extraction")
    ap.add_argument("--only", default="", help="comma-separated files under src/newsdesk: B = base + these")
    args = ap.parse_args(argv)
    pages = load_pages(args.sets.split(","), args.form)
    if args.pages and args.pages < len(pages):
        pages = random.Random(0).sample(pages, args.pages)
    with tempfile.TemporaryDirectory(prefix="nd-ab-") as tmp:
        stage(args.base, Path(tmp), [p for p in args.only.split(",") if p])
        sys.path.insert(0, tmp)
        mods = {"A": importlib.import_module("nd_a"), "B": importlib.import_module("nd_b")}
        for mod in mods.values():  # imports, lazy models and caches are not billed to either side
            for _, _, data, url in pages[:3]:
                mod.extract(data, url=url)
            mod.extract(_NO_LANG)  # a page that declares no language loads the language model
        if args.form == "understand":
            run = _understanding(mods, pages)
        elif args.form == "text":
            run = {k: (lambda data, url, m=m: m.extract_text(data.decode("utf-8", errors="replace"), url=url))
                   for k, m in mods.items()}
            for f in run.values():  # the text extractor's model loads on its first page
                f(pages[0][2], pages[0][3])
        else:
            run = {k: (lambda data, url, m=m: m.extract(data, url=url)) for k, m in mods.items()}
        cpu = dict.fromkeys(mods, 0.0)
        diffs: list[tuple[str, str, list[str]]] = []
        for r in range(args.rounds):
            order = ("A", "B") if r % 2 == 0 else ("B", "A")
            if args.form == "understand":
                for f in run.values():
                    f.fresh()  # type: ignore[attr-defined]
            for name, pid, data, url in pages:
                out = {}
                for side in order:
                    c0 = time.process_time()
                    try:
                        got = run[side](data, url)
                        res = got if isinstance(got, dict) else got.to_dict()
                    except Exception as exc:  # noqa: BLE001 - a failure is an output too
                        res = {"error": f"{type(exc).__name__}: {exc}"}
                    cpu[side] += time.process_time() - c0
                    out[side] = res
                if args.check and r == 0 and out["A"] != out["B"]:
                    keys = sorted(k for k in {*out["A"], *out["B"]} if out["A"].get(k) != out["B"].get(k))
                    diffs.append((name, pid, keys))
    n = len(pages) * args.rounds
    side_b = f"base + {args.only}" if args.only else "work tree"
    print(f"{args.form}: {len(pages)} pages x {args.rounds} rounds, base {args.base}: "
          f"A {n / cpu['A']:.1f} pages/s, "
          f"B ({side_b}) {n / cpu['B']:.1f} pages/s, B/A {cpu['A'] / cpu['B']:.3f}")
    if args.check:
        print(f"Article.to_dict differences: {len(diffs)} of {len(pages)} pages")
        for name, pid, keys in diffs[:40]:
            print(f"  {name} {pid}: {', '.join(keys)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
