"""Run the per-shard step over many WARC files: here in this process, or on dask.distributed.

    summary = run_batch(paths, out_dir, settings, BatchRun(workers=2))            # a LocalCluster
    summary = run_batch(paths, out_dir, settings, BatchRun(scheduler="tcp://h:8786"))
    summary = run_batch(paths, out_dir, settings, BatchRun(workers=0))            # no Dask

One task per WARC file (``process_shard``; its outputs and marker make it safe to run twice).
The LocalCluster runs processes with one thread each and the numeric thread pools pinned to
one (``THREAD_ENV``); an existing cluster is used as it is (``dask worker --nthreads 1`` is the
matching start). A worker that dies mid-shard (kill -9, out of memory) is replaced by its nanny
and the scheduler runs the task again elsewhere; that attempt starts the shard from scratch.
A shard whose task fails (an unreadable file, or a task that killed ``allowed-failures``
workers) is reported with its error and left without a marker; the others go on.

``distributed`` is imported only here and only when a cluster is asked for (the ``batch`` extra).
"""

from __future__ import annotations

import glob
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, InputError, MissingExtraError
from ..settings import Settings
from .batch import THREAD_ENV, BatchOptions, process_shard
from .batch_io import shard_name
from .core import Progress


@dataclass(frozen=True, slots=True)
class BatchRun:
    workers: int | None = None  # LocalCluster processes (0: no Dask, in this process); default: CPU count
    scheduler: str | None = None  # tcp://host:port of an existing cluster (then ``workers`` is ignored)
    dashboard: str = ":8787"  # where the LocalCluster serves its dashboard (":0": any free port)
    connect_timeout: str = "30s"  # to reach an existing scheduler
    retries: int = 1  # extra attempts for a task that raised (a killed worker is retried by the scheduler)
    progress: bool = True


@dataclass(slots=True)
class BatchSummary:
    shards: int = 0
    done: int = 0
    skipped: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # input path -> error
    records: int = 0
    articles: int = 0
    drops: Counter = field(default_factory=Counter)
    cpu_s: float = 0.0  # CPU seconds of the shards done in this run (skipped ones not counted)
    wall_s: float = 0.0
    start_s: float = 0.0  # of ``wall_s``: starting the cluster and connecting to it
    dashboard: str | None = None
    stats: list[dict[str, Any]] = field(default_factory=list)

    def add(self, st: dict[str, Any]) -> None:
        self.stats.append(st)
        self.records += int(st.get("records", 0))
        self.articles += int(st.get("articles", 0))
        self.drops.update(st.get("drops", {}))
        if st.get("skipped"):
            self.skipped += 1
        else:
            self.done += 1
            self.cpu_s += float(st.get("cpu_s", 0.0))

    def to_dict(self) -> dict[str, Any]:
        return {"shards": self.shards, "done": self.done, "skipped": self.skipped, "failed": dict(self.failed),
                "records": self.records, "articles": self.articles, "dropped": sum(self.drops.values()),
                "drops": dict(self.drops.most_common()), "cpu_s": round(self.cpu_s, 3),
                "wall_s": round(self.wall_s, 3), "start_s": round(self.start_s, 3), "dashboard": self.dashboard}

    def summary(self) -> str:
        drops = ", ".join(f"{k} {v}" for k, v in self.drops.most_common())
        return (f"{self.shards} shards: {self.done} done, {self.skipped} already done, {len(self.failed)} failed; "
                f"{self.records} records, {self.articles} articles, {sum(self.drops.values())} dropped"
                + (f" ({drops})" if drops else "") + f"; {self.cpu_s:.1f} s CPU in {self.wall_s:.1f} s")


def expand_inputs(patterns: list[str]) -> list[str]:
    """Files named or matched by glob patterns, each once, in sorted order per pattern."""
    out: list[str] = []
    for pat in patterns:
        hits = sorted(glob.glob(os.path.expanduser(pat))) if glob.has_magic(pat) else [pat]
        hits = [os.path.abspath(h) for h in hits if os.path.isfile(h)]
        if not hits:
            raise InputError(f"no WARC file matches {pat}")
        out.extend(h for h in hits if h not in out)
    return out


def run_batch(paths: list[str], out_dir: str, settings: Settings, run: BatchRun | None = None,
              options: BatchOptions | None = None, echo: Callable[[str], None] | None = None) -> BatchSummary:
    """Every input through ``process_shard`` into ``out_dir``; returns what happened to each."""
    run = run or BatchRun()
    opts = options or BatchOptions()
    os.makedirs(out_dir, exist_ok=True)
    summary = BatchSummary(shards=len(paths))
    bar = Progress(len(paths), desc="shards", unit="shard", enabled=run.progress)
    t0 = time.perf_counter()
    try:
        if run.workers == 0 and run.scheduler is None:
            for p in paths:
                try:
                    summary.add(process_shard(p, out_dir, settings, opts))
                except Exception as exc:  # noqa: BLE001 - one bad shard is reported, the others go on
                    summary.failed[p] = _error(exc)
                bar.advance(None, _postfix(summary))
        else:
            _on_cluster(paths, out_dir, settings, opts, run, summary, bar, echo)
    finally:
        bar.close()
        summary.wall_s = time.perf_counter() - t0
    return summary


def _on_cluster(paths: list[str], out_dir: str, settings: Settings, opts: BatchOptions, run: BatchRun,
                summary: BatchSummary, bar: Progress, echo: Callable[[str], None] | None) -> None:
    distributed = _distributed()
    t0 = time.perf_counter()
    cluster = None
    if run.scheduler is None:
        n = run.workers if run.workers is not None else (os.cpu_count() or 1)
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=run.dashboard, env=dict(THREAD_ENV))
    try:
        try:
            client = distributed.Client(run.scheduler or cluster, timeout=run.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {run.scheduler}: {exc}") from None
        with client:
            summary.dashboard = client.dashboard_link
            summary.start_s = time.perf_counter() - t0
            if echo is not None:
                echo(f"dask dashboard: {client.dashboard_link}")
            tag = uuid.uuid4().hex[:8]  # task keys unique to this run (two runs may share a cluster)
            futures = {client.submit(process_shard, p, out_dir, settings, opts, pure=False, retries=run.retries,
                                     key=f"newsdesk-shard-{shard_name(p)}-{tag}"): p for p in paths}
            for fut in distributed.as_completed(futures):
                p = futures[fut]
                try:
                    summary.add(fut.result())
                except Exception as exc:  # noqa: BLE001 - the task's error, shipped back by Dask
                    summary.failed[p] = _error(exc)
                bar.advance(None, _postfix(summary))
    finally:
        if cluster is not None:
            cluster.close()


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("dask.distributed (newsdesk batch runs its shards on Dask)", "batch") from None
    return distributed


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _postfix(s: BatchSummary) -> dict[str, Any]:
    return {"articles": s.articles, "failed": len(s.failed)}
