"""What a query layer would cost on the portal's hot paths: hand-written SQL vs SQLAlchemy Core.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/store_layer_bench.py --db /tmp/nd-10k.db --articles 10000

SQLAlchemy is not a dependency: install it beside the run (``pip install --target DIR sqlalchemy``
and ``PYTHONPATH=DIR``) to reproduce. The store is built with ``load_bench.build_store``.

1. Every statement the portal issues for the home, article, story, search and section pages is
   recorded (sqlite3's trace callback on the real ``StoreData`` calls).
2. Each statement is replayed three ways, CPU time per page, all in one run:
   - ``raw``: sqlite3, a cursor on an open connection, rows as ``sqlite3.Row`` (what the store does);
   - ``core-driver``: SQLAlchemy Core ``Connection.exec_driver_sql`` on a pooled engine (the
     cheapest Core path: same SQL string, Core's connection, execution context and ``Row``s);
   - ``core-expr``: the three most frequent shapes (latest articles, a story's members, an article by
     id) built as Core ``select()`` expressions, compiled through Core's statement cache.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def record_pages(db: str) -> dict[str, list[str]]:
    """The SQL each page kind runs (expanded statements, in order)."""
    from newsdesk.store import open_store
    from newsdesk.web.data import SearchQuery
    from newsdesk.web.store_data import StoreData

    store = open_store(path=db)
    data = StoreData(store)
    art_id = store.latest_articles(limit=1, offset=50)[0].id
    story_id = store.stories(limit=1, offset=5)[0].id
    section = store.sections()[0][0]
    pages = {
        "home": lambda: (data.top_stories(12), data.latest(None, 20), data.trending(8), data.shorts(6)),
        "article": lambda: (data.article(art_id), data.related(art_id, 6)),
        "story": lambda: data.story(story_id),
        "search": lambda: data.search(SearchQuery(q="budget vote")),
        "section": lambda: data.latest(section, 20),
    }
    out: dict[str, list[str]] = {}
    for name, fn in pages.items():
        fn()  # warm the memoised facets so only the per-request statements are recorded
        stmts: list[str] = []
        conns = [store._reader(), store._w]
        for c in conns:
            c.set_trace_callback(stmts.append)
        fn()
        for c in conns:
            c.set_trace_callback(None)
        out[name] = [s for s in stmts if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    store.close()
    return out


def cpu(fn, reps: int) -> float:
    fn()
    t = time.process_time()
    for _ in range(reps):
        fn()
    return (time.process_time() - t) / reps * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/nd-10k.db")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=200)
    args = ap.parse_args()
    from load_bench import build_store
    from sqlalchemy import create_engine, event, select, table, column, desc

    build_store(args.db, args.articles)
    pages = record_pages(args.db)
    raw = sqlite3.connect(args.db, check_same_thread=False)
    raw.row_factory = sqlite3.Row
    engine = create_engine(f"sqlite:///{args.db}")

    def run_raw(stmts: list[str]) -> None:
        for s in stmts:
            raw.execute(s).fetchall()

    def run_core(stmts: list[str]) -> None:
        with engine.connect() as c:  # one pooled checkout per page, as a Core-backed store would
            for s in stmts:
                c.exec_driver_sql(s).fetchall()

    print(f"{'page':8} {'stmts':>5} {'raw ms':>8} {'core ms':>8} {'ratio':>6}")
    for name, stmts in pages.items():
        r, c = cpu(lambda: run_raw(stmts), args.reps), cpu(lambda: run_core(stmts), args.reps)
        print(f"{name:8} {len(stmts):5d} {r:8.3f} {c:8.3f} {c / r:6.2f}")

    a = table("articles", column("id"), column("title"), column("section"), column("sort_time"),
              column("hidden"), column("body"))
    m = table("story_members", column("article_id"), column("story_id"))
    j = a.outerjoin(m, m.c.article_id == a.c.id)
    latest = select(a, m.c.story_id).select_from(j).where(a.c.hidden == 0).order_by(
        desc(a.c.sort_time), desc(a.c.id)).limit(20)
    members = select(a, m.c.story_id).select_from(j).where(m.c.story_id == 5, a.c.hidden == 0).order_by(
        a.c.sort_time, a.c.id)
    by_id = select(a, m.c.story_id).select_from(j).where(a.c.id == 51)
    raw_sql = [
        "SELECT a.id, a.title, a.section, a.sort_time, a.hidden, a.body, m.story_id FROM articles a LEFT JOIN "
        "story_members m ON m.article_id=a.id WHERE a.hidden=0 ORDER BY a.sort_time DESC, a.id DESC LIMIT 20",
        "SELECT a.id, a.title, a.section, a.sort_time, a.hidden, a.body, m.story_id FROM articles a LEFT JOIN "
        "story_members m ON m.article_id=a.id WHERE m.story_id=5 AND a.hidden=0 ORDER BY a.sort_time, a.id",
        "SELECT a.id, a.title, a.section, a.sort_time, a.hidden, a.body, m.story_id FROM articles a LEFT JOIN "
        "story_members m ON m.article_id=a.id WHERE a.id=51",
    ]

    def run_expr() -> None:
        with engine.connect() as c:
            for q in (latest, members, by_id):
                c.execute(q).fetchall()

    del event
    r, e = cpu(lambda: run_raw(raw_sql), args.reps), cpu(run_expr, args.reps)
    print(f"{'3 shapes':8} {3:5d} {r:8.3f} {e:8.3f} {e / r:6.2f}  (core-expr: select() objects)")


if __name__ == "__main__":
    main()
