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

from .text_lines import Line, _core, prose_scores

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


def find_title(lines: list[Line], url: str | None = None, core: tuple[int, int] | None = None) -> list[int]:
    """Indexes of the lines holding the headline (best candidate and its repeats)."""
    n = len(lines)
    if not n:
        return []
    a, b = core if core is not None else body_core(lines)
    start = a if b >= a else n
    slug = slug_words(url)
    keys = [ln.key for ln in lines]
    counts = Counter(keys)
    best, best_i = -1e9, -1
    limit = min(n, start + 2)
    for i in range(max(0, limit - 80), limit):
        ln = lines[i]
        if ln.words < 2 or ln.words > 40 or ln.chars > 300:
            continue
        k = keys[i]
        score = 0.0
        if slug:
            hits = sum(1 for w in slug if w in k)
            score += 3.5 * hits / len(slug) + 1.5 * min(1.0, hits / ln.words)
        if counts[k] >= 2:
            score += 0.8
        score += 2.0 * math.exp(-max(start - i, 0) / 10.0)
        if ln.terminal and not ln.text.endswith("?"):
            score -= 0.8
        if 4 <= ln.words <= 25:
            score += 0.6
        if ln.bullet:
            score -= 1.2
        if ln.text.endswith(":"):
            score -= 1.0
        if "|" in ln.text or "©" in ln.text:
            score -= 0.6
        if _NUMBERED.match(ln.text):
            score -= 1.5
        if ln.words <= 2:
            score -= 0.5
        if ln.blank_before and ln.blank_after:
            score += 0.3
        if score > best:
            best, best_i = score, i
    if best_i < 0:
        return []
    key = keys[best_i]
    return [i for i in range(n) if keys[i] == key]
