"""Storage: every line of SQL in newsdesk lives in this package.

    store = open_store(settings)          # settings.db (--db / NEWSDESK_DB): a SQLite file path,
                                          # or postgresql://user@host/db (extra: newsdesk[postgres])
    with store.batch():                   # one transaction
        res = store.upsert_article(article, page, source_id=src.id)

``Store`` (base.py) is the interface the stages, verbs and views use; the
records it takes and returns are in records.py. Two backends implement it:
``SQLiteStore`` (sqlite.py) and ``PostgresStore`` (pg.py). Both run the same
hand-written SQL (the mixins: sources.py, articles.py, enrichment.py,
stories.py, accounts.py, portal.py), written in the subset both databases read
alike; what differs is in dialect.py (placeholders, column types), in the
``postgresql`` parts of the one migration history (migrations.py) and in the
full-text search (search.py: FTS5; pg_search.py: tsvector + GIN).

Why an interface over hand-written SQL, not a query layer (SQLAlchemy Core +
Alembic): measured on a 10,410-article store (benchmarks/store_layer_bench.py,
CPU per page, the statements the portal issues for each page kind replayed
through sqlite3 as the store does and through SQLAlchemy 2.0.44 Core's
cheapest path, ``exec_driver_sql`` on a pooled engine), Core costs
home 2.17 -> 2.73 ms (1.25x), article 0.19 -> 0.40 (2.15x), story 0.12 -> 0.40
(3.2x), search 5.8 -> 8.4 (1.45x), section 0.18 -> 0.29 (1.6x); built as
``select()`` expressions, three common shapes 0.048 -> 0.134 ms (2.8x). What it
would buy is small here: the two dialects differ in a handful of places once
the SQL sticks to the common subset (ON CONFLICT, RETURNING, CASE, CAST), and
the one real difference, full-text search, is outside what Core abstracts
(FTS5 tables and bm25 vs tsvector and ts_rank: written per backend either
way). Alembic would be a second migration system beside an append-only list
that already serves both. So: the ``Store`` ABC is the contract, a backend is
one class plus its search, and the SQL stays readable and measured.
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
    "Store", "open_store", "is_postgres", "redact_url", "NEW", "DUPLICATE", "UPDATED", "SOURCE_KINDS", "ArticleVersion", "FetchRecord",
    "SearchFilters", "SearchHit", "Session", "Source", "SourceStatus", "StoredArticle", "StoredEntity", "StoredShort",
    "StoredStory", "StoryMember", "Subscriber", "UpsertResult", "User",
]


def is_postgres(target: str) -> bool:
    return target.startswith(("postgres://", "postgresql://"))


def redact_url(target: str) -> str:
    """The store's name for a message or a log: a database URL loses its password."""
    if not is_postgres(target):
        return target
    from .pg import _redact

    return _redact(target)


def open_store(settings: "Settings | None" = None, path: str | None = None) -> Store:
    """The store named by ``path``, else ``settings.db``: a SQLite file, or a ``postgresql://`` URL."""
    target = path or (settings.db if settings is not None else "newsdesk.db")
    if is_postgres(target):
        from .pg import PostgresStore

        return PostgresStore(target)
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
