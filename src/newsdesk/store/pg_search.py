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

import re
import unicodedata
from functools import lru_cache

from .records import SearchFilters
from .search import _CLOSE, _OPEN, SearchSQL, _filters, _mark, query_terms

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


def _hits(text: str, terms: list[tuple[list[str], bool]]) -> tuple[list[re.Match[str]], set[int]]:
    """The text's word tokens and the indexes of those a term matches (phrases: consecutive words)."""
    tokens = list(_WORD.finditer(text or ""))
    folded = [_fold(t.group()) for t in tokens]
    where: dict[str, list[int]] = {}
    for i, w in enumerate(folded):
        where.setdefault(w, []).append(i)
    hits: set[int] = set()
    for words, prefix in terms:
        want = [_fold(w) for w in words]
        n, last = len(want), want[-1]
        ends = ([i for w, idx in where.items() if w.startswith(last) for i in idx] if prefix
                else where.get(last, []))
        for e in ends:  # a match ends at e: the words before it must be the phrase's
            s = e - n + 1
            if s >= 0 and all(folded[s + k] == want[k] for k in range(n - 1)):
                hits.update(range(s, e + 1))
    return tokens, hits


def snippet(text: str, terms: list[tuple[list[str], bool]], size: int = SNIPPET_WORDS,
            found: tuple[list[re.Match[str]], set[int]] | None = None) -> str:
    """The ``size``-word window of ``text`` with the most matched words, matches between markers.

    Made here rather than by ``ts_headline``, whose parser drops anything shaped like an HTML tag
    from the text: a snippet shows the text as it is (escaped later), as FTS5's does.
    """
    tokens, hits = found if found is not None else _hits(text, terms)
    if not tokens:
        return ""
    starts = sorted({max(0, h - 3) for h in hits}) or [0]
    start = max(starts, key=lambda s: (sum(1 for h in hits if s <= h < s + size), -s))
    end = min(len(tokens), start + size)
    pos = 0 if start == 0 else tokens[start].start()
    out = ["…" if start > 0 else ""]
    for i in range(start, end):
        tok = tokens[i]
        out.append(text[pos:tok.start()])
        out.append(f"{_OPEN}{tok.group()}{_CLOSE}" if i in hits else tok.group())
        pos = tok.end()
    out.append("…" if end < len(tokens) else text[pos:])
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

    def search_ranked(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
                      offset: int = 0) -> list[tuple[int, float, str]]:
        """One page of hits as (article id, score, escaped snippet with <mark>), best first."""
        q = ts_query(query)
        if q is None:
            return []
        clauses, params = _filters(filters)
        extra = "".join(f" AND {c}" for c in clauses)
        rows = self._rows(
            f"SELECT a.id, ts_rank({_WEIGHTS}, f.fts, q, 1) AS score FROM articles_fts f "
            f"JOIN articles a ON a.id=f.id, to_tsquery({_CONFIG}, ?) q WHERE f.fts @@ q{extra} "
            "ORDER BY score DESC, a.id LIMIT ? OFFSET ?", (q, *params, int(limit), int(offset)))
        ranked = [(int(r[0]), float(r[1])) for r in rows]
        snippets: dict[int, str] = {}
        if ranked:
            marks = ",".join("?" * len(ranked))
            terms = query_terms(query)
            for rid, title, desc, body in self._rows(
                    f"SELECT id, title, description, body FROM articles WHERE id IN ({marks})",
                    [r[0] for r in ranked]):
                snippets[int(rid)] = _mark(best_snippet([body, desc, title], terms))
        return [(i, sc, snippets.get(i, "")) for i, sc in ranked]

    def count_search(self, query: str, filters: SearchFilters | None = None, cap: int | None = None) -> int:
        """Number of hits; with ``cap``, counting stops there (cheap on huge result sets)."""
        q = ts_query(query)
        if q is None:
            return 0
        clauses, params = _filters(filters)
        extra = "".join(f" AND {c}" for c in clauses)
        limit = f" LIMIT {int(cap)}" if cap else ""
        return int(self._scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts f JOIN articles a ON a.id=f.id "
            f"WHERE f.fts @@ to_tsquery({_CONFIG}, ?){extra}{limit}) t", (q, *params)) or 0)
