"""A throwaway PostgreSQL cluster for tests and benchmarks.

    with throwaway_postgres() as server:        # initdb in a temp dir, a free port on 127.0.0.1
        dsn = server.new_database()             # an empty database, dropped with the cluster

Uses the server binaries Debian ships (``/usr/lib/postgresql/<N>/bin`` or ``$NEWSDESK_PG_BIN``); as
root the cluster runs as the ``postgres`` user (PostgreSQL refuses to run as root). The cluster is
made for speed, not safety (``fsync=off``): it lives as long as one test session.
``PostgresUnavailable`` says why no cluster could start, so a caller can skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (the message says why)."""


def find_bin() -> Path:
    env = os.environ.get("NEWSDESK_PG_BIN")
    candidates = [Path(env)] if env else sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for cand in candidates:
        if (cand / "initdb").exists() and (cand / "pg_ctl").exists():
            return cand
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql-15")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, root: Path, port: int, user: str) -> None:
        self.root, self.port, self.user = root, port, user
        self.dsn = f"postgresql://{user}@127.0.0.1:{port}/postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str | None = None) -> str:
        """A fresh, empty database (or a copy of ``template``); its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        tpl = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.admin(f"CREATE DATABASE {name}{tpl}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[-1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root and runuser is missing: cannot start PostgreSQL as postgres")
    return [runuser, "-u", "postgres", "--", *cmd]


@contextmanager
def throwaway_postgres(*, max_connections: int = 200, shared_buffers: str = "64MB") -> Iterator[Server]:
    """Start a private cluster on 127.0.0.1; stop it and delete its files at the end.

    ``shared_buffers``: 64MB for tests; a benchmark on a large store gives it room to cache its tables."""
    pgbin = find_bin()
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        try:
            shutil.chown(root, "postgres")
        except (LookupError, OSError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable(f"running as root without a usable postgres user: {exc}") from exc
    user = "postgres" if os.geteuid() == 0 else (os.environ.get("USER") or "postgres")
    port = _free_port()
    started = False
    try:
        _run(_as_user([str(pgbin / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
                       "--locale=C.UTF-8", "--no-sync"]), "initdb")
        opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
                f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                f"-c max_connections={max_connections} -c shared_buffers={shared_buffers}")
        _run(_as_user([str(pgbin / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w",
                       "-t", "60", "start"]), "pg_ctl start", root / "log")
        started = True
        yield Server(root, port, user)
    finally:
        if started:
            subprocess.run(_as_user([str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    t = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PostgresUnavailable(f"{what} failed: {exc}") from exc
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        if log is not None and log.exists():
            tail += log.read_text(errors="replace").strip().splitlines()[-3:]
        raise PostgresUnavailable(f"{what} failed ({time.monotonic() - t:.1f}s): {' | '.join(tail)}")


class External(Server):
    """A server someone else runs (``NEWSDESK_TEST_PG_DSN``): databases are made on it with that role."""

    def __init__(self, dsn: str) -> None:  # noqa: D107 - the DSN names a database the role may connect to
        from urllib.parse import urlsplit

        self.dsn = dsn
        self._parts = urlsplit(dsn)
        self.root, self.port, self.user = Path("."), self._parts.port or 5432, self._parts.username or ""

    def url(self, dbname: str) -> str:
        return self._parts._replace(path="/" + dbname).geturl()
