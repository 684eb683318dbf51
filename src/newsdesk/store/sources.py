"""SQL for sources, runs, fetches, drops and raw pages."""

from __future__ import annotations

import re
import sqlite3
import zlib
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import ConfigError, StoreError
from ..model import Drop, Page
from ._sql import SQLBase, dumps, equal_to, loads, where
from .identity import now_iso, raw_hash
from .records import SOURCE_KINDS, FetchRecord, Source, SourceStatus

#: Drop examples kept per (source, run, reason); the counters count them all.
DROP_SAMPLES_PER_REASON = 20
#: zlib level for raw pages: level 1 costs ~1.7 ms on a 250 kB page, level 6 ~4 ms for 15% less.
PAGE_ZLIB_LEVEL = 1
_SOURCE_FIELDS = {
    "paused", "schedule_s", "options", "etag", "last_modified", "last_fetch_at", "next_fetch_at", "name",
}


def _source(row: sqlite3.Row) -> Source:
    return Source(
        id=row["id"], kind=row["kind"], location=row["location"], name=row["name"],
        schedule_s=row["schedule_s"], paused=bool(row["paused"]), options=loads(row["options"], {}),
        etag=row["etag"], last_modified=row["last_modified"], checkpoint=loads(row["checkpoint"], {}),
        created_at=row["created_at"], last_fetch_at=row["last_fetch_at"], next_fetch_at=row["next_fetch_at"],
    )


def default_name(kind: str, location: str) -> str:
    if "://" in location:
        parts = urlsplit(location)
        base = (parts.hostname or location).removeprefix("www.") + parts.path.rstrip("/")
    else:
        base = location.rstrip("/").rsplit("/", 1)[-1] or location
    return re.sub(r"[^\w.\-/]+", "-", base)[:80].strip("-") or kind


