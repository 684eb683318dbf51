"""The portal's hot paths on both store backends: SQLite file vs PostgreSQL, same generated content.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/store_backends_bench.py --articles 10000
    ... --pg postgresql://user@host/db       # an existing, empty database (else a throwaway cluster)

Builds the same store twice (``load_bench.build_store``'s generator, fixed seed), then times the
data layer of each page kind (``StoreData``: what a request costs before rendering), one client,
no page cache: median and p95 wall time, and the calling process's CPU per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def pages(store):  # type: ignore[no-untyped-def]
    from newsdesk.web.data import SearchQuery
    from newsdesk.web.store_data import StoreData

    data = StoreData(store)
    arts = [a.id for a in store.latest_articles(limit=50, offset=100)]
    stories = [s.id for s in store.stories(limit=50, offset=10)]
    section = store.sections()[0][0]
    queries = ["budget vote", "border crossings", "festival award", "quarterly profit", "talks"]
    k = {"n": 0}

    def nxt(xs):  # type: ignore[no-untyped-def]
        k["n"] += 1
        return xs[k["n"] % len(xs)]

    return {
        "home": lambda: (data.top_stories(12), data.latest(None, 20), data.shorts(6)),
        "article": lambda: (lambda i: (data.article(i), data.related(i, 6)))(nxt(arts)),
        "story": lambda: data.story(nxt(stories)),
        "search": lambda: data.search(SearchQuery(q=nxt(queries))),
        "section": lambda: data.latest(section, 20),
    }


def measure(fn, reps: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    fn()
    walls = []
    c0 = time.process_time()
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t) * 1000)
    cpu = (time.process_time() - c0) / reps * 1000
    walls.sort()
    return statistics.median(walls), walls[int(len(walls) * 0.95) - 1], cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--pg", default=None, help="an empty PostgreSQL database (default: a throwaway cluster)")
    args = ap.parse_args()
    from load_bench import build_store

    from newsdesk.store import open_store

    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        pg = args.pg
        if pg is None:
            from newsdesk.testing.postgres import throwaway_postgres

            pg = stack.enter_context(throwaway_postgres()).new_database()
        targets = {"sqlite": str(Path(tmp) / "b.db"), "postgresql": pg}
        results = {}
        for name, target in targets.items():
            t = time.perf_counter()
            n = build_store(target, args.articles)
            print(f"{name}: {n} articles built in {time.perf_counter() - t:.0f} s wall", flush=True)
            with open_store(path=target) as store:
                results[name] = {page: measure(fn, args.reps) for page, fn in pages(store).items()}
        print(f"\n{'page':8} " + " ".join(f"{b + ' p50/p95/cpu ms':>34}" for b in targets))
        for page in results["sqlite"]:
            cells = [f"{r[page][0]:10.2f} {r[page][1]:10.2f} {r[page][2]:10.2f}  " for r in results.values()]
            print(f"{page:8} " + " ".join(cells))


if __name__ == "__main__":
    main()
