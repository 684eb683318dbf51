"""Bulk load of new, already understood articles: an archive import or a benchmark store.

``bulk_load`` writes articles that are new to the store with their enrichment and story in
big transactions, a few ``executemany`` calls per batch instead of a dozen statements per
article. It is for loads where every article is known to be new (generated stores, a first
import of an archive); ``upsert_article`` stays the path for anything that may be a duplicate
or a new version. The rows written are the ones the per-article path writes, triggers included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Iterable

from ..model import Article, Enrichment
from ..urlid import identity_key
from ._sql import dumps
from .articles import _ARTICLE_COLS, _usable_canonical, _values
from .dialect import advance_ids
from .identity import content_hash, now_iso, to_utc_iso


@dataclass(slots=True)
class BulkArticle:
    article: Article
    enrichment: Enrichment
    source_id: int | None = None
    story: Any = None  # the caller's key for the article's story: one story per distinct key
    reason: dict[str, Any] = field(default_factory=dict)


_INSERT = (f"INSERT INTO articles (id, {', '.join(_ARTICLE_COLS)}, norm_url, content_hash, sort_time, source_id, "
           f"first_seen, last_seen, updated_at, language_score, section_source, section_score, enriched_at) "
           f"VALUES ({', '.join('?' * (len(_ARTICLE_COLS) + 12))})")  # id + 20 columns + 11
_REFRESH = (
    "UPDATE stories SET size=(SELECT COUNT(*) FROM story_members WHERE story_id=?), "
    "outlets=(SELECT COUNT(DISTINCT COALESCE(a.site_name, CAST(a.source_id AS TEXT))) FROM story_members m "
    "JOIN articles a ON a.id=m.article_id WHERE m.story_id=?), "
    "first_seen=(SELECT MIN(a.sort_time) FROM story_members m JOIN articles a ON a.id=m.article_id "
    "WHERE m.story_id=?), last_update=(SELECT MAX(a.sort_time) FROM story_members m JOIN articles a "
    "ON a.id=m.article_id WHERE m.story_id=?) WHERE id=?")


def bulk_load(store: Any, items: Iterable[BulkArticle], batch: int = 20_000) -> int:
    """Insert every item (one transaction per ``batch``); returns the number of articles written."""
    stories: dict[Any, int] = {}
    entities: dict[tuple[str, str], int] = {}
    total = 0
    stream = iter(items)
    while True:
        chunk = list(islice(stream, batch))
        if not chunk:
            if total:  # one full-text segment rather than one per batch: each search hit's snippet probes all
                store.optimize_search_index()
            return total
        with store._tx() as c:
            if not total and len(chunk) == batch:  # a big load: the recent search index is refilled after it
                store.pause_recent_search_index()
            total += _load_chunk(c, chunk, stories, entities)
            advance_ids(c, getattr(store, "dialect", "sqlite"), "articles")


def _load_chunk(c: Any, chunk: list[BulkArticle], stories: dict[Any, int],
                entities: dict[tuple[str, str], int]) -> int:
    now = now_iso()
    first = int(c.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]) + 1
    rows, urls, ents, shorts, members, touched = [], [], [], [], [], set()
    for n, it in enumerate(chunk):
        aid, art, e = first + n, it.article, it.enrichment
        canon = _usable_canonical(identity_key(art.canonical_url))
        fetched = identity_key(art.url)
        sort_time = to_utc_iso(art.published) or now
        rows.append((aid, *_values(art)[:len(_ARTICLE_COLS)], canon or fetched, content_hash(art.title, art.body),
                     sort_time, it.source_id, now, now, now, float(e.language_score),
                     e.section_source or None, float(e.section_score), now))
        urls.extend((k, aid) for k in dict.fromkeys(k for k in (canon, fetched) if k))
        for rank, m in enumerate(e.entities):
            key = (m.norm, m.kind)
            if key not in entities:
                entities[key] = int(c.execute(
                    "INSERT INTO entities (norm, kind, name) VALUES (?,?,?) ON CONFLICT (norm, kind) "
                    "DO UPDATE SET name=entities.name RETURNING id", (m.norm, m.kind, m.name)).fetchone()[0])
            ents.append((aid, entities[key], m.count, (len(e.entities) - rank) / len(e.entities), m.name))
        if e.short:
            shorts.append((aid, e.short, dumps([list(x) for x in e.short_sources]), now))
        if it.story is not None:
            if it.story not in stories:
                stories[it.story] = int(c.execute("INSERT INTO stories (first_seen, last_update) VALUES (?, ?) "
                                                  "RETURNING id", (sort_time, sort_time)).fetchone()[0])
            members.append((aid, stories[it.story], dumps(it.reason), now))
            touched.add(stories[it.story])
    # the row's own language / section win over the article's, as save_enrichment does
    c.executemany(_INSERT, [_with_enrichment(r, it.enrichment) for r, it in zip(rows, chunk)])
    c.executemany("INSERT INTO article_urls (norm_url, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING", urls)
    c.executemany("INSERT INTO article_entities (article_id, entity_id, mentions, salience, surface) "
                  "VALUES (?,?,?,?,?) ON CONFLICT (article_id, entity_id) DO NOTHING", ents)
    c.executemany("INSERT INTO shorts (article_id, text, sources, method, created_at) "
                  "VALUES (?,?,?,'extractive',?)", shorts)
    c.executemany("INSERT INTO story_members (article_id, story_id, reason, locked, added_at) "
                  "VALUES (?,?,?,0,?)", members)
    c.executemany(_REFRESH, [(s,) * 5 for s in sorted(touched)])
    return len(chunk)


_LANG = 1 + _ARTICLE_COLS.index("language")
_SECTION = 1 + _ARTICLE_COLS.index("section")


def _with_enrichment(row: tuple[Any, ...], e: Enrichment) -> tuple[Any, ...]:
    out = list(row)
    if e.language is not None:
        out[_LANG] = e.language
    if e.section is not None:
        out[_SECTION] = e.section
    return tuple(out)
