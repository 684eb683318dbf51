"""Shared test helpers: the ../shared folder, found relative to the repo root, and the store backends.

Store and portal tests take ``db_url``: each runs once on SQLite (a file in tmp_path) and once on
PostgreSQL (a fresh database copied from a migrated template). PostgreSQL is a throwaway cluster
started once per session from the server binaries (``newsdesk.testing.postgres``), or the server
named by ``NEWSDESK_TEST_PG_DSN``. Where it cannot start, the PostgreSQL runs skip with the reason;
with ``NEWSDESK_TEST_PG_REQUIRED=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BACKENDS = ["sqlite", "postgresql"]


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip the test with a clear reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared data not present ({'/'.join(parts)}); shared-set tests skipped")
    return p


@pytest.fixture
def shared():
    return shared_path


def _unavailable(reason: str) -> None:
    if os.environ.get("NEWSDESK_TEST_PG_REQUIRED") == "1":
        pytest.fail(f"PostgreSQL is required here (NEWSDESK_TEST_PG_REQUIRED=1): {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session (throwaway cluster, or NEWSDESK_TEST_PG_DSN)."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        _unavailable("psycopg / psycopg_pool not installed (pip install 'newsdesk[postgres]')")
    from newsdesk.testing.postgres import External, PostgresUnavailable, throwaway_postgres

    dsn = os.environ.get("NEWSDESK_TEST_PG_DSN")
    if dsn:
        yield External(dsn)
        return
    try:
        cm = throwaway_postgres()
        server = cm.__enter__()
    except PostgresUnavailable as exc:
        _unavailable(str(exc))
    try:
        yield server
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def pg_database(pg_server):
    """One migrated database for the session; ``pg_url`` empties it before each test."""
    from newsdesk.store import open_store

    url = pg_server.new_database()
    open_store(path=url).close()
    yield url
    pg_server.drop_database(url)


def empty_database(url: str) -> None:
    """Delete every row and restart the ids: 15-35 ms, where a copy of a template database takes ~1.4 s."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version'")]
        conn.execute("; ".join(f'DELETE FROM "{t}"' for t in tables))
        conn.execute("SELECT newsdesk_recount()")  # the kept counts of an empty store (migration 14)
        conn.execute("SELECT setval(pg_get_serial_sequence(quote_ident(table_name), 'id'), 1, false) "
                     "FROM information_schema.columns WHERE table_schema = current_schema() "
                     "AND column_name = 'id' AND is_identity = 'YES'")


@pytest.fixture
def pg_url(pg_database):
    """The session's PostgreSQL database, empty, ids restarted."""
    empty_database(pg_database)
    return pg_database


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """Where a test's store lives: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return request.getfixturevalue("pg_url")
