"""Stories of a fixture-web stream measured through a real ``newsdesk ingest`` (issue 15).

    python benchmarks/cluster_ingest_bench.py --n 10000 --seed 0
    python benchmarks/cluster_ingest_bench.py --density --n 100000   # how crowded the stream is, from its truth

The fixture web (``newsdesk.fixtureweb``: 6 outlets, same-topic events written from shared
templates, syndicated copies, AMP aliases, updates, revisits) is written as a WARC, the pages the
server would serve; ``ingest_target`` then reads it exactly as ``newsdesk ingest web.warc.gz``
does, with understanding on (extraction, enrichment, near-duplicates, the story clusterer,
merges and second-look moves applied to the store). The stored stories are read back and each
article is matched to the truth by outlet domain and path. Reported: B-cubed P/R/F1, NMI, the
story count, the stories that mix events whose people, places or organisations differ
(``clustering_bench.story_mixing``), and the story-size distribution beside the truth's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from clustering_bench import story_mixing  # noqa: E402
from newsdesk.cluster import bcubed, nmi  # noqa: E402

SIZE_BINS = (1, 2, 3, 5, 8, 13, 20, 50, 100)


def size_histogram(labels: list[str]) -> dict[str, int]:
    """Stories per size bin ("1", "2", "3-4", ..., "100+")."""
    sizes = Counter(labels).values()
    out: dict[str, int] = {}
    for i, lo in enumerate(SIZE_BINS):
        hi = SIZE_BINS[i + 1] if i + 1 < len(SIZE_BINS) else None
        key = str(lo) if hi == lo + 1 else (f"{lo}-{hi - 1}" if hi else f"{lo}+")
        out[key] = sum(1 for n in sizes if n >= lo and (hi is None or n < hi))
    return out


def run(n: int, seed: int, workdir: Path, runs: int = 1, days: float | None = None) -> dict:
    from newsdesk.fixtureweb import build_site, write_warc
    from newsdesk.pipeline.core import Counts
    from newsdesk.pipeline.ingest import IngestOptions, ingest_target
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    site = build_site(seed=seed, n_articles=n, days=days)
    truth = site.truth()
    warc = workdir / "web.warc.gz"
    write_warc(site, warc)
    domain = {o["slug"]: o["domain"].removeprefix("www.") for o in truth["outlets"]}
    by_place = {(domain[a["outlet"]], a["path"]): a["id"] for a in truth["articles"]}
    event = {a: e for e, ids in truth["stories"].items() for a in ids}
    for old in workdir.glob("stream.db*"):  # --keep DIR run again: a fresh store
        old.unlink()
    c0 = time.process_time()
    with open_store(path=str(workdir / "stream.db")) as store:
        counts = Counts()
        for i in range(runs):  # ``runs`` one-off ingests, each resuming where the last stopped (a cron job)
            limit = None if i == runs - 1 else -(-n // runs)
            counts.add(ingest_target(store, str(warc), Settings(), IngestOptions(
                progress=False, keep_pages=False, understand=True, settle=True, limit=limit))[1])
        cpu = time.process_time() - c0
        gold, pred, unmatched, titles = [], [], 0, []
        for a in store.iter_articles():
            u = urlsplit(a.article.url or "")
            aid = by_place.get(((u.hostname or "").removeprefix("www."), u.path))
            if aid is None or a.story_id is None:
                unmatched += 1
                continue
            gold.append(event[aid])
            pred.append(str(a.story_id))
            titles.append(a.article.title or "")
    p, r, f = bcubed(gold, pred)
    slots = {e["id"]: e.get("slots", {}) for e in truth["events"]}
    return {"n": n, "seed": seed, "days": days, "runs": runs, "stored": len(gold) + unmatched, "scored": len(gold), "unmatched": unmatched,
            "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4), "nmi": round(nmi(gold, pred), 4),
            "stories": len(set(pred)), "gold_stories": len(set(gold)), **story_mixing(gold, pred, slots),
            "sizes": size_histogram(pred), "gold_sizes": size_histogram(gold),
            "ingest_cpu_s": round(cpu, 1), "counts": counts.to_dict(),
            "mixed": mixed_detail(gold, pred, titles, slots)}


def store_drift(store) -> dict:
    """The live articles whose stored story is not the one the clusterer holds them in (its state loaded back
    from the store's snapshot and log, as the next run or ``newsdesk serve`` loads it): 0 when the store
    shows what the clusterer made."""
    from newsdesk.pipeline.understand import Understanding
    from newsdesk.settings import Settings

    u = Understanding(store, Settings())
    u._load()
    c = u.clusterer
    live = differ = 0
    for a in store.iter_articles():
        sid = c.doc_story.get(str(a.id))
        if sid is not None:
            live += 1
            differ += store.story_by_key(c.resolve(sid)) != a.story_id
    return {"live_articles": live, "in_another_story": differ}


def ecb_run(seed: int, workdir: Path, settle: bool = True) -> dict:
    """ECB+ dev whole articles (``clustering_bench.ecb_records``, shuffled with ``seed``) written as a folder
    of HTML pages, one per article in the shuffled order, and read by ``newsdesk ingest FOLDER`` (with
    ``settle``: the looks at the end of the run, as the command does by default)."""
    from html import escape

    from clustering_bench import ecb_records
    from newsdesk.pipeline.ingest import IngestOptions, ingest_target
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    got = ecb_records(seed)
    if got is None:
        return {"skipped": "ECB+ dev set not present"}
    records, gold_of = got
    pages = workdir / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for i, rec in enumerate(records):
        title = escape(rec["title"])
        body = escape(rec["body"][len(rec["title"]):].strip())
        canonical = f"https://ecbplus.example/{i:05d}.html"
        (pages / f"{i:05d}.html").write_text(
            f'<html><head><title>{title}</title><link rel="canonical" href="{canonical}"></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>", encoding="utf-8")
    for old in workdir.glob("stream.db*"):
        old.unlink()
    with open_store(path=str(workdir / "stream.db")) as store:
        _, counts = ingest_target(store, str(pages), Settings(),
                                  IngestOptions(progress=False, keep_pages=False, understand=True, settle=settle))
        gold, pred, unmatched = [], [], 0
        for a in store.iter_articles():
            name = Path(urlsplit(a.article.url or "").path).stem
            if not name.isdigit() or a.story_id is None:
                unmatched += 1
                continue
            gold.append(gold_of[int(name)])
            pred.append(str(a.story_id))
        drift = store_drift(store)
    p, r, f = bcubed(gold, pred)
    return {"ecbplus_seed": seed, "settle": settle, "store_drift": drift, "stored": len(gold) + unmatched, "unmatched": unmatched,
            "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4), "nmi": round(nmi(gold, pred), 4),
            "stories": len(set(pred)), "gold_stories": len(set(gold)), "counts": counts.to_dict()}


def stream_density(truth: dict, window_hours: float | None = None) -> dict:
    """How crowded a fixture stream is: pairs of events of one topic within ``window_hours`` of each other
    (by default the clusterer's story window), and how many of those share what tells events apart (an organisation, a surname,
    a full name); events a day; how many of one organisation's events, and how many people of one
    surname, fall in one window.

    The template generator draws each event's slots independently (people from 60 first names and 60
    surnames, any of 30 towns with any of 12 countries), so the longer the stream, the more concurrent
    same-topic events share an organisation and a person by chance.
    """
    from newsdesk.cluster import ClusterOptions
    from newsdesk.timeutil import parse_iso

    window_hours = ClusterOptions().window_hours if window_hours is None else window_hours
    by_topic: dict[str, list[tuple[float, dict]]] = {}
    for e in truth["events"]:
        when = parse_iso(e["when"])
        if when is not None:
            by_topic.setdefault(e["topic"], []).append((when.timestamp() / 3600.0, e.get("slots", {})))
    c: Counter[str] = Counter()
    for events in by_topic.values():
        events.sort(key=lambda x: x[0])
        for i, (ti, si) in enumerate(events):
            for tj, sj in events[i + 1:]:
                if tj - ti > window_hours:
                    break
                c["pairs"] += 1
                org = bool(si.get("ORG")) and si.get("ORG") == sj.get("ORG")
                sur = bool({si.get("P1L"), si.get("P2L")} & {sj.get("P1L"), sj.get("P2L")} - {None})
                full = bool({si.get("P1"), si.get("P2")} & {sj.get("P1"), sj.get("P2")} - {None})
                c["same_org"] += org
                c["same_org_and_surname"] += org and sur
                c["same_full_name"] += full
    times = sorted(t for ev in by_topic.values() for t, _ in ev)
    days = max(1e-9, (times[-1] - times[0]) / 24.0) if times else 1e-9
    n = len(times)
    orgs = Counter(s.get("ORG") for ev in by_topic.values() for _, s in ev if s.get("ORG"))
    surnames = [s.get(k) for ev in by_topic.values() for _, s in ev for k in ("P1L", "P2L") if s.get(k)]
    return {
        "events": n, "topics": len(by_topic), "days": round(days, 1), "events_per_day": round(n / days, 1),
        "concurrent_pairs": c["pairs"],
        "pairs_same_org": c["same_org"], "pairs_same_org_and_surname": c["same_org_and_surname"],
        "pairs_same_full_name": c["same_full_name"],
        "same_org_and_surname_per_event": round(2 * c["same_org_and_surname"] / max(1, n), 2),
        "events_per_org_per_window": round(n / max(1, len(orgs)) / days * window_hours / 24.0, 2),
        "people_per_surname_per_window": round(len(surnames) / max(1, len(set(surnames))) / days * window_hours / 24.0, 1),
    }


def mixed_detail(gold: list[str], pred: list[str], titles: list[str], slots: dict[str, dict]) -> list[dict]:
    """Each mixed story: its reports' events, the events' slots and the reports' titles (to read what differs)."""
    mixed = set(story_mixing(gold, pred, slots).get("mixed_ids", []))
    out: dict[str, dict] = {}
    for g, s, t in zip(gold, pred, titles):
        if s in mixed:
            d = out.setdefault(s, {"story": s, "events": {}, "reports": []})
            d["events"][g] = slots.get(g, {})
            d["reports"].append([g, t])
    return list(out.values())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="articles in the fixture web")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write the result to this file")
    ap.add_argument("--keep", metavar="DIR", help="build the WARC and the store in DIR and keep them (to read the "
                    "stories' join reasons: story_members.reason)")
    ap.add_argument("--runs", type=int, default=1, help="ingest the stream in this many one-off runs (each "
                    "reads the next n / runs records and ends with its looks at the end, as a cron job would)")
    ap.add_argument("--ecbplus", action="store_true", help="ECB+ dev through `newsdesk ingest` of a folder of pages "
                    "(--seed: the shuffle), with and without the looks at the end of the run")
    ap.add_argument("--density", action="store_true", help="only how crowded the stream is (stream_density): "
                    "concurrent same-topic events sharing an organisation or a person; nothing is ingested")
    ap.add_argument("--days", type=float, help="the days the fixture web's events span (default: 21 + n / 2000, so a "
                    "longer stream is a busier one; e.g. --n 100000 --days 260 keeps the 10k stream's events a day)")
    a = ap.parse_args(argv)
    if a.density:
        from newsdesk.fixtureweb import build_site

        res = {"n": a.n, "seed": a.seed, **stream_density(build_site(seed=a.seed, n_articles=a.n, days=a.days).truth())}
    elif a.ecbplus:
        with tempfile.TemporaryDirectory(prefix="ecb-ingest-") as tmp:
            res = {"settled": ecb_run(a.seed, Path(tmp) / "a"), "unsettled": ecb_run(a.seed, Path(tmp) / "b", False)}
    elif a.keep:
        Path(a.keep).mkdir(parents=True, exist_ok=True)
        res = run(a.n, a.seed, Path(a.keep), a.runs, a.days)
    else:
        with tempfile.TemporaryDirectory(prefix="cluster-ingest-") as tmp:
            res = run(a.n, a.seed, Path(tmp), a.runs, a.days)
    text = json.dumps(res, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
