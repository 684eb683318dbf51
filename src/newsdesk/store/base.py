"""The storage interface: every stage, verb and view talks to a ``Store``.

SQLite (``store/sqlite.py``) and PostgreSQL (``store/pg.py``) implement it with
the same SQL; the stages and views never know which one they have. Writes may be grouped with
``with store.batch():`` so that articles, drops and a source's checkpoint
commit together (that is what makes ingest resumable after a crash).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any, Iterator

from ..model import Article, Drop, Enrichment, Page
from .records import (
    ArticleVersion,
    FetchRecord,
    SearchFilters,
    SearchHit,
    Session,
    Source,
    SourceStatus,
    StoredArticle,
    StoredEntity,
    StoredShort,
    StoredStory,
    Subscriber,
    UpsertResult,
    User,
)


class Store(ABC):
    """Backend-neutral storage. All methods raise ``StoreError`` on database failure."""

    # -- lifecycle -----------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def batch(self) -> AbstractContextManager[None]:
        """One transaction for every write inside the block (nested blocks join the outer one)."""

    @abstractmethod
    def schema_version(self) -> int: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources, runs, fetches, drops ------------------------------------------------
    @abstractmethod
    def add_source(
        self,
        kind: str,
        location: str,
        name: str | None = None,
        *,
        schedule_s: int | None = None,
        options: dict[str, Any] | None = None,
        exist_ok: bool = False,
    ) -> Source: ...

    @abstractmethod
    def get_source(self, key: str | int) -> Source | None:
        """By id, name, or location."""

    @abstractmethod
    def list_sources(self) -> list[Source]: ...

    @abstractmethod
    def remove_source(self, key: str | int) -> bool: ...

    @abstractmethod
    def update_source(self, source_id: int, **fields: Any) -> None:
        """Set paused, schedule_s, options, etag, last_modified, last_fetch_at, next_fetch_at, name."""

    @abstractmethod
    def save_checkpoint(self, source_id: int, checkpoint: dict[str, Any]) -> None: ...

    @abstractmethod
    def due_sources(self, now: str | None = None) -> list[Source]:
        """Unpaused sources whose next fetch time has come (or was never set)."""

    @abstractmethod
    def start_run(self, source_id: int | None) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, counts: dict[str, Any], status: str = "done") -> None: ...

    @abstractmethod
    def record_fetch(self, fetch: FetchRecord, source_id: int | None = None, run_id: int | None = None) -> int: ...

    @abstractmethod
    def record_drop(self, drop: Drop, source_id: int | None = None, run_id: int | None = None) -> None: ...

    @abstractmethod
    def drop_counts(self, source_id: int | None = None, run_id: int | None = None) -> dict[str, int]: ...

    @abstractmethod
    def drop_samples(self, source_id: int | None = None, reason: str | None = None, limit: int = 20) -> list[Drop]: ...

    @abstractmethod
    def status(self) -> list[SourceStatus]: ...

    # -- raw pages ----------------------------------------------------------------------
    @abstractmethod
    def save_page(self, page: Page, source_id: int | None = None) -> int:
        """Keep the raw bytes (compressed); the same bytes are stored once. Returns the page id."""

    @abstractmethod
    def get_page(self, page_id: int) -> Page | None: ...

    @abstractmethod
    def iter_pages(self, source_id: int | None = None, after_id: int = 0) -> Iterator[tuple[int, Page]]: ...

    @abstractmethod
    def count_pages(self, source_id: int | None = None) -> int: ...

    # -- articles -----------------------------------------------------------------------
    @abstractmethod
    def upsert_article(
        self, article: Article, page: Page | None = None, *, source_id: int | None = None,
        page_id: int | None = None,
    ) -> UpsertResult:
        """Store an article once: new, a duplicate of a known one, or a new version of it."""

    @abstractmethod
    def get_article(self, article_id: int) -> StoredArticle | None: ...

    @abstractmethod
    def find_article(self, url: str) -> StoredArticle | None:
        """By any URL the article was seen at (normalised)."""

    @abstractmethod
    def latest_articles(
        self, section: str | None = None, limit: int = 20, offset: int = 0, *,
        source_id: int | None = None, site_name: str | None = None, include_hidden: bool = False,
    ) -> list[StoredArticle]: ...

    @abstractmethod
    def iter_articles(self, after_id: int = 0, batch: int = 500) -> Iterator[StoredArticle]:
        """Every article in id order (for enrichment and clustering passes)."""

    @abstractmethod
    def article_versions(self, article_id: int) -> list[ArticleVersion]:
        """Superseded versions, oldest first (the current one is ``get_article``)."""

    @abstractmethod
    def set_article_fields(self, article_id: int, **fields: Any) -> None:
        """Operator or enrichment edits: section, section_source, title, hidden, language."""

    @abstractmethod
    def count_articles(self, source_id: int | None = None) -> int: ...

    @abstractmethod
    def sections(self) -> list[tuple[str, int]]: ...

    # -- search ------------------------------------------------------------------------
    @abstractmethod
    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
    ) -> list[SearchHit]:
        """Full-text search over title, standfirst and body; user input is never SQL."""

    @abstractmethod
    def search_ranked(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
                      offset: int = 0) -> list[tuple[int, float, str]]:
        """One page of hits as (article id, score, snippet escaped with <mark>), best first (the portal's)."""

    @abstractmethod
    def count_search(self, query: str, filters: SearchFilters | None = None, cap: int | None = None) -> int:
        """Number of hits; with ``cap``, counting stops there."""

    @abstractmethod
    def optimize_search_index(self) -> None:
        """Fold what writes left aside into the full-text index proper (after a bulk load)."""

    def pause_recent_search_index(self) -> None:
        """Before a big bulk load: stop keeping a second index of the newest articles, where the store
        has one (SQLite's ``articles_fts_recent``); ``optimize_search_index`` builds it again."""

    # -- enrichment --------------------------------------------------------------------
    @abstractmethod
    def save_enrichment(self, article_id: int, enrichment: Enrichment) -> None: ...

    @abstractmethod
    def article_entities(self, article_id: int) -> list[StoredEntity]: ...

    @abstractmethod
    def get_entity(self, key: int | str, kind: str | None = None) -> StoredEntity | None:
        """By id, or by normalised name (and kind)."""

    @abstractmethod
    def entity_articles(self, entity_id: int, limit: int = 20, offset: int = 0) -> list[StoredArticle]: ...

    @abstractmethod
    def top_entities(self, since: str | None = None, limit: int = 20, kind: str | None = None) -> list[StoredEntity]: ...

    @abstractmethod
    def article_keywords(self, article_id: int) -> list[tuple[str, float]]: ...

    @abstractmethod
    def get_short(self, article_id: int) -> StoredShort | None: ...

    @abstractmethod
    def latest_shorts(self, limit: int = 20, section: str | None = None) -> list[tuple[StoredArticle, StoredShort]]: ...

    @abstractmethod
    def save_duplicates(self, original_id: int, members: dict[int, float]) -> int:
        """Group near-duplicates under their original; returns the group id."""

    @abstractmethod
    def duplicates_of(self, article_id: int) -> tuple[int | None, list[int]]:
        """(original id, ids of the whole group) for an article; (None, []) when in no group."""

    # -- stories -----------------------------------------------------------------------
    @abstractmethod
    def create_story(self, title: str | None, first_seen: str | None = None, data: dict | None = None,
                     key: str | None = None) -> int: ...

    @abstractmethod
    def story_by_key(self, key: str) -> int | None:
        """The story the clusterer calls ``key`` (resolved through merges)."""

    @abstractmethod
    def get_state(self, name: str) -> dict[str, Any] | None:
        """Saved state of a stateful core (clusterer, near-duplicates, enrichment stats)."""

    @abstractmethod
    def save_state(self, name: str, data: dict[str, Any]) -> int:
        """Replace the saved state; returns its new version."""

    @abstractmethod
    def state_version(self, name: str) -> int:
        """How many times the state was saved (0: never): another writer saved when it moved."""

    # the cores' state, incrementally: a snapshot (core_state, up to a log entry) plus a log of batches
    @abstractmethod
    def load_core_snapshot(self) -> tuple[dict[str, Any], int]:
        """({core name: snapshot}, the last core_log entry the snapshot includes; 0: none)."""

    @abstractmethod
    def core_snapshot_seq(self) -> int:
        """The last core_log entry the snapshot includes (0: none)."""

    @abstractmethod
    def core_log_since(self, seq: int) -> list[tuple[int, str, dict[str, Any]]]:
        """(seq, writer, data) of the log entries after ``seq``, in commit order."""

    @abstractmethod
    def append_core_log(self, writer: str, docs: int, data: dict[str, Any]) -> int:
        """Append one batch's entry (inside the batch's transaction); returns its seq."""

    @abstractmethod
    def lock_core_log(self) -> None:
        """Inside a write transaction: hold other writers off the log until commit, so that the
        entries read now and the one appended are in commit order (SQLite's write transaction
        already does; a server database takes a table lock)."""

    @abstractmethod
    def save_core_snapshot(self, states: dict[str, dict[str, Any]], seq: int) -> None:
        """Replace the snapshot by ``states`` (which include log entries up to ``seq``); drop the entries
        before ``seq`` (the last one stays, so the log's numbering never restarts below it)."""

    @abstractmethod
    def assign_story(
        self, article_id: int, story_id: int, reason: dict[str, Any] | None = None, *, locked: bool = False
    ) -> bool:
        """Put an article in a story. An operator-placed (locked) member is not moved unless locked=True."""

    @abstractmethod
    def story(self, story_id: int, members: bool = True) -> StoredStory | None:
        """A story with its members, oldest first; a merged story resolves to the one it went into."""

    @abstractmethod
    def story_of(self, article_id: int) -> int | None: ...

    @abstractmethod
    def stories(
        self, since: str | None = None, limit: int = 50, offset: int = 0, *, include_hidden: bool = False,
        section: str | None = None,
    ) -> list[StoredStory]:
        """Live stories by last update (pinned first), members not loaded."""

    @abstractmethod
    def update_story(self, story_id: int, **fields: Any) -> None:
        """title (locks it), pinned, hidden, section, data."""

    @abstractmethod
    def merge_stories(self, into_id: int, other_ids: list[int], actor: str | None = None, *,
                      lock: bool = True) -> None:
        """Move the other stories' members into ``into_id`` and point them at it. ``lock`` (an operator's
        merge): every member is placed by hand and the clusterer no longer moves it; the clusterer's own
        merges do not lock, or its later moves and splits of those members would be refused."""

    @abstractmethod
    def split_story(self, story_id: int, article_ids: list[int], actor: str | None = None,
                    title: str | None = None) -> int: ...

    @abstractmethod
    def story_ops(self, story_id: int | None = None) -> list[dict[str, Any]]:
        """The operator's actions (merge, split, title, pinned, hidden), oldest first."""

    # -- portal accounts -----------------------------------------------------------------
    @abstractmethod
    def add_subscriber(self, email: str) -> Subscriber: ...

    @abstractmethod
    def confirm_subscriber(self, token: str) -> Subscriber | None: ...

    @abstractmethod
    def unsubscribe(self, token: str) -> Subscriber | None: ...

    @abstractmethod
    def subscribers(self, status: str = "confirmed") -> list[Subscriber]: ...

    @abstractmethod
    def create_user(self, username: str, password_hash: str, is_admin: bool = True) -> User: ...

    @abstractmethod
    def get_user(self, key: str | int) -> User | None: ...

    @abstractmethod
    def set_password(self, user_id: int, password_hash: str) -> None: ...

    @abstractmethod
    def create_session(self, user_id: int, token: str, csrf_token: str, expires_at: str) -> Session: ...

    @abstractmethod
    def get_session(self, token: str, now: str | None = None) -> Session | None:
        """A live session (expired ones return None)."""

    @abstractmethod
    def delete_session(self, token: str) -> None: ...
