"""Enrichment benchmark: section classifier accuracy with the publisher's section hidden, and speed.

    python benchmarks/enrich_bench.py

Section truth comes from the publisher's own signal (URL path mapped by newsdesk's synonym table)
on the shared extraction dev pages (../shared, read in place), and from the fixture web's section
field. The classifier then sees only title and body (URL and section removed). The shipped
classifier (benchmarks/section_train.py) was trained on these shared pages too, so the shared-page
figure here is in-sample; the held-out figure (each site left out of training) is
``python benchmarks/section_train.py cv``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks" / "extraction"
sys.path.insert(0, str(REPO / "src"))

from newsdesk.enrich import EnrichState, enrich  # noqa: E402
from newsdesk.enrich.section import classify_text, section_from_signals  # noqa: E402
from newsdesk.model import Article  # noqa: E402


def shared_labelled() -> list[tuple[str, str, str]]:
    out = []
    for ds in ("scrapinghub", "wcxb-dev-article"):
        path = SHARED / ds / "truth.jsonl"
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            if not d.get("url") or not d.get("body"):
                continue
            hit = section_from_signals(Article(url=d["url"]))
            if hit:
                out.append((hit[0], d.get("title") or "", d["body"]))
    return out


def fixture_labelled(n: int = 1000) -> list[tuple[str, str, str]]:
    try:
        from newsdesk.fixtureweb import build_site
    except ImportError:
        return []
    site = build_site(seed=0, n_articles=n)
    return [(a.section, a.title, a.body) for a in site.articles]


def accuracy(rows: list[tuple[str, str, str]]) -> dict:
    if not rows:
        return {"n": 0}
    ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for gold, title, body in rows:
        pred, _ = classify_text(title, body)
        ok += pred == gold
        if pred != gold:
            confusion[(gold, pred or "-")] += 1
    return {"n": len(rows), "accuracy": round(ok / len(rows), 4), "labels": dict(Counter(g for g, _, _ in rows)),
            "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(5)]}


def speed(rows: list[tuple[str, str, str]]) -> dict:
    state = EnrichState()
    arts = [Article(title=t, body=b) for _, t, b in rows[:500]]
    t0 = time.process_time()
    for a in arts:
        enrich(a, state=state)
    cpu = time.process_time() - t0
    return {"articles": len(arts), "ms_per_article": round(1000 * cpu / max(1, len(arts)), 2),
            "articles_per_s": round(len(arts) / cpu, 1) if cpu else None}


def main() -> None:
    shared = shared_labelled()
    fixture = fixture_labelled()
    res = {"section_shared_pages": accuracy(shared), "section_fixture_web": accuracy(fixture),
           "enrich_speed": speed(shared + fixture)}
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
