"""Every SQL statement each portal page kind runs, with its time and its EXPLAIN QUERY PLAN.

    .venv/bin/python benchmarks/query_plans.py --db STORE [--slow-ms 2]

Renders each page kind once in-process (no server, no page cache) over the store, records the
statements the store's read connections run (``sqlite3`` trace with bound values), then times
each distinct statement again and prints the plan of those slower than ``--slow-ms`` and of any
that scans a table (``SCAN`` without an index), the review the portal's indexes came from.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def page_paths(store, rng: random.Random) -> dict[str, str]:
    """One path per page kind, drawn from the store (the same kinds load_bench measures)."""
    art = store.latest_articles(None, 200)
    story = store.stories(limit=200)
    ent = store.top_entities(limit=20)
    section = store._scalar("SELECT value FROM facet_counts WHERE facet='section' ORDER BY n DESC LIMIT 1")
    from newsdesk.slug import slugify

    return {
        "home": "/", "article": f"/article/{rng.choice(art).id}", "story": f"/story/{rng.choice(story).id}",
        "section": f"/section/{slugify(section or 'world')}", "search": "/search?q=talks",
        "entity": f"/entity/{slugify(rng.choice(ent).norm)}", "feed": "/feed.rss",
        "api": f"/story/{rng.choice(story).id}.json",
    }


def trace_pages(db: str) -> dict[str, list[str]]:
    from starlette.testclient import TestClient

    from newsdesk.settings import Settings
    from newsdesk.store import open_store
    from newsdesk.web import create_app
    from newsdesk.web.store_data import StoreData

    store = open_store(path=db)
    statements: dict[str, list[str]] = {}
    current: list[str] = []
    conn = store._reader()  # TestClient runs views in worker threads: trace every reader made
    orig = store._reader

    def reader():
        c = orig()
        c.set_trace_callback(current.append)
        return c

    store._reader = reader
    conn.set_trace_callback(current.append)
    app = create_app(StoreData(store), Settings(db=db, secret_key="plans", cache_ttl=0))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    for kind, path in page_paths(store, random.Random(3)).items():
        current.clear()
        r = client.get(path)
        # FTS5 reads its shadow tables through statements of its own ('main'.'articles_fts_data'): not ours
        statements[kind] = [s for s in current if not s.startswith(("PRAGMA", "BEGIN", "COMMIT", "--"))
                            and "'main'." not in s]
        print(f"{kind:8s} {path:40s} {r.status_code} {len(statements[kind])} statements", file=sys.stderr)
    store.close()
    return statements


def review(db: str, statements: dict[str, list[str]], slow_ms: float) -> list[dict]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = []
    for kind, stmts in statements.items():
        for sql in dict.fromkeys(stmts):
            t0 = time.perf_counter()
            conn.execute(sql).fetchall()
            ms = (time.perf_counter() - t0) * 1000
            plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
            scans = [p for p in plan if p.startswith("SCAN") and "USING" not in p and "VIRTUAL TABLE" not in p
                     and "subquery" not in p and "CONSTANT ROW" not in p]
            row = {"page": kind, "ms": round(ms, 2), "calls": stmts.count(sql), "sql": sql[:300],
                   "plan": plan, "table_scans": scans}
            out.append(row)
            if ms >= slow_ms or scans:
                print(f"\n[{kind}] {ms:.1f} ms x{row['calls']}  {sql[:220]}", file=sys.stderr)
                for p in plan:
                    print(f"    {p}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--slow-ms", type=float, default=2.0)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    os.environ.setdefault("NEWSDESK_SECRET_KEY", "plans")
    rows = review(args.db, trace_pages(args.db), args.slow_ms)
    per_page = {}
    for r in rows:
        per_page.setdefault(r["page"], 0.0)
        per_page[r["page"]] += r["ms"] * r["calls"]
    print("\nSQL ms per page (sum of statements):", json.dumps({k: round(v, 1) for k, v in per_page.items()}),
          file=sys.stderr)
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
