"""Full-text search on PostgreSQL: a weighted tsvector per article behind a GIN index.

Same interface, filters and result shape as the FTS5 search (``search.py``): user text is cut
into the same terms (``query_terms``) and each term becomes a quoted tsquery lexeme (a phrase
``'a' <-> 'b'``, a prefix ``'vis':*``), all required; user input is never tsquery syntax.
Text is folded as FTS5's ``unicode61 remove_diacritics 2`` folds it (the ``newsdesk_search``
configuration: ``simple`` + ``unaccent``, no stemming). Ranking is ``ts_rank`` with the title,
standfirst and body weighted 1 : 0.375 : 0.125 (the 8 : 3 : 1 of the bm25 weights), normalised
by document length. Snippets are cut from the page's rows only (``snippet``): the body, else the
standfirst, else the title, whichever matches first.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from itertools import islice

from . import search
from .records import SearchFilters
from .search import _CLOSE, _OPEN, SearchSQL, _filters, _mark, query_terms

log = logging.getLogger("newsdesk.store")
_CONFIG = "'newsdesk_search'"
#: ts_rank weights {D, C, B, A}: body C, standfirst B, title A
_WEIGHTS = "'{0.1, 0.125, 0.375, 1.0}'"
#: words in a snippet (FTS5's snippet() is asked for 24 tokens too)
SNIPPET_WORDS = 24
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Case and accents folded, as the search configuration folds them."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _folded(text: str) -> list[str]:
    """The text's word tokens, folded (all at C speed when the text is ASCII)."""
    if text.isascii():  # lower-casing ASCII moves no word boundary
        return _WORD.findall(text.lower())
    return [_fold(w) for w in _WORD.findall(text)]


def _positions(folded: list[str], word: str) -> list[int]:
    out, i = [], -1
    try:
        while True:
            i = folded.index(word, i + 1)
            out.append(i)
    except ValueError:
        return out


def _hits(text: str, terms: list[tuple[list[str], bool]]) -> tuple[list[str], set[int]]:
    """The text's folded word tokens and the indexes of those a term matches (phrases: consecutive
    words). Tokens are plain strings; ``snippet`` finds the window's places in the text itself."""
    folded = _folded(text or "")
    hits: set[int] = set()
    for words, prefix in terms:
        want = [_fold(w) for w in words]
        n, last = len(want), want[-1]
        if prefix:
            ends = sorted(i for w in {w for w in folded if w.startswith(last)} for i in _positions(folded, w))
        else:
            ends = _positions(folded, last)
        for e in ends:  # a match ends at e: the words before it must be the phrase's
            s = e - n + 1
            if s >= 0 and all(folded[s + k] == want[k] for k in range(n - 1)):
                hits.update(range(s, e + 1))
    return folded, hits


def snippet(text: str, terms: list[tuple[list[str], bool]], size: int = SNIPPET_WORDS,
            found: tuple[list[str], set[int]] | None = None) -> str:
    """The ``size``-word window of ``text`` with the most matched words, matches between markers.

    Made here rather than by ``ts_headline``, whose parser drops anything shaped like an HTML tag
    from the text: a snippet shows the text as it is (escaped later), as FTS5's does.
    """
    folded, hits = found if found is not None else _hits(text, terms)
    if not folded:
        return ""
    starts = sorted({max(0, h - 3) for h in hits}) or [0]
    start = max(starts, key=lambda s: (sum(1 for h in hits if s <= h < s + size), -s))
    end = min(len(folded), start + size)
    window = list(islice(_WORD.finditer(text), start, end))  # the window's tokens, with their places
    pos = 0 if start == 0 else window[0].start()
    out = ["…" if start > 0 else ""]
    for i, tok in enumerate(window, start):
        out.append(text[pos:tok.start()])
        out.append(f"{_OPEN}{tok.group()}{_CLOSE}" if i in hits else tok.group())
        pos = tok.end()
    out.append("…" if end < len(folded) else text[pos:])
    return "".join(out).strip()


def best_snippet(fields: list[str | None], terms: list[tuple[list[str], bool]]) -> str:
    """From the first field with a match (body, standfirst, title), else the first non-empty one."""
    texts = [t for t in fields if t]
    for text in texts:
        found = _hits(text, terms)
        if found[1]:
            return snippet(text, terms, found=found)
    return snippet(texts[0], terms) if texts else ""


def ts_query(text: str) -> str | None:
    """User text -> tsquery text for ``to_tsquery`` (every term quoted; None when no term)."""
    parts = []
    for words, prefix in query_terms(text):
        lexemes = [f"'{w}'" for w in words]
        if prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
    return " & ".join(parts) or None


