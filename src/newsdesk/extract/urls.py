"""URL helpers for metadata: absolutising, and reading a section from a path."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit


def absolutise(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; protocol-relative and odd values handled, never raises."""
    if not href:
        return None
    h = href.strip()
    if not h or h.startswith(("data:", "javascript:", "about:", "#")) or len(h) > 4000:
        return None
    if h.startswith("//"):
        scheme = urlsplit(base).scheme if base else ""
        return f"{scheme or 'https'}:{h}"
    if not base:
        return h
    try:
        return urljoin(base, h)
    except ValueError:
        return h


_NOT_SECTIONS = {
    "article", "articles", "story", "stories", "post", "posts", "p", "a", "amp", "index", "content",
    "www", "en", "fr", "de", "es", "it", "pt", "nl", "uk", "us", "gb", "id", "item", "node", "page",
    "pages", "blog", "blogs", "entry", "view", "detail", "details", "read", "s", "c", "doc", "html",
}  # fmt: skip
_SECTION_SEG = re.compile(r"^[a-z][a-z-]{1,30}$")


def section_from_url(url: str | None) -> str | None:
    """The first path segment when it reads like a section name ("/politics/...")."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    segs = [s for s in path.split("/") if s]
    if len(segs) < 2:  # the only segment is the article slug itself
        return None
    for seg in segs[:2]:
        low = seg.lower()
        if low in _NOT_SECTIONS or len(low) == 2:
            continue
        if _SECTION_SEG.match(low) and low.count("-") <= 2:
            return low.replace("-", " ").title()
        return None
    return None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        h = urlsplit(url).hostname
    except ValueError:
        return None
    return h[4:] if h and h.startswith("www.") else h
