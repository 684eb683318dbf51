"""Ingest throughput: WARC -> extracted articles in the store, against the extractor's own speed.

    .venv/bin/python benchmarks/ingest_bench.py                 # shared benchmark pages, once each
    .venv/bin/python benchmarks/ingest_bench.py --repeat 8      # a bigger archive (RSS flat?)
    .venv/bin/python benchmarks/ingest_bench.py --fixture-web 400   # plus the fixture web's WARC
    .venv/bin/python benchmarks/ingest_bench.py --ab main --rounds 3  # a revision vs the work tree, --check'd
    .venv/bin/python benchmarks/ingest_bench.py --ab-src /tmp/base/src --compiled   # builds against each other

``--ab REV`` times the whole pipeline (``newsdesk ingest``'s default: extract, enrich, dedup, stories,
store) of one revision against the work tree: ``src/newsdesk`` at REV is exported to a temp folder,
and each round runs both, in alternating order, as child processes on the same WARC (CPU time of
the ingest alone, imports excluded), both on the ``.py`` source (``NEWSDESK_PURE=1``: the exported
revision has no compiled extraction modules, and a compiled work tree against it would measure the
build, not the change; ``--ab-src DIR`` takes a ``src`` folder instead, which may hold its own compiled
build, and ``--compiled`` runs both sides with their builds, each child reporting which it used). It also checks that both produced the same store: articles,
enrichment, duplicate groups, stories and their members (timestamps left out), table by table.
Measured (issue 17, 845 shared pages, 2 rounds, best CPU, a 2-core machine shared by ~7 sessions):
main 45.2 s -> work tree 32.3 s (1.40x, same output); the layering revision 94c431f 39.8 s -> 34.3 s
(1.16x; main has since added page-type judging and other enrichment). Branch h-speed against main
c3ea4b4 (both on the .py source): 1.06x best of 2 (42.4 -> 40.1 s, 19.9 -> 21.1 pages/s, same output),
0.93-1.10x over other runs as the machine's load swung by +-10 % between children; the part it
changed, timed page by page in one process (``ab_speed.py --form understand --base c3ea4b4 --pages 0
--check``): enrich + near-duplicates + stories 41.8 -> 52.4 pages/s (1.25x), same output.

Builds a WARC (gzip per record, like CC-NEWS) in a temp dir from
``../shared/benchmarks/extraction/*/html`` (never committed), then in ONE process:

1. reader speed: FastWARC vs warcio (when importable) over the same archive (measured: warcio ~2x the CPU);
2. the extractor alone: ``newsdesk.extract`` on every HTML payload (CPU time);
3. the whole pipeline: ``ingest_target`` into a fresh SQLite store (CPU time, RSS sampled).

Reports pages/s for both and the ratio (target >= 0.70), and RSS over the run.
Single core: OMP/MKL threads are pinned to 1; speed is ``time.process_time``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks" / "extraction"


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class RssSampler(threading.Thread):
    def __init__(self, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.every, self.samples, self._halt = every, [], threading.Event()

    def run(self) -> None:
        t0 = time.perf_counter()
        while not self._halt.is_set():
            self.samples.append((time.perf_counter() - t0, rss_mb()))
            self._halt.wait(self.every)

    def stop(self) -> list[tuple[float, float]]:
        self._halt.set()
        self.join()
        return self.samples


def build_warc(out: Path, repeat: int, fixture_web: int) -> dict:
    from newsdesk.testing.warc import warc_record

    sys.path.insert(0, str(REPO / "benchmarks"))
    from batch_shards import shared_pages  # the same pages, URLs from the truth files

    pages = shared_pages()
    if not pages:
        sys.exit(f"no benchmark pages under {SHARED} (../shared is needed)")
    n = 0
    with open(out, "wb") as fh:
        for r in range(repeat):
            for url, body in pages:
                u = url if r == 0 else f"{url}{'&' if '?' in url else '?'}copy={r}"
                if r:  # a distinct body too, or the store would (rightly) call it a duplicate
                    body = body.replace(b"<p>", f"<p>Edition {r} of this report. ".encode(), 1)
                fh.write(gzip.compress(warc_record(u, body), 6))
                n += 1
    info = {"pages": n, "distinct_pages": len(pages), "bytes": out.stat().st_size}
    if fixture_web:
        from newsdesk.fixtureweb import build_site, write_warc

        fw = out.with_name("fixtureweb.warc.gz")
        stats = write_warc(build_site(seed=1, n_articles=fixture_web), fw)
        info["fixture_web"] = {"path": str(fw), "responses_html": stats.responses_html, "bytes": fw.stat().st_size}
    return info


def read_speed(path: Path) -> dict:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    out = {}
    c0 = time.process_time()
    n = 0
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
            rec.reader.read()
            n += 1
    out["fastwarc_s"] = round(time.process_time() - c0, 3)
    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        out["warcio_s"] = None
        return out
    c0 = time.process_time()
    with open(path, "rb") as f:
        for rec in WarcioIterator(f):
            if rec.rec_type == "response":
                rec.content_stream().read()
    out["warcio_s"] = round(time.process_time() - c0, 3)
    return out


def extractor_only(path: Path, settings) -> dict:  # type: ignore[no-untyped-def]
    """CPU seconds of newsdesk.extract alone on every HTML payload (payloads read beforehand, untimed)."""
    import newsdesk
    from newsdesk.errors import NewsdeskError
    from newsdesk.ingest.warc import warc_items
    from newsdesk.model import Page

    cpu = 0.0
    n = ok = 0
    for item in warc_items(path, settings):
        page = item.record
        if not isinstance(page, Page):
            continue
        c0 = time.process_time()
        try:
            newsdesk.extract(page.content, url=page.url, content_type=page.content_type, settings=settings)
            ok += 1
        except NewsdeskError:
            pass
        cpu += time.process_time() - c0
        n += 1
    return {"pages": n, "extracted": ok, "cpu_s": round(cpu, 3), "pages_per_s": round(n / cpu, 2) if cpu else None}


def pipeline(path: Path, db: Path, settings, keep_pages: bool, understand: bool = True) -> dict:  # type: ignore[no-untyped-def]
    from newsdesk.pipeline.ingest import IngestOptions, ingest_target
    from newsdesk.store import open_store

    sampler = RssSampler()
    sampler.start()
    c0, t0 = time.process_time(), time.perf_counter()
    with open_store(path=str(db)) as store:
        _, counts = ingest_target(store, str(path), settings, IngestOptions(progress=False, keep_pages=keep_pages,
                                                                              understand=understand))
        stored = store.count_articles()
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    samples = sampler.stop()
    rss = [r for _, r in samples]
    k = max(1, len(rss) // 10)
    return {
        "records": counts.seen, "articles": stored, "counts": counts.to_dict(), "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3), "pages_per_s": round(counts.seen / cpu, 2) if cpu else None,
        "rss_mb": {"first_10pct": round(max(rss[:k]), 1), "middle": round(rss[len(rss) // 2], 1),
                   "last_10pct": round(max(rss[-k:]), 1), "max": round(max(rss), 1)} if rss else None,
        "db_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6, 1),
    }


#: what the output check compares: (table, ORDER BY); the times of the run are left out (columns ending in
#: "_at", first/last seen, and sort_time, which is first_seen for an undated article; its date is compared)
CHECK_TABLES = [
    ("articles", "id"), ("article_urls", "norm_url"), ("entities", "id"), ("article_entities", "article_id, entity_id"),
    ("keywords", "article_id, keyword"), ("shorts", "article_id"), ("dup_groups", "id"), ("dup_members", "article_id"),
    ("stories", "id"), ("story_members", "article_id"), ("drops", "reason"),
]


def store_digest(db: Path) -> dict[str, str]:
    """A hash per table column of the rows that make the output (see CHECK_TABLES)."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(db)
    out = {}
    for table, order in CHECK_TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if not r[1].endswith("_at")
                and r[1] not in ("first_seen", "last_seen", "last_update", "sort_time")]
        hs = {c: hashlib.sha256() for c in cols}
        n = 0
        for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"):
            for c, v in zip(cols, row):
                hs[c].update(repr(v).encode() + b"\x00")
            n += 1
        for c in cols:
            out[f"{table}.{c}"] = f"{n}:{hs[c].hexdigest()[:16]}"
    conn.close()
    return out