class SourcesSQL(SQLBase):
    # -- sources -----------------------------------------------------------------------
    def add_source(self, kind: str, location: str, name: str | None = None, *, schedule_s: int | None = None,
                   options: dict[str, Any] | None = None, exist_ok: bool = False) -> Source:
        if kind not in SOURCE_KINDS:
            raise ConfigError(f"unknown source kind {kind!r} (one of {', '.join(SOURCE_KINDS)})")
        if not location:
            raise ConfigError("a source needs a URL or a path")
        with self._tx() as c:
            row = c.execute("SELECT * FROM sources WHERE kind=? AND location=?", (kind, location)).fetchone()
            if row is not None:
                if exist_ok:
                    return _source(row)
                raise ConfigError(f"source already exists: {row['name']} ({kind} {location})")
            base = name or default_name(kind, location)
            taken = c.execute("SELECT 1 FROM sources WHERE name=?", (base,)).fetchone()
            if taken and name:
                raise ConfigError(f"a source is already named {name!r}")
            final, n = base, 1
            while taken:
                n += 1
                final = f"{base}-{n}"
                taken = c.execute("SELECT 1 FROM sources WHERE name=?", (final,)).fetchone()
            cur = c.execute(
                "INSERT INTO sources (kind, location, name, schedule_s, options, created_at) VALUES (?,?,?,?,?,?) "
                "RETURNING id",
                (kind, location, final, schedule_s or 1800, dumps(options or {}), now_iso()),
            )
            return _source(c.execute("SELECT * FROM sources WHERE id=?", (cur.fetchone()[0],)).fetchone())

    def get_source(self, key: str | int) -> Source | None:
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            row = self._row("SELECT * FROM sources WHERE id=?", (int(key),))
            if row is not None:
                return _source(row)
        row = self._row("SELECT * FROM sources WHERE name=? OR location=? ORDER BY name=? DESC LIMIT 1",
                        (str(key), str(key), str(key)))
        return _source(row) if row is not None else None

    def list_sources(self) -> list[Source]:
        return [_source(r) for r in self._rows("SELECT * FROM sources ORDER BY name")]

    def remove_source(self, key: str | int) -> bool:
        src = self.get_source(key)
        if src is None:
            return False
        with self._tx() as c:
            c.execute("DELETE FROM drops WHERE source_id=?", (src.id,))
            c.execute("DELETE FROM drop_samples WHERE source_id=?", (src.id,))
            c.execute("DELETE FROM sources WHERE id=?", (src.id,))
        return True

    def update_source(self, source_id: int, **fields: Any) -> None:
        bad = set(fields) - _SOURCE_FIELDS
        if bad:
            raise StoreError(f"cannot update source fields {sorted(bad)}")
        if not fields:
            return
        values = [dumps(v) if k == "options" else (int(v) if k == "paused" else v) for k, v in fields.items()]
        sets = ", ".join(f"{k}=?" for k in fields)
        with self._tx() as c:
            c.execute(f"UPDATE sources SET {sets} WHERE id=?", (*values, source_id))

    def save_checkpoint(self, source_id: int, checkpoint: dict[str, Any]) -> None:
        with self._tx() as c:
            c.execute("UPDATE sources SET checkpoint=? WHERE id=?", (dumps(checkpoint), source_id))

    def due_sources(self, now: str | None = None) -> list[Source]:
        rows = self._rows(
            "SELECT * FROM sources WHERE paused=0 AND (next_fetch_at IS NULL OR next_fetch_at <= ?) "
            "ORDER BY COALESCE(next_fetch_at, ''), id", (now or now_iso(),),
        )
        return [_source(r) for r in rows]

    # -- runs, fetches, drops ----------------------------------------------------------
    def start_run(self, source_id: int | None) -> int:
        with self._tx() as c:
            return int(c.execute("INSERT INTO runs (source_id, started_at) VALUES (?, ?) RETURNING id",
                                 (source_id, now_iso())).fetchone()[0])

    def finish_run(self, run_id: int, counts: dict[str, Any], status: str = "done") -> None:
        with self._tx() as c:
            c.execute("UPDATE runs SET finished_at=?, status=?, counts=? WHERE id=?",
                      (now_iso(), status, dumps(counts), run_id))

    def record_fetch(self, fetch: FetchRecord, source_id: int | None = None, run_id: int | None = None) -> int:
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO fetches (source_id, run_id, url, status, ok, fetched_at, elapsed_ms, bytes, "
                "error_reason, error_detail) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (source_id, run_id, fetch.url, fetch.status, int(fetch.ok), fetch.fetched_at or now_iso(),
                 fetch.elapsed_ms, fetch.bytes, fetch.error_reason, (fetch.error_detail or "")[:500] or None),
            )
            return int(cur.fetchone()[0])

    def record_drop(self, drop: Drop, source_id: int | None = None, run_id: int | None = None) -> None:
        sid, rid = source_id or 0, run_id or 0
        with self._tx() as c:
            row = c.execute(
                "INSERT INTO drops (source_id, run_id, reason, count) VALUES (?,?,?,1) "
                "ON CONFLICT (source_id, run_id, reason) DO UPDATE SET count=drops.count+1 RETURNING count",
                (sid, rid, drop.reason),
            ).fetchone()
            if row[0] <= DROP_SAMPLES_PER_REASON:
                c.execute(
                    "INSERT INTO drop_samples (source_id, run_id, reason, url, detail, at) VALUES (?,?,?,?,?,?)",
                    (sid, rid, drop.reason, drop.url, (drop.detail or "")[:500], now_iso()),
                )

    def drop_counts(self, source_id: int | None = None, run_id: int | None = None) -> dict[str, int]:
        clauses, params = equal_to((("source_id", source_id), ("run_id", run_id)))
        rows = self._rows(f"SELECT reason, SUM(count) FROM drops{where(clauses)} GROUP BY reason "
                          "ORDER BY 2 DESC, reason", params)
        return {r[0]: int(r[1]) for r in rows}

    def drop_samples(self, source_id: int | None = None, reason: str | None = None, limit: int = 20) -> list[Drop]:
        clauses, params = equal_to((("d.source_id", source_id), ("d.reason", reason)))
        rows = self._rows(
            "SELECT d.reason, d.detail, d.url, s.name FROM drop_samples d LEFT JOIN sources s ON s.id=d.source_id"
            f"{where(clauses)} ORDER BY d.id DESC LIMIT ?", (*params, limit),
        )
        return [Drop(reason=r[0], detail=r[1] or "", url=r[2], source=r[3]) for r in rows]

    def status(self) -> list[SourceStatus]:
        articles = dict(self._rows("SELECT source_id, COUNT(*) FROM articles GROUP BY source_id"))
        errors: dict[int, dict[str, int]] = {}
        for sid, reason, n in self._rows(
            "SELECT source_id, COALESCE(error_reason, 'error'), COUNT(*) FROM fetches WHERE ok=0 "
            "GROUP BY source_id, error_reason"
        ):
            errors.setdefault(sid, {})[reason] = n
        drops: dict[int, dict[str, int]] = {}
        for sid, reason, n in self._rows("SELECT source_id, reason, SUM(count) FROM drops GROUP BY 1, 2"):
            drops.setdefault(sid, {})[reason] = int(n)
        out = []
        for src in self.list_sources():
            f = self._row("SELECT * FROM fetches WHERE source_id=? ORDER BY id DESC LIMIT 1", (src.id,))
            r = self._row("SELECT * FROM runs WHERE source_id=? ORDER BY id DESC LIMIT 1", (src.id,))
            out.append(SourceStatus(
                source=src,
                articles=int(articles.get(src.id, 0)),
                last_fetch=None if f is None else FetchRecord(
                    url=f["url"], ok=bool(f["ok"]), status=f["status"], elapsed_ms=f["elapsed_ms"],
                    bytes=f["bytes"], error_reason=f["error_reason"], error_detail=f["error_detail"],
                    fetched_at=f["fetched_at"]),
                last_run=None if r is None else {
                    "id": r["id"], "started_at": r["started_at"], "finished_at": r["finished_at"],
                    "status": r["status"], "counts": loads(r["counts"], {})},
                fetch_errors=errors.get(src.id, {}),
                drops=dict(sorted(drops.get(src.id, {}).items(), key=lambda kv: -kv[1])),
            ))
        return out

    # -- raw pages ---------------------------------------------------------------------
    def save_page(self, page: Page, source_id: int | None = None) -> int:
        h = raw_hash(page.content)
        with self._tx() as c:
            row = c.execute("SELECT id FROM pages WHERE raw_hash=?", (h,)).fetchone()
            if row is not None:
                return int(row[0])
            cur = c.execute(
                "INSERT INTO pages (source_id, url, fetched_at, status, content_type, kind, headers, raw_hash, "
                "codec, size, data) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (source_id, page.url, page.fetched_at, page.status, page.content_type, page.kind,
                 dumps(page.headers) if page.headers else "{}", h, "zlib", len(page.content),
                 zlib.compress(page.content, PAGE_ZLIB_LEVEL)),
            )
            return int(cur.fetchone()[0])

    def get_page(self, page_id: int) -> Page | None:
        row = self._row("SELECT p.*, s.name AS source_name FROM pages p LEFT JOIN sources s ON s.id=p.source_id "
                        "WHERE p.id=?", (page_id,))
        return _page(row) if row is not None else None

    def iter_pages(self, source_id: int | None = None, after_id: int = 0) -> Iterator[tuple[int, Page]]:
        last = after_id
        while True:
            clauses, params = ["p.id > ?"], [last]
            if source_id is not None:
                clauses.append("p.source_id=?")
                params.append(source_id)
            rows = self._rows("SELECT p.*, s.name AS source_name FROM pages p LEFT JOIN sources s ON "
                              f"s.id=p.source_id{where(clauses)} ORDER BY p.id LIMIT 200", params)
            if not rows:
                return
            for row in rows:
                last = row["id"]
                yield last, _page(row)

    def count_pages(self, source_id: int | None = None) -> int:
        if source_id is None:
            return int(self._scalar("SELECT COUNT(*) FROM pages"))
        return int(self._scalar("SELECT COUNT(*) FROM pages WHERE source_id=?", (source_id,)))


def _page(row: sqlite3.Row) -> Page:
    data = row["data"]
    if row["codec"] == "zlib":
        try:
            data = zlib.decompress(data)
        except zlib.error as exc:
            raise StoreError(f"page {row['id']} is corrupt: {exc}") from exc
    return Page(url=row["url"], content=bytes(data), content_type=row["content_type"], fetched_at=row["fetched_at"],
                source=row["source_name"], status=row["status"], headers=loads(row["headers"], {}), kind=row["kind"])
