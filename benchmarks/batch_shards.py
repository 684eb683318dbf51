"""Build WARC shards of real pages for ``newsdesk batch`` measurements (data never committed).

    .venv/bin/python benchmarks/batch_shards.py OUT_DIR --shards 8 --repeat 2

The pages are ``../shared/benchmarks/extraction/*/html`` (845 real article pages), repeated
``--repeat`` times under new URLs (``?copy=N``) with a one-sentence edit so the store does not
(rightly) call the copies duplicates of each other, as ``ingest_bench.py`` does. Each record gets
a crawl time one second after the one before, and the sequence is cut into ``--shards`` files of
consecutive records: the shards cover consecutive time ranges, as CC-NEWS files do, so reading
them one after the other (``ingest``) and merging them by crawl time (``batch --db``) see the
same order. Gzip per record, like CC-NEWS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks" / "extraction"


def shared_pages() -> list[tuple[str, bytes]]:
    pages = []
    for ds in sorted(SHARED.glob("*/html")):
        truth = {}
        tfile = ds.parent / "truth.jsonl"
        if tfile.exists():
            for line in tfile.open():
                d = json.loads(line)
                truth[d["id"]] = d.get("url")
        for f in sorted(ds.glob("*.html.gz")):
            pid = f.name.split(".")[0]
            pages.append((truth.get(pid) or f"https://bench.example/{ds.parent.name}/{pid}", gzip.open(f).read()))
    return pages


def build_shards(out_dir: str | Path, shards: int = 8, repeat: int = 2, limit: int | None = None) -> list[str]:
    """Write the shards; returns their paths in time order."""
    from newsdesk.testing.warc import warc_record

    pages = shared_pages()[:limit]
    if not pages:
        sys.exit(f"no benchmark pages under {SHARED} (../shared is needed)")
    records = []
    for r in range(repeat):
        for url, body in pages:
            u = url if r == 0 else f"{url}{'&' if '?' in url else '?'}copy={r}"
            if r:
                body = body.replace(b"<p>", f"<p>Edition {r} of this report. ".encode(), 1)
            records.append((u, body))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    per = -(-len(records) // shards)
    paths = []
    for k in range(shards):
        p = out / f"BENCH-NEWS-{k:03d}.warc.gz"
        with open(p, "wb") as fh:
            for i in range(k * per, min((k + 1) * per, len(records))):
                url, body = records[i]
                date = (t0 + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
                fh.write(gzip.compress(warc_record(url, body, date=date), 6))
        paths.append(str(p))
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pages", type=int, default=None, help="only the first N distinct pages (smoke runs)")
    args = ap.parse_args()
    for p in build_shards(args.out_dir, args.shards, args.repeat, args.pages):
        print(p, Path(p).stat().st_size)


if __name__ == "__main__":
    main()
