"""The PostgreSQL backend: the same ``Store``, the same SQL, psycopg 3 and a connection pool.

    store = open_store(path="postgresql://user@host:5432/newsdesk")   # pip install 'newsdesk[postgres]'

It runs the SQLite backend's SQL mixins unchanged: statements go through a small connection
wrapper that turns ``?`` into psycopg's placeholders (``dialect.py``) and returns rows that read
like ``sqlite3.Row`` (by index and by name). Full-text search is ``pg_search.py``.

Connections come from a ``psycopg_pool.ConnectionPool`` (autocommit; a read takes one for a
statement). A write (``batch()`` or any single write) holds one connection in a transaction that
first takes a transaction-level advisory lock: writers, in this process or in others, commit one
at a time, exactly as SQLite's ``BEGIN IMMEDIATE`` makes them. That is what keeps the upsert's
"look up the URL, else insert" and the near-duplicate groups correct with several ingest
processes on one database (READ COMMITTED: every statement after the lock sees what the previous
writer committed). Extraction and enrichment run outside the lock, in parallel. Just before it
commits, a write folds the count deltas its triggers appended into the portal's kept counts
(``newsdesk_fold_counts()``, migration 14), so counts and rows commit together.

Measured on a shared 2-core machine, PostgreSQL 15 on 127.0.0.1 (``fsync=off`` test cluster), so
as ratios: ``newsdesk ingest`` of a 300-article fixture-web WARC took 2.5 s client CPU / 8.2 s wall
on SQLite and 3.6 s / 15.9 s here; most of the difference is one round trip per statement (~18 per
article, ~0.5-0.7 ms each on that machine). The portal's data layer on 10,410 articles
(``benchmarks/store_backends_bench.py``, wall p50, SQLite / PostgreSQL): home 23 / 29 ms, article
0.7 / 6.8, story 0.2 / 4.9, search 30 / 74 (before the snippet work in pg_search.py), section
0.6 / 2.8.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from ..errors import ConfigError, StoreError
from .accounts import AccountsSQL
from .articles import ArticlesSQL
from .base import Store
from .dialect import pg_sql
from .enrichment import EnrichmentSQL
from .migrations import MIGRATIONS, script
from .pg_search import PGSearchSQL
from .sources import SourcesSQL
from .stories import StoriesSQL

#: advisory lock keys (any constants; "nd" in ASCII): one for writes, one for migrations
WRITE_LOCK, MIGRATE_LOCK = 0x6E64_0001, 0x6E64_0002
POOL_MIN, POOL_MAX = 1, 16
#: seconds to wait for the server when the store opens and for a free pooled connection
CONNECT_TIMEOUT_S = 10


class Row(tuple):
    """A result row read by position or by column name (as ``sqlite3.Row``)."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> "Row":
        row = tuple.__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    desc = cursor.description
    index = {} if desc is None else {d.name: i for i, d in reversed(list(enumerate(desc)))}
    return lambda values: Row(values, index)


def _clean(params: Any) -> Any:
    """PostgreSQL text cannot hold NUL: drop it where SQLite would have kept it."""
    if not params:
        return None
    return [p.replace("\x00", "") if isinstance(p, str) and "\x00" in p else p for p in params]


