"""The step runner: records stream from a source through stages into a sink.

A *stage* is a pure function ``record -> record | Drop``. A *source* (an adapter
in ``newsdesk.ingest``) yields ``Item`` envelopes (ground records, ``newsdesk.model``):
the record plus the source's checkpoint after it (so a sink can commit "done up to
here" with the results) and a progress position. Notes (``Fetched``, ``SourceUpdate``)
skip the stages and go to the sink as they are.
The runner never loses a record: a stage that raises becomes a ``Drop`` with
the error's reason, and every drop reaches the sink to be counted.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import NewsdeskError
from ..model import NOTE_RECORDS, Drop, Extracted, Item, Page

Stage = Callable[[Any], Any]


@dataclass(slots=True)
class Counts:
    """What a run did: stored statuses (new / duplicate / updated) and drops by reason."""

    seen: int = 0
    stored: Counter = field(default_factory=Counter)
    drops: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)  # events that lost no record (e.g. an enrichment error)
    cpu_s: float = 0.0
    wall_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "new": self.stored.get("new", 0),
            "duplicate": self.stored.get("duplicate", 0),
            "updated": self.stored.get("updated", 0),
            "dropped": sum(self.drops.values()),
            "drops": dict(self.drops.most_common()),
            **({"notes": dict(self.notes.most_common())} if self.notes else {}),
            "cpu_s": round(self.cpu_s, 3),
            "wall_s": round(self.wall_s, 3),
        }

    def add(self, other: "Counts") -> None:
        self.seen += other.seen
        self.stored.update(other.stored)
        self.drops.update(other.drops)
        self.notes.update(other.notes)
        self.cpu_s += other.cpu_s
        self.wall_s += other.wall_s

    def summary(self) -> str:
        d = self.to_dict()
        drops = ", ".join(f"{k} {v}" for k, v in d["drops"].items())
        notes = ", ".join(f"{k} {v}" for k, v in d.get("notes", {}).items())
        return (f"{d['seen']} records: {d['new']} new, {d['duplicate']} duplicate, {d['updated']} updated, "
                f"{d['dropped']} dropped" + (f" ({drops})" if drops else "") + (f"; notes: {notes}" if notes else ""))


class Sink(Protocol):
    def write(self, result: Any, cursor: dict[str, Any] | None) -> None: ...

    def flush(self) -> None: ...


def url_of(record: Any) -> str | None:
    """The URL of a record, or the file it was read from (so a drop always names where it came from)."""
    if isinstance(record, Extracted):
        record = record.page
    if isinstance(record, Page):
        return record.url or (record.headers or {}).get("x-newsdesk-path")
    return getattr(record, "url", None)


def run_stages(record: Any, stages: Iterable[Stage]) -> Any:
    """Pass one record through the stages; the first Drop (or error) ends its way."""
    for stage in stages:
        if isinstance(record, Drop):
            return record
        try:
            record = stage(record)
        except NewsdeskError as exc:
            return Drop(reason=exc.reason, detail=str(exc)[:300], url=url_of(record))
        except (MemoryError, RecursionError) as exc:
            return Drop(reason="stage-error", detail=f"{type(exc).__name__}", url=url_of(record))
        except Exception as exc:  # noqa: BLE001 - a bug in a stage must not stop the batch; counted
            return Drop(reason="stage-error", detail=f"{type(exc).__name__}: {exc}"[:300], url=url_of(record))
    return record


class Progress:
    """A tqdm bar on stderr (silent when disabled or not installed)."""

    def __init__(self, total: int | None, desc: str, unit: str = "rec", enabled: bool = True) -> None:
        self._bar = None
        self._last = 0
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is a dependency
                return
            scale = unit == "B"
            self._bar = tqdm(total=total, desc=desc, unit=unit, unit_scale=scale, file=sys.stderr,
                             dynamic_ncols=True, mininterval=0.5, leave=False)

    def advance(self, pos: int | None, postfix: dict[str, Any] | None = None) -> None:
        if self._bar is None:
            return
        if pos is None:
            self._bar.update(1)
        elif pos > self._last:
            self._bar.update(pos - self._last)
            self._last = pos
        if postfix:
            self._bar.set_postfix(postfix, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def limit_records(items: Iterable[Item], n: int) -> Iterator[Item]:
    """The items up to the ``n``-th record (notes ride along and do not count)."""
    if n <= 0:
        return
    seen = 0
    for item in items:
        yield item
        if not isinstance(item.record, NOTE_RECORDS):
            seen += 1
            if seen >= n:
                return


def run(items: Iterable[Item], stages: list[Stage], sink: Sink, progress: Progress | None = None,
        counts: Counts | None = None) -> Counts:
    """Stream every item through the stages into the sink; returns the counts."""
    counts = counts if counts is not None else Counts()
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        for item in items:
            if isinstance(item.record, NOTE_RECORDS):  # a fetch logged, a source's state: not a page
                sink.write(item.record, item.cursor)
                continue
            counts.seen += 1
            result = run_stages(item.record, stages)
            sink.write(result, item.cursor)
            if progress is not None:
                progress.advance(item.pos, {"seen": counts.seen} if counts.seen % 64 == 0 else None)
        sink.flush()
    finally:
        counts.cpu_s += time.process_time() - c0
        counts.wall_s += time.perf_counter() - t0
    return counts
