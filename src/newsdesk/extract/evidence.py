"""Collect the metadata evidence of a page in one pass, before the body step edits the tree.

``collect(tree, url)`` reads every ``<meta>``, ``<link>``, JSON-LD block, ``<h1>``,
byline-like and date-like element once and keeps plain strings plus the element
references the later choice needs (the body step may remove elements; we keep
their text and their ancestors so closeness to the article can still be judged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .jsonld import JsonLd, load_jsonld

#: ancestors whose contents are never the article's own headline, byline or date
_NOISE_TAGS = {"footer", "aside", "nav", "form", "noscript", "template", "select", "button"}
#: a class / id token is noise when one of its hyphen/underscore parts is one of these
_NOISE_PARTS = {
    "comment", "comments", "related", "sidebar", "recommend", "recommended", "recommendations", "popular",
    "trending", "newsletter", "promo", "footer", "teaser", "teasers", "reply", "replies", "cookie",
    "cookies", "consent", "gdpr", "subscribe", "breadcrumb", "breadcrumbs", "menu", "dropdown", "outbrain",
    "taboola", "carousel", "slider", "rail", "mostread", "readnext", "youmaylike", "disqus", "widgets",
}  # fmt: skip
_NOISE_RUNS = ("read-next", "more-stories", "you-may-like", "also-read", "most-read", "post-navigation",
               "nav-links", "next-post", "prev-post", "previous-post", "more-from", "more-articles")
_PART_SPLIT = re.compile(r"[-_\s]+")


@lru_cache(maxsize=4096)
def _noisy_attr(attrs: str) -> bool:
    """Does a class + id string mark a comments / related / sidebar / menu region?"""
    for tok in attrs.lower().split():
        if tok.startswith(("has-", "with-", "no-", "is-", "show-", "hide-")) or "--" in tok:
            continue  # modifiers describe a layout variant, not the region itself
        if any(r in tok for r in _NOISE_RUNS):
            return True
        if any(p in _NOISE_PARTS for p in _PART_SPLIT.split(tok)):
            return True
    return False


#: class / id words that mark a byline-like or date-like element (matched on the lowercased attributes)
_BYLINE_WORDS = re.compile(r"byline|author|writer|contributor|posted-?by|reporter")
_DATE_WORDS = re.compile(
    r"date|publish|posted-on|timestamp|entry-meta|post-meta|article-meta|\btime\b|-time\b|time-|meta-info"
)
_SCAN_XPATH = "//*[@class or @id or @rel or @itemprop or @data-testid] | //time | //h1"
_SKIP_TAGS = {"script", "style", "body", "html", "link", "img", "input", "select", "meta", "option", "svg"}


@dataclass(slots=True)
class Node:
    """A visible element kept with its text and position facts."""

    el: object
    text: str
    order: int  # document order among the scanned elements (comparable across kinds)
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
    main_h1: Node | None = None  # the headline element the title step settled on

    def text_around(self, node: Node | None = None) -> tuple[str, str]:
        """Visible text just after and just before the headline (where bylines and datelines sit)."""
        node = node or self.main_h1 or next((h for h in self.h1s if not h.noisy), None)
        if node is None:
            return "", ""
        q = "[not(parent::script or parent::style)]"
        after = node.el.xpath(f"following::text(){q}[position() <= 60]")
        before = node.el.xpath(f"preceding::text(){q}[position() <= 12]")
        return _norm_ws(" ".join(map(str, after)))[:600], _norm_ws(" ".join(map(str, reversed(before))))[-300:]

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
        tag = anc.tag
        if tag in ("body", "html"):
            return False
        if tag in _NOISE_TAGS:
            return True
        cls = anc.get("class")
        ident = anc.get("id")
        if (cls or ident) and _noisy_attr(f"{cls or ''} {ident or ''}"):
            return True
    return False


def _text(el, limit: int = 600) -> str:
    try:
        t = el.text_content()
    except ValueError:
        return ""
    return _norm_ws(t[: limit * 3])[:limit]


_BREAKS = {"br", "div", "p", "li", "h2", "h3"}


def heading_text(el, limit: int = 400) -> str:
    """Text of a heading with a space where a <br> or block child breaks the line."""
    if not any(c.tag in _BREAKS for c in el.iterdescendants()):
        return _text(el, limit)
    parts: list[str] = []
    for e in el.iter():
        if e is not el and e.tag in _BREAKS:
            parts.append(" ")
        if isinstance(e.tag, str) and e.text:
            parts.append(e.text)
        if e is not el and e.tail:
            parts.append(e.tail)
    return _norm_ws("".join(parts))[:limit]


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
    for pos, el in enumerate(tree.xpath(_SCAN_XPATH)):
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag == "h1":
            if len(ev.h1s) < 8:
                txt = heading_text(el)
                if txt:
                    ev.h1s.append(Node(el, txt, pos, _is_noisy(el)))
            continue
        prop = el.get("itemprop") or ""
        rel = el.get("rel") or ""
        attrs = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-testid') or ''}".lower()
        if len(ev.bylines) < 60 and (
            prop in ("author", "creator") or rel == "author" or _BYLINE_WORDS.search(attrs)
        ):
            txt = _text(el, 300) or _norm_ws(el.get("content"))
            if txt:
                ev.bylines.append(Node(el, txt, pos, _is_noisy(el), tuple(el.iterancestors())))
        if len(ev.dates) < 80 and (
            tag == "time" or prop in ("datePublished", "dateModified", "dateCreated") or _DATE_WORDS.search(attrs)
        ):
            value = _norm_ws(el.get("datetime") or el.get("content") or "")
            vis = _text(el, 200)
            if (value or vis) and len(vis) < 200:
                ev.dates.append(Node(el, vis, pos, _is_noisy(el), (), value))
    return ev
