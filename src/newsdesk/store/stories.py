"""SQL for stories: membership with reasons, and operator merges / splits / edits that stick.

An operator's decision is kept two ways: members an operator placed are
``locked`` (the clusterer's ``assign_story`` will not move them), and a merged
story keeps ``merged_into`` so later assignments to it land in the survivor.
Every operator action is also logged in ``story_ops``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import StoreError
from ._sql import SQLBase, dumps, loads
from .identity import now_iso
from .records import StoredStory, StoryMember

_STORY_FIELDS = {"title", "auto_title", "pinned", "hidden", "section", "data"}


def _story(row: sqlite3.Row) -> StoredStory:
    return StoredStory(
        id=row["id"], title=row["title"], first_seen=row["first_seen"], last_update=row["last_update"],
        size=row["size"], outlets=row["outlets"], pinned=bool(row["pinned"]), hidden=bool(row["hidden"]),
        title_locked=bool(row["title_locked"]), section=row["section"], merged_into=row["merged_into"],
        data=loads(row["data"], {}),
    )


#: an article's outlet, as a story counts its outlets
_OUTLET = "COALESCE(a.site_name, CAST(a.source_id AS TEXT))"


def refresh_story(c: sqlite3.Connection, story_id: int) -> None:
    """Recount a story's size, outlets, first and last time from its members (after members left it)."""
    c.execute(
        "UPDATE stories SET "
        "size=(SELECT COUNT(*) FROM story_members WHERE story_id=?), "
        f"outlets=(SELECT COUNT(DISTINCT {_OUTLET}) FROM story_members m "
        "         JOIN articles a ON a.id=m.article_id WHERE m.story_id=?), "
        "first_seen=COALESCE((SELECT MIN(a.sort_time) FROM story_members m JOIN articles a "
        "         ON a.id=m.article_id WHERE m.story_id=?), first_seen), "
        "last_update=COALESCE((SELECT MAX(a.sort_time) FROM story_members m JOIN articles a "
        "         ON a.id=m.article_id WHERE m.story_id=?), last_update) "
        "WHERE id=?", (story_id,) * 5,
    )


def _joined(c: sqlite3.Connection, story_id: int, article_id: int) -> None:
    """``refresh_story`` after one article joined the story, without reading its other members: one
    more member, one more outlet unless another member has it, its time widening the story's span
    (the story's figures are its members' at every write: ``refresh_story`` whenever members leave or
    a member's time or outlet changes). The recount read every member at each join, which grew with
    the story (quadratic over a big story's life)."""
    row = c.execute(f"SELECT {_OUTLET}, a.sort_time FROM articles a WHERE a.id=?", (article_id,)).fetchone()
    if row is None:
        refresh_story(c, story_id)
        return
    outlet, t = row[0], row[1]
    new_outlet = outlet is not None and c.execute(
        f"SELECT 1 FROM story_members m JOIN articles a ON a.id=m.article_id WHERE m.story_id=? "
        f"AND m.article_id<>? AND {_OUTLET}=? LIMIT 1", (story_id, article_id, outlet)).fetchone() is None
    c.execute(
        "UPDATE stories SET size=size+1, outlets=outlets+?, "
        "first_seen=CASE WHEN size=0 OR ? < first_seen THEN ? ELSE first_seen END, "
        "last_update=CASE WHEN size=0 OR ? > last_update THEN ? ELSE last_update END WHERE id=?",
        (int(new_outlet), t, t, t, t, story_id))


