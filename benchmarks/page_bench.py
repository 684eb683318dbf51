"""``load_bench.py --pages``: every page kind uncached, the first request after start, 1 vs 10 clients.

For one store (built by load_bench's streaming generator, or reused) and each worker count:

1. start ``newsdesk serve --workers W`` with the page cache off (``NEWSDESK_CACHE_TTL=0``: no
   rendered page is ever reused) and time the first request of each page kind after start;
2. ``--sequential`` requests per page kind, one at a time, each on a distinct address (article,
   story, entity, section ids and search queries drawn from the store): p50 / p95 per kind;
3. a mix of every kind with 1 client and with ``--clients`` (10) keep-alive clients: throughput,
   and p50 / p95 per kind under that load; ``--rounds`` interleaved repetitions, medians kept.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

KINDS = ("home", "article", "story", "section", "search", "entity", "feed", "api")


def page_pool(db: str, n: int, queries: list[str], rng: random.Random) -> dict[str, list[str]]:
    """``n`` addresses per page kind, drawn from the store without reading every row."""
    from newsdesk.slug import slugify
    from newsdesk.store import open_store

    with open_store(path=db) as store:
        top = int(store._scalar("SELECT MAX(id) FROM articles") or 0)
        arts = [r[0] for r in store._rows(f"SELECT id FROM articles WHERE hidden=0 AND id IN "
                                          f"({','.join(str(rng.randint(1, top)) for _ in range(n * 3))})")][:n]
        stop = int(store._scalar("SELECT MAX(id) FROM stories") or 0)
        stories = [r[0] for r in store._rows(
            "SELECT id FROM stories WHERE hidden=0 AND merged_into IS NULL AND size > 0 AND id IN "
            f"({','.join(str(rng.randint(1, stop)) for _ in range(n * 3))})")][:n]
        sections = [r[0] for r in store._rows("SELECT value FROM facet_counts WHERE facet='section' AND n > 0")]
        ents = [r[0] for r in store._rows("SELECT norm FROM entities ORDER BY id LIMIT 200")]
    pick = lambda xs: [rng.choice(xs) for _ in range(n)]  # noqa: E731
    return {
        "home": ["/"] * n,
        "article": [f"/article/{i}" for i in arts],
        "story": [f"/story/{i}" for i in stories],
        "section": [f"/section/{slugify(s)}?page={rng.randint(1, 3)}" for s in pick(sections)],
        "search": [f"/search?q={urllib.parse.quote(q)}&page={rng.randint(1, 2)}" for q in pick(queries)],
        "entity": [f"/entity/{slugify(e)}" for e in pick(ents)],
        "feed": [f"/section/{slugify(s)}/feed.rss" if k % 2 else "/feed.rss" for k, s in enumerate(pick(sections))],
        "api": [f"/story/{i}.json" if k % 2 else "/index.json" for k, i in enumerate(stories)],
    }


_ADDR = iter(range(1 << 30))


def _reader_addr() -> str:
    """A loopback source address per reader (127.0.0.2 .. 127.0.255.254): the portal's per-client
    search limit (20 at once, then 2/s) meters each address, as it would each reader's."""
    n = next(_ADDR) % 65000
    return f"127.0.{2 + n // 254 % 254}.{1 + n % 254}"


def _get(port: int, path: str) -> float:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(_reader_addr(), 0))
    t0 = time.perf_counter()
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{r.status} {path}")
    finally:
        conn.close()
    return time.perf_counter() - t0


async def _client(port: int, paths: list[tuple[str, str]], lat: dict[str, list[float]], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(_reader_addr(), 0))
    try:
        for n, (kind, path) in enumerate(paths):
            if n and n % 10 == 0:  # a new reader every 10 requests (keep-alive within one)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(_reader_addr(), 0))
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n".encode())
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            hdr = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in head[1:] if ln)}
            await reader.readexactly(int(hdr.get("content-length", "0")))
            if " 200 " not in head[0] + " ":
                errors.append(f"{head[0]} {path}")
            lat.setdefault(kind, []).append(time.perf_counter() - t0)
    finally:
        writer.close()


def mixed(port: int, pool: dict[str, list[str]], clients: int, per_client: int, seed: int,
          cpu=None) -> dict:
    rng = random.Random(seed)
    plans = [[(k, rng.choice(pool[k])) for k in rng.choices(KINDS, k=per_client)] for _ in range(clients)]
    lat: dict[str, list[float]] = {}
    errors: list[str] = []

    async def go() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(_client(port, p, lat, errors) for p in plans))
        return time.perf_counter() - t0

    cpu0 = cpu() if cpu else 0.0
    wall = asyncio.run(go())
    n = sum(len(v) for v in lat.values())
    return {"clients": clients, "requests": n, "errors": errors[:3], "rps": round(n / wall, 1),
            "server_cpu_ms_per_req": round(1000 * ((cpu() if cpu else 0.0) - cpu0) / max(n, 1), 2),
            "per_kind": {k: ms(v) for k, v in lat.items()}}


