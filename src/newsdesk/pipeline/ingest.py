"""Ingest runs: a source's adapter -> stages -> the store sink, with a run record, progress and resume.

    counts = ingest_source(store, source, settings)         # once, resuming from the checkpoint
    counts = ingest_target(store, "path/or/url/or/name", settings)
    follow(store, settings)                                  # poll due sources on their schedule
    counts = reextract(store, settings)                      # re-run the extractor on stored pages
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import NewsdeskError
from ..ingest.sources import adapter, guess_kind
from ..model import Drop, Item
from ..settings import Settings
from ..store import Source, Store
from .core import Counts, Progress, Stage, limit_records, run
from .sink import AfterStore, StoreSink
from .stages import default_stages

log = logging.getLogger("newsdesk.ingest")


@dataclass(slots=True)
class IngestOptions:
    progress: bool = True
    batch_size: int = 200
    keep_pages: bool = True  # keep raw pages for ``newsdesk reextract``
    limit: int | None = None  # at most this many records per source (sampling, tests)
    restart: bool = False  # forget the checkpoint and read the source from its start
    hooks: list[Stage] = field(default_factory=list)  # extra stages after extraction (enrichment)
    after_store: list[AfterStore] = field(default_factory=list)  # run in the transaction (clustering)
    on_flush: list[Callable[[], None]] = field(default_factory=list)  # in each batch's transaction, at its end
    on_begin: list[Callable[[], None]] = field(default_factory=list)  # ... at its start
    on_rollback: list[Callable[[], None]] = field(default_factory=list)  # a batch's transaction failed
    understand: bool = False  # enrich, dedup and cluster as articles arrive (pipeline/understand.py)
    fetcher: Any = None  # a shared ``newsdesk.ingest.fetch.Fetcher`` for web sources (None: one per run)
    settle: bool = False  # ``ingest_target``: at its end, the looks still waiting (``Understanding.settle``)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve_target(store: Store, target: str) -> Source:
    """A registered source by name, id or location; else a path or URL, registered on first use."""
    src = store.get_source(target)
    if src is not None:
        return src
    kind, location = guess_kind(target)
    return store.get_source(location) or store.add_source(kind, location, exist_ok=True)


def ingest_source(store: Store, source: Source, settings: Settings, options: IngestOptions | None = None, *,
                  understanding: Any = None) -> Counts:
    """Read one source from its checkpoint to its end (or ``options.limit``) into the store (``understanding``:
    the ``Understanding`` to place its articles with, e.g. one for several sources; by default its own)."""
    opts = options or IngestOptions()
    ad = adapter(source.kind)
    checkpoint = {} if opts.restart else dict(source.checkpoint)
    if opts.restart:
        store.save_checkpoint(source.id, {})
    run_id = store.start_run(source.id)
    counts = Counts()
    owned = understanding is None  # a caller's (one for several sources) is finished by that caller, once
    opts, understanding = _with_understanding(store, settings, opts, understanding)
    sink = StoreSink(store, counts, source_id=source.id, run_id=run_id, batch_size=opts.batch_size,
                     keep_pages=opts.keep_pages, after_store=opts.after_store,
                     checkpoint=_merger(checkpoint), on_flush=opts.on_flush, on_begin=opts.on_begin,
                     on_rollback=opts.on_rollback)
    progress = Progress(ad.size(source.location), desc=source.name, unit=ad.unit, enabled=opts.progress)
    status = "done"
    try:
        items = ad.load()(source.location, settings, checkpoint, source=source.name, options=source.options,
                          fetcher=opts.fetcher)
        if opts.limit is not None:
            items = limit_records(items, opts.limit)
        run(items, default_stages(settings, opts.hooks), sink, progress, counts)
        if understanding is not None and owned:
            understanding.finish()
    except KeyboardInterrupt:
        status = "interrupted"
        sink.flush()  # what was read so far is kept, with its checkpoint
        raise
    except Exception as exc:  # noqa: BLE001 - one broken source never stops the batch; recorded, with its URL
        status = "failed"
        sink.flush()
        reason = exc.reason if isinstance(exc, NewsdeskError) else "source-error"
        if not isinstance(exc, NewsdeskError):
            log.exception("source %s failed", source.location)
        store.record_drop(Drop(reason, f"{type(exc).__name__}: {exc}"[:300] if reason == "source-error"
                               else str(exc)[:300], url=source.location, source=source.name), source.id, run_id)
        counts.drops[reason] += 1
    finally:
        progress.close()
        if understanding is not None:
            counts.notes.update(understanding.errors)
            understanding.errors.clear()  # counted for this source; the next one counts its own
        now = datetime.now(timezone.utc)
        store.finish_run(run_id, counts.to_dict(), status)
        store.update_source(source.id, last_fetch_at=_iso(now),
                            next_fetch_at=_iso(now + timedelta(seconds=max(source.schedule_s, 60))))
    return counts


def _with_understanding(store: Store, settings: Settings, opts: IngestOptions, u: Any = None
                         ) -> tuple[IngestOptions, Any]:
    if not opts.understand:
        return opts, None
    from dataclasses import replace

    from .understand import Understanding

    u = u or Understanding(store, settings)
    return replace(opts, hooks=[*opts.hooks, u.enrich_stage], after_store=[*opts.after_store, u.after_store],
                   on_flush=[*opts.on_flush, u.save], on_begin=[*opts.on_begin, u.begin],
                   on_rollback=[*opts.on_rollback, u.rollback]), u


def _merger(initial: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Checkpoints from the adapter update (not replace) the stored one: keys they do not send stay."""
    state = dict(initial)

    def merge(cursor: dict[str, Any]) -> dict[str, Any]:
        state.update(cursor)
        return dict(state)

    return merge


