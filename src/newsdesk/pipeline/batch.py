"""Batch work over WARC shards: the per-shard step (no Dask here; ``batch_dask`` schedules it).

    stats = process_shard(path, out_dir, settings, options)   # one WARC -> one shard, or skipped

The step runs the same pipeline as ``newsdesk ingest``: the WARC adapter, ``default_stages``
(extraction), the enrichment core, through ``run``; only the sink differs, a ``ShardSink`` that
writes Parquet rows and keeps every drop with its reason and URL. The outputs are written as
``batch_io`` describes, the completion marker last; a shard whose marker is there is skipped,
one without is redone from its start, so a rerun adds nothing and a killed run loses nothing.

Enrichment keeps a corpus state (keyword document frequencies, surname aliases). Each shard
starts from an empty one, so a shard's output does not depend on which worker ran it or in
what order. The shard also keeps the part of the enrichment that needs no corpus state
(``enrich_article``: language, section, short, page type, entity candidates, keyword term
counts), and the store load (``batch_load``) finishes it with the store's state in time order,
as ``ingest`` would enrich, without computing that part again.
"""

from __future__ import annotations

import os
import platform
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import InputError
from ..model import NOTE_RECORDS, Drop, Extracted
from ..settings import Settings
from .batch_io import ShardFiles, ShardWriter, row_of
from ..ingest.sources import adapter
from .core import Counts, Stage, run
from .stages import default_stages

#: thread pools of numeric libraries, pinned to one thread in workers (one task = one core)
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: drops kept with their URL in a shard's stats (the counts by reason are always complete)
MAX_DROPS_LISTED = 100_000


@dataclass(frozen=True, slots=True)
class BatchOptions:
    keep_pages: bool = False  # also keep each page's raw bytes in the shard (for ``reextract`` after a load)
    enrich: bool = True  # run the enrichment core in the step


def enrich_stage(settings: Settings, notes: Counter) -> Stage:
    """The ingest enrichment stage (``understand.Cores``) with a fresh corpus state: one per shard;
    it keeps the per-article part on the record for the shard."""
    from .understand import Cores

    cores = Cores(settings, dedup=False)
    cores.errors = notes  # an enrichment error is a note: the article is kept without it
    return cores.article_stage


class ShardSink:
    """The end of a shard's pipeline: articles to Parquet rows, drops to the stats."""

    def __init__(self, writer: ShardWriter, counts: Counts, keep_pages: bool) -> None:
        self.writer = writer
        self.counts = counts
        self.keep_pages = keep_pages
        self.drops: list[dict[str, Any]] = []
        self._idx = 0

    def write(self, result: Any, cursor: dict[str, Any] | None) -> None:
        if isinstance(result, NOTE_RECORDS):  # a source's note (a fetch logged): no record, nothing to store
            self.counts.notes[type(result).__name__] += 1
            return
        offset = cursor.get("offset") if cursor else None
        if isinstance(result, Extracted):
            self.writer.add(row_of(self._idx, offset, result, self.keep_pages))
            self.counts.stored["article"] += 1
        else:
            drop = result if isinstance(result, Drop) else Drop("unknown-record", type(result).__name__)
            self.counts.drops[drop.reason] += 1
            if len(self.drops) < MAX_DROPS_LISTED:
                done = bool(cursor.get("done", True)) if cursor else True
                self.drops.append({"idx": self._idx, "offset": offset, "done": done, "reason": drop.reason,
                                   "url": drop.url, "detail": drop.detail})
        self._idx += 1

    def flush(self) -> None:
        """Rows reach the file in row groups; the file is closed by the step once the run ends."""


def process_shard(path: str, out_dir: str, settings: Settings | None = None,
                  options: BatchOptions | None = None) -> dict[str, Any]:
    """Read one WARC file through the pipeline into its shard; returns the shard's stats.

    A finished shard (marker present, same input) is not redone: its stats come back with
    ``"skipped": True``. Raises the pipeline's own errors (``InputError`` for an unreadable
    file); partial outputs are left as temporary files that the next attempt removes.
    """
    settings = settings or Settings()
    opts = options or BatchOptions()
    full = os.path.abspath(path)
    if not os.path.isfile(full):
        raise InputError(f"no such archive: {path}")
    files = ShardFiles.of(out_dir, full)
    if files.is_done(full):
        return {**files.read_stats(), "skipped": True}
    os.makedirs(out_dir, exist_ok=True)
    files.clean()
    counts = Counts()
    writer = ShardWriter(files.tmp(files.parquet))
    sink = ShardSink(writer, counts, opts.keep_pages)
    hooks = [enrich_stage(settings, counts.notes)] if opts.enrich else []
    items = adapter("warc").load()(full, settings, {}, source=files.name)
    t0 = time.time()
    try:
        run(items, default_stages(settings, hooks), sink, None, counts)
    finally:
        writer.close()
    os.replace(files.tmp(files.parquet), files.parquet)
    stats = {
        "shard": files.name, "input": full, "records": counts.seen, "articles": writer.count,
        "dropped": sum(counts.drops.values()), "drops": dict(counts.drops.most_common()),
        "notes": dict(counts.notes), "drop_list": sink.drops, "drops_listed_all": len(sink.drops) == sum(
            counts.drops.values()),
        "cpu_s": round(counts.cpu_s, 3), "wall_s": round(counts.wall_s, 3),
        "started": _iso(t0), "worker": {"host": platform.node(), "pid": os.getpid(),
                                         **{k: os.environ.get(k) for k in THREAD_ENV}},
    }
    files.write_json(files.stats, stats)
    files.write_json(files.marker, {"shard": files.name, "input": full, "size": os.path.getsize(full),
                                    "articles": writer.count, "finished": _iso(time.time())})
    return {**stats, "skipped": False}


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
