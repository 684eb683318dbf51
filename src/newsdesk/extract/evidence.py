"""Collect the metadata evidence of a page in one pass, before the body step edits the tree.

``collect(tree, url)`` reads every ``<meta>``, ``<link>``, JSON-LD block, ``<h1>``,
byline-like and date-like element once and keeps plain strings plus the element
references the later choice needs (the body step may remove elements; we keep
their text and their ancestors so closeness to the article can still be judged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .jsonld import JsonLd, load_jsonld

#: ancestors whose contents are never the article's own byline or date
_NOISE_TAGS = {"footer", "aside", "nav", "form", "noscript", "template", "select", "button"}
_NOISE_WORDS = (
    "comment", "related", "sidebar", "widget", "recommend", "popular", "trending", "newsletter",
    "promo", "footer", "more-stories", "read-next", "readnext", "also-read", "next-post", "prev-post",
    "previous-post", "post-navigation", "nav-links", "teaser", "most-read", "mostread", "reply",
    "cookie", "consent", "gdpr", "subscribe", "breadcrumb", "menu", "dropdown", "author-box-list",
    "you-may-like", "youmaylike", "outbrain", "taboola", "carousel", "slider", "rail",
)  # fmt: skip

_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or @itemprop='creator' or "
    "contains(@class,'byline') or contains(@class,'Byline') or contains(@class,'author') or "
    "contains(@class,'Author') or contains(@id,'byline') or contains(@id,'author') or "
    "contains(@class,'writer') or contains(@class,'contributor') or contains(@data-testid,'byline') or "
    "contains(@class,'posted-by') or contains(@class,'postedby')]"
)
_DATE_XPATH = (
    "//time | //*[@itemprop='datePublished' or @itemprop='dateModified' or @itemprop='dateCreated' or "
    "contains(@class,'date') or contains(@class,'Date') or contains(@class,'publish') or "
    "contains(@class,'posted-on') or contains(@class,'timestamp') or contains(@class,'dateline') or "
    "contains(@class,'entry-meta') or contains(@class,'post-meta') or contains(@class,'article-meta') or "
    "contains(@id,'date') or contains(@class,'time')]"
)


@dataclass(slots=True)
class Node:
    """A visible element kept with its text and position facts."""

    el: object
    text: str
    order: int  # document order among the collected nodes
    noisy: bool  # inside footer / aside / comments / related lists
    ancestors: tuple = ()
    value: str = ""  # machine-readable attribute (datetime=, content=) when present


@dataclass(slots=True)
class Evidence:
    metas: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    ld: JsonLd = field(default_factory=JsonLd)
    title_el: str | None = None
    html_lang: str | None = None
    h1s: list[Node] = field(default_factory=list)
    bylines: list[Node] = field(default_factory=list)
    dates: list[Node] = field(default_factory=list)

    def meta(self, *keys: str) -> str | None:
        """First non-empty content among meta keys, in the order given."""
        for k in keys:
            for v in self.metas.get(k, ()):
                if v:
                    return v
        return None

    def meta_all(self, *keys: str) -> list[str]:
        return [v for k in keys for v in self.metas.get(k, ()) if v]


def _norm_ws(s: str | None) -> str:
    return " ".join(s.split()) if s else ""


def _is_noisy(el) -> bool:
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in _NOISE_TAGS:
            return True
        cls = (anc.get("class") or "") + " " + (anc.get("id") or "")
        if cls.strip():
            low = cls.lower()
            if any(w in low for w in _NOISE_WORDS):
                return True
    return False


def _text(el, limit: int = 600) -> str:
    try:
        t = el.text_content()
    except ValueError:
        return ""
    return _norm_ws(t[: limit * 3])[:limit]


def collect(tree, url: str | None) -> Evidence:
    ev = Evidence()
    for m in tree.iter("meta"):
        content = m.get("content")
        if content is None:
            content = m.get("value")
        if content is None:
            continue
        content = _norm_ws(content)
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                for k in key.lower().split():
                    ev.metas.setdefault(k, []).append(content)
    for ln in tree.iter("link"):
        rel, href = ln.get("rel"), ln.get("href")
        if rel and href:
            for r in rel.lower().split():
                ev.links.setdefault(r, []).append(href.strip())
    scripts = tree.xpath(
        "//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]/text()"
    )
    ev.ld = load_jsonld([str(s) for s in scripts])
    t = tree.find(".//title")
    if t is not None:
        ev.title_el = _text(t, 400) or None
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    ev.html_lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    order = 0
    for h in tree.iter("h1"):
        txt = _text(h, 400)
        if txt:
            ev.h1s.append(Node(h, txt, order, _is_noisy(h)))
            order += 1
        if len(ev.h1s) >= 8:
            break
    seen = set()
    for el in tree.xpath(_BYLINE_XPATH)[:60]:
        if el.tag in ("meta", "link", "script", "style", "body", "html", "img") or id(el) in seen:
            continue
        seen.add(id(el))
        txt = _text(el, 300)
        if not txt and el.get("content"):
            txt = _norm_ws(el.get("content"))
        if txt:
            ev.bylines.append(Node(el, txt, len(ev.bylines), _is_noisy(el), tuple(el.iterancestors())))
    for el in tree.xpath(_DATE_XPATH)[:80]:
        if el.tag in ("script", "style", "body", "html", "link", "img", "input", "select"):
            continue
        value = _norm_ws(el.get("datetime") or el.get("content") or "")
        vis = _text(el, 200)
        if value or vis:
            ev.dates.append(Node(el, vis, len(ev.dates), _is_noisy(el), (), value))
    return ev
