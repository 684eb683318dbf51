"""Understanding as articles arrive: the enrichment stage and the dedup / story hooks of an ingest.

The cores are ENRICH's (``newsdesk.enrich.enrich``, ``newsdesk.cluster.NearDuplicates``,
``newsdesk.cluster.StoryClusterer``); this module only wires them to the store:

* ``enrich_stage`` (a pure stage) attaches an ``Enrichment`` that the sink saves with the article;
* ``after_store`` runs in the batch's transaction for each NEW article: near-duplicate grouping
  (``save_duplicates``), then the online clusterer, whose story ids map to store stories by
  ``stories.key``;
* ``save`` (on every flush, same transaction) keeps the cores' state in ``core_state``, so a
  resumed or later ingest continues with the same stories.

A failure inside a core never drops the article: it is counted in ``errors`` by step and
the article is stored without that piece.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..settings import Settings
from ..store import Store
from ..store.identity import to_utc_iso
from .core import Extracted


class Understanding:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.errors: Counter = Counter()
        self._loaded = False  # the cores' state loads on the first article (polls with nothing new stay cheap)
        # Several writers on one store (two ingests, or ingest + reextract): the dedup and story cores
        # change only inside a store transaction (after_store), where writers take turns. On its first
        # article of a batch a writer reloads a core that another writer saved since (the versions it
        # last saw), and it saves at the end of the batch: the saved state is always every writer's.
        # The enrichment corpus counts change outside the transaction (enrich_stage): they are merged
        # instead, theirs + (ours - what we last saved), when another writer saved since.
        self._seen: dict[str, int] = {}
        self._synced = False
        self._dirty = False
        self._enrich_base: dict[str, Any] = {}

    def _load(self) -> None:
        from ..cluster import ClusterOptions, NearDuplicates, StoryClusterer
        from ..enrich import EnrichOptions, EnrichState

        store = self.store
        # the versions before the data: a save in between makes us reload, never miss it
        self._seen = {name: store.state_version(name) for name in ("enrich", "stories", "dedup")}
        self.options = EnrichOptions.from_settings(self.settings)
        saved = store.get_state("enrich")
        self.state = EnrichState.from_dict(saved) if saved else EnrichState()
        self._enrich_base = saved or {}
        copts = ClusterOptions.from_settings(self.settings)
        saved = store.get_state("stories")
        self.clusterer = StoryClusterer.from_state(saved, copts) if saved else StoryClusterer(copts)
        saved = store.get_state("dedup")
        self.dedup = NearDuplicates.from_state(saved) if saved else NearDuplicates()
        self._loaded = True

    def enrich_stage(self, rec: Extracted) -> Extracted:
        from ..enrich import enrich

        if not self._loaded:
            self._load()
        try:
            rec.enrichment = enrich(rec.article, self.options, self.state)
        except Exception as exc:  # noqa: BLE001 - an enrichment bug must not lose the article
            self.errors[f"enrich:{type(exc).__name__}"] += 1
        return rec

    def after_store(self, article_id: int, status: str, rec: Extracted) -> None:
        if status != "new":
            return
        from ..enrich import story_doc

        if not self._loaded:
            self._load()
        if not self._synced:
            self._sync()
        self._dirty = True
        a = rec.article
        doc_id = str(article_id)
        try:
            match = self.dedup.add(doc_id, f"{a.title or ''}\n\n{a.body}", a.published)
            if match.is_duplicate and match.original_id != doc_id:
                self.store.save_duplicates(int(match.original_id), {article_id: float(match.similarity)})
            elif match.group_id != doc_id:  # it joined a group as its original (a fuller or earlier copy)
                self.store.save_duplicates(article_id, {int(match.group_id): float(match.similarity)})
        except Exception as exc:  # noqa: BLE001
            self.errors[f"dedup:{type(exc).__name__}"] += 1
        try:
            assignment = self.clusterer.add(story_doc(doc_id, a, rec.enrichment))
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
                self.store.merge_stories(dst, [src], actor="clusterer")

    def _apply_moves(self) -> None:
        """Articles the clusterer moved to a better story on their second look: move them in the store.

        An operator-placed (locked) member stays where it is (``assign_story`` refuses it).
        """
        for move in self.clusterer.drain_moves():
            dst = self.store.story_by_key(move.to_story)
            if dst is None or not move.doc_id.isdigit():
                self.errors["cluster:move-unknown"] += 1
                continue
            self.store.assign_story(int(move.doc_id), dst, {"reason": "moved on a second look",
                                                            "score": move.score, "new_story": False})

    def _sync(self) -> None:
        """Inside the batch's transaction: reload the cores another writer saved since we last looked."""
        from ..cluster import ClusterOptions, NearDuplicates, StoryClusterer

        for name in ("stories", "dedup"):
            version = self.store.state_version(name)
            if version == self._seen.get(name, 0):
                continue
            saved = self.store.get_state(name)
            if saved:
                if name == "stories":
                    opts = ClusterOptions.from_settings(self.settings)
                    self.clusterer = StoryClusterer.from_state(saved, opts)
                else:
                    self.dedup = NearDuplicates.from_state(saved)
            self._seen[name] = version
        self._synced = True

    def save(self) -> None:
        """At the end of a batch, in its transaction (the sink's on_flush)."""
        if not self._loaded:
            return
        cores = [("enrich", self.state.to_dict)]
        if self._dirty:  # no new article in this batch: the saved dedup and story state is current
            cores += [("stories", self.clusterer.state), ("dedup", self.dedup.state)]
        for name, core in cores:
            try:
                data = core()
                if name == "enrich" and self.store.state_version(name) != self._seen.get(name, 0):
                    data = merge_counts(self.store.get_state(name) or {}, data, self._enrich_base)
                    from ..enrich import EnrichState

                    self.state = EnrichState.from_dict(data)
            except Exception as exc:  # noqa: BLE001 - keep the articles; the state is rebuilt later
                self.errors[f"state:{name}:{type(exc).__name__}"] += 1
                continue
            self._seen[name] = self.store.save_state(name, data)
            if name == "enrich":
                self._enrich_base = data
        self._synced = self._dirty = False


def merge_counts(theirs: dict[str, Any], ours: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """``theirs + (ours - base)`` over nested dicts of counts; counts that fall to 0 or below go."""
    out: dict[str, Any] = {}
    for key in theirs.keys() | ours.keys():
        t, o, b = theirs.get(key), ours.get(key), base.get(key)
        if isinstance(t, dict) or isinstance(o, dict):
            sub = merge_counts(t if isinstance(t, dict) else {}, o if isinstance(o, dict) else {},
                               b if isinstance(b, dict) else {})
            if sub:
                out[key] = sub
        else:
            n = (t or 0) + (o or 0) - (b if isinstance(b, (int, float)) else 0)
            if n > 0:
                out[key] = n
    return out


def _reason(a: Any) -> dict[str, Any]:
    return {"reason": a.reason, "score": round(float(a.score), 4), "new_story": bool(a.is_new),
            "shared_terms": list(a.shared_terms), "shared_entities": list(a.shared_entities)}
