"""Read queries only the portal needs (owned by the portal; same connection and conventions).

Functions take a store (SQLite or PostgreSQL) and use its read path (``store._rows``: a per-thread
connection, or one from the pool), so they never touch the writer. Every one is bounded by a LIMIT
or an index.
"""

from __future__ import annotations

from typing import Any

from ..slug import slugify
from .articles import _SELECT, NEWS_ONLY, row_stored
from .records import StoredArticle, StoredEntity
from .enrichment import ENTITY_WINDOW
from .search import COUNT_CAP


def story_members_full(store: Any, story_ids: list[int]) -> dict[int, list[StoredArticle]]:
    """Full article rows of the given stories' members, oldest first per story."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = store._rows(f"{_SELECT} WHERE m.story_id IN ({marks}) AND a.hidden=0 "
                       "ORDER BY a.sort_time, a.id", tuple(story_ids))
    out: dict[int, list[StoredArticle]] = {sid: [] for sid in story_ids}
    for r in rows:
        out.setdefault(r["story_id"], []).append(row_stored(r))
    return out


def story_outlets(store: Any, story_ids: list[int]) -> dict[int, list[str]]:
    """Distinct outlets per story, in order of their first report."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = store._rows(
        "SELECT m.story_id, COALESCE(a.site_name, '') AS site, MIN(a.sort_time) AS t FROM story_members m "
        f"JOIN articles a ON a.id=m.article_id WHERE m.story_id IN ({marks}) AND a.hidden=0 "
        "GROUP BY m.story_id, site ORDER BY t", tuple(story_ids))
    out: dict[int, list[str]] = {sid: [] for sid in story_ids}
    for sid, site, _ in rows:
        if site:
            out.setdefault(sid, []).append(site)
    return out


def story_leads(store: Any, story_ids: list[int]) -> dict[int, StoredArticle]:
    """The first visible report of each story (one indexed lookup per story)."""
    out: dict[int, StoredArticle] = {}
    for sid in story_ids:
        row = store._row(f"{_SELECT} WHERE m.story_id=? AND a.hidden=0 ORDER BY a.sort_time, a.id LIMIT 1",
                         (sid,))
        if row is not None:
            out[sid] = row_stored(row)
    return out


def entity_by_slug(store: Any, slug: str) -> StoredEntity | None:
    """An entity by its URL form: the norm itself, or the norm with spaces as hyphens."""
    cols = ("e.*, e.articles AS n" if store._kept_counts  # kept by triggers (migration 12)
            else "e.*, (SELECT COUNT(*) FROM article_entities WHERE entity_id=e.id) AS n")
    rows = store._rows(f"SELECT {cols} FROM entities e WHERE e.norm IN (?, ?) ORDER BY n DESC LIMIT 1",
                       (slug, slug.replace("-", " ")))
    if not rows and len(slug) >= 2:  # hyphens, accents: compare URL forms among the prefix's candidates
        pattern = slug[:2].replace("%", "").replace("_", "") + "%"
        rows = [r for r in store._rows(f"SELECT {cols} FROM entities e WHERE e.norm LIKE ? LIMIT 5000",
                                       (pattern,)) if slugify(r["norm"]) == slug]
        rows.sort(key=lambda r: -int(r["n"] or 0))
    if not rows:
        return None
    r = rows[0]
    return StoredEntity(id=r["id"], norm=r["norm"], kind=r["kind"], name=r["name"], articles=int(r["n"] or 0))


def entity_story_ids(store: Any, entity_id: int, limit: int = 10) -> list[int]:
    """Live stories naming the entity, by their latest such article, among the entity's
    ``ENTITY_WINDOW`` newest-stored articles (as ``entity_articles``)."""
    rows = store._rows(
        "SELECT m.story_id, MAX(a.sort_time) AS t FROM (SELECT article_id FROM article_entities WHERE entity_id=? "
        "ORDER BY article_id DESC LIMIT ?) ae "
        "JOIN story_members m ON m.article_id=ae.article_id "
        f"JOIN articles a{store._by_id_time} ON a.id=ae.article_id "
        "JOIN stories s ON s.id=m.story_id "
        "WHERE a.hidden=0 AND s.hidden=0 AND s.merged_into IS NULL "
        "GROUP BY m.story_id ORDER BY t DESC LIMIT ?", (entity_id, ENTITY_WINDOW, int(limit)))
    return [r[0] for r in rows]


