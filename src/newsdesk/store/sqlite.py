"""The SQLite backend: one file, WAL, foreign keys, one writer.

Every write goes through one connection guarded by a lock (one writer, as in
datasette's write thread); reads use a connection per thread, so the portal
can read while an ingest writes. ``batch()`` groups writes into one
transaction; writes outside a batch commit on their own.

The SQL itself lives in the mixin modules next to this one, split by concern:
``sources.py`` (sources, runs, fetches, drops, pages), ``articles.py``,
``search.py``, ``enrichment.py``, ``stories.py`` and ``accounts.py``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from .accounts import AccountsSQL
from .articles import ArticlesSQL
from .base import Store
from .enrichment import EnrichmentSQL
from .migrations import MIGRATIONS, script
from .search import SearchSQL
from .sources import SourcesSQL
from .stories import StoriesSQL

BUSY_TIMEOUT_S = 30.0


class SQLiteStore(SourcesSQL, ArticlesSQL, SearchSQL, EnrichmentSQL, StoriesSQL, AccountsSQL, Store):
    """A ``Store`` in one SQLite file (``":memory:"`` works too, on a single connection)."""

    _by_id_time = " INDEXED BY articles_id_time"  # hidden, sort_time by id without reading the row
    _kept_counts = True

    def __init__(self, path: str | Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = str(path)
        self._memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        self._busy = busy_timeout_s
        self._lock = threading.RLock()
        self._depth = 0
        self._owner: int | None = None
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        if not self._memory:
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"store folder does not exist: {parent}")
        self._w = self._connect()
        self._migrate()

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        """A connection in WAL mode. Switching a new file to WAL can answer "database is locked" at once,
        without waiting on the busy timeout, while another process creates or migrates the same
        file; that is retried until the busy timeout has passed."""
        deadline = time.monotonic() + self._busy
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() >= deadline:
                    raise StoreError(f"cannot open store {self.path}: {exc}") from exc
                time.sleep(0.05)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=self._busy)
        try:
            conn.row_factory = sqlite3.Row
            if not self._memory:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(self._busy * 1000)}")
            conn.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _reader(self) -> sqlite3.Connection:
        """The write connection inside our own batch or for :memory:, else this thread's reader."""
        if self._memory or (self._depth and self._owner == threading.get_ident()):
            return self._w
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            self._readers.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in [*self._readers, self._w]:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._readers.clear()

    # -- transactions ------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._tx():
            yield

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """The write connection inside a transaction (joined when one is open on this thread)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._w
                except sqlite3.Error as exc:
                    raise StoreError(f"store write failed: {exc}") from exc
                finally:
                    self._depth -= 1
                return
            try:
                self._w.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot start a write: {exc}") from exc
            self._depth, self._owner = 1, threading.get_ident()
            try:
                yield self._w
                self._w.execute("COMMIT")
            except BaseException as exc:
                try:
                    self._w.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"store write failed: {exc}") from exc
                raise
            finally:
                self._depth, self._owner = 0, None

    def _rows(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        try:
            return self._reader().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"store read failed: {exc}") from exc

    def _row(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        row = self._row(sql, params)
        return row[0] if row is not None else None

    # -- migrations --------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self._scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version") or 0)

    def _migrate(self) -> None:
        conn = self._w
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"store schema version {current} is newer than this newsdesk ({len(MIGRATIONS)})"
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # another process may have migrated while we waited for the lock
                    done = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
                    if done < version:
                        for stmt in _statements(script(MIGRATIONS[version - 1], "sqlite")):
                            conn.execute(stmt)
                        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot migrate store {self.path}: {exc}") from exc


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements (trigger bodies stay whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            if stmt and stmt != ";":
                yield stmt
            buf = ""
    if buf.strip():
        yield buf.strip()
