"""Keywords: TF-IDF over the corpus seen so far (``TermStats``), entity phrases first.

``TermStats`` is the serialisable corpus state (document count and document frequencies) the
caller keeps; without it, a flat IDF makes this plain term frequency with a headline boost.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Entity
from .text import Tokenised, tokens


@dataclass(slots=True)
class TermStats:
    """Document frequencies of terms over the articles seen so far."""

    docs: int = 0
    df: Counter[str] = field(default_factory=Counter)
    horizon: int = 100_000  # counts halve when ``docs`` reaches this: recent news weighs most, memory stays bounded

    def observe(self, terms: set[str]) -> None:
        self.docs += 1
        self.df.update(terms)
        if self.docs >= self.horizon:  # IDF is a ratio: halving both keeps it; terms seen once drop out
            self.df = Counter({t: n // 2 for t, n in self.df.items() if n >= 2})
            self.docs //= 2

    def idf(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0

    def state(self) -> dict[str, Any]:
        return {"docs": self.docs, "df": dict(self.df)}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "TermStats":
        return cls(int(d.get("docs", 0)), Counter(d.get("df", {})))


def keywords(
    title: str, body: str, entities: list[Entity], stats: TermStats | None = None, *, limit: int = 8,
    tok: Tokenised | None = None,
) -> list[str]:
    """Up to ``limit`` tags: the most mentioned multi-mention entities, then top TF-IDF terms.

    ``tok``: the article's ``Tokenised`` when the caller has it (same result, tokenised once).
    """
    return keywords_of(term_counts(title, body, tok), title, entities, stats, limit=limit)


def term_counts(title: str, body: str, tok: Tokenised | None = None) -> Counter[str]:
    """The counts ``keywords`` weighs: the article's tokens, the headline's twice."""
    if tok is not None and tok.body is body and tok.title == title:
        return Counter(tok.title_tokens() * 2 + tok.body_tokens(20000))
    return Counter(tokens(title) * 2 + tokens(body[:20000]))


def keywords_of(tf: dict[str, int], title: str, entities: list[Entity], stats: TermStats | None = None, *,
                limit: int = 8) -> list[str]:
    """``keywords`` from ``term_counts`` (the corpus part: ``stats`` observes the terms and weighs them)."""
    if stats is not None:
        stats.observe(set(tf))
    out: list[str] = []
    seen: set[str] = set()
    for e in entities:
        if len(out) >= limit // 2:
            break
        if e.kind != "other" and (e.count >= 2 or e.norm in title.casefold()):
            out.append(e.name)
            seen.update(e.norm.split())
    scored = sorted(
        ((1 + math.log(n)) * (stats.idf(t) if stats else 1.0), t) for t, n in tf.items() if len(t) > 2
    )
    for _, t in reversed(scored):
        if len(out) >= limit:
            break
        if t not in seen and not t.isdigit():
            out.append(t)
            seen.add(t)
    return out
