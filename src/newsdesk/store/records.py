"""Typed records the store takes and returns (besides ``model.Article`` / ``Page`` / ``Drop``).

Backend-neutral: the SQLite backend and a later PostgreSQL one return the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Article

#: Kinds of source the store knows; adapters are chosen by kind.
SOURCE_KINDS = ("feed", "sitemap", "site", "url", "urls", "warc", "folder")

#: Statuses ``upsert_article`` returns.
NEW, DUPLICATE, UPDATED = "new", "duplicate", "updated"


@dataclass(slots=True)
class Source:
    id: int
    kind: str
    location: str
    name: str
    schedule_s: int = 1800
    paused: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    checkpoint: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    last_fetch_at: str | None = None
    next_fetch_at: str | None = None


@dataclass(slots=True)
class FetchRecord:
    """One fetch attempt, successful or not."""

    url: str
    ok: bool
    status: int | None = None
    elapsed_ms: float | None = None
    bytes: int | None = None
    error_reason: str | None = None
    error_detail: str | None = None
    fetched_at: str | None = None


@dataclass(slots=True)
class UpsertResult:
    article_id: int
    status: str  # NEW, DUPLICATE or UPDATED
    version: int = 1


@dataclass(slots=True)
class StoredArticle:
    """An article as stored: the record plus its identity and bookkeeping."""

    id: int
    article: Article
    content_hash: str
    norm_url: str | None
    version: int
    sort_time: str
    first_seen: str
    last_seen: str
    source_id: int | None = None
    page_id: int | None = None
    section_source: str | None = None
    word_count: int = 0
    hidden: bool = False
    story_id: int | None = None
    page_type: str | None = None  # None: not judged yet (shown as news)
    page_type_reason: str | None = None


@dataclass(slots=True)
class ArticleVersion:
    article_id: int
    version: int
    content_hash: str
    article: Article
    seen_at: str


@dataclass(slots=True)
class SearchFilters:
    section: str | None = None
    site_name: str | None = None  # the outlet
    source_id: int | None = None
    language: str | None = None
    entity_id: int | None = None
    since: str | None = None  # ISO 8601, compared with sort_time (UTC)
    until: str | None = None
    include_hidden: bool = False


@dataclass(slots=True)
class SearchHit:
    article_id: int
    title: str | None
    url: str | None
    site_name: str | None
    section: str | None
    sort_time: str
    snippet: str  # with the matched terms between ``<mark>`` and ``</mark>``; other text escaped
    score: float


@dataclass(slots=True)
class StoredShort:
    """An article's short; ``sources`` are (start, end) offsets of its sentences in the article body."""

    text: str
    sources: list[tuple[int, int]] = field(default_factory=list)
    method: str = "extractive"


@dataclass(slots=True)
class StoredEntity:
    """An entity as stored: one row per (normalised name, kind)."""

    id: int
    norm: str
    kind: str
    name: str
    articles: int = 0


@dataclass(slots=True)
class StoryMember:
    article_id: int
    title: str | None
    url: str | None
    site_name: str | None
    sort_time: str
    reason: dict[str, Any] = field(default_factory=dict)
    locked: bool = False


@dataclass(slots=True)
class StoredStory:
    """A story row with its members (see ``model.Story`` for the clusterer's view)."""

    id: int
    title: str | None
    first_seen: str
    last_update: str
    size: int = 0
    outlets: int = 0
    pinned: bool = False
    hidden: bool = False
    title_locked: bool = False
    section: str | None = None
    merged_into: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    members: list[StoryMember] = field(default_factory=list)


@dataclass(slots=True)
class Subscriber:
    id: int
    email: str
    status: str
    confirm_token: str | None
    unsubscribe_token: str
    created_at: str
    confirmed_at: str | None = None


@dataclass(slots=True)
class User:
    id: int
    username: str
    password_hash: str
    is_admin: bool
    created_at: str


@dataclass(slots=True)
class Session:
    token: str
    user_id: int
    csrf_token: str
    created_at: str
    expires_at: str


@dataclass(slots=True)
class SourceStatus:
    """One line of ``newsdesk status``."""

    source: Source
    articles: int = 0
    last_fetch: FetchRecord | None = None
    last_run: dict[str, Any] | None = None  # started_at, finished_at, status, counts
    fetch_errors: dict[str, int] = field(default_factory=dict)
    drops: dict[str, int] = field(default_factory=dict)
