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

from ._sql import SQLBase
from .records import SearchFilters, SearchHit

_TERM = re.compile(r'"([^"]+)"|([\w][\w\'\-]*\*?)', re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"
#: bm25 weights: title, description, body
_WEIGHTS = (8.0, 3.0, 1.0)


def fts_query(text: str) -> str | None:
    """User text -> a safe FTS5 query (all terms required; "quoted phrases"; a trailing * = prefix)."""
    parts = []
    for phrase, word in _TERM.findall(text or ""):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word:
            prefix = word.endswith("*")
            tokens = re.findall(r"\w+", word)
            if not tokens:
                continue
            quoted = '"' + " ".join(tokens) + '"'
            parts.append(quoted + ("*" if prefix else ""))
    return " ".join(parts[:32]) or None


def _filters(filters: SearchFilters | None) -> tuple[list[str], list[Any]]:
    f = filters or SearchFilters()
    clauses: list[str] = []
    params: list[Any] = []
    for col, val in (("a.section", f.section), ("a.site_name", f.site_name), ("a.source_id", f.source_id),
                     ("a.language", f.language)):
        if val is not None:
            clauses.append(f"{col}=?")
            params.append(val)
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


class SearchSQL(SQLBase):
    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        q = fts_query(query)
        if q is None:
            return []
        clauses, params = _filters(filters)
        extra = "".join(f" AND {c}" for c in clauses)
        w = ", ".join(str(x) for x in _WEIGHTS)
        # rank first (cheap), then snippets for the page of hits only: snippet() in the ranked
        # query itself would run on every match before the sort
        rows = self._rows(
            "WITH top AS ("
            f"  SELECT articles_fts.rowid AS id, bm25(articles_fts, {w}) AS score "
            "  FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"  WHERE articles_fts MATCH ?{extra} ORDER BY score LIMIT ? OFFSET ?) "
            "SELECT a.id, a.title, a.url, a.site_name, a.section, a.sort_time, "
            f"snippet(articles_fts, -1, '{_OPEN}', '{_CLOSE}', '…', 24) AS snip, top.score "
            "FROM top JOIN articles_fts ON articles_fts.rowid = top.id JOIN articles a ON a.id = top.id "
            "WHERE articles_fts MATCH ? ORDER BY top.score, a.id",
            (q, *params, int(limit), int(offset), q),
        )
        return [SearchHit(article_id=r[0], title=r[1], url=r[2], site_name=r[3], section=r[4], sort_time=r[5],
                          snippet=_mark(r[6]), score=-float(r[7])) for r in rows]

    def count_search(self, query: str, filters: SearchFilters | None = None) -> int:
        q = fts_query(query)
        if q is None:
            return 0
        clauses, params = _filters(filters)
        extra = "".join(f" AND {c}" for c in clauses)
        return int(self._scalar(
            "SELECT COUNT(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{extra}", (q, *params)))

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
