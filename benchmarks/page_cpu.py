"""CPU per page kind, rendered in this process (no server, no network): what a page costs the portal.

    python benchmarks/page_cpu.py --db /tmp/nd-100k.db                  # every kind, 40 pages each
    python benchmarks/page_cpu.py --db postgresql://... --kinds article  # the database's CPU shown apart
    python benchmarks/page_cpu.py --db /tmp/nd-10k.db --dump /tmp/pages  # the rendered pages, to compare

The addresses are ``page_bench.page_pool``'s (distinct ids, sections, entities, queries); each page
goes through ``Portal._render`` as a request would (one render, the page cache not involved). Per
kind: client CPU ms per page (``time.process_time``), on a local ``postgresql://`` store the
database's backends' CPU per page (read from /proc), and queries per page. Run a revision against
another by pointing ``PYTHONPATH`` at each in turn, alternating: CPU time moves far less with the
neighbours than wall time does. ``--dump`` writes each page (its address on the first line, the
public form's signed token masked) so two revisions' pages can be compared with ``diff -r``;
``--profile KIND`` prints cProfile's top functions for that kind. ``--threads N`` renders each kind's
pages from N threads of this process at once (what one portal process with N render threads does)
and adds the wall time per page: on SQLite, CPU and wall per page grow with N (benchmarks/PORTAL.md,
"Render threads").
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("NEWSDESK_CACHE_TTL", "0")
os.environ.setdefault("NEWSDESK_SECRET_KEY", "bench")

QUERIES = ["border crossings", "budget vote", "chip energy", "festival award", "comet images", "screening",
           "title final day", "quarterly profit", "talks", "rail", "coalition", "spacecraft", "clinics",
           "negotiators deal", "film", "shares", "mission scientist", "lawmakers", "supporters", "engineers"]
_TOKEN = re.compile(r'(name="csrf" value=")[^"]*(")')


def render(app, path: str) -> bytes:
    from starlette.requests import Request

    p, _, qs = path.partition("?")
    req = Request({"type": "http", "method": "GET", "path": p, "query_string": qs.encode(), "root_path": "",
                   "headers": [(b"host", b"127.0.0.1")], "scheme": "http", "server": ("127.0.0.1", 80)})
    _name, view, params, fmt, _ = app.resolve(p)
    return app._render(req, app.data, view, params, fmt, p)


def db_cpu(pid: int | None) -> float:
    """CPU seconds of a PostgreSQL server's processes (the postmaster and its children)."""
    if pid is None:
        return 0.0
    from load_bench import cpu_seconds

    return cpu_seconds(pid)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="an existing store (SQLite path or postgresql:// URL)")
    ap.add_argument("--n", type=int, default=40, help="pages per kind")
    ap.add_argument("--kinds", default="home,article,story,section,search,entity,feed,api")
    ap.add_argument("--dump", default=None, help="write every rendered page under this folder")
    ap.add_argument("--profile", default=None, help="cProfile this kind")
    ap.add_argument("--threads", type=int, default=1, help="render from this many threads at once")
    args = ap.parse_args()

    from page_bench import page_pool, postmaster_pid

    from newsdesk.cli.serve import warm
    from newsdesk.settings import Settings
    from newsdesk.store import open_store
    from newsdesk.web.app import create_app
    from newsdesk.web.store_data import StoreData

    pool = page_pool(args.db, max(args.n, 50), QUERIES, random.Random(11))
    store = open_store(path=args.db)
    app = create_app(StoreData(store), Settings.from_env(db=args.db))
    warm(app)
    queries = [0]
    rows = store._rows

    def counted(sql, params=()):
        queries[0] += 1
        return rows(sql, params)

    store._rows = counted
    pg = postmaster_pid(args.db)
    kinds = args.kinds.split(",")
    if args.dump:
        Path(args.dump).mkdir(parents=True, exist_ok=True)
        for k in kinds:
            for i, path in enumerate(pool[k][:args.n]):
                body = _TOKEN.sub(r"\1-\2", render(app, path).decode())
                (Path(args.dump) / f"{k}-{i:03d}.html").write_text(path + "\n" + body)
    for k in kinds:
        paths = pool[k][:args.n]
        for path in paths[:3]:  # this kind's first pages (templates, memoised facets) are not what it costs
            render(app, path)
        queries[0] = 0
        prof = cProfile.Profile() if args.profile == k else None
        d0, t0, w0 = db_cpu(pg), time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        if args.threads > 1:
            threads = [threading.Thread(target=lambda part=paths[i::args.threads]: [render(app, p) for p in part])
                       for i in range(args.threads)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        else:
            for path in paths:
                render(app, path)
        if prof:
            prof.disable()
        cpu, dbc, wall = time.process_time() - t0, db_cpu(pg) - d0, time.perf_counter() - w0
        n = len(paths)
        print(f"{k:8s} {1000 * cpu / n:6.2f} ms CPU per page" + (f", database {1000 * dbc / n:5.1f}" if pg else "")
              + (f", wall {1000 * wall / n:6.2f} ms per page ({args.threads} threads)" if args.threads > 1 else "")
              + f", {queries[0] / n:.1f} queries", flush=True)
        if prof:
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())
    store.close()


if __name__ == "__main__":
    main()
