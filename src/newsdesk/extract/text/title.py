"""Find the headline among the lines of a flattened page (pure heuristics).

The headline is a short line with no sentence ending, standing just above the
densest run of prose, often repeated (page heading, breadcrumb, share block),
and usually echoed by the URL slug. Candidates are scored on those signals.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

import numpy as np

from .lines import Line, _core, prose_scores

_NUMBERED = re.compile(r"^(?:\d+|[ivx]+)[.):]\s")
_SUFFIX = re.compile(r"\s+[|–—-]\s+([^|–—-]{2,40})$")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


def slug_words(url: str | None) -> set[str]:
    """Words of the URL path (the slug usually repeats the headline)."""
    if not url:
        return set()
    try:
        path = unquote(urlsplit(url).path).casefold()
    except ValueError:
        return set()
    return set(_SLUG_WORD.findall(path))


def body_core(lines: list[Line]) -> tuple[int, int]:
    """Index range of the densest prose run (start > end when there is none)."""
    return _core(prose_scores(lines), [ln.words for ln in lines])


def strip_site_suffix(title: str, url: str | None) -> str:
    """Drop a trailing " | Site" / " – Site" segment when the URL's host names that site."""
    m = _SUFFIX.search(title)
    if not m or not url:
        return title
    host = (urlsplit(url).hostname or "").replace("-", "").replace(".", "")
    tail = re.sub(r"\W+", "", m.group(1)).casefold()
    return title[: m.start()].rstrip() if tail and tail in host else title


#: 2 * exp(-d / 10) for a candidate d lines above the body (math.exp, as the scalar form computed it)
_NEAR = tuple(2.0 * math.exp(-d / 10.0) for d in range(82))


def find_title(lines: list[Line], url: str | None = None, core: tuple[int, int] | None = None,
               counts: Counter | None = None, slug: set[str] | None = None) -> list[int]:
    """Indexes of the lines holding the headline (best candidate and its repeats).

    Scores the (at most 80) lines above the body start; ``counts`` (how often
    each ``Line.key`` occurs on the page) and ``slug`` (``slug_words(url)``) are
    computed when not given.
    """
    n = len(lines)
    if not n:
        return []
    a, b = core if core is not None else body_core(lines)
    start = a if b >= a else n
    if slug is None:
        slug = slug_words(url)
    if counts is None:
        counts = Counter(ln.key for ln in lines)
    limit = min(n, start + 2)
    lo = max(0, limit - 80)
    cand = [i for i in range(lo, limit) if 2 <= lines[i].words <= 40 and lines[i].chars <= 300]
    if not cand:
        return []
    c = [lines[i] for i in cand]
    words = np.fromiter((ln.words for ln in c), dtype=np.float64, count=len(c))
    score = np.zeros(len(c))
    if slug:
        hits = np.fromiter((sum(1 for w in slug if w in ln.key) for ln in c), dtype=np.float64, count=len(c))
        score += 3.5 * hits / len(slug) + 1.5 * np.minimum(1.0, hits / words)
    # each term is added (or not) in the order the scalar form used, so sums are bit-identical
    flags = np.array([(counts[ln.key] >= 2, ln.terminal and not ln.text.endswith("?"), ln.bullet,
                       ln.text.endswith(":"), "|" in ln.text or "©" in ln.text,
                       _NUMBERED.match(ln.text) is not None, ln.blank_before and ln.blank_after)
                      for ln in c], dtype=bool).reshape(len(c), 7)
    score += np.where(flags[:, 0], 0.8, 0.0)
    score += np.array([_NEAR[max(start - i, 0)] for i in cand])
    score -= np.where(flags[:, 1], 0.8, 0.0)
    score += np.where((words >= 4) & (words <= 25), 0.6, 0.0)
    score -= np.where(flags[:, 2], 1.2, 0.0)
    score -= np.where(flags[:, 3], 1.0, 0.0)
    score -= np.where(flags[:, 4], 0.6, 0.0)
    score -= np.where(flags[:, 5], 1.5, 0.0)
    score -= np.where(words <= 2, 0.5, 0.0)
    score += np.where(flags[:, 6], 0.3, 0.0)
    best = int(np.argmax(score))
    key = c[best].key
    if counts[key] == 1:
        return [cand[best]]
    return [i for i, ln in enumerate(lines) if ln.key == key]