def _child(warc: Path, db: Path) -> None:
    """``--child``: one whole-pipeline ingest with the ``newsdesk`` on sys.path; JSON on stdout."""
    from newsdesk.extract import compiled
    from newsdesk.settings import Settings

    r = pipeline(warc, db, Settings(), True)
    print(json.dumps({"cpu_s": r["cpu_s"], "records": r["records"], "articles": r["articles"],
                      "build": compiled.describe(), "digest": store_digest(db)}))


def ab(base: str | None, warc: Path, tmp: Path, rounds: int, base_src: str | None = None,
       compiled: bool = False) -> dict:
    """Whole pipeline of revision ``base`` (exported) or the folder ``base_src`` against the work tree,
    interleaved, plus the output check; ``compiled``: both sides with their compiled builds."""
    import subprocess
    import tarfile
    from io import BytesIO

    if base_src is None:
        tar = subprocess.run(["git", "-C", str(REPO), "archive", str(base), "src/newsdesk"], check=True,
                             capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(tar)) as tf:
            tf.extractall(tmp / "base", filter="data")
        base_src = str(tmp / "base" / "src")
    paths = {"base": base_src, "work": str(REPO / "src")}
    builds: dict[str, str] = {}
    cpu: dict[str, list[float]] = {"base": [], "work": []}
    digests: dict[str, dict] = {}
    records = 0
    for r in range(rounds):
        for side in (("base", "work") if r % 2 == 0 else ("work", "base")):
            db = tmp / f"{side}-{r}.db"
            # the exported revision has no compiled extraction modules: both sides run the .py source
            env = {**os.environ, "PYTHONPATH": paths[side], "NEWSDESK_PURE": "0" if compiled else "1"}
            out = subprocess.run([sys.executable, __file__, "--child", str(warc), str(db)], env=env, check=True,
                                 capture_output=True, text=True).stdout
            got = json.loads(out.strip().splitlines()[-1])
            cpu[side].append(got["cpu_s"])
            builds[side] = got["build"]
            records = got["records"]
            digests.setdefault(side, got["digest"])
            for f in db.parent.glob(db.name + "*"):
                f.unlink()
    best = {k: min(v) for k, v in cpu.items()}
    diff = sorted(t for t in digests["base"] if digests["base"][t] != digests["work"].get(t))
    return {"records": records, "builds": builds, "cpu_s": cpu, "pages_per_s": {k: round(records / v, 2) for k, v in best.items()},
            "speedup": round(best["base"] / best["work"], 3), "same_output": not diff, "differs": diff,
            "digest": digests["work"]}


