"""Related articles by similarity (``cluster.rank.related_articles``), never "latest in section".

Candidates are bounded and on topic by construction: the other reports of the article's story, and
the newest articles that share one of its most salient entities (``q.entity_neighbours``). They
are ranked by ``related_articles``: same story first, then TF-IDF cosine over title, standfirst and
lead words plus the entity keys (as ``@key`` terms, so a shared name weighs like a rare word).
Document frequencies come from the candidate pool. An article with no entity and no story has no
related items: an empty box is better than an unrelated one. A news article's related items are
news; a page judged not news (a guide, a recipe) may have pages of any kind beside it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..cluster.rank import log_tf, related_articles
from ..enrich.text import tokens
from ..model import StoryDoc
from ..store import portal as q

LEAD_WORDS = 150
MIN_SIMILARITY = 0.05
DOC_CACHE = 4096  # candidate documents kept per process (a row's first 3,000 characters each: ~20 MB)


@dataclass(slots=True)
class RelatedPick:
    article_id: int
    why: str
    score: float


@lru_cache(maxsize=DOC_CACHE)
def _doc(row: tuple, ents: tuple[str, ...]) -> StoryDoc:
    """One candidate's document (read only by the ranking). Keyed by the row as read and its entity
    keys, so an edited article is a new key; the newest articles naming a busy entity are candidates
    on many pages, and their tokens are made once per process rather than once per page."""
    aid, title, desc, body, _section, site, t, _story = row
    lead = " ".join(body.split()[:LEAD_WORDS])
    return StoryDoc(
        doc_id=str(aid),
        title_terms=tokens(title),
        terms=tokens(f"{desc} {lead}") + [f"@{e}" for e in ents],
        entities=list(ents),
        published=t,
        source=site,
    )


@lru_cache(maxsize=DOC_CACHE)
def _tf(row: tuple, ents: tuple[str, ...]) -> list[tuple[str, float]]:
    """The document's ``log_tf``, kept beside it: a candidate on many pages is weighed from these."""
    return log_tf(_doc(row, ents))


#: documents made at start (``prefill``): the newest-stored articles', half the cache
PREFILL = DOC_CACHE // 2


def prefill(store: Any, n: int = PREFILL) -> int:
    """Make the documents of the ``n`` newest-stored visible articles, as ``related`` would, so the
    first article pages after start find most of their candidates made (they are the newest
    articles naming an entity). On the generated stores (101,925 / 1,019,515 SQLite, 101,925
    PostgreSQL; 20 random article pages after start, each store's own sample) the pages cost
    10.7-11.1 / 11.6 / 12.2 ms CPU each without and 8.9 / 8.8 / 10.0 with, for 0.2 s CPU at start.
    Returns how many were made."""
    ids = q.newest_article_ids(store, n)
    made = 0
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        ents = q.entity_keys(store, chunk)
        for row in q.article_docs(store, chunk):
            _tf(row, tuple(ents.get(row[0], [])[:12]))
            made += 1
    return made


def related(store: Any, article_id: int, story_id: int | None, limit: int = 6, *, row: Any = None,
            named: list[Any] | None = None, member_rows: list[tuple] | None = None) -> list[RelatedPick]:
    """``row`` (the article as read), ``named`` (its ``store.article_entities``) and ``member_rows`` (its
    story's ``q.story_member_rows``): what the caller has read already, so it is not read again."""
    same = []
    news_only = q.is_newsworthy_row(row) if row is not None else q.is_newsworthy(store, article_id)
    if story_id is not None:
        rows = q.story_member_rows(store, [story_id]) if member_rows is None else member_rows
        same = [r[1] for r in rows if r[1] != article_id and (r[6] or not news_only)]
    neighbours = q.entity_neighbours(store, article_id, news_only=news_only, named=named)
    ids = list(dict.fromkeys([article_id, *same, *neighbours]))
    rows = {r[0]: r for r in q.article_docs(store, ids)}
    ents = q.entity_keys(store, ids)
    if article_id not in rows:
        return []
    keys = {i: (rows[i], tuple(ents.get(i, [])[:12])) for i in ids if i in rows}
    docs = {i: _doc(*k) for i, k in keys.items()}
    tfs = {str(i): _tf(*k) for i, k in keys.items()}
    target = docs.pop(article_id)
    pool = list(docs.values())
    df: Counter = Counter()
    for lt in tfs.values():  # each document's terms once (its title's and its own)
        df.update(t for t, _ in lt)
    picks = related_articles(
        target,
        [str(i) for i in same],
        pool,
        df=df,
        docs=len(pool) + 1,
        limit=limit,
        min_similarity=MIN_SIMILARITY,
        tfs=tfs,
    )
    names = dict(q.entity_names(store, target.entities))
    out = []
    for doc_id, why, score in picks:
        d = docs.get(int(doc_id))
        if why != "same story" and d is not None:
            shared = [names.get(e, e) for e in target.entities if e in set(d.entities)]
            why = f"Also about {', '.join(shared[:3])}" if shared else "Similar words"
        out.append(RelatedPick(int(doc_id), "Same story" if why == "same story" else why, float(score)))
    return out
