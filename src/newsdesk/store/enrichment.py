"""SQL for enrichment results: entities, keywords, shorts, language/section, near-duplicate groups."""

from __future__ import annotations

import sqlite3
from typing import Any

from ._sql import SQLBase, dumps, loads
from .articles import _SELECT, NEWS_ONLY, row_stored
from .identity import now_iso
from ..model import Enrichment
from .records import StoredArticle, StoredEntity, StoredShort


def _entity(row: sqlite3.Row) -> StoredEntity:
    keys = row.keys()
    return StoredEntity(id=row["id"], norm=row["norm"], kind=row["kind"], name=row["name"],
                  articles=int(row["n"]) if "n" in keys and row["n"] is not None else 0)


class EnrichmentSQL(SQLBase):
    def save_enrichment(self, article_id: int, enrichment: Enrichment) -> None:
        """Store what enrichment found; entities, keywords and the short replace earlier ones.

        A section or page type an operator set (``*_source == "operator"``) is kept.
        """
        e = enrichment
        now = now_iso()
        with self._tx() as c:
            sets: list[str] = ["enriched_at=?"]
            params: list[Any] = [now]
            if e.language is not None:
                sets += ["language=?", "language_score=?"]
                params += [e.language, float(e.language_score)]
            if e.section is not None:
                sets.append("section=CASE WHEN section_source='operator' THEN section ELSE ? END")
                sets.append("section_score=CASE WHEN section_source='operator' THEN section_score ELSE ? END")
                sets.append("section_source=CASE WHEN section_source='operator' THEN section_source ELSE ? END")
                params += [e.section, float(e.section_score), e.section_source or "classifier"]
            if e.page_type:
                sets.append("page_type=CASE WHEN page_type_source='operator' THEN page_type ELSE ? END")
                sets.append("page_type_reason=CASE WHEN page_type_source='operator' THEN page_type_reason "
                            "ELSE ? END")
                sets.append("page_type_source=CASE WHEN page_type_source='operator' THEN page_type_source "
                            "ELSE 'auto' END")
                params += [e.page_type, e.page_type_reason]
            c.execute(f"UPDATE articles SET {', '.join(sets)} WHERE id=?", (*params, article_id))
            c.execute("DELETE FROM article_entities WHERE article_id=?", (article_id,))
            n = len(e.entities)
            # two statements for all the entities (batched by the driver), not two per entity: on
            # PostgreSQL every statement is a round trip
            c.executemany("INSERT INTO entities (norm, kind, name) VALUES (?,?,?) "
                          "ON CONFLICT (norm, kind) DO NOTHING", [(m.norm, m.kind, m.name) for m in e.entities])
            c.executemany(
                "INSERT INTO article_entities (article_id, entity_id, mentions, salience, surface) "
                "SELECT ?, id, ?, ?, ? FROM entities WHERE norm=? AND kind=? "
                "ON CONFLICT (article_id, entity_id) DO UPDATE SET "
                "mentions=article_entities.mentions+excluded.mentions, salience=CASE WHEN excluded.salience > "
                "article_entities.salience THEN excluded.salience ELSE article_entities.salience END",
                [(article_id, m.count, (n - rank) / n, m.name, m.norm, m.kind)
                 for rank, m in enumerate(e.entities)])
            c.execute("DELETE FROM keywords WHERE article_id=?", (article_id,))
            k = len(e.keywords)
            c.executemany("INSERT INTO keywords (article_id, keyword, score) VALUES (?,?,?) "
                          "ON CONFLICT DO NOTHING",
                          [(article_id, kw, (k - i) / k) for i, kw in enumerate(e.keywords)])
            if e.short:
                c.execute(
                    "INSERT INTO shorts (article_id, text, sources, method, created_at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT (article_id) DO UPDATE SET text=excluded.text, sources=excluded.sources, "
                    "method=excluded.method, created_at=excluded.created_at",
                    (article_id, e.short, dumps([list(x) for x in e.short_sources]), "extractive", now),
                )

    def article_entities(self, article_id: int) -> list[StoredEntity]:
        rows = self._rows(
            "SELECT e.*, ae.mentions AS n FROM article_entities ae JOIN entities e ON e.id=ae.entity_id "
            "WHERE ae.article_id=? ORDER BY ae.salience DESC, ae.mentions DESC, e.name", (article_id,))
        return [_entity(r) for r in rows]

    def get_entity(self, key: int | str, kind: str | None = None) -> StoredEntity | None:
        if isinstance(key, int):
            row = self._row("SELECT e.*, (SELECT COUNT(*) FROM article_entities WHERE entity_id=e.id) AS n "
                            "FROM entities e WHERE e.id=?", (key,))
        else:
            extra, params = ("AND e.kind=?", (key, kind)) if kind else ("", (key,))
            row = self._row("SELECT e.*, (SELECT COUNT(*) FROM article_entities WHERE entity_id=e.id) AS n "
                            f"FROM entities e WHERE e.norm=? {extra} ORDER BY n DESC LIMIT 1", params)
        return _entity(row) if row is not None else None

    def entity_articles(self, entity_id: int, limit: int = 20, offset: int = 0) -> list[StoredArticle]:
        rows = self._rows(
            f"{_SELECT} JOIN article_entities ae ON ae.article_id=a.id WHERE ae.entity_id=? AND a.hidden=0 "
            "ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?", (entity_id, int(limit), int(offset)))
        return [row_stored(r) for r in rows]

    def top_entities(self, since: str | None = None, limit: int = 20, kind: str | None = None, *,
                     news_only: bool = False) -> list[StoredEntity]:
        clauses, params = ["a.hidden=0"] + ([NEWS_ONLY] if news_only else []), []
        if since:
            clauses.append("a.sort_time >= ?")
            params.append(since)
        if kind:
            clauses.append("e.kind=?")
            params.append(kind)
        rows = self._rows(
            "SELECT e.*, COUNT(*) AS n FROM article_entities ae JOIN entities e ON e.id=ae.entity_id "
            f"JOIN articles a ON a.id=ae.article_id WHERE {' AND '.join(clauses)} "
            "GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?", (*params, int(limit)))
        return [_entity(r) for r in rows]

    def article_keywords(self, article_id: int) -> list[tuple[str, float]]:
        rows = self._rows("SELECT keyword, score FROM keywords WHERE article_id=? ORDER BY score DESC, keyword",
                          (article_id,))
        return [(r[0], float(r[1])) for r in rows]

    def get_short(self, article_id: int) -> StoredShort | None:
        row = self._row("SELECT * FROM shorts WHERE article_id=?", (article_id,))
        if row is None:
            return None
        return StoredShort(text=row["text"], sources=[tuple(x) for x in loads(row["sources"], [])],
                           method=row["method"])

    def latest_shorts(self, limit: int = 20, section: str | None = None, *,
                      news_only: bool = False) -> list[tuple[StoredArticle, StoredShort]]:
        extra, params = ("AND a.section=?", [section]) if section else ("", [])
        extra += f" AND {NEWS_ONLY}" if news_only else ""
        rows = self._rows(
            f"SELECT a.*, m.story_id AS story_id, s.text AS short_text, s.sources AS short_sources, "
            "s.method AS short_method FROM shorts s JOIN articles a ON a.id=s.article_id "
            f"LEFT JOIN story_members m ON m.article_id=a.id WHERE a.hidden=0 {extra} "
            "ORDER BY a.sort_time DESC, a.id DESC LIMIT ?", (*params, int(limit)))
        return [(row_stored(r), StoredShort(text=r["short_text"], method=r["short_method"],
                                            sources=[tuple(x) for x in loads(r["short_sources"], [])]))
                for r in rows]

    # -- near-duplicates -----------------------------------------------------------------
    def save_duplicates(self, original_id: int, members: dict[int, float]) -> int:
        """Group members under ``original_id``; groups that touch any of them are folded in."""
        ids = {original_id, *members}
        with self._tx() as c:
            marks = ",".join("?" * len(ids))
            old = [r[0] for r in c.execute(
                f"SELECT DISTINCT group_id FROM dup_members WHERE article_id IN ({marks})", tuple(ids))]
            if old:
                gid = old[0]
                c.execute("UPDATE dup_groups SET original_id=? WHERE id=?", (original_id, gid))
                for other in old[1:]:
                    c.execute("UPDATE dup_members SET group_id=? WHERE group_id=?", (gid, other))
                    c.execute("DELETE FROM dup_groups WHERE id=?", (other,))
            else:
                gid = int(c.execute("INSERT INTO dup_groups (original_id, created_at) VALUES (?, ?) RETURNING id",
                                    (original_id, now_iso())).fetchone()[0])
            rows = [(original_id, gid, 1.0)] + [(a, gid, float(s)) for a, s in members.items() if a != original_id]
            c.executemany("INSERT INTO dup_members (article_id, group_id, similarity) VALUES (?,?,?) "
                          "ON CONFLICT (article_id) DO UPDATE SET group_id=excluded.group_id, "
                          "similarity=excluded.similarity", rows)
            return gid

    def duplicates_of(self, article_id: int) -> tuple[int | None, list[int]]:
        row = self._row("SELECT g.id, g.original_id FROM dup_members m JOIN dup_groups g ON g.id=m.group_id "
                        "WHERE m.article_id=?", (article_id,))
        if row is None:
            return None, []
        ids = [r[0] for r in self._rows("SELECT article_id FROM dup_members WHERE group_id=? ORDER BY article_id",
                                        (row[0],))]
        return int(row[1]), ids
