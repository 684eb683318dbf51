"""The understanding cores' state, kept incrementally: a log of what each batch fed them.

Rewriting the cores' whole state at every batch cost more than the batch (6 MB of JSON after 841
articles, 131 MB at the near-duplicate index's cap), and two ingests into one store overwrote each
other's (last writer wins). Instead each batch appends one ``core_log`` row, in the articles'
transaction, holding only what it fed the cores:

* ``dedup``: per new document, its id, exact-text hash, MinHash signature, date and length
  (``NearDuplicates.add_prepared`` replays it without the text);
* ``stories``: per new document, the ``StoryDoc`` the clusterer placed;
* ``terms`` / ``aliases``: what the enrichment observed per article (keyword document frequencies,
  surname aliases), recorded by ``LoggedTerms`` / ``LoggedAliases`` around the enrichment state;
* ``settle``: present when the writer gave every document still waiting for its first look that look
  at the end of an ingest run (``StoryClusterer.settle``), after the entry's stories: the looks taken,
  which a replay takes again (counted, like documents, towards the next snapshot).

A load is the snapshot in ``core_state`` plus the log entries after it, replayed in commit order;
the snapshot is rewritten now and then (``Understanding.compact_every`` documents), which bounds
the replay at the next start. A writer replays the entries other writers committed since its own
last one before it appends (``Understanding.begin``, under the store's write lock), so concurrent
ingests into one store each see all articles, in one order, and keep one story numbering.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

from ..enrich.entities import EntityAliases
from ..enrich.keywords import TermStats
from ..model import Entity, StoryDoc

_STORY_FIELDS = tuple(f.name for f in fields(StoryDoc))


class LoggedTerms(TermStats):
    """``TermStats`` that also records what it observes in ``log`` (when not None)."""

    __slots__ = ("log",)

    @classmethod
    def wrap(cls, t: TermStats) -> LoggedTerms:
        out = cls(t.docs, t.df, t.horizon)
        out.log = None
        return out

    def observe(self, terms: set[str]) -> None:
        if self.log is not None:
            self.log.append(sorted(terms))
        TermStats.observe(self, terms)


class LoggedAliases(EntityAliases):
    """``EntityAliases`` that also records what it observes in ``log`` (when not None)."""

    __slots__ = ("log",)

    @classmethod
    def wrap(cls, a: EntityAliases) -> LoggedAliases:
        out = cls(a.surnames, a.limit)
        out.log = None
        return out

    def observe(self, ents: list[Entity]) -> None:
        if self.log is not None:
            self.log.append([[e.name, e.norm, e.kind, e.count] for e in ents])
        EntityAliases.observe(self, ents)


class Pending:
    """What the cores were fed since the last log entry: the next entry's data."""

    def __init__(self) -> None:
        self.terms: list[list[str]] = []
        self.aliases: list[list[list[Any]]] = []
        self.dedup: list[list[Any]] = []
        self.stories: list[dict[str, Any]] = []
        self.settle = 0  # looks the clusterer took at the end of a run, after these stories

    def docs(self) -> int:
        return entry_docs(self.data())

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"terms": self.terms, "aliases": self.aliases, "dedup": self.dedup,
                               "stories": self.stories}
        if self.settle:
            out["settle"] = self.settle
        return out

    def clear(self) -> None:
        self.terms.clear()
        self.aliases.clear()
        self.dedup.clear()
        self.stories.clear()
        self.settle = 0

    def add_dedup(self, doc_id: str, key: str, sig: np.ndarray, published: str | None, length: int) -> None:
        self.dedup.append([doc_id, key, sig.astype("<u4").tobytes().hex(), published, length])

    def add_story(self, doc: StoryDoc) -> None:
        self.stories.append({name: getattr(doc, name) for name in _STORY_FIELDS})


def entry_docs(data: dict[str, Any]) -> int:
    """What replaying a log entry costs, in documents: those it fed the cores, and the looks it took."""
    return max(len(data.get(k, ())) for k in ("terms", "dedup", "stories")) + int(data.get("settle", 0))


def replay_enrich(state: Any, data: dict[str, Any]) -> None:
    """Feed the enrichment state (``EnrichState``) what one log entry observed."""
    for terms in data.get("terms", ()):
        state.terms.observe(set(terms))
    for ents in data.get("aliases", ()):
        state.aliases.observe([Entity(name, norm, kind, int(count)) for name, norm, kind, count in ents])


def replay_dedup(dedup: Any, data: dict[str, Any]) -> None:
    for doc_id, key, sig, published, length in data.get("dedup", ()):
        vec = np.frombuffer(bytes.fromhex(sig), dtype="<u4").astype(np.uint32)
        dedup.add_prepared(doc_id, key, vec, published, int(length))


def replay_stories(clusterer: Any, data: dict[str, Any]) -> int:
    """Place the logged story documents again, and take the looks at the end of a run where the writer
    did; returns how many documents failed (as they did when logged)."""
    failed = 0
    for d in data.get("stories", ()):
        try:
            clusterer.add(StoryDoc(**d))
        except Exception:  # noqa: BLE001 - it failed the same way when it was logged; counted there
            failed += 1
    if data.get("settle"):
        clusterer.settle()
    clusterer.drain_merges()  # the writer of the entry applied these to the store already
    clusterer.drain_moves()
    return failed
