"""Storage: every line of SQL in newsdesk lives in this package.

    store = open_store(settings)          # SQLite file from settings.db (--db / NEWSDESK_DB)
    with store.batch():                   # one transaction
        res = store.upsert_article(article, page, source_id=src.id)

``Store`` (base.py) is the interface the stages, verbs and views use; the
records it takes and returns are in records.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Store
from .records import (
    DUPLICATE,
    NEW,
    SOURCE_KINDS,
    UPDATED,
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
    StoryMember,
    Subscriber,
    UpsertResult,
    User,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..settings import Settings

__all__ = [
    "Store", "open_store", "NEW", "DUPLICATE", "UPDATED", "SOURCE_KINDS", "ArticleVersion", "FetchRecord",
    "SearchFilters", "SearchHit", "Session", "Source", "SourceStatus", "StoredArticle", "StoredEntity", "StoredShort",
    "StoredStory", "StoryMember", "Subscriber", "UpsertResult", "User",
]


def open_store(settings: "Settings | None" = None, path: str | None = None) -> Store:
    """The store named by ``path``, else ``settings.db`` (a ``postgresql://`` URL is reserved for later)."""
    from ..errors import ConfigError

    target = path or (settings.db if settings is not None else "newsdesk.db")
    if target.startswith(("postgres://", "postgresql://")):
        raise ConfigError("the PostgreSQL backend is not built yet; use a SQLite file path")
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
