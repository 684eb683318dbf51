"""Load test of the portal against a static file server, on 127.0.0.1 only.

    .venv/bin/python benchmarks/load_bench.py                    # 100k generated articles, 50 and 200 clients
    .venv/bin/python benchmarks/load_bench.py --db /tmp/nd-100k.db   # reuse a store built earlier
    .venv/bin/python benchmarks/load_bench.py --pages --db /tmp/nd-1m.db --articles 1000000 --clients 10
        # every page kind uncached, first request after start, 1 vs 10 clients (see page_bench.py)
    .venv/bin/python benchmarks/load_bench.py --pages --pg --articles 100000
        # the same on PostgreSQL (a throwaway cluster; --db postgresql://... reuses a store)

What it does, all in one run:
1. builds (or reuses) a store of >= ``--articles`` generated articles (fictional demo outlets),
2. starts ``newsdesk serve`` on it in a second process, fetches the rendered home page and starts
   two static servers on that same file: Python's ``http.server`` and uvicorn + Starlette
   ``StaticFiles`` (the same ASGI stack as the portal, without the portal),
3. measures each page cold (first render, one request at a time), then loads home, article, story,
   search and the static home page with 50 and 200 concurrent keep-alive clients, each sending a
   bounded number of requests; reports throughput, p50/p95/p99 and the server's CPU per request.

Article, story and search requests draw from a hot set (``--hot`` ids / queries), as real traffic
does; the cold column shows what a cache miss costs.

In the compare mode each client is a series of readers, each on its own loopback address for 10
keep-alive requests (as ``--pages``), so the per-client search limit (20 at once, then 2/s) meters
readers as in production; until 2026-12-07 every request came from 127.0.0.1 and some searches were
answered 429 (counted as errors, left out of the latencies).

``--mode hardening`` (issue 18) instead runs timed phases against a store of a few thousand articles:

    .venv/bin/python benchmarks/load_bench.py --mode hardening --articles 3000 --clients 200 --duration 30

1. cached: home, article and story pages of the hot set, ``--clients`` clients for ``--duration`` s;
2. uncached: the same pages with a random query string on every request (the cache bypassed, and
   the cache's memory bounded all the same): 0 errors expected, p95 reported beside the cached one;
3. search flood: every client searches random words from the one address 127.0.0.1, so the per-client
   limit answers most of them 429 with Retry-After at once (their latency is reported: refused, not
   queued); any status but 200/429 is an error.
The server's resident memory is read before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

QUERIES = ["border crossings", "budget vote", "chip energy", "festival award", "comet images", "screening",
           "title final day", "quarterly profit", "talks", "rail", "coalition", "spacecraft", "clinics",
           "negotiators deal", "film", "shares", "mission scientist", "lawmakers", "supporters", "engineers"]


# -- store -------------------------------------------------------------------------------------------
def build_store(path: str, articles: int) -> int:
    """Top the store up to ``articles`` generated articles, streamed in big transactions."""
    from newsdesk.store import open_store
    from newsdesk.testing.demo import iter_generate, seed_demo_bulk

    with open_store(path=path) as store:
        have = store.count_articles()
        if have >= articles:
            return have
        sqlite = getattr(store, "dialect", "sqlite") == "sqlite"
        if sqlite:
            store._w.execute("PRAGMA cache_size=-262144")  # 256 MiB of page cache for the writer
        n_stories = int((articles - have) / 2.45) + 50
        t, w = time.process_time(), time.monotonic()

        def stream():  # distinct URLs per run so nothing is a duplicate
            for k, it in enumerate(iter_generate(n_stories, seed=have + 1, max_outlets=4, paragraphs=5,
                                                       oldest_first=True)):
                it.article.url = it.article.canonical_url = f"{it.article.url}-{have}-{k}"
                if k and k % 50_000 == 0:
                    print(f"  store: {have + k} articles, {time.monotonic() - w:.0f} s", file=sys.stderr)
                yield it

        seed_demo_bulk(store, stream(), batch=20_000)
        if sqlite:
            store._w.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store._w.execute("PRAGMA optimize")
        else:  # planner statistics, and the visibility map that index-only scans need
            with store._pool.connection() as conn:
                conn.execute("VACUUM ANALYZE")
                # again: one run on the 101,925 store (2026-12-07) left 22% of the articles' pages and 41% of
                # article_entities' not all-visible, and every index-only scan then read the rows
                conn.execute("VACUUM")
        n = store.count_articles()
    size = db_size(path)
    print(f"  built {n - have} articles in {time.process_time() - t:.0f} s CPU, {time.monotonic() - w:.0f} s wall; "
          f"{size / 2**20:.0f} MiB", file=sys.stderr)
    return n


def db_size(path: str) -> int:
    """Bytes a store takes: the SQLite file and its WAL, or the PostgreSQL database."""
    if path.startswith("postgresql://"):
        from newsdesk.store import open_store

        with open_store(path=path) as store:
            return int(store._scalar("SELECT pg_database_size(current_database())"))
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def sample_ids(path: str, hot: int) -> tuple[list[int], list[int]]:
    from newsdesk.store import open_store

    rng = random.Random(5)
    with open_store(path=path) as store:
        arts = [a.id for a in store.latest_articles(None, 20_000)]
        stories = [s.id for s in store.stories(limit=5_000)]
    return rng.sample(arts, min(hot, len(arts))), rng.sample(stories, min(hot, len(stories)))


# -- servers -----------------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """CPU time of a server process and its direct children (nginx workers)."""
    pids = [pid]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if int(_stat(int(d))[1]) == pid:
                    pids.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    total = 0
    for p in pids:
        try:
            parts = _stat(p)
            total += int(parts[11]) + int(parts[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


RAW_APP = """
import os, sys, uvicorn
ROOT = sys.argv[1]
async def app(scope, receive, send):  # the least an ASGI server can do per file request
    with open(os.path.join(ROOT, "index.html"), "rb") as f:
        body = f.read()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""

