"""Full-text search: SQLite FTS5 (the store's ``search``) vs a plain LIKE baseline.

    .venv/bin/python benchmarks/search_bench.py [--articles 5000]
    .venv/bin/python benchmarks/search_bench.py --db /tmp/nd-1m.db   # the portal's bounded search vs unbounded
    .venv/bin/python benchmarks/search_bench.py --db postgresql://...   # the same on PostgreSQL, per window

Fills a temporary store with articles built from the shared benchmark bodies
(``../shared/benchmarks/extraction/*/truth.jsonl``, varied so each is distinct;
a generated vocabulary when ../shared is absent), then times the same queries
both ways (CPU time per query) and checks FTS5 finds what LIKE finds.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent / "shared" / "benchmarks" / "extraction"


def bodies() -> list[tuple[str, str]]:
    out = []
    for f in sorted(SHARED.glob("*/truth.jsonl")):
        for line in f.open():
            d = json.loads(line)
            if d.get("body"):
                out.append((d.get("title") or d["body"][:60], d["body"]))
    if not out:
        rng = random.Random(0)
        vocab = [f"word{i}" for i in range(5000)]
        out = [(" ".join(rng.choices(vocab, k=6)), " ".join(rng.choices(vocab, k=400))) for _ in range(500)]
    return out


QUERIES = ["border crossings", "budget vote", "chip energy", "festival award", "comet images", "screening",
           "title final day", "quarterly profit", "talks", "rail", "coalition", "spacecraft", "clinics",
           "negotiators deal", "film", "shares", "mission scientist", "lawmakers", "supporters", "engineers"]


def _ms(f, *a) -> tuple[float, object]:
    c0 = time.process_time()
    out = f(*a)
    return (time.process_time() - c0) * 1000, out


def bounded(db: str) -> dict:
    """On a big store: the page of hits and its count as the portal makes them (newest RANK_WINDOW
    matches ranked, count capped) against ranking and counting every match; the same page?"""
    from newsdesk.store import open_store
    from newsdesk.store import search as search_mod
    from newsdesk.store.search import COUNT_CAP, _WEIGHTS, fts_query

    RANK_WINDOW = search_mod.RANK_WINDOW

    store = open_store(path=db)
    conn = store._reader()
    w = ", ".join(str(x) for x in _WEIGHTS)
    rows, same_scores, same_ids = [], 0, 0
    for text in QUERIES:
        q = fts_query(text)
        t_full, full = _ms(lambda: conn.execute(
            f"SELECT rowid, bm25(articles_fts, {w}) AS s FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY s, rowid DESC LIMIT 20", (q,)).fetchall())
        t_count_all, n_all = _ms(lambda: store.count_search(text))
        t_page, page = _ms(store.search_ranked, text, None, 20, 0)
        t_count, n_cap = _ms(store.count_search, text, None, COUNT_CAP)
        scores_full = [round(-r[1], 6) for r in full]
        scores_page = [round(sc, 6) for _, sc, _ in page]
        same_scores += scores_full == scores_page
        same_ids += [r[0] for r in full] == [i for i, _, _ in page]
        rows.append({"q": text, "matches": n_all, "full_rank_ms": round(t_full, 1), "full_count_ms": round(t_count_all, 1),
                     "page_ms": round(t_page, 1), "capped_count_ms": round(t_count, 1), "shown_count": n_cap,
                     "same_top20_scores": scores_full == scores_page})
        print(f"  {text:20s} {n_all:7d} matches: rank all {t_full:6.1f} ms + count all {t_count_all:6.1f} ms  |  "
              f"page (window {RANK_WINDOW}, snippets) {t_page:5.1f} ms + count to {COUNT_CAP} {t_count:5.1f} ms  "
              f"same top-20 scores: {scores_full == scores_page}", file=sys.stderr)
    store.close()
    return {"db": db, "rank_window": RANK_WINDOW, "count_cap": COUNT_CAP, "queries": rows,
            "same_top20_scores": f"{same_scores}/{len(rows)}", "same_top20_ids": f"{same_ids}/{len(rows)}",
            "cpu_ms_total_full": round(sum(r["full_rank_ms"] + r["full_count_ms"] for r in rows), 1),
            "cpu_ms_total_portal": round(sum(r["page_ms"] + r["capped_count_ms"] for r in rows), 1)}


def bounded_pg(db: str, windows: list[int], rounds: int = 2) -> dict:
    """PostgreSQL: the page of hits and its capped count with each window (interleaved rounds), against
    ranking every match: CPU of the database backend and of this client per query, wall p50, and how
    many of the top 20 are those of ranking every match."""
    import os
    import statistics

    from newsdesk.store import search as search_mod
    from newsdesk.store.pg import PostgresStore
    from newsdesk.store.search import COUNT_CAP

    store = PostgresStore(db, min_size=1, max_size=1)  # one connection: its backend's CPU is the query's
    backend = int(store._scalar("SELECT pg_backend_pid()"))

    def db_cpu() -> float:
        with open(f"/proc/{backend}/stat") as f:
            p = f.read().rsplit(")", 1)[1].split()
        return (int(p[11]) + int(p[12])) / os.sysconf("SC_CLK_TCK")

    every = 10 ** 9
    runs: dict[int, list[tuple[float, float, float]]] = {}
    for _ in range(rounds):
        for w in [*windows, every]:
            search_mod.PG_RANK_WINDOW = w
            d0, c0, walls = db_cpu(), time.process_time(), []
            for text in QUERIES:
                t0 = time.perf_counter()
                store.search_ranked(text, None, 20, 0)
                store.count_search(text, None, COUNT_CAP)
                walls.append(time.perf_counter() - t0)
            n = len(QUERIES)
            runs.setdefault(w, []).append((1000 * (db_cpu() - d0) / n, 1000 * (time.process_time() - c0) / n,
                                           1000 * statistics.median(walls)))
    search_mod.PG_RANK_WINDOW = every
    ref = {t: [h[0] for h in store.search_ranked(t, None, 20, 0)] for t in QUERIES}
    out = {"db": "postgresql", "count_cap": COUNT_CAP, "queries": len(QUERIES), "windows": {}}
    for w, rs in runs.items():
        search_mod.PG_RANK_WINDOW = w
        overlap = [len(set(ref[t]) & {h[0] for h in store.search_ranked(t, None, 20, 0)}) / max(1, len(ref[t]))
                   for t in QUERIES]
        row = {"db_cpu_ms": round(statistics.median(r[0] for r in rs), 1),
               "client_cpu_ms": round(statistics.median(r[1] for r in rs), 1),
               "wall_p50_ms": round(statistics.median(r[2] for r in rs), 1),
               "top20_shared_with_every_match_ranked": round(statistics.mean(overlap), 2)}
        out["windows"]["every match" if w == every else w] = row
        print(f"  window {'every match' if w == every else w}: {row}", file=sys.stderr)
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--db", default=None, help="instead: bounded vs full ranking and counting on this store")
    ap.add_argument("--window", type=int, default=None, help="with --db: try this RANK_WINDOW instead")
    ap.add_argument("--pg-windows", default="1000,2000,5000",
                    help="with --db postgresql://...: the PG_RANK_WINDOW values to compare")
    args = ap.parse_args()
    if args.window:
        from newsdesk.store import search as search_mod

        search_mod.RANK_WINDOW = args.window
    if args.db and args.db.startswith("postgresql://"):
        res = bounded_pg(args.db, [int(w) for w in args.pg_windows.split(",")])
        print(json.dumps(res, indent=1))
        return
    if args.db:
        res = bounded(args.db)
        print(json.dumps(res, indent=1) if args.json else "\n".join(
            f"{k}: {v}" for k, v in res.items() if k != "queries"))
        return
    from newsdesk.model import Article
    from newsdesk.store import open_store

    src = bodies()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(path=str(Path(tmp) / "s.db"))
        c0 = time.process_time()
        with store.batch():
            for i in range(args.articles):
                title, body = src[i % len(src)]
                store.upsert_article(Article(title=title, body=f"{body}\n\nEdition {i}.",
                                             url=f"https://s{i % 40}.example/a/{i}", site_name=f"S{i % 40}",
                                             description=body[:160]))
        load = time.process_time() - c0
        words = [w for _, b in src[:200] for w in re.findall(r"[A-Za-z]{6,}", b)]
        queries = [" ".join(rng.sample(words, k)) for k in (1, 1, 1, 2, 2, 2) for _ in range(5)]
        fts_t = like_t = count_t = 0.0
        agree = 0
        for q in queries:
            c0 = time.process_time()
            hits = store.search(q, limit=20)
            fts_t += time.process_time() - c0
            c0 = time.process_time()
            store.count_search(q)
            count_t += time.process_time() - c0
            c0 = time.process_time()
            like = store._search_like(q, limit=20)
            like_t += time.process_time() - c0
            agree += bool(hits) == bool(like)
        store.close()
    res = {"articles": args.articles, "queries": len(queries), "load_cpu_s": round(load, 2),
           "fts5_ms_per_query": round(fts_t / len(queries) * 1000, 2),
           "fts5_count_ms_per_query": round(count_t / len(queries) * 1000, 2),
           "like_ms_per_query": round(like_t / len(queries) * 1000, 2),
           "speedup": round(like_t / fts_t, 1) if fts_t else None,
           "both_found_or_both_empty": f"{agree}/{len(queries)}"}
    print(json.dumps(res) if args.json else "\n".join(f"{k}: {v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
