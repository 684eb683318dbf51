"""Understanding as articles arrive: the enrichment stage and the dedup / story hooks of an ingest.

The cores are ENRICH's (``newsdesk.enrich.enrich``, ``newsdesk.cluster.NearDuplicates``,
``newsdesk.cluster.StoryClusterer``); this module only wires them to the store:

* ``enrich_stage`` (a pure stage) attaches an ``Enrichment`` that the sink saves with the article;
* ``after_store`` runs in the batch's transaction for each NEW article: near-duplicate grouping
  (``save_duplicates``), then the online clusterer, whose story ids map to store stories by
  ``stories.key``;
* ``begin`` (at the start of each batch's transaction) replays what other writers logged since
  this one's last entry, and ``save`` (at its end) appends what this batch fed the cores to the
  store's core log (``pipeline/corelog.py``), with a snapshot every ``compact_every`` documents,
  so a resumed, later or concurrent ingest continues with the same stories and near-duplicates.

Several writers on one store (two ingests, on SQLite or PostgreSQL) take turns inside the store's
write transactions (SQLite's one writer, PostgreSQL's advisory write lock): each replays the others'
log entries before its own batch, so the cores see every writer's articles in commit order. The
enrichment corpus counts change outside the transaction (``enrich_stage``): others' observations
are added when caught up, after this writer's own for the batch (counts add up either way).

A failure inside a core never drops the article: it is counted in ``errors`` by step and
the article is stored without that piece.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..model import Extracted
from ..settings import Settings
from ..store import Store
from ..store.identity import to_utc_iso
from .corelog import LoggedAliases, LoggedTerms, Pending, entry_docs, replay_dedup, replay_enrich, replay_stories


class Cores:
    """The understanding cores of one run, without storage: enrichment, near-duplicates, stories.

    ``newsdesk ingest`` loads them from the store's saved state (``Understanding``); ``newsdesk
    cluster`` starts them fresh. Both enrich through ``enrich_stage`` and place an article with
    ``place``, so the two commands make the same stories from the same articles.
    """

    def __init__(self, settings: Settings, saved: dict[str, Any] | None = None, *, dedup: bool = True) -> None:
        from ..cluster import ClusterOptions, NearDuplicates, StoryClusterer
        from ..enrich import EnrichOptions, EnrichState

        saved = saved or {}
        self.errors: Counter = Counter()
        self.options = EnrichOptions.from_settings(settings)
        self.state = EnrichState.from_dict(saved["enrich"]) if saved.get("enrich") else EnrichState()
        copts = ClusterOptions.from_settings(settings)
        self.clusterer = (StoryClusterer.from_state(saved["stories"], copts) if saved.get("stories")
                          else StoryClusterer(copts))
        self.dedup = None
        if dedup:
            self.dedup = NearDuplicates.from_state(saved["dedup"]) if saved.get("dedup") else NearDuplicates()

    def enrich_stage(self, rec: Extracted) -> Extracted:
        """Enrich with the corpus state; a per-article part already computed (``rec.article_enrichment``,
        e.g. by a batch worker with the same options) is finished instead of computed again."""
        from ..enrich import enrich_article, finish_enrichment

        try:
            part = rec.article_enrichment
            if part is None or part.made_with != self.options.made_with():
                part = enrich_article(rec.article, self.options)
            rec.enrichment = finish_enrichment(part, rec.article, self.options, self.state)
        except Exception as exc:  # noqa: BLE001 - an enrichment bug must not lose the article
            self.errors[f"enrich:{type(exc).__name__}"] += 1
        return rec

    def article_stage(self, rec: Extracted) -> Extracted:
        """``enrich_stage`` that also keeps the per-article part on the record (a batch shard stores it)."""
        from ..enrich import enrich_article

        try:
            rec.article_enrichment = enrich_article(rec.article, self.options)
        except Exception as exc:  # noqa: BLE001 - an enrichment bug must not lose the article
            self.errors[f"enrich:{type(exc).__name__}"] += 1
            return rec
        return self.enrich_stage(rec)

    def place(self, doc_id: str, rec: Extracted, log: Callable[[Any], None] | None = None) -> Any:
        """The clusterer's assignment of one article (its merges and moves wait in the clusterer);
        ``log`` is given the ``StoryDoc`` first."""
        from ..enrich import story_doc

        doc = story_doc(doc_id, rec.article, rec.enrichment, lead_words=self.options.lead_words)
        if log is not None:
            log(doc)
        return self.clusterer.add(doc)

    def states(self) -> dict[str, Callable[[], Any]]:
        out: dict[str, Callable[[], Any]] = {"enrich": self.state.to_dict, "stories": self.clusterer.state}
        if self.dedup is not None:
            out["dedup"] = self.dedup.state
        return out


#: documents logged between two snapshots of the cores' state (a load replays at most this many)
COMPACT_EVERY = 2000


class Understanding:
    """The cores wired to the store: state loaded from its snapshot and log, logged per batch, stories mapped."""

    def __init__(self, store: Store, settings: Settings, *, compact_every: int | None = None) -> None:
        self.store = store
        self.settings = settings
        self.errors: Counter = Counter()
        self.cores: Cores | None = None  # loaded on the first article (polls with nothing new stay cheap)
        self.compact_every = COMPACT_EVERY if compact_every is None else compact_every
        self.writer = uuid.uuid4().hex[:16]
        self.seq = 0  # the last core log entry the cores have seen
        self.since_snapshot = 0  # documents logged after the snapshot
        self.pending = Pending()
        self.doc_cpu = 0.0  # CPU seconds the cores took per new document (what a replay costs) ...
        self.doc_count = 0
        self.snapshot_cpu: float | None = None  # ... and what the last snapshot cost

    def _load(self) -> Cores:
        if self.cores is None:
            saved, self.seq, entries = self._read_state()
            cores = Cores(self.settings, saved)
            cores.errors = self.errors
            cores.state.terms = LoggedTerms.wrap(cores.state.terms)
            cores.state.aliases = LoggedAliases.wrap(cores.state.aliases)
            self.since_snapshot = 0
            self.cores, self.clusterer = cores, cores.clusterer
            self._replay(entries)
            if self.pending.terms or self.pending.aliases:  # observed before a reload, not logged yet
                self._logging(False)
                replay_enrich(cores.state, self.pending.data())
                self._logging(True)
        return self.cores

    def _read_state(self) -> tuple[dict[str, Any], int, list[tuple[int, str, dict[str, Any]]]]:
        """The snapshot and the log entries after it, read as one consistent pair: another writer's
        compaction between the two reads deletes entries the snapshot read does not include, so the
        pair is read again until the snapshot did not move under it."""
        while True:
            saved, seq = self.store.load_core_snapshot()
            entries = self.store.core_log_since(seq)
            if self.store.core_snapshot_seq() == seq:
                return saved, seq, entries

    def _logging(self, on: bool) -> None:
        assert self.cores is not None
        self.cores.state.terms.log = self.pending.terms if on else None  # type: ignore[attr-defined]
        self.cores.state.aliases.log = self.pending.aliases if on else None  # type: ignore[attr-defined]

    def _replay(self, entries: list[tuple[int, str, dict[str, Any]]]) -> None:
        """Feed the cores the log entries after the ones they have seen (others' batches)."""
        cores = self.cores
        assert cores is not None
        self._logging(False)
        try:
            for seq, _, data in entries:
                replay_enrich(cores.state, data)
                if cores.dedup is not None:
                    replay_dedup(cores.dedup, data)
                replay_stories(cores.clusterer, data)
                self.seq = seq
                self.since_snapshot += entry_docs(data)
        finally:
            self._logging(True)

    def begin(self) -> None:
        """At the start of a batch's transaction: catch up with what other writers committed."""
        if self.cores is None:
            return
        self.store.lock_core_log()
        if self.store.core_snapshot_seq() > self.seq:  # compacted past what we saw: load afresh
            self.cores = None
            self._load()
            return
        self._replay(self.store.core_log_since(self.seq))

    def rollback(self) -> None:
        """The batch did not commit: forget the cores (the next try loads what was committed, and
        places the batch's articles again); what the enrichment observed waits for the next entry."""
        self.cores = None
        self.pending.dedup.clear()
        self.pending.stories.clear()

    def enrich_stage(self, rec: Extracted) -> Extracted:
        return self._load().enrich_stage(rec)

    def after_store(self, article_id: int, status: str, rec: Extracted) -> None:
        if status != "new":
            return
        cores = self._load()
        c0 = time.process_time()
        try:
            self._place(cores, article_id, rec)
        finally:
            self.doc_cpu += time.process_time() - c0
            self.doc_count += 1

    def _place(self, cores: Cores, article_id: int, rec: Extracted) -> None:
        a = rec.article
        doc_id = str(article_id)
        try:
            assert cores.dedup is not None
            text = f"{a.title or ''}\n\n{a.body}"
            key, sig = cores.dedup.prepare(text)
            self.pending.add_dedup(doc_id, key, sig, a.published, len(text))
            match = cores.dedup.add_prepared(doc_id, key, sig, a.published, len(text))
            if match.is_duplicate and match.original_id != doc_id:
                self.store.save_duplicates(int(match.original_id), {article_id: float(match.similarity)})
            elif match.group_id != doc_id:  # it joined a group as its original (a fuller or earlier copy)
                self.store.save_duplicates(article_id, {int(match.group_id): float(match.similarity)})
        except Exception as exc:  # noqa: BLE001
            self.errors[f"dedup:{type(exc).__name__}"] += 1
        try:
            assignment = cores.place(doc_id, rec, self.pending.add_story)
        except Exception as exc:  # noqa: BLE001
            self.errors[f"cluster:{type(exc).__name__}"] += 1
            return
        sid = self.store.story_by_key(assignment.story_id)
        if sid is None:
            sid = self.store.create_story(a.title, to_utc_iso(a.published), key=assignment.story_id)
        self.store.assign_story(article_id, sid, _reason(assignment))
        self._apply_merges()
        self._apply_moves()

    def _apply_merges(self) -> None:
        """Stories the clusterer merged on its own: move the merged story's articles in the store."""
        for gone, kept in self.clusterer.drain_merges():
            src, dst = self.store.story_by_key(gone), self.store.story_by_key(kept)
            if src is not None and dst is not None and src != dst:
                self.store.merge_stories(dst, [src], actor="clusterer", lock=False)

    def _apply_moves(self) -> None:
        """Articles the clusterer moved to a better story on their second look, or to a new story by a split
        (created here from the first of them): move them in the store.

        An operator-placed (locked) member stays where it is (``assign_story`` refuses it).
        """
        for move in self.clusterer.drain_moves():
            dst = self.store.story_by_key(move.to_story)
            if dst is None and move.reason and move.doc_id.isdigit():  # a split: its first article opens the story
                stored = self.store.get_article(int(move.doc_id))
                if stored is not None:
                    dst = self.store.create_story(stored.article.title, to_utc_iso(stored.article.published),
                                                  key=move.to_story)
            if dst is None or not move.doc_id.isdigit():
                self.errors["cluster:move-unknown"] += 1
                continue
            if not self.store.assign_story(int(move.doc_id), dst, {"reason": move.reason or "moved on a second look",
                                                                   "score": move.score, "new_story": False}):
                self.errors["cluster:move-locked"] += 1  # an operator placed it: it stays

    def save(self) -> None:
        """At the end of a batch's transaction: log what it fed the cores; a snapshot now and then."""
        if self.cores is None:
            return
        docs = self.pending.docs()
        if docs:
            self.seq = self.store.append_core_log(self.writer, docs, self.pending.data())
            self.since_snapshot += docs
            self.pending.clear()
        if self.since_snapshot >= self.compact_every:
            self.compact()

    def settle(self) -> int:
        """The run's input has ended: every document still waiting for its first look gets it now
        (``StoryClusterer.settle``), in one transaction that moves its articles in the store and logs
        the settle, so that other writers and later runs replay it after the same stories. Returns the
        looks taken (0 when the store has no stories, or the settle failed: counted in ``errors``)."""
        try:
            self._load()
            with self.store.batch():
                self.begin()  # caught up under the lock: the settle follows every committed entry
                taken = self.clusterer.settle()
                self._apply_merges()
                self._apply_moves()
                self.pending.settle = taken
                self.save()
        except Exception as exc:  # noqa: BLE001 - the stored stories stand as they were; counted
            self.errors[f"settle:{type(exc).__name__}"] += 1
            self.rollback()
            self.pending.settle = 0
            return 0
        return taken

    def finish(self) -> None:
        """At the end of a run: write a snapshot when replaying the log since the last one would cost
        more than writing it (the next run, or a poll of ``newsdesk serve``, then starts fast)."""
        if self.cores is None or not self.since_snapshot:
            return
        replay = self.since_snapshot * self.doc_cpu / max(1, self.doc_count)
        if self.snapshot_cpu is None or replay >= self.snapshot_cpu:
            with self.store.batch():
                self.begin()  # under the lock, caught up: the snapshot includes every entry before it
                self.compact()

    def compact(self) -> None:
        """Write the cores' whole state as the snapshot (up to this writer's last log entry; in the
        batch's transaction, after ``begin``, so that it is the last one)."""
        if self.cores is None:
            return
        c0 = time.process_time()
        states = {}
        for name, core in self.cores.states().items():
            try:
                states[name] = core()
            except Exception as exc:  # noqa: BLE001 - keep the articles; the log still holds the state
                self.errors[f"state:{name}:{type(exc).__name__}"] += 1
                return
        self.store.save_core_snapshot(states, self.seq)
        self.since_snapshot = 0
        self.snapshot_cpu = time.process_time() - c0


def _reason(a: Any) -> dict[str, Any]:
    return {"reason": a.reason, "score": round(float(a.score), 4), "new_story": bool(a.is_new),
            "shared_terms": list(a.shared_terms), "shared_entities": list(a.shared_entities)}