NGINX_CONF = """
daemon off; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/nginx.err warn;
events {{ worker_connections 1024; }}
http {{
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {tmp}/cb; proxy_temp_path {tmp}/px; fastcgi_temp_path {tmp}/fc;
  uwsgi_temp_path {tmp}/uw; scgi_temp_path {tmp}/sc;
  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ }} }}
}}
"""

STATIC_APP = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
app = Starlette(routes=[Mount("/", StaticFiles(directory=sys.argv[1], html=True))])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


# -- the client --------------------------------------------------------------------------------------
READER_REQUESTS = 10  # requests one reader sends on its connection (as page_bench's readers)


async def _worker(port: int, paths: list[str], n: int, lat: list[float], errors: list[str], rng: random.Random):
    """One client: keep-alive requests, as a new reader (its own loopback address, see
    ``page_bench._reader_addr``) every ``READER_REQUESTS`` requests: the portal's per-client search
    limit meters each reader as it would in production, instead of refusing one benchmark address."""
    from page_bench import _reader_addr

    reader = writer = None
    for k in range(n):
        path = rng.choice(paths)
        req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n\r\n".encode()
        if k and k % READER_REQUESTS == 0 and writer is not None:
            writer.close()
            reader = writer = None
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(_reader_addr(), 0))
            writer.write(req)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            hdr = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            if "content-length" in hdr:
                await reader.readexactly(int(hdr["content-length"]))
            else:
                await reader.read()
            if status != 200:
                errors.append(f"{status} {path}")
            if hdr.get("connection", "").lower() == "close" or lines[0].startswith("HTTP/1.0"):
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        lat.append(time.perf_counter() - t0)
    if writer is not None:
        writer.close()


async def _load(port: int, paths: list[str], clients: int, per_client: int) -> tuple[list[float], list[str], float]:
    lat: list[float] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(_worker(port, paths, per_client, lat, errors, random.Random(i))
                           for i in range(clients)))
    return lat, errors, time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def run_case(name: str, port: int, pid: int, paths: list[str], clients: int, per_client: int) -> dict:
    cpu0 = cpu_seconds(pid)
    try:  # a faster client loop when available, so the client is less of the bottleneck
        import uvloop

        lat, errors, wall = uvloop.run(_load(port, paths, clients, per_client))
    except ImportError:
        lat, errors, wall = asyncio.run(_load(port, paths, clients, per_client))
    cpu = cpu_seconds(pid) - cpu0
    row = {"page": name, "clients": clients, "requests": len(lat), "errors": len(errors),
           "rps": round(len(lat) / wall, 1), "p50_ms": round(pct(lat, 50), 2), "p95_ms": round(pct(lat, 95), 2),
           "p99_ms": round(pct(lat, 99), 2), "server_cpu_ms_per_req": round(1000 * cpu / max(1, len(lat)), 3)}
    if errors:
        row["first_errors"] = errors[:3]
    print(f"  {name:14s} c={clients:3d}  {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.2f}  "
          f"p95 {row['p95_ms']:7.2f}  p99 {row['p99_ms']:7.2f} ms  cpu/req {row['server_cpu_ms_per_req']} ms"
          f"{'  ERRORS ' + str(len(errors)) if errors else ''}", file=sys.stderr)
    return row