_FACETS = {"site_name": "site", "language": "language", "section": "section"}


def facet_counts(store: Any, column: str, limit: int = 200) -> list[tuple[str, int]]:
    """Visible articles per section, outlet (``site_name``) or language, most first.

    Read from ``facet_counts``, which SQLite's triggers keep (migration 9): no page counts the
    articles. Elsewhere (PostgreSQL) they are counted."""
    if column not in _FACETS:
        raise ValueError(column)
    if not store._kept_counts:
        rows = store._rows(f"SELECT {column}, COUNT(*) AS n FROM articles WHERE {column} IS NOT NULL AND hidden=0 "
                           f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?", (int(limit),))
    else:
        rows = store._rows("SELECT value, n FROM facet_counts WHERE facet=? AND n > 0 ORDER BY n DESC, value "
                           "LIMIT ?", (_FACETS[column], int(limit)))
    return [(r[0], int(r[1])) for r in rows]


def distinct_values(store: Any, column: str, limit: int = 200) -> list[str]:
    """Distinct outlets or languages of visible articles, in order (``column``: a fixed name, never input)."""
    if column not in ("site_name", "language"):
        raise ValueError(column)
    if not store._kept_counts:
        rows = store._rows(f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL AND hidden=0 "
                           f"ORDER BY {column} LIMIT ?", (int(limit),))
    else:
        rows = store._rows("SELECT value FROM facet_counts WHERE facet=? AND n > 0 ORDER BY value LIMIT ?",
                           (_FACETS[column], int(limit)))
    return [r[0] for r in rows]


def count_articles(store: Any) -> int:
    """Every article, hidden ones too (what ``store.count_articles()`` counts), from the kept count."""
    if not store._kept_counts:
        return store.count_articles()
    return int(store._scalar("SELECT n FROM facet_counts WHERE facet='*'") or 0)


def write_version(store: Any) -> int:
    """A number that moves whenever articles, stories or story membership change, whoever wrote."""
    if not store._kept_counts:
        return 0  # no version kept: memoised values live out their minute, as before
    return int(store._scalar("SELECT n FROM facet_counts WHERE facet='version'") or 0)


def newest_time(store: Any) -> str | None:
    return store._scalar("SELECT MAX(sort_time) FROM articles WHERE hidden=0")


def count_stories(store: Any) -> int:
    if not store._kept_counts:
        return int(store._scalar("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND size > 0") or 0)
    return int(store._scalar("SELECT n FROM facet_counts WHERE facet='stories'") or 0)


def recent_stories(store: Any, since: str, limit: int = 300, *, news_only: bool = False) -> list[Any]:
    """Live stories updated since ``since`` and pinned ones whatever their age, newest first.

    ``news_only``: only stories most of whose visible members are judged news (or not judged yet), so
    five coffee histories and one slipped through do not make a top story.
    Two index walks (``stories_update``, the partial ``stories_pinned``) rather than one OR that
    would scan every story to find the pinned ones; members' page types come from an index.
    """
    from .stories import _story

    live = "merged_into IS NULL AND size > 0 AND hidden=0"
    if news_only:
        live += (" AND (SELECT 2 * SUM(CASE WHEN " + NEWS_ONLY + " THEN 1 ELSE 0 END) - COUNT(*) FROM story_members m "
                 f"JOIN articles a{store._by_id_time} ON a.id=m.article_id WHERE m.story_id=stories.id "
                 "AND a.hidden=0) > 0")
    rows = store._rows(
        f"SELECT * FROM (SELECT * FROM stories WHERE last_update >= ? AND {live} ORDER BY last_update DESC LIMIT ?) r "
        f"UNION SELECT * FROM (SELECT * FROM stories WHERE pinned=1 AND {live} ORDER BY last_update DESC LIMIT ?) p "
        "ORDER BY last_update DESC, id DESC LIMIT ?", (since, int(limit), int(limit), int(limit)))
    return [_story(r) for r in rows]


def search_page(store: Any, query: str, filters: Any = None, limit: int = 20,
                offset: int = 0) -> tuple[list[tuple[int, float, str]], int]:
    """One page of hits as (article id, score, snippet) and a total capped at ``COUNT_CAP``."""
    return (store.search_ranked(query, filters, limit, offset),
            store.count_search(query, filters, cap=COUNT_CAP))