def ingest_target(store: Store, target: str | None, settings: Settings,
                  options: IngestOptions | None = None) -> tuple[list[Source], Counts]:
    """One target (name, path or URL), or every due, unpaused source when ``target`` is None; with
    ``options.settle``, the run ends with the looks still waiting (``settle_run``)."""
    sources = [resolve_target(store, target)] if target else store.due_sources()
    opts = options or IngestOptions()
    total = Counts()
    u = None
    if opts.understand:  # one for every source: its cores load once
        from .understand import Understanding

        u = Understanding(store, settings)
    for src in sources:
        total.add(ingest_source(store, src, settings, opts, understanding=u))
    if u is not None and opts.settle and total.stored.get("new", 0):
        total.notes.update(settle_run(u))
    elif u is not None:
        u.finish()  # once for the run, not once per source
    return sources, total


def settle_run(u: Any) -> Counter:
    """The end of a one-off run (an ingest, a batch load): ``u.settle()`` gives the documents still waiting
    for their first look that look now, as at the end of ``newsdesk cluster``, then ``u.finish()``.
    Returns the summary notes (the looks taken, any error). A look waits ``reassign_after`` (1,000)
    arrivals for the neighbourhood to mature, so a store fed fewer articles would give none of them a
    second look (ECB+ dev as 487 pages through ``newsdesk ingest``: B3-F1 .893 -> .901 on seed 0). Not
    while following (``follow``): there the stream goes on and the looks come as it does."""
    taken = u.settle()
    u.finish()
    notes = Counter(u.errors)
    u.errors.clear()
    if taken:
        notes["second-looks-at-end"] = taken
    return notes


def follow(store: Store, settings: Settings, options: IngestOptions | None = None, *,
           target: str | None = None, max_cycles: int | None = None, max_sleep_s: float = 60.0,
           sleep: Callable[[float], None] = time.sleep,
           on_cycle: Callable[[list[Source], Counts], None] | None = None) -> Counts:
    """Keep polling: each cycle ingests the due sources (or ``target`` when due), then sleeps."""
    total = Counts()
    pinned = resolve_target(store, target) if target else None
    for cycle in itertools.count():
        if max_cycles is not None and cycle >= max_cycles:
            break
        due = store.due_sources()
        if pinned is not None:
            due = [s for s in due if s.id == pinned.id]
        counts = Counts()
        for src in due:
            counts.add(ingest_source(store, src, settings, options))
        total.add(counts)
        if on_cycle is not None:
            on_cycle(due, counts)
        sleep(_next_wait(store, max_sleep_s))
    return total


def _next_wait(store: Store, cap: float) -> float:
    now = datetime.now(timezone.utc)
    waits = []
    for s in store.list_sources():
        if s.paused or not s.next_fetch_at:
            continue
        try:
            nxt = datetime.strptime(s.next_fetch_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        waits.append((nxt - now).total_seconds())
    return max(1.0, min([cap, *waits]))


def reextract(store: Store, settings: Settings, options: IngestOptions | None = None,
              source: Source | None = None) -> Counts:
    """Run the current extractor over stored raw pages; changed bodies become new article versions."""
    opts = options or IngestOptions()
    total = Counts()
    for src in [source] if source else store.list_sources():
        run_id = store.start_run(src.id)
        counts = Counts()
        run_opts, understanding = _with_understanding(store, settings, opts)
        sink = StoreSink(store, counts, source_id=src.id, run_id=run_id, batch_size=opts.batch_size,
                         keep_pages=True, after_store=run_opts.after_store, on_flush=run_opts.on_flush,
                         on_begin=run_opts.on_begin, on_rollback=run_opts.on_rollback)
        progress = Progress(store.count_pages(src.id), desc=f"reextract {src.name}", unit="page",
                            enabled=opts.progress)
        items = (Item(page) for _, page in store.iter_pages(src.id))
        if opts.limit is not None:
            items = itertools.islice(items, opts.limit)
        status = "done"
        try:
            run(items, default_stages(settings, run_opts.hooks), sink, progress, counts)
            if understanding is not None:
                understanding.finish()
        except KeyboardInterrupt:
            status = "interrupted"
            sink.flush()
            raise
        finally:
            progress.close()
            if understanding is not None:
                counts.notes.update(understanding.errors)
            store.finish_run(run_id, {**counts.to_dict(), "reextract": True}, status)
        total.add(counts)
    return total