# -- timed phases (--mode hardening) -------------------------------------------------------------------
async def _timed_worker(port: int, make_path, deadline: float, by_status: dict, errors: list[str],
                        rng: random.Random) -> None:
    reader = writer = None
    while time.perf_counter() < deadline:
        path = make_path(rng)
        req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n\r\n".encode()
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(req)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            hdr = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            await reader.readexactly(int(hdr.get("content-length", "0")))
            if status == 429 and not hdr.get("retry-after", "").isdigit():
                errors.append(f"429 without Retry-After {path}")
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        by_status.setdefault(status, []).append(time.perf_counter() - t0)
    if writer is not None:
        writer.close()


def timed_case(name: str, port: int, pid: int, make_path, clients: int, seconds: float,
               ok: frozenset[int] = frozenset({200})) -> dict:
    by_status: dict[int, list[float]] = {}
    errors: list[str] = []

    async def go() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(_timed_worker(port, make_path, t0 + seconds, by_status, errors, random.Random(i))
                               for i in range(clients)))
        return time.perf_counter() - t0

    cpu0 = cpu_seconds(pid)
    wall = asyncio.run(go())
    cpu = cpu_seconds(pid) - cpu0
    errors += [f"{st} x{len(v)}" for st, v in by_status.items() if st not in ok]
    n = sum(len(v) for v in by_status.values())
    row = {"case": name, "clients": clients, "seconds": round(wall, 1), "requests": n, "rps": round(n / wall, 1),
           "errors": len(errors), "server_cpu_ms_per_req": round(1000 * cpu / max(1, n), 2)}
    for st, lat in sorted(by_status.items()):
        row[str(st)] = {"n": len(lat), "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1),
                        "p99_ms": round(pct(lat, 99), 1)}
    if errors:
        row["first_errors"] = errors[:5]
    print(f"  {name:10s} c={clients} {row['rps']:7.1f} req/s errors {len(errors)}  " + "  ".join(
        f"{st}: n={v['n']} p50 {v['p50_ms']} p95 {v['p95_ms']} ms" for st, v in row.items() if st.isdigit()),
        file=sys.stderr)
    return row


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        kb = next(int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:"))
    return round(kb / 1024, 1)


def hardening(port: int, pid: int, arts: list[int], stories: list[int], clients: int, seconds: float) -> dict:
    pages = ["/"] + [f"/article/{i}" for i in arts] + [f"/story/{i}" for i in stories]
    words = [w for q in QUERIES for w in q.split()]
    for p in pages:  # warm the cache for the cached phase
        urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=60).read()
    report: dict = {"rss_mb_start": rss_mb(pid)}
    print("hardening (issue 18):", file=sys.stderr)
    report["cached"] = timed_case("cached", port, pid, lambda r: r.choice(pages), clients, seconds)
    report["uncached"] = timed_case("uncached", port, pid,
                                    lambda r: f"{r.choice(pages)}?nocache={r.getrandbits(48):x}", clients, seconds)
    report["rss_mb_after_uncached"] = rss_mb(pid)
    report["search_flood"] = timed_case(
        "search", port, pid, lambda r: f"/search?q={r.choice(words)}+{r.choice(words)}&n={r.getrandbits(32):x}",
        clients, min(seconds, 10.0), ok=frozenset({200, 429}))
    report["rss_mb_end"] = rss_mb(pid)
    return report


def cold(port: int, paths: list[str]) -> dict:
    """First request for each path, one at a time: the cost of a cache miss."""
    times = []
    for p in paths:
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=30) as r:
            r.read()
        times.append(time.perf_counter() - t0)
    return {"n": len(times), "p50_ms": round(pct(times, 50), 2), "p95_ms": round(pct(times, 95), 2),
            "max_ms": round(max(times) * 1000, 2)}


