"""The fetcher against the fixture web served on 127.0.0.1 (client and server in one process).

    python benchmarks/fetch_bench.py [--n 600] [--workers 4]
"""

from __future__ import annotations

import argparse
import time

from newsdesk.fixtureweb import build_site, serve_fixture_web
from newsdesk.ingest.fetch import Fetcher
from newsdesk.settings import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="articles in the fixture web")
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args(argv)
    web = build_site(0, args.n)
    with serve_fixture_web(web) as base:
        urls = [f"{base}/{a.outlet}{a.path}" for a in web.articles]
        s = Settings(allow_private=True, fetch_host_delay=0.0, fetch_host_concurrency=args.workers)
        with Fetcher(s) as f:
            t, c = time.perf_counter(), time.process_time()
            n = sum(1 for _ in f.fetch_many(urls, workers=args.workers))
            wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"Fetcher over 127.0.0.1 ({args.workers} threads, robots on): {n / wall:,.0f} pages/s wall, "
          f"{cpu * 1000 / n:.2f} ms CPU per page (client and server in one process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
