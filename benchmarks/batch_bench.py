"""``newsdesk batch`` measured: scaling, an external cluster, a rerun, kill -9, ingest equality, formats.

    .venv/bin/python benchmarks/batch_bench.py                      # 8 shards of 2 x 845 real pages
    .venv/bin/python benchmarks/batch_bench.py --shards 4 --repeat 1 --json out.json
    .venv/bin/python benchmarks/batch_bench.py --load-only --shards 2 --repeat 1   # steps 5 and 7 only

In one process, over shards from ``batch_shards.py`` in a temp dir (never committed):

1. a LocalCluster of 1, then 2 single-thread worker processes (fresh output each): wall time
   with and without the cluster's start, CPU seconds of the shard tasks, the scaling 1 -> 2;
2. a separate ``dask scheduler`` and one, then two ``dask worker --nthreads 1`` processes on
   127.0.0.1, each started in its own session (see ``External``);
3. the same cluster again, with ``kill -9`` of the worker that is writing a shard (found by the
   pid in the shard's temporary file name) once it is mid-shard: the run must end with every shard
   and the same rows;
4. a rerun over finished output: every shard skipped, nothing added;
5. ``load_shards`` of the output into SQLite against ``ingest`` of the same shards one after the
   other: same articles and stories; CPU per record of each;
6. the shard format: Parquet (zstd) against Arrow IPC (zstd) and JSONL.gz on the same rows;
7. a cost model for a month of CC-NEWS from the measured CPU per record.

``--load-only`` makes the shards in this process (``process_shard``, no cluster) and runs 5 and 7:
the CPU per record of the worker step, the load and ``ingest``, e.g. to compare revisions
(``PYTHONPATH=<other>/src``) on the same shards. Measured (``--load-only --shards 2 --repeat 1
--pages 300``, NEWSDESK_PURE=1, main then the work tree, one after the other, a shared 2-core
machine): the load 21.5 -> 8.9 ms CPU per record once the shards keep the per-article enrichment
and the load only finishes it (worker 38.4 -> 37.4, ingest 39.2 -> 37.4); same articles and
stories as ``ingest`` on both.

The machine's load average is printed at the start and the end: other work on the cores
changes the wall-time figures (the CPU-second figures much less).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_shards import build_shards  # noqa: E402

#: articles in CC-NEWS per month: Infini-News (arXiv 2605.18337, May 2026) processed ~1.35 billion
#: CC-NEWS articles from August 2016 to spring 2026 (~116 months): 11.6 million a month on average
CC_NEWS_MONTH = 11_600_000
#: a cross-check from file sizes: CC-NEWS WARC files are ~1.07 GB and came at ~18 a day in June 2021
#: (files 00178..00266 between June 1 01:15 and June 5 19:50, commoncrawl/news-crawl issue #46)
CC_NEWS_FILE_BYTES, CC_NEWS_FILES_MONTH = 1_072_700_000, 560


def _rows(out: str, paths: list[str]) -> list[list[tuple]]:
    from newsdesk.pipeline.batch_io import ShardFiles, read_rows

    return [[(r["url"], hash(r["body"])) for r in read_rows(ShardFiles.of(out, p).parquet, columns=["url", "body"])]
            for p in paths]


def local(paths: list[str], out: str, workers: int) -> dict:
    from newsdesk.pipeline.batch_dask import BatchRun, run_batch
    from newsdesk.settings import Settings

    s = run_batch(paths, out, Settings(), BatchRun(workers=workers, dashboard=":0", progress=False))
    assert not s.failed, s.failed
    return {**s.to_dict(), "tasks_wall_s": round(s.wall_s - s.start_s, 2)}


def _free_port() -> int:
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return so.getsockname()[1]


class External:
    """``dask scheduler`` + N ``dask worker`` processes on 127.0.0.1, stopped on exit.

    Each process starts its own session, as separately started workers are: where the kernel
    shares CPU per session (``sched_autogroup``), the processes of one session split one share,
    so workers spawned by one command (the LocalCluster) cannot scale while other sessions keep
    the cores busy, and separately started ones can.
    """

    def __init__(self, n: int) -> None:
        self.port = _free_port()
        self.addr = f"tcp://127.0.0.1:{self.port}"
        dask = [sys.executable, "-m", "dask"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
        self.procs = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                        "--dashboard-address", ":0"], **quiet)]
        for _ in range(n):
            self.procs.append(subprocess.Popen([*dask, "worker", self.addr, "--nthreads", "1", "--nworkers", "1",
                                                "--dashboard-address", ":0"], **quiet))
        from distributed import Client

        with Client(self.addr, timeout="60s") as c:
            c.wait_for_workers(n, timeout=120)

    def close(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def on_external(paths: list[str], out: str, ext: External, kill: bool) -> dict:
    from newsdesk.pipeline.batch_dask import BatchRun, run_batch
    from newsdesk.settings import Settings

    killed: dict = {}
    stop = threading.Event()

    def killer() -> None:  # the pid in a shard's temporary file is the worker writing it
        seen: dict[str, float] = {}
        while not stop.is_set() and not killed:
            for name in os.listdir(out) if os.path.isdir(out) else []:
                if ".parquet.tmp-" in name:
                    first = seen.setdefault(name, time.perf_counter())
                    if time.perf_counter() - first > 0.5 and os.path.exists(os.path.join(out, name)):
                        pid = int(name.rsplit("-", 1)[1])
                        os.kill(pid, signal.SIGKILL)
                        killed.update(pid=pid, shard=name.split(".parquet")[0])
                        break
            time.sleep(0.05)

    th = threading.Thread(target=killer, daemon=True)
    if kill:
        th.start()
    s = run_batch(paths, out, Settings(), BatchRun(scheduler=ext.addr, progress=False))
    stop.set()
    assert not s.failed, s.failed
    return {**s.to_dict(), "tasks_wall_s": round(s.wall_s - s.start_s, 2), **({"killed": killed} if kill else {})}


def snapshot(db: str) -> dict:
    from newsdesk.store import open_store

    with open_store(path=db) as store:
        arts = list(store.iter_articles())
        stories: dict = {}
        for a in arts:
            stories.setdefault(a.story_id, set()).add(a.article.url)
        return {"articles": sorted((a.article.url, a.article.title, hash(a.article.body)) for a in arts),
                "stories": sorted(sorted(s) for s in stories.values())}


def against_ingest(paths: list[str], out: str, tmp: Path) -> dict:
    from newsdesk.pipeline.batch_io import ShardFiles
    from newsdesk.pipeline.batch_load import load_shards
    from newsdesk.pipeline.ingest import IngestOptions, ingest_target
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    c0 = time.process_time()
    with open_store(path=str(tmp / "batch.db")) as store:
        lc = load_shards(store, [(p, ShardFiles.of(out, p)) for p in paths], Settings(), progress=False)
    load_cpu = time.process_time() - c0
    c0 = time.process_time()
    seen = 0
    with open_store(path=str(tmp / "ingest.db")) as store:
        for p in paths:
            _, c = ingest_target(store, p, Settings(), IngestOptions(progress=False, understand=True,
                                                                     keep_pages=False))
            seen += c.seen
    ingest_cpu = time.process_time() - c0
    a, b = snapshot(str(tmp / "batch.db")), snapshot(str(tmp / "ingest.db"))
    return {"records": seen, "load_cpu_s": round(load_cpu, 2), "ingest_cpu_s": round(ingest_cpu, 2),
            "load_new": lc.stored["new"], "articles": len(a["articles"]), "stories": len(a["stories"]),
            "same_articles": a["articles"] == b["articles"], "same_stories": a["stories"] == b["stories"]}


def formats(parquet: str, tmp: Path, rounds: int = 3) -> dict:
    import pyarrow as pa
    import pyarrow.feather as feather
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    rows = table.to_pylist()
    res: dict = {"rows": table.num_rows}

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(rounds):
            c0 = time.process_time()
            fn()
            times.append(time.process_time() - c0)
        return round(min(times) * 1000, 1)

    p_path, i_path, j_path = tmp / "f.parquet", tmp / "f.arrow", tmp / "f.jsonl.gz"

    def w_ipc() -> None:
        opts = ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=ZSTD_LEVEL))
        with ipc.new_file(str(i_path), table.schema, options=opts) as w:
            w.write_table(table, max_chunksize=512)

    def w_json() -> None:
        with gzip.open(j_path, "wt", compresslevel=6, encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({k: v for k, v in r.items() if k != "content"}, ensure_ascii=False) + "\n")

    def r_json(col: str | None = None) -> None:
        with gzip.open(j_path, "rt", encoding="utf-8") as f:
            out = [json.loads(line) for line in f]
        if col:
            [r[col] for r in out]

    from newsdesk.pipeline.batch_io import STATS_COLUMNS, ZSTD_LEVEL

    def w_parquet() -> None:  # as the shard writer writes it
        pq.write_table(table, p_path, compression="zstd", compression_level=ZSTD_LEVEL, row_group_size=512,
                       write_statistics=STATS_COLUMNS)

    res["parquet"] = {"write_ms": best(w_parquet),
                      "read_ms": best(lambda: pq.read_table(p_path)),
                      "read_title_ms": best(lambda: pq.read_table(p_path, columns=["title"])),
                      "bytes": p_path.stat().st_size}
    res["arrow_ipc_zstd"] = {"write_ms": best(w_ipc), "read_ms": best(lambda: ipc.open_file(str(i_path)).read_all()),
                             "read_title_ms": best(lambda: feather.read_table(str(i_path), columns=["title"])),
                             "bytes": i_path.stat().st_size}
    res["jsonl_gz"] = {"write_ms": best(w_json), "read_ms": best(r_json),
                       "read_title_ms": best(lambda: r_json("title")), "bytes": j_path.stat().st_size}
    return res


def cost(per_record_worker_s: float, per_record_load_s: float, per_record_ingest_s: float, n: int,
         bytes_per_record: float) -> dict:
    h = 3600.0
    by_size = CC_NEWS_FILES_MONTH * CC_NEWS_FILE_BYTES / bytes_per_record
    return {"records_per_month": n, "source": "Infini-News, arXiv 2605.18337: ~1.35e9 CC-NEWS articles, 2016-08..2026",
            "cross_check_records_per_month": round(by_size),
            "worker_core_hours": round(n * per_record_worker_s / h, 1),
            "load_core_hours": round(n * per_record_load_s / h, 1),
            "single_process_core_hours": round(n * per_record_ingest_s / h, 1),
            "single_process_days": round(n * per_record_ingest_s / h / 24, 1)}


def load_only(args: argparse.Namespace) -> None:
    """Shards by ``process_shard`` in this process, then ``against_ingest``: CPU per record of each."""
    from newsdesk.pipeline.batch import process_shard

    res: dict = {"load_avg_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="batchbench-") as d:
        tmp = Path(d)
        paths = build_shards(tmp / "warc", args.shards, args.repeat, args.pages)
        c0 = time.process_time()
        for p in paths:
            process_shard(p, str(tmp / "out"))
        worker = time.process_time() - c0
        res["ingest"] = ing = against_ingest(paths, str(tmp / "out"), tmp)
    recs = ing["records"]
    res["per_record_ms"] = {"worker": round(1000 * worker / recs, 2), "load": round(1000 * ing["load_cpu_s"] / recs, 2),
                            "ingest": round(1000 * ing["ingest_cpu_s"] / recs, 2)}
    res["load_avg_end"] = os.getloadavg()
    print(json.dumps(res, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pages", type=int, default=None, help="only the first N distinct pages (smoke runs)")
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--load-only", action="store_true", help="shards made in-process, then the load against ingest")
    args = ap.parse_args()
    if args.load_only:
        load_only(args)
        return
    res: dict = {"load_avg_start": os.getloadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="batchbench-") as d:
        tmp = Path(d)
        paths = build_shards(tmp / "warc", args.shards, args.repeat, args.pages)
        res["input"] = {"shards": len(paths), "bytes": sum(os.path.getsize(p) for p in paths)}
        for n in (1, 2):
            res[f"local_{n}"] = local(paths, str(tmp / f"out{n}"), n)
            print(f"local {n}:", json.dumps(res[f"local_{n}"]), flush=True)
        ext = External(1)
        try:
            res["external_1"] = on_external(paths, str(tmp / "ext1"), ext, kill=False)
            print("external 1:", json.dumps(res["external_1"]), flush=True)
        finally:
            ext.close()
        ext = External(2)
        try:
            res["external_2"] = on_external(paths, str(tmp / "ext"), ext, kill=False)
            print("external 2:", json.dumps(res["external_2"]), flush=True)
            res["external_kill"] = on_external(paths, str(tmp / "kill"), ext, kill=True)
            print("external kill:", json.dumps(res["external_kill"]), flush=True)
        finally:
            ext.close()
        res["rerun"] = local(paths, str(tmp / "out2"), 0)
        ref = _rows(str(tmp / "out1"), paths)
        res["same_rows"] = {k: _rows(str(tmp / k), paths) == ref for k in ("out2", "ext1", "ext", "kill")}
        res["ingest"] = against_ingest(paths, str(tmp / "out2"), tmp)
        res["formats"] = formats(sorted((tmp / "out2").glob("*.parquet"))[0].as_posix(), tmp)
    l1, l2, ing = res["local_1"], res["local_2"], res["ingest"]
    res["scaling_1_to_2"] = {"wall": round(l1["wall_s"] / l2["wall_s"], 2),
                             "tasks_wall": round(l1["tasks_wall_s"] / l2["tasks_wall_s"], 2),
                             "external_tasks_wall": round(res["external_1"]["tasks_wall_s"]
                                                          / res["external_2"]["tasks_wall_s"], 2)}
    res["autogroup"] = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() \
        if Path("/proc/sys/kernel/sched_autogroup_enabled").exists() else None
    recs = ing["records"]
    res["per_record_ms"] = {"worker": round(1000 * l1["cpu_s"] / recs, 2), "load": round(1000 * ing["load_cpu_s"] / recs, 2),
                            "ingest": round(1000 * ing["ingest_cpu_s"] / recs, 2)}
    pr = res["per_record_ms"]
    res["cost_month"] = cost(pr["worker"] / 1000, pr["load"] / 1000, pr["ingest"] / 1000, CC_NEWS_MONTH,
                             res["input"]["bytes"] / recs)
    res["load_avg_end"] = os.getloadavg()
    print(json.dumps(res, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