def start_statics(tmp: Path, pport: int, env: dict, procs: list) -> dict[str, tuple[int, subprocess.Popen]]:
    """Static servers on the portal's rendered home page (the reference for the compare mode)."""
    site = tmp / "static"
    site.mkdir()
    with urllib.request.urlopen(f"http://127.0.0.1:{pport}/", timeout=60) as r:
        (site / "index.html").write_bytes(r.read())
    statics: dict[str, tuple[int, subprocess.Popen]] = {}

    def start(name: str, cmd: list[str], port: int, **kw) -> None:
        p = subprocess.Popen(cmd, **kw)
        procs.append(p)
        wait_up(f"http://127.0.0.1:{port}/index.html")
        statics[name] = (port, p)

    port = free_port()
    start("static-stdlib", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                            "--directory", str(site)], port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    start("static-starlette", [sys.executable, "-c", STATIC_APP, str(site), str(port)], port, env=env)
    port = free_port()
    start("static-raw-asgi", [sys.executable, "-c", RAW_APP, str(site), str(port)], port, env=env)
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx:
        port = free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=site))
        start("static-nginx", [nginx, "-c", str(conf), "-p", str(tmp)], port, stderr=subprocess.DEVNULL)
    return statics


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="store to build or reuse (default: a temporary file)")
    ap.add_argument("--clients", default="50,200")
    ap.add_argument("--per-client", type=int, default=40, help="requests each client sends (bounded loop)")
    ap.add_argument("--hot", type=int, default=200, help="distinct articles / stories in the hot set")
    ap.add_argument("--cache-ttl", type=float, default=60.0)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved repetitions of every case")
    ap.add_argument("--out", default=None, help="write the JSON report here")
    ap.add_argument("--pages", action="store_true",
                    help="instead: every page kind uncached, first request after start, 1 vs --clients clients "
                         "(benchmarks/page_bench.py)")
    ap.add_argument("--pg", action="store_true",
                    help="with --pages: build the store in a throwaway PostgreSQL cluster, stopped at the end "
                         "(or give --db postgresql://... to reuse a store)")
    ap.add_argument("--pg-shared-buffers", default="1GB", help="with --pg: the cluster's shared_buffers")
    ap.add_argument("--workers", default=None, help="with --pages: worker counts to compare (default 1,<cores>)")
    ap.add_argument("--sequential", type=int, default=40, help="with --pages: requests per kind, one at a time")
    ap.add_argument("--mode", choices=["compare", "hardening"], default="compare",
                    help="compare: pages vs static servers; hardening: timed cached/uncached/search-flood phases")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per phase (--mode hardening)")
    return ap.parse_args()


