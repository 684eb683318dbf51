"""The extractive short: about 60 words of the article's own sentences, each traceable by offsets.

Sentences are scored by position (news puts the point first), overlap with the headline and
centrality (how many of the article's frequent words they carry); boilerplate lines
("Read more", "Sign up", bylines, photo credits) and fragments are skipped. The chosen sentences
are returned in article order with their (start, end) offsets into ``Article.body``.
"""

from __future__ import annotations

import re
from collections import Counter

from .text import Tokenised

_JUNK = re.compile(
    r"^(?:read more|sign up|subscribe|advertisement|click here|follow us|share this|related:|watch:|"
    r"photo:|image:|credit:|copyright|all rights reserved|by [A-Z][\w.\-]+(?: [A-Z][\w.\-]+){0,3}$|"
    r"updated|published|this article|we use cookies)",
    re.IGNORECASE,
)


_END = re.compile(r"[.!?…\"”’]$")


def make_short(title: str, body: str, *, target_words: int = 60, max_words: int = 80,
               tok: Tokenised | None = None) -> tuple[str, list[tuple[int, int]]]:
    """(short text, [(start, end), ...]) with every sentence a verbatim span of ``body``.

    ``tok``: the article's ``Tokenised`` when the caller has it (same result, tokenised once).
    """
    if tok is None or tok.body is not body or tok.title != title:
        tok = Tokenised(title, body)
    spans = tok.spans
    if not spans:
        return "", []
    doc_tf = Counter(tok.body_tokens())
    title_t = set(tok.title_tokens())
    top = {t for t, _ in doc_tf.most_common(20)}
    scored: list[tuple[float, int, tuple[int, int], int]] = []
    for i, (s, e) in enumerate(spans):
        text = body[s:e]
        nwords = len(text.split())
        if nwords < 6 or _JUNK.match(text.strip()) or not _END.search(text):
            continue
        toks = set(tok.sentence_tokens[i])
        if not toks:
            continue
        position = 1.0 / (1.0 + 0.35 * len(scored))
        overlap = len(toks & title_t) / (len(title_t) or 1)
        centrality = len(toks & top) / len(top) if top else 0.0
        scored.append((1.0 * position + 0.8 * overlap + 0.6 * centrality, i, (s, e), nwords))
    if not scored:  # nothing sentence-like: take the opening words of the first span
        s, e = spans[0]
        cut = _cut_words(body, s, e, target_words)
        return body[s:cut], [(s, cut)]
    chosen: list[tuple[int, tuple[int, int]]] = []
    words = 0
    for score, i, span, nwords in sorted(scored, key=lambda x: (-x[0], x[1])):
        if words >= target_words * 0.8:
            break
        if words + nwords > max_words and chosen:
            continue
        chosen.append((i, span))
        words += nwords
    chosen.sort()
    if words > max_words:  # a single very long sentence: cut at a word boundary, mark it
        i, (s, e) = chosen[0]
        cut = _cut_words(body, s, e, target_words)
        return body[s:cut] + "…", [(s, cut)]
    out_spans = [span for _, span in chosen]
    return " ".join(body[s:e] for s, e in out_spans), out_spans


def _cut_words(text: str, s: int, e: int, n: int) -> int:
    count = 0
    for m in re.finditer(r"\S+", text[s:e]):
        count += 1
        if count == n:
            return s + m.end()
    return e