def ms(xs: list[float]) -> dict:
    xs = sorted(xs)
    at = lambda p: round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000, 1)  # noqa: E731
    return {"n": len(xs), "p50_ms": at(50), "p95_ms": at(95), "max_ms": round(xs[-1] * 1000, 1)}


def start_portal(db: str, workers: int, port: int, cwd: str) -> tuple[subprocess.Popen, float]:
    env = dict(os.environ, NEWSDESK_CACHE_TTL="0", NEWSDESK_SECRET_KEY="bench", OMP_NUM_THREADS="1",
               PYTHONUNBUFFERED="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--db", db, "--port", str(port),
                             "--demo", "off", "--no-background", "--workers", str(workers)], env=env, cwd=cwd)
    end = time.monotonic() + 120
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("portal did not come up")


def postmaster_pid(db: str) -> int | None:
    """The PostgreSQL server's main process (its backends are its children), for a local postgresql:// store."""
    if not db.startswith("postgresql://"):
        return None
    from newsdesk.store import open_store

    with open_store(path=db) as store:  # read while the backend lives (it exits with its connection)
        backend = int(store._scalar("SELECT pg_backend_pid()"))
        with open(f"/proc/{backend}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])


def run_pages(db: str, workers_list: list[int], queries: list[str], free_port, cwd: str, sequential: int,
              clients: int, per_client: int, rounds: int, cpu_seconds=None) -> dict:
    rng = random.Random(11)
    pool = page_pool(db, max(sequential, 50), queries, rng)
    pg = postmaster_pid(db) if cpu_seconds else None
    # PostgreSQL: the database's CPU (its backends) is counted as the server's too, and shown apart
    db_cpu = (lambda: cpu_seconds(pg)) if pg else (lambda: 0.0)
    out: dict = {"workers": {}}
    for workers in workers_list:
        port = free_port()
        proc, up_s = start_portal(db, workers, port, cwd)
        try:
            row: dict = {"startup_s": round(up_s, 2)}
            row["first_request_ms"] = {k: round(_get(port, pool[k][0]) * 1000, 1) for k in KINDS}
            print(f"workers={workers} up in {up_s:.1f} s; first request: {row['first_request_ms']}", file=sys.stderr)
            seq = {}
            for k in KINDS:
                cpu0 = cpu_seconds(proc.pid) if cpu_seconds else 0.0
                db0 = db_cpu()
                seq[k] = ms([_get(port, p) for p in pool[k][:sequential]])
                if cpu_seconds:  # the server's own CPU per page: what a loaded machine does not blur
                    dbc = 1000 * (db_cpu() - db0) / sequential
                    seq[k]["server_cpu_ms"] = round(1000 * (cpu_seconds(proc.pid) - cpu0) / sequential + dbc, 1)
                    if pg:
                        seq[k]["db_cpu_ms"] = round(dbc, 1)
                print(f"  {k:8s} uncached, one at a time: p50 {seq[k]['p50_ms']:7.1f}  p95 {seq[k]['p95_ms']:7.1f} ms"
                      f"  server CPU {seq[k].get('server_cpu_ms')} ms/page"
                      f"{' (database ' + str(seq[k]['db_cpu_ms']) + ')' if pg else ''}", file=sys.stderr)
            row["sequential"] = seq
            runs: dict[int, list[dict]] = {}
            for rnd in range(rounds):
                for c in (1, clients):
                    r = mixed(port, pool, c, per_client * (clients // c if c == 1 else 1), seed=rnd * 100 + c,
                              cpu=(lambda: cpu_seconds(proc.pid) + db_cpu()) if cpu_seconds else None)
                    runs.setdefault(c, []).append(r)
                    print(f"  round {rnd + 1}: {c:2d} clients {r['rps']:7.1f} req/s, "
                          f"server CPU {r['server_cpu_ms_per_req']} ms/req"
                          f"{'  errors ' + str(r['errors']) if r['errors'] else ''}", file=sys.stderr)
            row["load"] = {}
            for c, rs in runs.items():
                mid = sorted(rs, key=lambda r: r["rps"])[len(rs) // 2]
                row["load"][c] = {"rps": mid["rps"], "rps_rounds": [r["rps"] for r in rs],
                                  "server_cpu_ms_per_req": statistics.median(r["server_cpu_ms_per_req"] for r in rs),
                                  "per_kind": {k: {q: statistics.median(r["per_kind"][k][q] for r in rs
                                                                        if k in r["per_kind"])
                                                   for q in ("p50_ms", "p95_ms")} for k in KINDS}}
            one, many = row["load"][1]["rps"], row["load"][clients]["rps"]
            row["scaling_1_to_clients"] = round(many / one, 2) if one else None
            print(f"  workers={workers}: {one} req/s with 1 client, {many} with {clients} "
                  f"(x{row['scaling_1_to_clients']})", file=sys.stderr)
            out["workers"][workers] = row
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return out