class PGConnection:
    """The part of ``sqlite3.Connection`` the mixins use, over one psycopg connection."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        values = _clean(params)
        cur = self.conn.cursor(row_factory=_row_factory)
        cur.execute(pg_sql(sql, values is not None), values)
        return cur

    def executemany(self, sql: str, seq: Any) -> Any:
        rows = [_clean(p) for p in seq]
        cur = self.conn.cursor()
        if rows:
            cur.executemany(pg_sql(sql, True), rows)
        return cur


class PostgresStore(SourcesSQL, ArticlesSQL, PGSearchSQL, EnrichmentSQL, StoriesSQL, AccountsSQL, Store):
    """A ``Store`` in a PostgreSQL database (``postgresql://...``)."""

    dialect = "postgresql"
    _kept_counts = True  # by triggers and a fold at every commit (migration 14)

    def __init__(self, url: str, *, min_size: int = POOL_MIN, max_size: int = POOL_MAX) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool, PoolTimeout
        except ImportError as exc:
            raise ConfigError("the PostgreSQL store needs psycopg: pip install 'newsdesk[postgres]'") from exc
        self._psycopg = psycopg
        self._pool_timeout = PoolTimeout
        self.path = url
        self._local = threading.local()
        try:  # one plain connection first: its error says why (the pool's would only time out)
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
            self._pool = ConnectionPool(url, min_size=min_size, max_size=max_size, open=True,
                                        timeout=CONNECT_TIMEOUT_S * 3, name="newsdesk",
                                        kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S})
            self._pool.wait(timeout=CONNECT_TIMEOUT_S)
        except (psycopg.Error, PoolTimeout) as exc:
            raise StoreError(f"cannot open store {_redact(url)}: {_redact_text(str(exc), url)}") from exc
        try:
            self._migrate()
        except BaseException:
            self._pool.close()
            raise

    def close(self) -> None:
        self._pool.close()

    # -- transactions ------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._tx():
            yield

    @contextmanager
    def _tx(self) -> Iterator[PGConnection]:
        """A connection inside a write transaction (joined when one is open on this thread)."""
        held = getattr(self._local, "tx", None)
        if held is not None:
            try:
                yield held
            except self._psycopg.Error as exc:
                raise StoreError(f"store write failed: {exc}") from exc
            return
        try:
            with self._pool.connection() as conn, conn.transaction():
                wrapped = PGConnection(conn)
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                self._local.tx = wrapped
                try:
                    yield wrapped
                    conn.execute("SELECT newsdesk_fold_counts()")  # the counts commit with the rows
                finally:
                    self._local.tx = None
        except self._psycopg.Error as exc:
            raise StoreError(f"store write failed: {exc}") from exc
        except self._pool_timeout as exc:
            raise StoreError(f"no database connection: {exc}") from exc

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads on this thread inside the block share one pooled connection (autocommit: each
        statement still sees every commit before it) instead of taking one from the pool per
        statement: 175 -> 118 us of client CPU per query, and a page makes 1-13 of them."""
        if getattr(self._local, "read", None) is not None:
            yield
            return
        try:
            with self._pool.connection() as conn:
                self._local.read = PGConnection(conn)
                try:
                    yield
                finally:
                    self._local.read = None
        except self._pool_timeout as exc:
            raise StoreError(f"no database connection: {exc}") from exc

    def _rows(self, sql: str, params: Any = ()) -> list[Any]:
        held = getattr(self._local, "tx", None) or getattr(self._local, "read", None)
        try:
            if held is not None:
                return held.execute(sql, params).fetchall()
            with self._pool.connection() as conn:
                return PGConnection(conn).execute(sql, params).fetchall()
        except self._psycopg.Error as exc:
            raise StoreError(f"store read failed: {exc}") from exc
        except self._pool_timeout as exc:
            raise StoreError(f"no database connection: {exc}") from exc

    def _row(self, sql: str, params: Any = ()) -> Any:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        row = self._row(sql, params)
        return row[0] if row is not None else None

    # -- migrations --------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self._scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version") or 0)

    def _migrate(self) -> None:
        """Each step in its own transaction, under a lock: concurrent openers migrate once."""
        try:
            with self._pool.connection() as conn:
                for version in range(1, len(MIGRATIONS) + 1):
                    with conn.transaction():
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
                        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                        done = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
                        if done > len(MIGRATIONS):
                            raise StoreError(f"store schema version {done} is newer than this newsdesk "
                                             f"({len(MIGRATIONS)})")
                        if done >= version:
                            continue
                        conn.execute(script(MIGRATIONS[version - 1], "postgresql"))
                        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot migrate store {_redact(self.path)}: {exc}") from exc


def _redact_text(text: str, url: str) -> str:
    from urllib.parse import urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return text
    return text.replace(password, "***") if password else text


def _redact(url: str) -> str:
    """The URL without its password (never in a message or a log)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://..."
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
