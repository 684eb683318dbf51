"""The store at the end of the pipeline: results, drops, fetch logs and the checkpoint in one transaction.

Results are buffered and written ``batch_size`` at a time (or every
``batch_seconds``, or once ``batch_bytes`` of raw pages wait) inside ``store.batch()``; the source's checkpoint of the
last buffered item commits in the same transaction. A crash loses at most the
uncommitted buffer, and the rerun starts from the committed checkpoint, so
nothing is lost and (with the store's idempotent upsert) nothing duplicated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..model import Drop, Extracted, Fetched, SourceUpdate
from ..store import FetchRecord, Store
from .core import Counts

#: called with (article_id, status, extracted) inside the transaction, e.g. enrichment / clustering hooks
AfterStore = Callable[[int, str, Extracted], None]


class StoreSink:
    def __init__(self, store: Store, counts: Counts, *, source_id: int | None = None, run_id: int | None = None,
                 batch_size: int = 200, batch_seconds: float = 2.0, batch_bytes: int = 16_000_000,
                 keep_pages: bool = True,
                 after_store: list[AfterStore] | None = None,
                 checkpoint: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                 on_flush: list[Callable[[], None]] | None = None) -> None:
        self.store = store
        self.counts = counts
        self.source_id = source_id
        self.run_id = run_id
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.batch_bytes = batch_bytes  # raw page bytes held before a flush: memory stays bounded
        self._bytes = 0
        self.keep_pages = keep_pages
        self.after_store = after_store or []
        self._merge = checkpoint
        self.on_flush = on_flush or []  # in the transaction, after the batch (e.g. save a core's state)
        self._buf: list[Any] = []
        self._cursor: dict[str, Any] | None = None
        self._since = time.monotonic()

    def write(self, result: Any, cursor: dict[str, Any] | None) -> None:
        self._buf.append(result)
        if isinstance(result, Extracted):
            self._bytes += len(result.page.content)
        if cursor is not None:
            self._cursor = cursor
        if (len(self._buf) >= self.batch_size or self._bytes >= self.batch_bytes
                or time.monotonic() - self._since >= self.batch_seconds):
            self.flush()

    def flush(self) -> None:
        if not self._buf and self._cursor is None:
            return
        stored: list[str] = []
        drops: list[str] = []
        with self.store.batch():
            for result in self._buf:
                if isinstance(result, Drop):
                    self.store.record_drop(result, self.source_id, self.run_id)
                    drops.append(result.reason)
                elif isinstance(result, Extracted):
                    page_id = self.store.save_page(result.page, self.source_id) if self.keep_pages else None
                    res = self.store.upsert_article(result.article, result.page, source_id=self.source_id,
                                                    page_id=page_id)
                    stored.append(res.status)
                    if result.enrichment is not None and res.status != "duplicate":
                        self.store.save_enrichment(res.article_id, result.enrichment)
                    for hook in self.after_store:
                        hook(res.article_id, res.status, result)
                elif isinstance(result, Fetched):
                    self.store.record_fetch(_fetch_record(result), self.source_id, self.run_id)
                elif isinstance(result, SourceUpdate):
                    if self.source_id is not None:
                        self.store.update_source(self.source_id, **result.fields)
                else:
                    drop = Drop("unknown-record", type(result).__name__)
                    self.store.record_drop(drop, self.source_id, self.run_id)
                    drops.append(drop.reason)
            if self._cursor is not None and self.source_id is not None:
                cp = self._merge(self._cursor) if self._merge else self._cursor
                self.store.save_checkpoint(self.source_id, cp)
            for hook in self.on_flush:
                hook()
        # counted only once committed: a failed batch is not reported as stored
        self.counts.stored.update(stored)
        self.counts.drops.update(drops)
        self._buf.clear()
        self._bytes = 0
        self._cursor = None
        self._since = time.monotonic()


def _fetch_record(f: Fetched) -> FetchRecord:
    return FetchRecord(url=f.url, ok=f.ok, status=f.status, bytes=f.bytes, elapsed_ms=f.elapsed_ms,
                       error_reason=f.error_reason, error_detail=f.error_detail)