class PGSearchSQL(SearchSQL):
    """``search`` itself is shared with FTS5 (``SearchSQL.search``): only ranking and counting differ."""

    _MATCH_IDS = f"SELECT id FROM articles_fts WHERE fts @@ to_tsquery({_CONFIG}, ?)"

    def search_ranked(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
                      offset: int = 0) -> list[tuple[int, float, str]]:
        """One page of hits as (article id, score, escaped snippet with <mark>), best first.

        As FTS5's: the newest ``PG_RANK_WINDOW`` matches (highest ids: the order articles were stored
        in) that pass the filters are ranked with ts_rank (``_window``), then sorted; without filters
        hidden rows are dropped after ranking; snippets are made for the page's rows only.
        """
        q = ts_query(query)
        window = search.PG_RANK_WINDOW
        if q is None or offset >= window:
            return []
        clauses, params = _filters(filters)
        unfiltered = clauses == ["a.hidden=0"]  # hidden rows are dropped after ranking, as FTS5's path does
        ranked = self._window(q, [] if unfiltered else clauses, [] if unfiltered else params,
                              int(offset + limit) * 2 + 20 if unfiltered else int(limit), 0 if unfiltered else int(offset))
        if unfiltered:
            hidden = self._hidden_among([i for i, _ in ranked])
            ranked = [r for r in ranked if r[0] not in hidden][offset: offset + limit]
        snippets: dict[int, str] = {}
        if ranked:
            marks = ",".join("?" * len(ranked))
            terms = query_terms(query)
            for rid, title, desc, body in self._rows(
                    f"SELECT id, title, description, body FROM articles WHERE id IN ({marks})",
                    [r[0] for r in ranked]):
                snippets[int(rid)] = _mark(best_snippet([body, desc, title], terms))
        return [(i, sc, snippets.get(i, "")) for i, sc in ranked]

    def _window(self, q: str, clauses: list[str], params: list, limit: int, offset: int) -> list[tuple[int, float]]:
        """(id, score) of the best among the newest ``PG_RANK_WINDOW`` matches passing ``clauses``.

        A bitmap scan of every match reads (and ranks) every matching row. This one reads id ranges
        from the newest down (the GIN bitmap ANDed with a range of the primary key): first 4 x window
        ids, then a range sized from the share of matches found so far, until the window is full or
        the ids run out; each row is read and ranked once.
        """
        window = search.PG_RANK_WINDOW
        top = int(self._scalar("SELECT COALESCE(MAX(id), 0) FROM articles_fts") or 0)
        join = " JOIN articles a ON a.id=f.id" if clauses else ""
        extra = "".join(f" AND {c}" for c in clauses)
        best: list[tuple[int, float]] = []  # each range's best offset + limit: the union's best are among them
        seen, hi, span = 0, top, 4 * window
        while True:
            lo = hi - span
            rows = self._rows(
                "SELECT id, score, n FROM (SELECT w.id, w.score, COUNT(*) OVER () AS n FROM (SELECT f.id, "
                f"ts_rank({_WEIGHTS}, f.fts, to_tsquery({_CONFIG}, ?), 1) AS score FROM articles_fts f{join} "
                f"WHERE f.fts @@ to_tsquery({_CONFIG}, ?) AND f.id <= ?{' AND f.id > ?' if lo > 0 else ''}{extra} "
                "ORDER BY f.id DESC LIMIT ?) w) r ORDER BY score DESC, id DESC LIMIT ?",
                (q, q, hi, *([lo] if lo > 0 else []), *params, window - seen, offset + limit))
            best += [(int(r[0]), float(r[1])) for r in rows]
            seen += int(rows[0][2]) if rows else 0
            if seen >= window or lo <= 0:
                break
            share = max(seen, 1) / (top - lo)  # matches per id so far
            hi, span = lo, max(span, int(1.25 * (window - seen) / share))
        best.sort(key=lambda r: (-r[1], -r[0]))
        return best[offset: offset + limit]

    def pause_recent_search_index(self) -> None:
        """PostgreSQL keeps no second index of the newest articles (``search.py``'s is FTS5's)."""

    def optimize_search_index(self) -> None:
        """Move the GIN index's pending list (recent writes, scanned row by row by every search
        until a vacuum merges them) into the index proper, as FTS5's ``optimize`` merges segments.
        Only the index's owner may; another role leaves it to autovacuum (logged)."""
        from psycopg.errors import InsufficientPrivilege

        from ..errors import StoreError

        try:
            self._rows("SELECT gin_clean_pending_list('articles_fts_gin'::regclass)")
        except StoreError as exc:
            if not isinstance(exc.__cause__, InsufficientPrivilege):
                raise
            log.warning("search index pending list left to autovacuum: %s", exc)

    def count_search(self, query: str, filters: SearchFilters | None = None, cap: int | None = None) -> int:
        """Number of hits; with ``cap``, counting stops there (cheap on huge result sets)."""
        q = ts_query(query)
        if q is None:
            return 0
        clauses, params = _filters(filters)
        if clauses == ["a.hidden=0"]:  # the GIN index alone, less the hidden ones (as FTS5's count)
            return self._count_visible(q, cap)
        extra = "".join(f" AND {c}" for c in clauses)
        limit = f" LIMIT {int(cap)}" if cap else ""
        return int(self._scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts f JOIN articles a ON a.id=f.id "
            f"WHERE f.fts @@ to_tsquery({_CONFIG}, ?){extra}{limit}) t", (q, *params)) or 0)
