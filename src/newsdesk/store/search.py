"""Full-text search: SQLite FTS5 over title, standfirst (description) and body.

User input never reaches SQL or the FTS5 query language as such: it is cut
into words and quoted phrases, each passed as an FTS5 string. Snippets come
back HTML-escaped with the matches in ``<mark>``.

Why FTS5: on 5,000 articles built from the shared benchmark bodies, a one- or
two-word query took 3.7 ms CPU (bm25 top 20 with snippets; 0.6 ms to count the
hits) against 27 ms for the ``LIKE '%word%'`` baseline (``_search_like``, kept
for that measurement: ``benchmarks/search_bench.py``), which cannot rank, grows
linearly with the store and matches inside words. Ranking runs first and
snippets are made for the returned page only.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ._sql import SQLBase, equal_to
from .records import SearchFilters, SearchHit

_TERM = re.compile(r'"([^"]+)"|([\w][\w\'\-]*\*?)', re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"
#: bm25 weights: title, description, body
_WEIGHTS = (8.0, 3.0, 1.0)


def query_terms(text: str) -> list[tuple[list[str], bool]]:
    """User text -> terms, each (its words, prefix?): a quoted phrase is one term, at most 32 terms.

    Both backends build their query from these (FTS5 strings here, a tsquery in ``pg_search.py``).
    """
    terms: list[tuple[list[str], bool]] = []
    for phrase, word in _TERM.findall(text or ""):
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append((words, bool(word) and word.endswith("*")))
    return terms[:32]


def fts_query(text: str) -> str | None:
    """User text -> a safe FTS5 query (all terms required; "quoted phrases"; a trailing * = prefix)."""
    parts = ['"' + " ".join(words) + '"' + ("*" if prefix else "") for words, prefix in query_terms(text)]
    return " ".join(parts) or None


def _filters(filters: SearchFilters | None) -> tuple[list[str], list[Any]]:
    f = filters or SearchFilters()
    clauses, params = equal_to((("a.section", f.section), ("a.site_name", f.site_name),
                                ("a.source_id", f.source_id), ("a.language", f.language)))
    if f.since:
        clauses.append("a.sort_time >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("a.sort_time <= ?")
        params.append(f.until)
    if f.entity_id is not None:
        clauses.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_id=?)")
        params.append(f.entity_id)
    if not f.include_hidden:
        clauses.append("a.hidden=0")
    return clauses, params


def _mark(snippet: str | None) -> str:
    return html.escape(snippet or "").replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


#: counts of hits stop here (a results page says "1000+"); counting every match is the slow part
COUNT_CAP = 1000
#: bm25 ranks the newest matches only (highest rowids: the order articles were stored in). A query
#: with fewer matches is ranked exactly as before; one matching 100k articles costs what 5,000 do.
RANK_WINDOW = 5000
#: the same window on PostgreSQL (``pg_search.py``), where each match in it is read from the table
#: (its tsvector) rather than from the index's doclists: 2,000 kept search at ~21 ms of database CPU
#: on the 100k generated store, 5,000 took ~42 (benchmarks/PORTAL.md)
PG_RANK_WINDOW = 2000
#: a filtered search checks each match's filters on this index (migration 17), not the article's row
_FILTERED = "INDEXED BY articles_search_filters"
#: ``search_recent.cutoff`` while a bulk load has paused the recent index (nothing is above it)
_PAUSED = 1 << 62


class SearchSQL(SQLBase):
    #: the ids of every match of a query, from the full-text index alone
    _MATCH_IDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"

    def search_ranked(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
                      offset: int = 0) -> list[tuple[int, float, str]]:
        """One page of hits as (article id, score, escaped snippet with <mark>), best first.

        The newest ``RANK_WINDOW`` matches (FTS5 walks its doclists by rowid, newest first,
        and stops there) are scored with bm25 and sorted, from the newest articles' index when
        they all lie in it (``_window_is_recent``); snippets are made for the page's rows only.
        Without filters the articles table is read only to drop hidden rows.
        """
        q = fts_query(query)
        if q is None or offset >= RANK_WINDOW:
            return []
        clauses, params = _filters(filters)
        w = ", ".join(str(x) for x in _WEIGHTS)
        cutoff = self._recent_cutoff()
        if clauses == ["a.hidden=0"]:
            fts = "articles_fts_recent" if self._window_is_recent(q, cutoff) else "articles_fts"
            rows = self._rows(f"SELECT rowid, score FROM (SELECT rowid, bm25({fts}, {w}) AS score "
                              f"FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?) "
                              "ORDER BY score, rowid DESC LIMIT ?", (q, RANK_WINDOW, int(offset + limit) * 2 + 20))
            hidden = self._hidden_among([r[0] for r in rows])
            ranked = [(r[0], r[1]) for r in rows if r[0] not in hidden][offset: offset + limit]
        else:
            extra = "".join(f" AND {c}" for c in clauses)
            rows = self._rows(f"SELECT id, score FROM (SELECT a.id AS id, bm25(articles_fts, {w}) AS score "
                              f"FROM articles_fts CROSS JOIN articles a {_FILTERED} ON a.id=articles_fts.rowid "
                              f"WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rowid DESC LIMIT ?) "
                              "ORDER BY score, id DESC LIMIT ? OFFSET ?", (q, *params, RANK_WINDOW, int(limit), int(offset)))
            ranked = [(r[0], r[1]) for r in rows]
        snippets: dict[int, str] = {}
        for rid, _ in ranked:  # one rowid lookup each: FTS5 cannot use an IN list on rowid
            snip = None
            # the same text from the smaller index where the row is in it (unless a trim took it since)
            for fts in (["articles_fts_recent"] if rid > cutoff else []) + ["articles_fts"]:
                snip = self._scalar(f"SELECT snippet({fts}, -1, '{_OPEN}', '{_CLOSE}', '…', 24) FROM {fts} "
                                    f"WHERE {fts} MATCH ? AND rowid=?", (q, rid))
                if snip is not None:
                    break
            snippets[rid] = _mark(snip)
        return [(i, -float(sc), snippets.get(i, "")) for i, sc in ranked]

    def _recent_cutoff(self) -> int:
        """Articles above this id are in ``articles_fts_recent`` too (migration 16; 0: every article)."""
        return int(self._scalar("SELECT cutoff FROM search_recent") or 0)

    def _window_is_recent(self, q: str, cutoff: int) -> bool:
        """Whether the newest ``RANK_WINDOW`` matches of ``q`` all lie in ``articles_fts_recent``.

        bm25 works out each term's IDF by walking every row the term is in, in the index it ranks
        from; ranked from the recent index, a common word costs what it does on a store of that
        index's size. The same matches are ranked: only the IDF and the average length bm25 weighs
        them with come from the newest articles (all of them while ``cutoff`` is 0)."""
        if cutoff == 0:
            return True
        return self._row("SELECT rowid FROM articles_fts_recent WHERE articles_fts_recent MATCH ? "
                         "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (q, RANK_WINDOW - 1)) is not None

    def _hidden_among(self, ids: list[int]) -> set[int]:
        """The hidden ones among ``ids`` (the partial index ``articles_hidden``)."""
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._rows(f"SELECT id FROM articles WHERE hidden=1 AND id IN ({marks})", ids)}

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        ranked = self.search_ranked(query, filters, limit, offset)
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        rows = {r[0]: r for r in self._rows(
            f"SELECT id, title, url, site_name, section, sort_time FROM articles WHERE id IN ({marks})",
            [i for i, _, _ in ranked])}
        return [SearchHit(article_id=i, title=rows[i][1], url=rows[i][2], site_name=rows[i][3],
                          section=rows[i][4], sort_time=rows[i][5], snippet=snip, score=score)
                for i, score, snip in ranked if i in rows]

    def count_search(self, query: str, filters: SearchFilters | None = None, cap: int | None = None) -> int:
        """Number of hits; with ``cap``, counting stops there (cheap on huge result sets)."""
        q = fts_query(query)
        if q is None:
            return 0
        clauses, params = _filters(filters)
        limit = f" LIMIT {int(cap)}" if cap else ""
        if clauses == ["a.hidden=0"]:  # the FTS index alone, less the hidden ones (a partial index)
            return self._count_visible(q, cap)
        extra = "".join(f" AND {c}" for c in clauses)
        return int(self._scalar(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts CROSS JOIN articles a {_FILTERED} "
            f"ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?{extra}{limit})", (q, *params)) or 0)

    def _count_visible(self, q: str, cap: int | None) -> int:
        """Matches counted on the FTS index, less hidden articles (the partial index ``articles_hidden``)."""
        stop = cap
        while True:
            inner = self._MATCH_IDS + (f" LIMIT {int(stop)}" if stop else "")
            n = int(self._scalar(f"SELECT COUNT(*) FROM ({inner}) t", (q,)) or 0)
            hidden = int(self._scalar(f"SELECT COUNT(*) FROM articles WHERE hidden=1 AND id IN ({inner})", (q,)) or 0)
            if not cap or not stop or n < stop or n - hidden >= cap:  # every match seen, or cap visible ones
                return min(n - hidden, cap) if cap else n - hidden
            stop = stop + hidden  # hidden matches took places: look that much further

    def optimize_search_index(self) -> None:
        """Merge the full-text index into one segment (FTS5 ``optimize``).

        Every write adds a segment and FTS5 merges them a few at a time, so a store filled by many
        transactions keeps several; a lookup by rowid (each search hit's snippet) probes every
        one of them. On the 101,925-article generated store (20,000-article transactions), the
        page's 20 snippet lookups took 3.1-3.4 ms CPU before and 0.9-1.0 ms after, the bm25 window
        7.5-8.3 -> 7.4-7.5 ms (``benchmarks/PORTAL.md``); the merge took 0.6 s CPU. Worth it after
        a bulk load; readers go on meanwhile (WAL)."""
        with self._tx() as c:
            if c.execute("SELECT cutoff FROM search_recent").fetchone()[0] == _PAUSED:
                self._refill_recent(c)
            c.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
            c.execute("INSERT INTO articles_fts_recent (articles_fts_recent) VALUES ('optimize')")

    def pause_recent_search_index(self) -> None:
        """Empty ``articles_fts_recent`` and keep nothing in it until ``optimize_search_index``: a bulk
        load would index each article there too and take most of them out again (388 -> 510 us CPU
        per article for 20,000 generated articles once it trims; refilling it with the newest 100,000
        after the load tokenizes each of them once). Searches meanwhile rank from the whole index."""
        with self._tx() as c:
            c.execute("INSERT INTO articles_fts_recent (articles_fts_recent) VALUES ('delete-all')")
            c.execute("UPDATE search_recent SET cutoff=?", (_PAUSED,))

    def _refill_recent(self, c: Any) -> None:
        c.execute("INSERT INTO articles_fts_recent (articles_fts_recent) VALUES ('delete-all')")
        c.execute("UPDATE search_recent SET cutoff=MAX(0, COALESCE((SELECT MAX(id) FROM articles), 0) - keep)")
        c.execute("INSERT INTO articles_fts_recent (rowid, title, description, body) SELECT id, title, description, "
                  "body FROM articles WHERE id > (SELECT cutoff FROM search_recent)")

    def _search_like(self, query: str, limit: int = 20) -> list[int]:
        """The LIKE baseline FTS5 was measured against (not for production use)."""
        words = re.findall(r"\w+", query or "")
        if not words:
            return []
        clause = " AND ".join("(title LIKE ? OR description LIKE ? OR body LIKE ?)" for _ in words)
        params = [p for w in words for p in (f"%{w}%",) * 3]
        rows = self._rows(f"SELECT id FROM articles WHERE {clause} ORDER BY sort_time DESC LIMIT ?",
                          (*params, limit))
        return [r[0] for r in rows]
