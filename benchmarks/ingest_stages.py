"""Where a whole ingest spends its CPU, stage by stage, with whatever build the ``newsdesk`` on sys.path has.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest_stages.py                 # per-stage split of one ingest
    PYTHONPATH=src .venv/bin/python benchmarks/ingest_stages.py --understand    # enrich + dedup + stories alone

The archive is ``ingest_bench.py``'s (the 845 shared pages as a gzip-per-record WARC, in a temp dir).

Default: one whole ``ingest`` (extract, enrich, near-duplicates, stories, store) into a fresh SQLite store,
with each step's function wrapped in a ``time.process_time`` timer (a step's time excludes the timed
steps inside it); the wrappers cost about 1 % more CPU. ``--understand``: the articles are extracted
first (untimed), then only the understanding cores run over them as ``ingest`` feeds them (``Cores``:
enrichment, near-duplicates, the story clusterer, no store), and a digest of every enrichment,
duplicate match, story assignment and the final core state is printed, so two builds (``PYTHONPATH``
of each, in alternating processes) can be compared for speed and output. The compiled build is used
unless ``NEWSDESK_PURE=1``; the first line says which ran.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

ENRICH_STEPS = ("detect_language", "Tokenised", "entity_candidates", "assign_section", "make_short", "judge_page",
                "term_counts", "merge_candidates", "keywords_of", "story_doc")
STORE_STEPS = ("save_page", "upsert_article", "save_enrichment", "save_duplicates", "story_by_key", "create_story",
               "assign_story", "merge_stories", "record_drop", "save_checkpoint", "append_core_log",
               "save_core_snapshot", "get_article")


class Timers:
    """Exclusive CPU seconds per label: a wrapped call's time less that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.acc: dict[str, float] = {}
        self._stack: list[float] = []

    def wrap(self, owner: object, name: str, label: str) -> None:
        f = getattr(owner, name)

        @functools.wraps(f)
        def timed(*a, **k):  # type: ignore[no-untyped-def]
            c0 = time.process_time()
            self._stack.append(0.0)
            try:
                return f(*a, **k)
            finally:
                dt = time.process_time() - c0
                inner = self._stack.pop()
                self.acc[label] = self.acc.get(label, 0.0) + dt - inner
                if self._stack:
                    self._stack[-1] += dt

        setattr(owner, name, timed)


def split(warc: Path) -> dict:
    import newsdesk
    import newsdesk.enrich as enrich
    from newsdesk.cluster.dedup import NearDuplicates
    from newsdesk.cluster.stories import StoryClusterer
    from newsdesk.pipeline.understand import Understanding
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    from ingest_bench import pipeline

    t = Timers()
    t.wrap(newsdesk, "extract", "extract")  # extract_stage imports it from the package at call time
    for n in ENRICH_STEPS:
        t.wrap(enrich, n, f"enrich.{n}")
    t.wrap(NearDuplicates, "prepare", "dedup.prepare")
    t.wrap(NearDuplicates, "add_prepared", "dedup.add")
    t.wrap(StoryClusterer, "add", "stories.add")
    t.wrap(Understanding, "save", "core log (rest)")
    t.wrap(Understanding, "finish", "snapshot (rest)")
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(path=str(Path(tmp) / "probe.db")) as st:
            cls = type(st)
        for n in STORE_STEPS:
            if hasattr(cls, n):
                t.wrap(cls, n, f"store.{n}")
        r = pipeline(warc, Path(tmp) / "bench.db", Settings(), True)
    rest = r["cpu_s"] - sum(t.acc.values())
    return {"records": r["records"], "articles": r["articles"], "cpu_s": r["cpu_s"], "pages_per_s": r["pages_per_s"],
            "steps": {**dict(sorted(t.acc.items(), key=lambda kv: -kv[1])), "(untimed rest)": rest}}


def understand(warc: Path) -> dict:
    from newsdesk.ingest.warc import warc_items
    from newsdesk.model import Extracted, Page
    from newsdesk.pipeline.stages import extract_stage
    from newsdesk.pipeline.understand import Cores
    from newsdesk.settings import Settings

    stage = extract_stage(Settings())
    recs = [r for item in warc_items(warc, Settings()) if isinstance(item.record, Page)
            for r in (stage(item.record),) if isinstance(r, Extracted)]
    cores = Cores(Settings())
    assert cores.dedup is not None
    out = []
    c0 = time.process_time()
    for i, rec in enumerate(recs):  # what Understanding.enrich_stage and _place do, without the store
        cores.enrich_stage(rec)
        a = rec.article
        text = f"{a.title or ''}\n\n{a.body}"
        key, sig = cores.dedup.prepare(text)
        match = cores.dedup.add_prepared(str(i), key, sig, a.published, len(text))
        placed = cores.place(str(i), rec)
        out.append((rec.enrichment, key, sig.tobytes(), match, placed, cores.clusterer.drain_merges(),
                    cores.clusterer.drain_moves()))
    cpu = time.process_time() - c0
    h = hashlib.sha256()
    for o in out:
        h.update(repr(o).encode())
    state = json.dumps({k: f() for k, f in cores.states().items()}, sort_keys=True, default=repr)
    return {"articles": len(recs), "cpu_s": round(cpu, 3), "ms_per_article": round(1000 * cpu / len(recs), 2),
            "digest": h.hexdigest()[:16], "state": hashlib.sha256(state.encode()).hexdigest()[:16],
            "errors": dict(cores.errors)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--understand", action="store_true", help="enrich + dedup + stories alone, with an output digest")
    ap.add_argument("--warc", type=Path, help="an archive to read instead of building the shared pages' one")
    args = ap.parse_args()
    from newsdesk.extract import compiled

    print(compiled.describe())
    with tempfile.TemporaryDirectory(prefix="ingest-stages-") as tmp:
        warc = args.warc
        if warc is None:
            from ingest_bench import build_warc

            warc = Path(tmp) / "bench.warc.gz"
            build_warc(warc, 1, 0)
        res = understand(warc) if args.understand else split(warc)
    if args.understand:
        print(json.dumps(res))
        return
    n, tot = res["records"], res["cpu_s"]
    print(f"{n} records, {res['articles']} articles, {tot:.2f} s CPU, {res['pages_per_s']} pages/s")
    for k, v in res["steps"].items():
        print(f"{k:28s} {v:7.2f} s {1000 * v / n:6.2f} ms/page {100 * v / tot:5.1f} %")


if __name__ == "__main__":
    main()
