"""Full-text search: SQLite FTS5 (the store's ``search``) vs a plain LIKE baseline.

    .venv/bin/python benchmarks/search_bench.py [--articles 5000]

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
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
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
