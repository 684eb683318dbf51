"""The story short: about 60 words summarising a story from several outlets, every sentence cited.

Extractive and local: the short is made of the member articles' own sentences, each a verbatim
span of its article's body, so every sentence cites the article (and outlet) it came from.

    story_short([ShortSource(doc_id, title, body, outlet, published), ...]) -> StoryShort

How sentences are chosen (pure, deterministic, no model):

- Candidates are each article's sentences (``enrich.text.sentences``), without boilerplate
  ("Read more", bylines, photo credits), datelines and fragments (under 6 words), or run-ons.
- A sentence scores by what the *story* agrees on: each of its terms weighs the share of member
  articles that use it (an event's who/what/where is repeated by every outlet, one outlet's aside
  is not), over the square root of its length, plus a bonus for an early position in its article
  (news puts the point first) and for sharing its article's headline terms.
- Greedy choice: the best sentence first; then a sentence is skipped when it repeats one already
  chosen (token overlap ``redundancy`` or more: syndicated copies and rewrites say the same thing),
  and one from an outlet not yet cited outranks a better-scored one from a cited outlet, so the
  short draws on two or more outlets whenever the story has them.
- The best sentence leads; the others follow in their article's time (then arrival) and position.

``redundancy_of`` and ``outlets_of`` measure a short (``clustering_bench.py short``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from .text import sentences, tokens

_JUNK = re.compile(
    r"^(?:read more|sign up|subscribe|advertisement|click here|follow us|share this|related:|watch:|"
    r"photo:|image:|credit:|copyright|all rights reserved|by [A-Z][\w.\-]+(?: [A-Z][\w.\-]+){0,3}$|"
    r"updated|published|posted|this article|we use cookies)",
    re.IGNORECASE,
)


_NEW_OUTLET = 0.75  # an uncited outlet's sentence outranks a better one down to this share of its score


@dataclass(frozen=True, slots=True)
class ShortSource:
    """One member article as the story short reads it."""

    doc_id: str
    title: str
    body: str
    outlet: str | None = None
    published: str | None = None  # ISO 8601; orders the chosen sentences (None: arrival order)


@dataclass(frozen=True, slots=True)
class ShortSentence:
    """A sentence of the short: ``text`` is ``body[start:end]`` of article ``doc_id`` from ``outlet``."""

    text: str
    doc_id: str
    outlet: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "doc_id": self.doc_id, "outlet": self.outlet, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class StoryShort:
    """The sentences of a story short, in reading order."""

    sentences: list[ShortSentence] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "words": self.words, "outlets": outlets_of(self),
                "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(slots=True)
class _Cand:
    score: float
    order: int  # article arrival
    pos: int  # sentence position in its article
    toks: frozenset[str]
    sent: ShortSentence
    words: int


def story_short(sources: Sequence[ShortSource], *, target_words: int = 60, max_words: int = 80,
                redundancy: float = 0.5, max_sentence_words: int = 45) -> StoryShort:
    """About ``target_words`` of the story's own sentences, each citing its article and outlet."""
    cands = _candidates(sources, max_sentence_words)
    if not cands:
        return StoryShort([])
    chosen: list[_Cand] = []
    words = 0
    cited: set[str | None] = set()
    pool = sorted(cands, key=lambda c: (-c.score, c.order, c.pos))
    while pool and words < target_words * 0.8:
        pick = _next(pool, chosen, cited, redundancy, max_words - words if chosen else None)
        if pick is None:
            break
        pool.remove(pick)
        chosen.append(pick)
        cited.add(pick.sent.outlet or pick.sent.doc_id)
        words += pick.words
    times = {s.doc_id: (s.published or "", i) for i, s in enumerate(sources)}
    lede, rest = chosen[:1], sorted(chosen[1:], key=lambda c: (times[c.sent.doc_id], c.pos))
    return StoryShort([c.sent for c in lede + rest])


def _next(pool: list[_Cand], chosen: list[_Cand], cited: set[str | None], redundancy: float,
          room: int | None) -> _Cand | None:
    """The best candidate that fits and repeats nothing chosen; a not-yet-cited outlet goes first
    while fewer than two are cited, later when it scores at least ``_NEW_OUTLET`` of the best."""
    best = None
    for c in pool:
        if room is not None and c.words > room:
            continue
        if any(_overlap(c.toks, o.toks) >= redundancy for o in chosen):
            continue
        if best is None:
            best = c
        if (c.sent.outlet or c.sent.doc_id) not in cited:
            return c if len(cited) < 2 or c.score >= _NEW_OUTLET * best.score else best
    return best


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter sentence's terms found in the other (1.0: one repeats the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _candidates(sources: Sequence[ShortSource], max_sentence_words: int) -> list[_Cand]:
    per_doc: list[tuple[int, ShortSource, list[tuple[int, int, frozenset[str], int]]]] = []
    use: Counter[str] = Counter()
    for order, src in enumerate(sources):
        body = src.body or ""
        sents = []
        for pos, (s, e) in enumerate(sentences(body)):
            text = body[s:e]
            n = len(text.split())
            if n < 6 or n > max_sentence_words or _JUNK.match(text.strip()) or not re.search(r"[.!?…\"”’]$", text):
                continue
            toks = frozenset(tokens(text))
            if len(toks) >= 3:
                sents.append((s, e, toks, pos))
        per_doc.append((order, src, sents))
        use.update(set().union(*(t for _, _, t, _ in sents)) if sents else ())
    n_docs = max(1, sum(1 for _, _, s in per_doc if s))
    out: list[_Cand] = []
    for order, src, sents in per_doc:
        title = set(tokens(src.title or ""))
        for rank, (s, e, toks, pos) in enumerate(sents):
            agree = sum(use[t] for t in toks) / n_docs / math.sqrt(len(toks))
            head = len(toks & title) / len(title) if title else 0.0
            score = agree + 0.5 / (1.0 + rank) + 0.3 * head
            text = src.body[s:e]
            out.append(_Cand(score, order, pos, toks, ShortSentence(text, src.doc_id, src.outlet, s, e),
                             len(text.split())))
    return out


def redundancy_of(short: StoryShort) -> float:
    """The largest term overlap between two sentences of a short (0: none repeats another)."""
    toks = [frozenset(tokens(s.text)) for s in short.sentences]
    return max((_overlap(a, b) for i, a in enumerate(toks) for b in toks[i + 1:]), default=0.0)


def outlets_of(short: StoryShort) -> list[str]:
    """The outlets a short cites, in order of first citation (an article without one: its id)."""
    return list(dict.fromkeys(s.outlet or s.doc_id for s in short.sentences))
