"""Sanitise untrusted HTML for display (nh3 / ammonia): safe tags and attributes only.

No script, style, iframe, svg, forms or event handlers; link URLs limited to
http(s)/mailto (relative ones resolved against ``base_url`` when given) and
given ``rel="nofollow noopener noreferrer"``; images may use http(s) or
``data:image/...`` URLs; no other ``data:`` or ``javascript:`` URL survives.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import nh3

TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 "
    "hr i img ins kbd li mark ol p pre q s samp small span strong sub sup table tbody td tfoot th thead "
    "time tr u ul".split()
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start"},
}
_TAG_SET = set(TAGS)  # nh3 reads these (it never changes them): built once, not per call
_ATTRIBUTE_SETS = {k: set(v) for k, v in ATTRIBUTES.items()}
_SCHEMES = {"http", "https", "mailto"}
_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]+$", re.I)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*):", re.I)
_CTRL = re.compile(r"[\x00-\x20\x7f]+")


_ABSOLUTE = ("https://", "http://")
#: nesting kept by ``cap_nesting``; html5ever (under nh3) is quadratic in the depth of block elements
#: (47,000 nested divs: 5 s), and no article needs more
MAX_NESTING = 256
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>")
#: never nest: void elements, and those whose start closes the open one of their kind (optional end tags)
_FLAT = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
                  "option optgroup thead tbody tfoot colgroup caption rb rt rp html head body".split())


def cap_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """``html`` with the start tags (and their end tags) that would nest deeper than ``limit``
    removed, their text kept; one linear pass, and none for a fragment with fewer tags than the limit.
    What it leaves still goes through the sanitiser, so removing a tag can never let markup through."""
    if html.count("<") <= limit:
        return html
    out: list[str] = []
    depth = last = 0
    dropped: dict[str, int] = {}
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _FLAT or m.group(0).endswith("/>"):
            continue
        if m.group(1):  # an end tag
            if dropped.get(name):
                dropped[name] -= 1
                out.append(html[last:m.start()])
                last = m.end()
            else:
                depth = max(0, depth - 1)
        elif depth >= limit:
            dropped[name] = dropped.get(name, 0) + 1
            out.append(html[last:m.start()])
            last = m.end()
        else:
            depth += 1
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def _safe_url(value: str, base_url: str | None, image: bool) -> str | None:
    if value.startswith(_ABSOLUTE) and not value[-1].isspace():
        return value  # the common case, already as the checks below would leave it
    v = value.strip()
    if image and _DATA_IMAGE.match(v):
        return v
    m = _SCHEME.match(_CTRL.sub("", v))
    if m:
        return v if m.group(1).lower() in _SCHEMES else None
    if base_url:
        try:
            v = urljoin(base_url, v)
        except ValueError:
            return None
        m = _SCHEME.match(v)
        if m and m.group(1).lower() not in _SCHEMES:
            return None
    return v


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Return ``html`` with only safe tags, attributes and URLs left."""
    if not html:
        return ""

    def attr_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "href" and tag == "a":
            return _safe_url(value, base_url, image=False)
        if attr == "src" and tag == "img":
            return _safe_url(value, base_url, image=True)
        if attr == "cite":
            return _safe_url(value, base_url, image=False)
        return value

    return nh3.clean(
        cap_nesting(html),
        tags=_TAG_SET,
        attributes=_ATTRIBUTE_SETS,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="nofollow noopener noreferrer",
        attribute_filter=attr_filter,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
