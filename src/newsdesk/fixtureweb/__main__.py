"""Command line for the fixture web.

    python -m newsdesk.fixtureweb --n 1000 --truth truth.json --warc web.warc.gz
    python -m newsdesk.fixtureweb --n 1000 --cluster-jsonl docs.jsonl   # stories: truth["stories"]
    python -m newsdesk.fixtureweb --n 200 --serve          # until Ctrl-C
    python -m newsdesk.fixtureweb --bench                   # generator / render / WARC speed
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from . import build_site, respond, serve_fixture_web, write_warc


def _bench() -> None:
    for n in (10_000, 100_000):
        t = time.process_time()
        site = build_site(0, n)
        dt = time.process_time() - t
        print(f"build n={n}: {dt:.2f} s CPU, {n / dt:,.0f} articles/s")
    t = time.process_time()
    for a in site.articles[:5000]:
        respond(site, a.outlet, a.path, "https://x")
    print(f"render: {5000 / (time.process_time() - t):,.0f} article pages/s (100k-article web)")
    small = build_site(0, 10_000)
    t = time.process_time()
    st = write_warc(small, "/dev/null")
    dt = time.process_time() - t
    print(f"write_warc (10k articles, gzip): {st.responses_html / dt:,.0f} HTML responses/s, {st.bytes / 1e6:.1f} MB, "
          f"records {st.records}")
    # the fetcher against this web on 127.0.0.1: benchmarks/fetch_bench.py


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsdesk.fixtureweb", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=200, help="number of articles")
    ap.add_argument("--days", type=float, help="the days its events span (default: 21 + n / 2000)")
    ap.add_argument("--truth", help="write the truth JSON here")
    ap.add_argument("--warc", help="write the web as a WARC here (.gz: gzipped per record)")
    ap.add_argument("--cluster-jsonl", help="write the articles as `newsdesk cluster` input lines here")
    ap.add_argument("--serve", action="store_true", help="serve it on 127.0.0.1 until interrupted")
    ap.add_argument("--bench", action="store_true", help="measure generator, render and WARC speed")
    args = ap.parse_args(argv)
    if args.bench:
        _bench()
        return 0
    site = build_site(args.seed, args.n, days=args.days)
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as fh:
            json.dump(site.truth(), fh, ensure_ascii=False, indent=1)
    if args.cluster_jsonl:
        with open(args.cluster_jsonl, "w", encoding="utf-8") as fh:
            for doc in site.cluster_docs():
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    if args.warc:
        st = write_warc(site, args.warc, gzip=args.warc.endswith(".gz"))
        print(f"wrote {args.warc}: {st.records}", file=sys.stderr)
    if args.serve:
        with serve_fixture_web(site) as base:
            print(f"fixture web at {base}/ (outlets: {', '.join(site.outlets)}); Ctrl-C to stop", file=sys.stderr)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