class StoriesSQL(SQLBase):
    def create_story(self, title: str | None, first_seen: str | None = None, data: dict | None = None,
                     key: str | None = None) -> int:
        """A new story; ``key`` is the clusterer's own id for it (unique)."""
        t = first_seen or now_iso()
        with self._tx() as c:
            return int(c.execute(
                "INSERT INTO stories (title, first_seen, last_update, data, key) VALUES (?,?,?,?,?) RETURNING id",
                (title, t, t, dumps(data or {}), key),
            ).fetchone()[0])

    def story_by_key(self, key: str) -> int | None:
        """The story the clusterer calls ``key`` (resolved through operator merges)."""
        with self._tx() as c:
            row = c.execute("SELECT id FROM stories WHERE key=?", (key,)).fetchone()
            return self._resolve(c, row[0]) if row is not None else None

    def get_state(self, name: str) -> dict[str, Any] | None:
        row = self._row("SELECT data FROM core_state WHERE name=?", (name,))
        return loads(row[0], None) if row is not None else None

    def save_state(self, name: str, data: dict[str, Any]) -> int:
        with self._tx() as c:
            return int(c.execute(
                "INSERT INTO core_state (name, data, updated_at, version) VALUES (?,?,?,1) ON CONFLICT (name) "
                "DO UPDATE SET data=excluded.data, updated_at=excluded.updated_at, version=core_state.version+1 "
                "RETURNING version", (name, dumps(data), now_iso())).fetchone()[0])

    def state_version(self, name: str) -> int:
        """Raised by every ``save_state`` (0: never saved); read inside a batch, no other writer moves it."""
        return int(self._scalar("SELECT version FROM core_state WHERE name=?", (name,)) or 0)

    def load_core_snapshot(self) -> tuple[dict[str, Any], int]:
        rows = self._rows("SELECT name, data, log_seq FROM core_state")
        states = {r["name"]: loads(r["data"], None) for r in rows}
        return {k: v for k, v in states.items() if v is not None}, min((r["log_seq"] for r in rows), default=0)

    def core_snapshot_seq(self) -> int:
        return int(self._scalar("SELECT COALESCE(MIN(log_seq), 0) FROM core_state") or 0)

    def core_log_since(self, seq: int) -> list[tuple[int, str, dict[str, Any]]]:
        rows = self._rows("SELECT seq, writer, data FROM core_log WHERE seq > ? ORDER BY seq", (seq,))
        return [(r["seq"], r["writer"], loads(r["data"], {})) for r in rows]

    def append_core_log(self, writer: str, docs: int, data: dict[str, Any]) -> int:
        with self._tx() as c:  # the next number under the write lock: commit order, on both backends
            return int(c.execute(
                "INSERT INTO core_log (seq, writer, docs, data, created_at) "
                "VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM core_log), ?,?,?,?) RETURNING seq",
                (writer, docs, dumps(data), now_iso())).fetchone()[0])

    def lock_core_log(self) -> None:
        """Both backends' write transactions already hold every other writer off (SQLite's BEGIN
        IMMEDIATE, PostgreSQL's advisory write lock)."""

    def save_core_snapshot(self, states: dict[str, dict[str, Any]], seq: int) -> None:
        at = now_iso()
        with self._tx() as c:
            c.executemany("INSERT INTO core_state (name, data, updated_at, log_seq) VALUES (?,?,?,?) "
                          "ON CONFLICT (name) DO UPDATE SET data=excluded.data, updated_at=excluded.updated_at, "
                          "log_seq=excluded.log_seq WHERE excluded.log_seq >= core_state.log_seq",  # never an older one
                          [(name, dumps(d), at, seq) for name, d in states.items()])
            c.execute("DELETE FROM core_log WHERE seq < ?", (seq,))

    @staticmethod
    def _resolve(c: sqlite3.Connection, story_id: int) -> int:
        seen = set()
        while True:
            row = c.execute("SELECT merged_into FROM stories WHERE id=?", (story_id,)).fetchone()
            if row is None:
                raise StoreError(f"no story {story_id}")
            if row[0] is None or row[0] in seen:
                return story_id
            seen.add(story_id)
            story_id = row[0]

    @staticmethod
    def _refresh(c: sqlite3.Connection, story_id: int) -> None:
        refresh_story(c, story_id)

    def assign_story(self, article_id: int, story_id: int, reason: dict[str, Any] | None = None, *,
                     locked: bool = False) -> bool:
        with self._tx() as c:
            target = self._resolve(c, story_id)
            old = c.execute("SELECT story_id, locked FROM story_members WHERE article_id=?",
                            (article_id,)).fetchone()
            if old is not None and old["locked"] and not locked:
                return False
            c.execute(
                "INSERT INTO story_members (article_id, story_id, reason, locked, added_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id=excluded.story_id, reason=excluded.reason, "
                "locked=excluded.locked, added_at=excluded.added_at",
                (article_id, target, dumps(reason or {}), int(locked), now_iso()),
            )
            if old is None or old["story_id"] != target:
                _joined(c, target, article_id)
            if old is not None and old["story_id"] != target:
                self._refresh(c, old["story_id"])
            return True

    def story(self, story_id: int, members: bool = True) -> StoredStory | None:
        row = self._row("SELECT * FROM stories WHERE id=?", (story_id,))
        hops = 0
        while row is not None and row["merged_into"] is not None and hops < 50:
            row = self._row("SELECT * FROM stories WHERE id=?", (row["merged_into"],))
            hops += 1
        if row is None:
            return None
        s = _story(row)
        if members:
            rows = self._rows(
                "SELECT a.id, a.title, a.url, a.site_name, a.sort_time, m.reason, m.locked FROM story_members m "
                "JOIN articles a ON a.id=m.article_id WHERE m.story_id=? ORDER BY a.sort_time, a.id", (s.id,))
            s.members = [StoryMember(article_id=r[0], title=r[1], url=r[2], site_name=r[3], sort_time=r[4],
                                     reason=loads(r[5], {}), locked=bool(r[6])) for r in rows]
        return s

    def story_of(self, article_id: int) -> int | None:
        return self._scalar("SELECT story_id FROM story_members WHERE article_id=?", (article_id,))

    def stories(self, since: str | None = None, limit: int = 50, offset: int = 0, *,
                include_hidden: bool = False, section: str | None = None) -> list[StoredStory]:
        clauses, params = ["merged_into IS NULL", "size > 0"], []
        if since:
            clauses.append("last_update >= ?")
            params.append(since)
        if not include_hidden:
            clauses.append("hidden=0")
        if section:
            clauses.append("section=?")
            params.append(section)
        rows = self._rows(f"SELECT * FROM stories WHERE {' AND '.join(clauses)} "
                          "ORDER BY pinned DESC, last_update DESC, id DESC LIMIT ? OFFSET ?",
                          (*params, int(limit), int(offset)))
        return [_story(r) for r in rows]

    def update_story(self, story_id: int, **fields: Any) -> None:
        """``title`` is an operator edit (locks it); ``auto_title`` is the clusterer's (ignored when locked)."""
        bad = set(fields) - _STORY_FIELDS
        if bad:
            raise StoreError(f"cannot update story fields {sorted(bad)}")
        with self._tx() as c:
            for key, value in fields.items():
                if key == "title":
                    c.execute("UPDATE stories SET title=?, title_locked=1 WHERE id=?", (value, story_id))
                    self._log(c, "title", story_id, {"title": value}, None)
                elif key == "auto_title":
                    c.execute("UPDATE stories SET title=? WHERE id=? AND title_locked=0", (value, story_id))
                elif key == "data":
                    c.execute("UPDATE stories SET data=? WHERE id=?", (dumps(value), story_id))
                else:
                    v = int(value) if key in ("pinned", "hidden") else value
                    c.execute(f"UPDATE stories SET {key}=? WHERE id=?", (v, story_id))
                    if key in ("pinned", "hidden"):
                        self._log(c, key, story_id, {key: bool(value)}, None)

    def merge_stories(self, into_id: int, other_ids: list[int], actor: str | None = None, *,
                      lock: bool = True) -> None:
        with self._tx() as c:
            into = self._resolve(c, into_id)
            for other in other_ids:
                src = self._resolve(c, other)
                if src == into:
                    continue
                c.execute(f"UPDATE story_members SET story_id=?{', locked=1' if lock else ''} WHERE story_id=?",
                          (into, src))
                c.execute("UPDATE stories SET merged_into=?, size=0, outlets=0 WHERE id=?", (into, src))
            if lock:
                c.execute("UPDATE story_members SET locked=1 WHERE story_id=?", (into,))
            self._refresh(c, into)
            self._log(c, "merge", into, {"merged": list(other_ids)}, actor)

    def split_story(self, story_id: int, article_ids: list[int], actor: str | None = None,
                    title: str | None = None) -> int:
        if not article_ids:
            raise StoreError("a split needs at least one article")
        with self._tx() as c:
            src = self._resolve(c, story_id)
            marks = ",".join("?" * len(article_ids))
            found = c.execute(f"SELECT COUNT(*) FROM story_members WHERE story_id=? AND article_id IN ({marks})",
                              (src, *article_ids)).fetchone()[0]
            if found != len(set(article_ids)):
                raise StoreError(f"not every article is in story {src}")
            now = now_iso()
            new = int(c.execute(
                "INSERT INTO stories (title, title_locked, first_seen, last_update) VALUES (?,?,?,?) RETURNING id",
                (title, int(title is not None), now, now)).fetchone()[0])
            c.execute(f"UPDATE story_members SET story_id=?, locked=1 WHERE article_id IN ({marks})",
                      (new, *article_ids))
            c.execute("UPDATE story_members SET locked=1 WHERE story_id=?", (src,))
            self._refresh(c, src)
            self._refresh(c, new)
            self._log(c, "split", src, {"new_story": new, "articles": list(article_ids)}, actor)
            return new

    def story_ops(self, story_id: int | None = None) -> list[dict[str, Any]]:
        extra, params = (" WHERE story_id=?", (story_id,)) if story_id is not None else ("", ())
        rows = self._rows(f"SELECT * FROM story_ops{extra} ORDER BY id", params)
        return [{"op": r["op"], "story_id": r["story_id"], "data": loads(r["data"], {}), "actor": r["actor"],
                 "at": r["at"]} for r in rows]

    @staticmethod
    def _log(c: sqlite3.Connection, op: str, story_id: int, data: dict[str, Any], actor: str | None) -> None:
        c.execute("INSERT INTO story_ops (op, story_id, data, actor, at) VALUES (?,?,?,?,?)",
                  (op, story_id, dumps(data), actor, now_iso()))
