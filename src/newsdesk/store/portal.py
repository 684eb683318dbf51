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


def story_leads(store: Any, story_ids: list[int]) -> dict[int, StoredArticle]:
    """The first visible report of each story (an indexed lookup per story, all in two queries)."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    leads = {int(r[0]): int(r[1]) for r in store._rows(
        "SELECT st.id, (SELECT a.id FROM story_members m JOIN articles a ON a.id=m.article_id WHERE m.story_id=st.id "
        f"AND a.hidden=0 ORDER BY a.sort_time, a.id LIMIT 1) FROM stories st WHERE st.id IN ({marks})",
        tuple(story_ids)) if r[1] is not None}
    found = articles_by_id(store, list(leads.values()))
    return {sid: found[aid] for sid, aid in leads.items() if aid in found}


def stories_by_id(store: Any, story_ids: list[int]) -> list[Any]:
    """The given stories (no members), in the given order, in one query; a story merged into another
    since is read through ``store.story``, which follows it."""
    from .stories import _story

    if not story_ids:
        return []
    marks = ",".join("?" * len(story_ids))
    rows = {r["id"]: r for r in store._rows(f"SELECT * FROM stories WHERE id IN ({marks})", tuple(story_ids))}
    out = []
    for sid in story_ids:
        r = rows.get(sid)
        s = _story(r) if r is not None and r["merged_into"] is None else store.story(sid, members=False)
        if s is not None:
            out.append(s)
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


#: how many of an entity's window an entity page reads (its 30 articles; its stories nearly always)
WINDOW_HEAD = 200


def entity_window_ids(store: Any, entity_id: int, head: int | None = None) -> list[int]:
    """The visible articles among the entity's ``ENTITY_WINDOW`` newest-stored ones, newest first (by
    sort time, then id: the order ``store.entity_articles`` pages through), read from the indexes;
    ``head``: the first ones only."""
    return [int(r[0]) for r in store._rows(
        "SELECT a.id FROM (SELECT article_id FROM article_entities WHERE entity_id=? ORDER BY article_id DESC "
        f"LIMIT ?) w JOIN articles a{store._by_id_time} ON a.id=w.article_id WHERE a.hidden=0 "
        f"ORDER BY a.sort_time DESC, a.id DESC{' LIMIT ?' if head else ''}",
        (entity_id, ENTITY_WINDOW, *([int(head)] if head else [])))]


def entity_story_ids(store: Any, entity_id: int, limit: int = 10, *, window_ids: list[int] | None = None) -> list[int]:
    """Live stories naming the entity, by their latest such article, among the entity's
    ``ENTITY_WINDOW`` newest-stored articles (as ``entity_articles``).

    The window's articles newest first (``window_ids``: its head, when read already), then their
    stories a hundred articles at a time until ``limit`` are found: a story's first appearance in that
    order is its latest article, so the stories of the whole window need not be looked up (2,000 rows
    joined to their stories before: a busy entity's page cost 17-20 ms of PostgreSQL CPU). Stories
    whose latest articles share a sort time come in the order of those articles' ids, newest first."""
    if window_ids is not None:
        out = _stories_in_order(store, window_ids, limit)
        if len(out) >= limit or len(window_ids) < WINDOW_HEAD:
            return out  # else the head ran out first: the whole window
    return _stories_in_order(store, entity_window_ids(store, entity_id), limit)


def _stories_in_order(store: Any, ids: list[int], limit: int) -> list[int]:
    out: list[int] = []
    for k in range(0, len(ids), 100):
        chunk = ids[k:k + 100]
        story_of = {int(r[0]): int(r[1]) for r in store._rows(
            "SELECT m.article_id, m.story_id FROM story_members m JOIN stories s ON s.id=m.story_id "
            f"WHERE m.article_id IN ({','.join('?' * len(chunk))}) AND s.hidden=0 AND s.merged_into IS NULL",
            tuple(chunk))}
        for aid in chunk:
            sid = story_of.get(aid)
            if sid is not None and sid not in out:
                out.append(sid)
                if len(out) >= limit:
                    return out
    return out


_FACETS = {"site_name": "site", "language": "language", "section": "section"}


def facet_counts(store: Any, column: str, limit: int = 200) -> list[tuple[str, int]]:
    """Visible articles per section, outlet (``site_name``) or language, most first.

    Read from ``facet_counts``, kept by triggers on both backends (migrations 9 and 14): no page
    counts the articles. A backend without kept counts counts them."""
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


def count_stories(store: Any) -> int:
    if not store._kept_counts:
        return int(store._scalar("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND size > 0") or 0)
    return int(store._scalar("SELECT n FROM facet_counts WHERE facet='stories'") or 0)


def search_page(store: Any, query: str, filters: Any = None, limit: int = 20,
                offset: int = 0) -> tuple[list[tuple[int, float, str]], int]:
    """One page of hits as (article id, score, snippet) and a total capped at ``COUNT_CAP``."""
    return (store.search_ranked(query, filters, limit, offset),
            store.count_search(query, filters, cap=COUNT_CAP))


# -- honest dates, ranking, trending, related (issue 16) ------------------------------------------
#: The one place that says which articles may appear on the home page, in top stories, trending and
#: the digest: visible, and not judged to be something other than news.
NEWSWORTHY = f"a.hidden=0 AND {NEWS_ONLY}"
#: An article whose page gave a date (``sort_time`` is then that date in UTC, else the first-seen time).
DATED = "a.published IS NOT NULL"
SCAN_CAP = 20000  # rows any one signal query reads at most, whatever the store's size


def newest_dated(store: Any, not_after: str) -> str | None:
    """The newest publication time of a newsworthy article, no later than ``not_after`` (the clock)."""
    return store._scalar(f"SELECT MAX(a.sort_time) FROM articles a WHERE {DATED} AND {NEWSWORTHY} "
                         "AND a.sort_time <= ?", (not_after,))


def dated_story_ids(store: Any, until: str, scan: int = 3000, limit: int = 300) -> list[tuple[int, str]]:
    """(story id, newest dated report) of live stories among the ``scan`` newest dated news reports."""
    rows = store._rows(
        "SELECT m.story_id, MAX(x.sort_time) AS t FROM (SELECT a.id, a.sort_time FROM articles a "
        f"WHERE {DATED} AND {NEWSWORTHY} AND a.sort_time <= ? ORDER BY a.sort_time DESC LIMIT ?) x "
        "JOIN story_members m ON m.article_id=x.id JOIN stories s ON s.id=m.story_id "
        "WHERE s.hidden=0 AND s.merged_into IS NULL GROUP BY m.story_id ORDER BY t DESC LIMIT ?",
        (until, int(scan), int(limit)))
    return [(int(r[0]), r[1]) for r in rows]


def pinned_story_ids(store: Any, limit: int = 20) -> list[int]:
    return [int(r[0]) for r in store._rows(
        "SELECT id FROM stories WHERE pinned=1 AND hidden=0 AND merged_into IS NULL AND size > 0 "
        "ORDER BY last_update DESC LIMIT ?", (int(limit),))]


def story_member_rows(store: Any, story_ids: list[int]) -> list[tuple[int, int, str | None, str, str, str, bool,
                                                                       str | None]]:
    """(story id, article id, published as given, sort time, first seen, outlet key, newsworthy, page-type
    reason) of the stories' visible members, oldest first."""
    if not story_ids:
        return []
    marks = ",".join("?" * len(story_ids))
    rows = store._rows(
        "SELECT m.story_id, a.id, a.published, a.sort_time, a.first_seen, "
        f"COALESCE(a.site_name, a.norm_url, a.url, ''), CASE WHEN {NEWSWORTHY} THEN 1 ELSE 0 END, "
        "a.page_type_reason FROM story_members m JOIN articles a ON a.id=m.article_id "
        f"WHERE m.story_id IN ({marks}) AND a.hidden=0 ORDER BY a.sort_time LIMIT ?",
        (*story_ids, SCAN_CAP))
    return [(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]


def latest_dated(store: Any, section: str | None, limit: int, offset: int = 0, *, dated: bool = True,
                 news_only: bool = True, until: str | None = None) -> list[StoredArticle]:
    """Newest articles with (``dated``) or without a publication date, optionally one section's.

    ``until``: dated articles no later than this (a page dated in the future is not the latest news).
    """
    clauses = [DATED if dated else "a.published IS NULL", NEWSWORTHY if news_only else "a.hidden=0"]
    params: list[Any] = []
    if dated and until:
        clauses.append("a.sort_time <= ?")
        params.append(until)
    if section is not None:
        clauses.append("a.section=?")
        params.append(section)
    # the page's ids from the visible-article indexes alone (they hold page type and date: an offset
    # skips index entries, not rows), then their rows
    ids = [r[0] for r in store._rows(f"SELECT a.id FROM articles a WHERE {' AND '.join(clauses)} "
                                     "ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?",
                                     (*params, int(limit), int(offset)))]
    found = articles_by_id(store, ids)
    return [found[i] for i in ids if i in found]


def articles_by_id(store: Any, ids: list[int]) -> dict[int, StoredArticle]:
    """Full rows of the given articles, in one query (those that exist)."""
    if not ids:
        return {}
    return {r["id"]: row_stored(r) for r in store._rows(f"{_SELECT} WHERE a.id IN ({','.join('?' * len(ids))})",
                                                        list(ids))}


def mention_rows(store: Any, since: str, until: str, limit: int = SCAN_CAP) -> list[tuple]:
    """Entity and keyword mentions of dated news articles in [since, until], newest articles first.

    Rows: (article id, sort time, section, outlet key, kind, key, label); kind is the entity's kind or
    "phrase" for a keyword. At most ``limit`` articles are read.
    """
    inner = (f"SELECT a.id, a.sort_time, a.section, COALESCE(a.site_name, a.norm_url, a.url, '') AS site "
             f"FROM articles a WHERE {DATED} AND {NEWSWORTHY} AND a.sort_time >= ? AND a.sort_time <= ? "
             "ORDER BY a.sort_time DESC LIMIT ?")
    ents = store._rows(
        f"SELECT x.id, x.sort_time, x.section, x.site, e.kind, e.norm, e.name FROM ({inner}) x "
        "JOIN article_entities ae ON ae.article_id=x.id JOIN entities e ON e.id=ae.entity_id",
        (since, until, int(limit)))
    kws = store._rows(
        f"SELECT x.id, x.sort_time, x.section, x.site, 'phrase', k.keyword, k.keyword FROM ({inner}) x "
        "JOIN keywords k ON k.article_id=x.id", (since, until, int(limit)))
    return [tuple(r) for r in ents] + [tuple(r) for r in kws]


def dated_times(store: Any, until: str, limit: int = SCAN_CAP) -> list[str]:
    """Publication times of the newest dated news articles no later than ``until``, newest first."""
    rows = store._rows(f"SELECT a.sort_time FROM articles a WHERE {DATED} AND {NEWSWORTHY} "
                       "AND a.sort_time <= ? ORDER BY a.sort_time DESC LIMIT ?", (until, int(limit)))
    return [r[0] for r in rows]


def count_dated_between(store: Any, since: str, until: str) -> int:
    return int(store._scalar(f"SELECT COUNT(*) FROM articles a WHERE {DATED} AND {NEWSWORTHY} "
                             "AND a.sort_time >= ? AND a.sort_time <= ?", (since, until)) or 0)


def article_texts(store: Any, ids: list[int], chars: int = 4000) -> dict[int, str]:
    """Title, description and the start of the body of each article (for checks on the words)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store._rows("SELECT id, COALESCE(title, ''), COALESCE(description, ''), "
                       f"SUBSTR(COALESCE(body, ''), 1, ?) FROM articles WHERE id IN ({marks})",
                       (int(chars), *ids))
    return {int(r[0]): f"{r[1]}\n{r[2]}\n{r[3]}" for r in rows}


def is_newsworthy(store: Any, article_id: int) -> bool:
    return store._scalar(f"SELECT 1 FROM articles a WHERE a.id=? AND {NEWSWORTHY}", (article_id,)) is not None


#: the entity kinds related articles are found by (an "other" entity is often a stray capitalised word)
NAMED_KINDS = ("person", "org", "place")


def is_newsworthy_row(a: StoredArticle) -> bool:
    """``NEWSWORTHY`` of an article row already read (``is_newsworthy`` without the query)."""
    return not a.hidden and (a.page_type if a.page_type is not None else "news") == "news"


def entity_neighbours(store: Any, article_id: int, entities: int = 8, per_entity: int = 40, *,
                      news_only: bool = True, named: list[StoredEntity] | None = None) -> list[int]:
    """Articles sharing one of the article's most salient named entities (newest first per entity).

    Names only (people, organisations, places): an "other" entity is often a stray capitalised word.
    ``news_only``: only newsworthy neighbours (a news article's; a guide may have guides beside it).
    ``named``: the article's entities as ``store.article_entities`` lists them, when already read.
    """
    if named is not None:  # already most salient first
        ents = [e.id for e in named if e.kind in NAMED_KINDS][:int(entities)]
    else:
        ents = [r[0] for r in store._rows(
            "SELECT ae.entity_id FROM article_entities ae JOIN entities e ON e.id=ae.entity_id "
            f"WHERE ae.article_id=? AND e.kind IN {NAMED_KINDS!r} "
            "ORDER BY ae.salience DESC, ae.mentions DESC LIMIT ?", (article_id, int(entities)))]
    if not ents:
        return []
    # one query (a round trip costs on PostgreSQL): each entity's newest neighbours, entity by entity
    each = ("SELECT * FROM (SELECT {k} AS k, ae.article_id FROM article_entities ae JOIN articles a ON a.id=ae.article_id "
            f"WHERE ae.entity_id=? AND ae.article_id<>? AND {NEWSWORTHY if news_only else 'a.hidden=0'} "
            "ORDER BY ae.article_id DESC LIMIT ?) n{k}")
    rows = store._rows(" UNION ALL ".join(each.format(k=k) for k in range(len(ents))) + " ORDER BY k, article_id DESC",
                       tuple(p for eid in ents for p in (eid, article_id, int(per_entity))))
    return list(dict.fromkeys(int(r[1]) for r in rows))


def newest_article_ids(store: Any, n: int) -> list[int]:
    """The ``n`` newest-stored visible articles' ids, newest first."""
    return [int(r[0]) for r in store._rows("SELECT id FROM articles WHERE hidden=0 ORDER BY id DESC LIMIT ?",
                                           (int(n),))]


def article_docs(store: Any, ids: list[int], chars: int = 3000) -> list[tuple]:
    """(id, title, description, body start, section, outlet key, published, story id) of each article."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [tuple(r) for r in store._rows(
        "SELECT a.id, COALESCE(a.title, ''), COALESCE(a.description, ''), SUBSTR(COALESCE(a.body, ''), 1, ?), "
        "a.section, COALESCE(a.site_name, a.norm_url, a.url, ''), a.sort_time, m.story_id FROM articles a "
        f"LEFT JOIN story_members m ON m.article_id=a.id WHERE a.id IN ({marks})", (int(chars), *ids))]


def entity_keys(store: Any, ids: list[int]) -> dict[int, list[str]]:
    """Entity keys of each article, most salient first."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    out: dict[int, list[str]] = {i: [] for i in ids}
    for aid, norm in store._rows(
            "SELECT ae.article_id, e.norm FROM article_entities ae JOIN entities e ON e.id=ae.entity_id "
            f"WHERE ae.article_id IN ({marks}) ORDER BY ae.article_id, ae.salience DESC", tuple(ids)):
        out.setdefault(int(aid), []).append(norm)
    return out


def articles_entities(store: Any, ids: list[int], per_article: int = 8) -> dict[int, list[StoredEntity]]:
    """Each article's ``per_article`` first entities as ``store.article_entities`` lists them (most
    salient first; ``articles`` is the mentions in that article), for many articles in one query."""
    if not ids:
        return {}
    from .enrichment import _entity

    marks = ",".join("?" * len(ids))
    rows = store._rows(
        "SELECT * FROM (SELECT e.*, ae.mentions AS n, ae.article_id AS of_article, ROW_NUMBER() OVER (PARTITION BY "
        "ae.article_id ORDER BY ae.salience DESC, ae.mentions DESC, e.name) AS k FROM article_entities ae "
        f"JOIN entities e ON e.id=ae.entity_id WHERE ae.article_id IN ({marks})) x WHERE k <= ? "
        "ORDER BY of_article, k", (*ids, int(per_article)))
    out: dict[int, list[StoredEntity]] = {i: [] for i in ids}
    for r in rows:
        out[int(r["of_article"])].append(_entity(r))
    return out


def entity_names(store: Any, norms: list[str]) -> list[tuple[str, str]]:
    """(norm, display name) of the given entity keys."""
    if not norms:
        return []
    marks = ",".join("?" * len(norms))
    return [(r[0], r[1]) for r in store._rows(f"SELECT norm, name FROM entities WHERE norm IN ({marks})",
                                              tuple(norms))]


def latest_shorts_dated(store: Any, limit: int = 20, until: str = "9999") -> list[tuple[StoredArticle, Any]]:
    """Shorts of dated news articles no later than ``until``, newest first."""
    from .records import StoredShort

    rows = store._rows(
        "SELECT a.*, m.story_id AS story_id, s.text AS short_text, s.method AS short_method "
        "FROM articles a JOIN shorts s ON s.article_id=a.id LEFT JOIN story_members m ON m.article_id=a.id "
        f"WHERE {DATED} AND {NEWSWORTHY} AND a.sort_time <= ? ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
        (until, int(limit)))
    return [(row_stored(r), StoredShort(text=r["short_text"], method=r["short_method"], sources=[])) for r in rows]