def main() -> None:
    args = parse_args()
    if args.pages:
        return pages_main(args)

    tmp = Path(tempfile.mkdtemp(prefix="nd-load-"))
    tmp.chmod(0o755)  # nginx workers run as another user
    db = args.db or str(tmp / "load.db")
    print(f"store {db}", file=sys.stderr)
    n_articles = build_store(db, args.articles)
    arts, stories = sample_ids(db, args.hot)

    env = dict(os.environ, NEWSDESK_CACHE_TTL=str(args.cache_ttl), NEWSDESK_SECRET_KEY="bench",
               OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    procs: list[subprocess.Popen] = []
    try:
        pport = free_port()
        portal = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--db", db, "--port", str(pport),
                                   "--demo", "off", "--no-background"], env=env, cwd=str(tmp))
        procs.append(portal)
        wait_up(f"http://127.0.0.1:{pport}/healthz")
        if args.mode == "hardening":
            report = {"articles": n_articles, "hot_set": args.hot, "cache_ttl_s": args.cache_ttl, "cpus": os.cpu_count(),
                      **hardening(pport, portal.pid, arts, stories, int(args.clients.split(",")[-1]), args.duration)}
            return emit(report, args.out)
        statics = start_statics(tmp, pport, env, procs)

        pages = {
            "home": ["/"],
            "article": [f"/article/{i}" for i in arts],
            "story": [f"/story/{i}" for i in stories],
            "search": [f"/search?q={urllib.request.quote(q)}" for q in QUERIES],
        }
        report: dict = {"articles": n_articles, "hot_set": args.hot, "cache_ttl_s": args.cache_ttl,
                        "cpus": os.cpu_count(), "cold": {}, "load": []}
        print("cold (first render, sequential):", file=sys.stderr)
        for name, paths in pages.items():
            report["cold"][name] = cold(pport, paths)  # warms every page of the hot set
            print(f"  {name:8s} {report['cold'][name]}", file=sys.stderr)
        print("load:", file=sys.stderr)
        # rounds interleave every case, so a burst of load from elsewhere hits them all alike;
        # each row is the median round's throughput and the median of each latency percentile
        runs: dict[tuple[str, int], list[dict]] = {}
        for rnd in range(args.rounds):
            print(f"round {rnd + 1}/{args.rounds}", file=sys.stderr)
            for clients in (int(c) for c in args.clients.split(",")):
                cases = [(name, pport, portal.pid, paths) for name, paths in pages.items()]
                cases += [(name, port, proc.pid, ["/index.html"]) for name, (port, proc) in statics.items()
                          if not (name == "static-stdlib" and clients > 50)]  # its listen backlog is 5
                for name, port, pid, paths in cases:
                    runs.setdefault((name, clients), []).append(
                        run_case(name, port, pid, paths, clients, args.per_client))
        for (name, clients), rs in runs.items():
            rs = sorted(rs, key=lambda r: r["rps"])
            mid = dict(rs[len(rs) // 2])
            mid["rps_rounds"] = [r["rps"] for r in rs]
            mid["server_cpu_ms_per_req"] = round(statistics.median(r["server_cpu_ms_per_req"] for r in rs), 3)
            for k in ("p50_ms", "p95_ms", "p99_ms"):
                mid[k] = round(statistics.median(r[k] for r in rs), 2)
            report["load"].append(mid)
        summarise(report)
        emit(report, args.out)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def pages_main(args: argparse.Namespace) -> None:
    from page_bench import run_pages

    if args.pg:  # a throwaway PostgreSQL 15 cluster for this run: initdb, 127.0.0.1, stopped at the end
        from newsdesk.testing.postgres import throwaway_postgres

        with throwaway_postgres(shared_buffers=args.pg_shared_buffers) as server:
            args.db, args.pg = server.new_database(), False
            return pages_main(args)
    if not args.db:
        raise SystemExit("--pages needs --db (a store to build or reuse; keep it out of the repository) or --pg")
    t0 = time.monotonic()
    n = build_store(args.db, args.articles)
    size = db_size(args.db)
    cores = len(os.sched_getaffinity(0))
    workers = [int(w) for w in (args.workers or f"1,{max(2, cores)}").split(",")]
    clients = int(args.clients) if args.clients.isdigit() else 10
    tmp = tempfile.mkdtemp(prefix="nd-pages-")
    report = {"articles": n, "db_mib": round(size / 2**20), "build_or_open_s": round(time.monotonic() - t0, 1),
              "cpus": cores, "page_cache": "off (NEWSDESK_CACHE_TTL=0)",
              **run_pages(args.db, workers, QUERIES, free_port, tmp, args.sequential, clients,
                          args.per_client, args.rounds, cpu_seconds)}
    shutil.rmtree(tmp, ignore_errors=True)
    emit(report, args.out)


def emit(report: dict, out: str | None) -> None:
    if out:
        Path(out).write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


def summarise(report: dict) -> None:
    rows = report["load"]
    out = []
    for clients in sorted({r["clients"] for r in rows}):
        by = {r["page"]: r for r in rows if r["clients"] == clients}
        static_rows = {k: v["rps"] for k, v in by.items() if k.startswith("static-")}
        static = max(static_rows.values())
        best = max(static_rows, key=static_rows.get)
        for page in ("home", "article", "story", "search"):
            r = by[page]
            static_cpu = by[best]["server_cpu_ms_per_req"] or 1e-3
            out.append({"clients": clients, "page": page, "p95_ms": r["p95_ms"], "static": best,
                        "p95_under_50ms": r["p95_ms"] < 50, "share_of_static": round(r["rps"] / static, 3),
                        "share_of_static_by_cpu": round(static_cpu / max(r["server_cpu_ms_per_req"], 1e-3), 3)})
    report["summary"] = {
        "static_reference": "the fastest static server of the same run (nginx when installed)",
        "rows": out,
        "p95_target_met_at_50": all(o["p95_under_50ms"] for o in out if o["clients"] == 50),
        "throughput_target_met": all(o["share_of_static"] >= 0.25 for o in out),
    }
    print("summary:", file=sys.stderr)
    for o in out:
        print(f"  c={o['clients']:3d} {o['page']:8s} p95 {o['p95_ms']:7.2f} ms  "
              f"{100 * o['share_of_static']:5.1f}% of {o['static']} req/s "
              f"({100 * o['share_of_static_by_cpu']:5.1f}% by server CPU per request)", file=sys.stderr)


if __name__ == "__main__":
    main()