def _ratio(ex: dict, pl: dict) -> float | None:
    """Extractor CPU / pipeline CPU over the same HTML pages (1.0 = the pipeline costs nothing)."""
    pl["html_pages_per_s"] = round(ex["pages"] / pl["cpu_s"], 2) if pl["cpu_s"] else None
    return round(ex["cpu_s"] / pl["cpu_s"], 3) if pl["cpu_s"] and ex["cpu_s"] else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="copies of the page set in the archive")
    ap.add_argument("--fixture-web", type=int, default=0, help="also ingest a fixture-web WARC of N articles")
    ap.add_argument("--no-pages", action="store_true", help="do not keep raw pages in the store")
    ap.add_argument("--pipeline-only", action="store_true", help="skip the extractor-alone pass (memory runs)")
    ap.add_argument("--no-understand", action="store_true", help="extract + store only (no enrich, dedup, stories)")
    ap.add_argument("--ab", metavar="REV", help="whole pipeline of REV against the work tree, with the output check")
    ap.add_argument("--ab-src", metavar="DIR", help="like --ab, with a src folder (and its build, if any) as the base")
    ap.add_argument("--compiled", action="store_true", help="--ab/--ab-src: both sides run their compiled builds")
    ap.add_argument("--rounds", type=int, default=2, help="--ab rounds (each runs both sides, order alternating)")
    ap.add_argument("--child", nargs=2, metavar=("WARC", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return
    from newsdesk.settings import Settings

    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        info = build_warc(warc, args.repeat, args.fixture_web)
        if args.ab or args.ab_src:
            res = ab(args.ab, warc, Path(tmp), args.rounds, args.ab_src, args.compiled)
            print(json.dumps({"archive": info, **res}, indent=1))
            return
        result = {"archive": info, "reader": read_speed(warc)}
        result["extractor"] = ({"pages": info["pages"], "cpu_s": 0.0, "pages_per_s": None} if args.pipeline_only
                               else extractor_only(warc, settings))
        result["pipeline"] = pipeline(warc, Path(tmp) / "bench.db", settings, not args.no_pages,
                                      not args.no_understand)
        ex, pl = result["extractor"], result["pipeline"]
        result["ratio"] = _ratio(ex, pl)
        if args.fixture_web:
            fw = Path(info["fixture_web"]["path"])
            result["fixture_web"] = {"extractor": extractor_only(fw, settings),
                                     "pipeline": pipeline(fw, Path(tmp) / "fw.db", settings, not args.no_pages,
                                                          not args.no_understand)}
            fe, fp = result["fixture_web"]["extractor"], result["fixture_web"]["pipeline"]
            result["fixture_web"]["ratio"] = _ratio(fe, fp)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    r, ex, pl = result["reader"], result["extractor"], result["pipeline"]
    print(f"archive: {info['pages']} HTML records, {info['bytes'] / 1e6:.1f} MB gz")
    print(f"reader CPU: fastwarc {r['fastwarc_s']}s, warcio {r['warcio_s']}s")
    print(f"extractor alone: {ex['pages_per_s']} pages/s ({ex['cpu_s']}s CPU for {ex['pages']})")
    print(f"pipeline: {pl['html_pages_per_s']} pages/s ({pl['records']} records, {pl['cpu_s']}s CPU, {pl['wall_s']}s wall), "
          f"{pl['articles']} articles, db {pl['db_mb']} MB")
    print(f"ratio pipeline/extractor: {result['ratio']} (target >= 0.70)")
    print(f"RSS MB: {pl['rss_mb']}")
    if args.fixture_web:
        f = result["fixture_web"]
        print(f"fixture web: extractor {f['extractor']['pages_per_s']} p/s, pipeline "
              f"{f['pipeline']['html_pages_per_s']} p/s, ratio {f['ratio']}, {f['pipeline']['articles']} articles")


if __name__ == "__main__":
    main()
