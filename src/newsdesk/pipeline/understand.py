"""Understanding as articles arrive: the enrichment stage and the dedup / story hooks of an ingest.

The cores are ENRICH's (``newsdesk.enrich.enrich``, ``newsdesk.cluster.NearDuplicates``,
``newsdesk.cluster.StoryClusterer``); this module only wires them to the store:

* ``enrich_stage`` (a pure stage) attaches an ``Enrichment`` that the sink saves with the article;
* ``after_store`` runs in the batch's transaction for each NEW article: near-duplicate grouping
  (``save_duplicates``), then the online clusterer, whose story ids map to store stories by
  ``stories.key``;
* ``save`` (on every flush, same transaction) keeps the cores' state in ``core_state``, so a
  resumed or later ingest continues with the same stories.

Several writers on one store (two ingests, on SQLite or PostgreSQL) take turns inside the store's
write transactions. The dedup and story cores change only there (``after_store``): on its first
new article of a batch a writer reloads a core that another writer saved since it last looked
(``state_version``), and it saves the cores at the end of the batch, so the saved state is always
every writer's. The enrichment corpus counts change outside the transaction (``enrich_stage``):
they are merged instead, theirs + (ours - what we last saved) (``merge_counts``).

A failure inside a core never drops the article: it is counted in ``errors`` by step and
the article is stored without that piece.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..model import Extracted
from ..settings import Settings
from ..store import Store
from ..store.identity import to_utc_iso


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
        from ..enrich import enrich

        try:
            rec.enrichment = enrich(rec.article, self.options, self.state)
        except Exception as exc:  # noqa: BLE001 - an enrichment bug must not lose the article
            self.errors[f"enrich:{type(exc).__name__}"] += 1
        return rec

    def place(self, doc_id: str, rec: Extracted) -> Any:
        """The clusterer's assignment of one article (its merges and moves wait in the clusterer)."""
        from ..enrich import story_doc

        return self.clusterer.add(story_doc(doc_id, rec.article, rec.enrichment, lead_words=self.options.lead_words))

    def states(self) -> dict[str, Callable[[], Any]]:
        out: dict[str, Callable[[], Any]] = {"enrich": self.state.to_dict, "stories": self.clusterer.state}
        if self.dedup is not None:
            out["dedup"] = self.dedup.state
        return out


class Understanding:
    """The cores wired to the store: state loaded from and saved to ``core_state``, stories mapped."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.errors: Counter = Counter()
        self.cores: Cores | None = None  # loaded on the first article (polls with nothing new stay cheap)
        self._seen: dict[str, int] = {}  # the version of each saved state we hold
        self._synced = self._dirty = False  # per batch: reloaded what others saved; placed a new article
        self._enrich_base: dict[str, Any] = {}  # the enrichment counts as we last loaded or saved them

    def _load(self) -> Cores:
        if self.cores is None:
            names = ("enrich", "stories", "dedup")
            # the versions before the data: a save in between makes us reload, never miss it
            self._seen = {name: self.store.state_version(name) for name in names}
            saved = {name: self.store.get_state(name) for name in names}
            self.cores = Cores(self.settings, saved)
            self.cores.errors = self.errors
            self.clusterer = self.cores.clusterer
            self._enrich_base = saved["enrich"] or {}
        return self.cores

    def _sync(self, cores: Cores) -> None:
        """In the batch's transaction: reload the cores another writer saved since we last looked."""
        from ..cluster import ClusterOptions, NearDuplicates, StoryClusterer

        for name in ("stories", "dedup"):
            version = self.store.state_version(name)
            if version == self._seen.get(name, 0):
                continue
            saved = self.store.get_state(name)
            if saved and name == "stories":
                cores.clusterer = self.clusterer = StoryClusterer.from_state(
                    saved, ClusterOptions.from_settings(self.settings))
            elif saved:
                cores.dedup = NearDuplicates.from_state(saved)
            self._seen[name] = version
        self._synced = True

    def enrich_stage(self, rec: Extracted) -> Extracted:
        return self._load().enrich_stage(rec)

    def after_store(self, article_id: int, status: str, rec: Extracted) -> None:
        if status != "new":
            return
        cores = self._load()
        if not self._synced:
            self._sync(cores)
        self._dirty = True
        a = rec.article
        doc_id = str(article_id)
        try:
            assert cores.dedup is not None
            match = cores.dedup.add(doc_id, f"{a.title or ''}\n\n{a.body}", a.published)
            if match.is_duplicate and match.original_id != doc_id:
                self.store.save_duplicates(int(match.original_id), {article_id: float(match.similarity)})
            elif match.group_id != doc_id:  # it joined a group as its original (a fuller or earlier copy)
                self.store.save_duplicates(article_id, {int(match.group_id): float(match.similarity)})
        except Exception as exc:  # noqa: BLE001
            self.errors[f"dedup:{type(exc).__name__}"] += 1
        try:
            assignment = cores.place(doc_id, rec)
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

    def save(self) -> None:
        """At the end of a batch, in its transaction (the sink's on_flush)."""
        if self.cores is None:
            return
        for name, core in self.cores.states().items():
            if name != "enrich" and not self._dirty:  # no new article: the saved state is current
                continue
            try:
                data = core()
                if name == "enrich" and self.store.state_version(name) != self._seen.get(name, 0):
                    from ..enrich import EnrichState

                    data = merge_counts(self.store.get_state(name) or {}, data, self._enrich_base)
                    self.cores.state = EnrichState.from_dict(data)
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
