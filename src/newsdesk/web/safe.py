"""Render-time safety: article HTML is sanitised again before every render, snippets are escaped.

Stored HTML was sanitised by the extractor, but the store may hold older or hand-edited rows, so
the portal never trusts it: ``clean_html`` runs the extractor's sanitiser when it is available and
always finishes with a strict nh3 allowlist (no scripts, styles, event handlers, SVG, forms,
iframes; links only http/https/mailto; images only http/https or our own paths).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urljoin

import nh3

from ..sanitize import sanitize_html
from .data import MARK_END, MARK_START

_TAGS = {
    "p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark", "q", "cite",
    "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6",
    "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "time",
}
_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "time": {"datetime"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def _attr_filter(base_url: str | None):
    def f(tag: str, attr: str, value: str) -> str | None:
        if attr in ("href", "src"):
            v = value.strip()
            if base_url and not v.startswith(("http:", "https:", "mailto:", "/", "#")):
                v = urljoin(base_url, v)
            low = v.lower()
            if attr == "src" and not (low.startswith(("http://", "https://")) or (low.startswith("/")
                                                                                     and not low.startswith("//"))):
                return None
            if attr == "href" and not low.startswith(("http://", "https://", "mailto:", "/", "#")):
                return None
            return v
        return value

    return f


def clean_html(html: str, base_url: str | None = None) -> str:
    """Sanitised HTML fit to place inside an article page."""
    if not html:
        return ""
    html = sanitize_html(html, base_url=base_url)  # the package's sanitiser first, then the page's own rules
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "svg", "math", "template", "iframe", "object", "noscript"},
        attributes=_ATTRS,
        attribute_filter=_attr_filter(base_url),
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


def snippet_html(snippet: str) -> str:
    """Escape a search snippet, then turn its match marks into ``<mark>`` elements."""
    return escape(snippet, quote=True).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def snippet_text(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


_SPACE_AND_CONTROL = re.compile(r"[\x00- ]")  # what a browser skips in a scheme: gone before the check


def safe_url(url: str | None) -> str | None:
    """An http(s) URL or a path on this site; anything else (javascript:, data:, //host) is None."""
    if not url:
        return None
    u = url.strip()
    low = _SPACE_AND_CONTROL.sub("", u.lower())
    if low.startswith(("http://", "https://")) or (low.startswith("/") and not low.startswith("//")):
        return u
    return None
