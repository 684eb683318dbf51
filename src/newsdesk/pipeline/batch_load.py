"""Finished batch shards into a store: the ingest sink, understanding in time order.

    counts = load_shards(store, [(warc_path, ShardFiles), ...], settings)

Each input WARC is registered as a ``warc`` source, as ``newsdesk ingest`` would register it.
The shards' records (articles from the Parquet file, drops from the stats) are merged into one
stream in crawl-time order: key (WARC-Date, shard position, record number), where a record
without a date takes the time of the record before it in its shard, so each shard's stream is
ordered and the merge is a true merge. A shard that is itself in crawl order (CC-NEWS is)
comes out exactly in time order; shards that cover consecutive time ranges come out in the
order ``ingest`` would read them one after the other.

The stream then runs through the same pieces as ``ingest --understand``: the ``Understanding``
enrichment stage (with the store's corpus state), the ``StoreSink`` with the dedup and story
hooks, one transaction per batch holding the source's checkpoint. The checkpoint is the WARC
offset of the last stored record, in the same terms as the WARC adapter's own, so a killed
load resumes where it stopped, a second load adds nothing, and a later ``newsdesk ingest`` of
the same file starts after its end.
"""

from __future__ import annotations

import heapq
from datetime import timezone
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Drop, Item
from ..settings import Settings
from ..store import Source, Store
from ..timeutil import parse_iso
from .batch_io import ShardFiles, column_names, read_rows, record_of
from .core import Counts, Progress, run
from .ingest import settle_run
from .sink import StoreSink


@dataclass(slots=True)
class _Shard:
    pos: int
    files: ShardFiles
    source: Source
    run_id: int
    counts: Counts
    after: int  # records at or before this WARC offset are in the store already (-1: none)


def load_shards(store: Store, shards: list[tuple[str, ShardFiles]], settings: Settings, *, progress: bool = True,
                batch_size: int = 200, keep_pages: bool = False, understand: bool = True,
                settle: bool = True) -> Counts:
    """Load finished shards (in the given order for equal times) into ``store``; returns the total counts.

    ``settle``: at the end, the articles still waiting for their second look get it (as at the end of a
    one-off ``newsdesk ingest``: ``Understanding.settle``)."""
    from .understand import Understanding

    opened = [_open(store, pos, path, files) for pos, (path, files) in enumerate(shards)]
    total = Counts()
    u = Understanding(store, settings) if understand else None
    sink = _SwitchingSink(StoreSink(store, Counts(), batch_size=batch_size, keep_pages=keep_pages,
                                    after_store=[u.after_store] if u else [], on_flush=[u.save] if u else [],
                                    on_begin=[u.begin] if u else [], on_rollback=[u.rollback] if u else []))
    size = sum(int(s.files.read_stats().get("records", 0)) for s in opened)
    # with understanding, the load finishes the shard's per-article enrichment with the store's corpus
    # state (its own enrichment, made with the shard's state, is not read); without, it stores that one
    skip = {"enrichment"} if understand else {"article_enrichment"}
    columns = [c for c in column_names() if c not in skip | ({"content"} if not keep_pages else set())]
    bar = Progress(size, desc="load", unit="rec", enabled=progress)
    stages = [u.enrich_stage] if u else []
    status = "done"
    try:
        items = heapq.merge(*(_stream(s, columns) for s in opened), key=lambda kv: kv[0])
        run((Item(rec, cursor={**cur, "_shard": s}) for _, s, cur, rec in items), stages, sink, bar, total)
        if u is not None and settle and any(s.counts.stored.get("new", 0) for s in opened):
            total.notes.update(settle_run(u))  # then the snapshot, as below
        elif u is not None:
            u.finish()  # the cores' snapshot when replaying the load's log entries would cost more
    except BaseException:
        status = "interrupted"
        raise
    finally:
        bar.close()
        if u is not None:
            total.notes.update(u.errors)
        for s in opened:
            store.finish_run(s.run_id, {**s.counts.to_dict(), "batch": s.files.name}, status)
    for s in opened:
        total.stored.update(s.counts.stored)
        total.drops.update(s.counts.drops)
    return total


def _open(store: Store, pos: int, path: str, files: ShardFiles) -> _Shard:
    src = store.get_source(path) or store.add_source("warc", path, exist_ok=True)
    cp = src.checkpoint or {}
    after = _done_up_to(int(cp["offset"]), bool(cp.get("done", False))) if "offset" in cp else -1
    return _Shard(pos, files, src, store.start_run(src.id), Counts(), after)


_Keyed = tuple[tuple[str, int, int], _Shard, dict[str, Any], Any]


def _done_up_to(offset: int | None, done: bool) -> int:
    """The last WARC byte a cursor vouches for ("done" covers the record at ``offset``)."""
    if offset is None:
        return -1
    return offset if done else offset - 1


def _stream(s: _Shard, columns: list[str] | None = None) -> Iterator[_Keyed]:
    """(key, shard, offset, record) for the shard's articles and drops in record order."""
    drops = iter(s.files.read_stats().get("drop_list", []))
    rows = read_rows(s.files.parquet, columns=columns)
    last = ""
    nd = next(drops, None)
    for row in rows:
        while nd is not None and nd["idx"] < row["idx"]:
            yield from _emit_drop(s, nd, last)
            nd = next(drops, None)
        last = max(last, _time_key(row["fetched_at"]))
        if _done_up_to(row["offset"], True) > s.after:
            cur = {"offset": row["offset"], "done": True} if row["offset"] is not None else {}
            yield (last, s.pos, row["idx"]), s, cur, record_of(row, source=s.source.name)
    while nd is not None:
        yield from _emit_drop(s, nd, last)
        nd = next(drops, None)


def _time_key(iso: str | None) -> str:
    """A WARC-Date as a string that sorts in time order ("" when missing or unreadable)."""
    dt = parse_iso(iso)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") if dt is not None else ""


def _emit_drop(s: _Shard, d: dict[str, Any], last: str) -> Iterator[_Keyed]:
    done = bool(d.get("done", True))
    if _done_up_to(d["offset"], done) > s.after:
        cur = {"offset": d["offset"], "done": done} if d["offset"] is not None else {}
        yield (last, s.pos, d["idx"]), s, cur, Drop(d["reason"], d.get("detail") or "", url=d.get("url"),
                                                     source=s.source.name)


class _SwitchingSink:
    """The store sink, pointed at the shard (source, run, counts) of the record it is given.

    The store sink commits one source's checkpoint per transaction: when the stream moves to
    another shard it flushes first, so each checkpoint belongs to its own source.
    """

    def __init__(self, inner: StoreSink) -> None:
        self.inner = inner
        self._shard: _Shard | None = None

    def write(self, result: Any, cursor: dict[str, Any] | None) -> None:
        shard = cursor.pop("_shard") if cursor else None
        if shard is not None and shard is not self._shard:
            self.inner.flush()
            self.inner.source_id, self.inner.run_id, self.inner.counts = (shard.source.id, shard.run_id,
                                                                          shard.counts)
            self._shard = shard
        if not cursor:
            cursor = None
        self.inner.write(result, cursor)

    def flush(self) -> None:
        self.inner.flush()

