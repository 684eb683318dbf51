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
from itertools import islice
from typing import Any

from lxml import etree

from .jsonld import JsonLd, load_jsonld
from .textwalk import label_texts, norm_ws, walk_text

#: ancestors whose contents are never the article's own headline, byline or date
_NOISE_TAGS = {"footer", "nav", "form", "noscript", "template", "select", "button"}
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


#: class / id words that mark a byline-like or date-like element (matched on the lowercased attributes)
_BYLINE_WORDS = re.compile(r"byline|author|writer|contributor|posted-?by|reporter")
_DATE_WORDS = re.compile(
    r"date|publish|publication|pubdate|posted-on|created|timestamp|entry-meta|post-meta|article-meta|\btime\b|-time\b|time-|meta-info"
)
_DEK_WORDS = re.compile(r"standfirst|\bdek\b|deck|subtitle|sub-title|subhead|\blede\b|strapline|summary|excerpt|"
                        r"intro\b|article-lead|story-lead|\blead\b")
#: substrings every byline / date / standfirst class contains at least one of (a cheap gate)
_STEMS = ("auth", "byline", "writer", "contrib", "posted", "report", "date", "publi", "time", "stamp", "meta",
          "creat", "dek", "deck", "standfirst", "title", "subhead", "lede", "strap", "summary", "excerpt",
          "intro", "lead")
#: one C scan instead of 23 `in` tests; the stems bucketed by first letter ("d(?:ate|ek|eck)|..."): a
#: position tries only the stems starting with its letter (finds a stem where the flat alternation does)
_STEMS_RE = re.compile("|".join(
    f"{c}(?:{'|'.join(re.escape(s[1:]) for s in _STEMS if s[0] == c)})"
    for c in sorted({s[0] for s in _STEMS})
))
#: the elements ``collect`` scans, in document order (it walks them in Python: one pass, no XPath)
_SCAN_XPATH = "//*[@class or @id or @rel or @itemprop or @data-testid] | //time | //h1"
_SKIP_TAGS = {"script", "style", "body", "html", "link", "img", "input", "select", "meta", "option", "svg"}


# XPath compiled once (evaluation, not compilation, is the cost; this saves re-parsing per page)
_SHORT_TEXT_XPATH = etree.XPath(
    "//text()[string-length(normalize-space()) > 7 and string-length(normalize-space()) < 32]"
    "[not(ancestor::script or ancestor::style or ancestor::footer or ancestor::nav"
    " or ancestor::a or ancestor::noscript)]"
)
_PRECEDING = etree.XPath("count(preceding::*)")
_ROOTS = etree.XPath("/*")
_TEXTS = etree.XPath("text()")
#: the attributes that put an element in the evidence scan (with every <time> and <h1>)
_SCAN_ATTRS = frozenset(("class", "id", "rel", "itemprop", "data-testid"))
#: the tags read by tag rather than by the scan (script: JSON-LD, in every root)
_HEAD_TAGS = frozenset(("meta", "link", "title", "figure", "script"))
_LDJSON = str.maketrans("LDJSON", "ldjson")  # as XPath's translate(@type, 'LDJSON', 'ldjson')
_INSIDE = etree.XPath("count(.//*)")


@dataclass(slots=True)
class Node:
    """A visible element kept with its text and position facts."""

    el: Any
    text: str
    order: int  # document order among the scanned elements (comparable across kinds)
    noise: str  # "" in the page proper, "side" in a sidebar, "hard" in comments / related / menus
    ancestors: tuple = ()
    value: str = ""  # machine-readable attribute (datetime=, content=) when present

    @property
    def noisy(self) -> bool:
        return bool(self.noise)


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
    deks: list[Node] = field(default_factory=list)  # standfirst-like elements (class dek, standfirst...)
    figures: list[Node] = field(default_factory=list)  # text = caption, value = image src, credit below
    credits: dict[int, str] = field(default_factory=dict)  # figure order -> credit line
    _around: tuple | None = None
    _labelled: tuple | None = None  # (limit, labelled_dates) once read
    root: Any = None  # the parsed tree, for the rare last-resort lookups

    def labelled_dates(self, limit: int = 20) -> list[str]:
        """Texts like "Published: ...", "Last updated ..." anywhere in the visible page (a last resort)."""
        if self.root is None:
            return []
        if self._labelled is not None and self._labelled[0] == limit:
            return self._labelled[1]
        out = []
        for s, nxt in label_texts(self.root, limit):
            if len(s) < 40 and nxt is not None:  # "Published" label with the date in the next element
                s = norm_ws(s + " " + _text(nxt, 120) + " " + (nxt.tail or ""))
                if len(s) < 40:  # a label heading: the date sits in the elements after it
                    for sib in islice(nxt.itersiblings(), 2):
                        s += " " + _text(sib, 80)
            out.append(s[:200])
        self._labelled = (limit, out)
        return out

    def script_dates(self, limit: int = 2_000_000) -> list[str]:
        """Values of well-typed publication keys ("datePublished", "publishedAt", ...) in
        JSON blobs inside non-JSON-LD scripts (``__NEXT_DATA__`` and the like): a low-trust
        last resort. Plain JS variables are never read."""
        if self.root is None:
            return []
        out: list[str] = []
        size = 0
        for el in self.root.iter("script"):
            typ = (el.get("type") or "").lower()
            if "ld+json" in typ or not el.text:
                continue
            txt = el.text
            size += len(txt)
            if size > limit:
                break
            out.extend(m.group(1) for m in _SCRIPT_DATE.finditer(txt))
            if len(out) >= 5:
                break
        return out

    def bare_dates(self, limit: int = 400) -> list[tuple[str, bool]]:
        """Short visible texts that are nothing but a date ("April 8, 2024" alone in a
        ``<p>``), in document order, each with whether it follows the headline (a last resort)."""
        if self.root is None:
            return []
        head = self.main_h1.el if self.main_h1 is not None else None
        out = []
        for t in _SHORT_TEXT_XPATH(self.root)[:limit * 4]:
            s = norm_ws(str(t))
            if not _BARE_DATE.fullmatch(s):
                continue
            el = t.getparent()
            if el is None or _noise(el):
                continue
            after = head is not None and _follows(el, head)
            out.append((s, after))
            if len(out) >= limit:
                break
        return out

    def text_around(self, node: Node | None = None) -> tuple[str, str]:
        """Visible text just after and just before the headline (where bylines and datelines sit)."""
        node = node or self.main_h1 or next((h for h in self.h1s if not h.noisy), None)
        if node is None:
            return "", ""
        if self._around is None or self._around[0] is not node:
            self._around = (node, walk_text(node.el, 600, False), walk_text(node.el, 300, True))
        return self._around[1], self._around[2]

    def meta(self, *keys: str) -> str | None:
        """First non-empty content among meta keys, in the order given."""
        for k in keys:
            for v in self.metas.get(k, ()):
                if v:
                    return v
        return None

    def meta_all(self, *keys: str) -> list[str]:
        return [v for k in keys for v in self.metas.get(k, ()) if v]


#: a JSON key that can only mean the publication date, with an ISO-like value
_SCRIPT_DATE = re.compile(
    r'\\?"(?:datePublished|publishedAt|published_at|firstPublishedAt|first_published_at|publishDate|publish_date'
    r'|date_published|publishedDate)\\?"\s*:\s*\\?"(\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)\\?"'
)
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: a text that is one written date and nothing else ("Dec 17, 2025", "17 December 2025")
_BARE_DATE = re.compile(
    rf"(?i:(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MON},?\s+\d{{4}}))"
)


def _follows(el, head) -> bool:
    """Whether ``el`` comes after ``head`` in document order (and is not inside it)."""
    return _PRECEDING(el) > _PRECEDING(head) + _INSIDE(head)


_SIDE_PARTS = {"sidebar", "rail"}


@lru_cache(maxsize=4096)
def _noise_kind(attrs: str) -> str:
    """What a class + id string marks: "" (nothing), "side" (a sidebar, an entry's own
    footer) or "hard" (comments, related lists, menus, page footers, promos...)."""
    kind = ""
    for tok in attrs.lower().split():
        if tok.startswith(("has-", "with-", "no-", "is-", "show-", "hide-")) or "--" in tok:
            continue  # modifiers describe a layout variant, not the region itself
        if tok.endswith(("-enabled", "-active", "-open", "-visible", "-layout", "-wrap", "-wrapper")):
            continue
        if any(r in tok for r in _NOISE_RUNS):
            return "hard"
        for p in _PART_SPLIT.split(tok):
            if p in _NOISE_PARTS:
                if p in _SIDE_PARTS or ("__" in tok and p == "footer"):
                    kind = "side"
                else:
                    return "hard"
    return kind


def _noise(el) -> str:
    """"" when the element sits in the page proper, "side" inside a sidebar (or the
    article's own footer), else "hard"."""
    kind = ""
    footer = False
    for anc in el.iterancestors():
        tag = anc.tag
        if tag in ("body", "html"):
            break
        if tag in ("article", "main") and footer:
            footer, kind = False, "side"
            continue
        if tag == "aside":
            kind = "side"
            continue
        if tag == "footer":
            footer = True
            continue
        if tag in _NOISE_TAGS:
            return "hard"
        cls = anc.get("class")
        ident = anc.get("id")
        if cls or ident:
            k = _noise_kind(f"{cls or ''} {ident or ''}")
            if k == "hard":
                return k
            kind = kind or k
    return "hard" if footer else kind


def _text(el, limit: int = 600) -> str:
    try:
        t = el.text_content()
    except ValueError:
        return ""
    return norm_ws(t[: limit * 3])[:limit]


#: marks where two text pieces of a byline were glued without a space
GLUE = " ¦ "
_BY_END = re.compile(r"(?:\bby|:)\s*$", re.I)


def byline_text(el, limit: int = 300) -> str:
    """Text of a byline element where pieces glued without a space ("Jane DoeStaff
    Writer", "Jane DoeJan 2") are split with ``GLUE``: the name is the first piece."""
    out = ""
    for piece in el.itertext():
        if not piece:
            continue
        if out and not out[-1].isspace() and not piece[0].isspace() and not _BY_END.search(out):
            out += GLUE
        out += piece
        if len(out) > limit * 3:
            break
    return norm_ws(out)[:limit]


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
    return norm_ws("".join(parts))[:limit]


_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|photographer|attribution", re.I)
_CREDIT_TEXT = re.compile(
    r"(?:\(|\s|^)(?:photo(?:graph)?s?|image|picture|foto|credit|illustration)\s*(?:by|:)\s*:?\s*([^()]{2,120}?)\)?\s*$"
    r"|©\s*([^()]{2,120}?)\)?\s*$",
    re.I,
)


def _figure(fig, pos: int) -> tuple[Node, str | None] | None:
    img = fig.find(".//img")
    if img is None:
        return None
    src = img.get("src") or img.get("data-src") or img.get("data-lazy-src") or ""
    if not src or src.startswith("data:"):
        srcset = img.get("srcset") or img.get("data-srcset") or ""
        src = srcset.split(",")[0].strip().split(" ")[0] if srcset else ""
    if not src:
        return None
    cap_el = fig.find(".//figcaption")
    caption = _text(cap_el, 500) if cap_el is not None else ""
    credit = None
    if cap_el is not None:
        for el in cap_el.iter():
            if el is not cap_el and _CREDIT_CLASS.search(el.get("class") or ""):
                credit = _text(el, 200) or None
                if credit and caption.endswith(credit):
                    caption = caption[: -len(credit)].strip()
                break
    if credit is None and caption:
        m = _CREDIT_TEXT.search(caption)
        if m:
            credit = (m.group(1) or m.group(2) or "").strip(" .") or None
            caption = caption[: m.start()].strip()
    node = Node(fig, caption or (img.get("alt") or "").strip(), pos, _noise(fig), tuple(fig.iterancestors()), src)
    return node, credit


_STEM, _BYLINE, _DEK, _DATE = 1, 2, 4, 8
#: one class / id / data-testid value -> the kinds it marks; values recur within a page and across a
#: site's pages (more than class + id + testid together), so the regex scans run once per distinct value
_KINDS: dict[str, int] = {}


def _attr_kinds(attrs: str) -> int:
    """Which of byline / standfirst / date a class / id string marks (bit flags), cached."""
    low = attrs.lower()
    kinds = 0
    if _STEMS_RE.search(low):
        kinds = _STEM
        if _BYLINE_WORDS.search(low):
            kinds |= _BYLINE
        if _DEK_WORDS.search(low):
            kinds |= _DEK
        if _DATE_WORDS.search(low):
            kinds |= _DATE
    if len(_KINDS) >= 8192:
        _KINDS.clear()
    _KINDS[attrs] = kinds
    return kinds


def _take_meta(ev: Evidence, m) -> None:
    content = m.get("content")
    if content is None:
        content = m.get("value")
    if content is None:
        return
    content = norm_ws(content)
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = m.get(attr)
        if key:
            for k in key.lower().split():
                ev.metas.setdefault(k, []).append(content)


def _take_link(ev: Evidence, ln) -> None:
    rel, href = ln.get("rel"), ln.get("href")
    if rel and href:
        for r in rel.lower().split():
            ev.links.setdefault(r, []).append(href.strip())


def _take_figure(ev: Evidence, fig) -> None:
    got = _figure(fig, len(ev.figures))
    if got:
        ev.figures.append(got[0])
        if got[1]:
            ev.credits[got[0].order] = got[1]


def _take_scanned(ev: Evidence, el, tag: str, pos: int, kinds: int) -> None:
    """One element of the evidence scan (``_SCAN_XPATH``'s set): a headline, byline, standfirst or date."""
    if tag == "h1":
        if len(ev.h1s) < 8:
            txt = heading_text(el)
            if txt:
                ev.h1s.append(Node(el, txt, pos, _noise(el)))
        return
    prop = el.get("itemprop") or ""
    rel = el.get("rel") or ""
    if not (prop or rel or tag == "time" or kinds & _STEM):
        return
    if len(ev.bylines) < 60 and (prop in ("author", "creator") or rel == "author" or kinds & _BYLINE):
        txt = byline_text(el) or norm_ws(el.get("content"))
        if txt:
            ev.bylines.append(Node(el, txt, pos, _noise(el), tuple(el.iterancestors())))
    if len(ev.deks) < 6 and tag in ("p", "div", "h2", "span") and kinds & _DEK:
        txt = _text(el, 500)
        if 30 <= len(txt) < 500:
            ev.deks.append(Node(el, txt, pos, _noise(el)))
    if len(ev.dates) < 80 and (
        tag == "time" or prop in ("datePublished", "dateModified", "dateCreated") or kinds & _DATE
    ):
        value = norm_ws(el.get("datetime") or el.get("content") or "")
        vis = _text(el, 200)
        if (value or vis) and len(vis) < 200:
            ev.dates.append(Node(el, vis, pos, _noise(el), (), value))


def _kinds(el, ks: list) -> int:
    """``_attr_kinds`` of the element's class, id and data-testid: no pattern spans whitespace, so it is
    the OR over the three values (each value recurs far more often than the three together)."""
    kinds = 0
    for name in ("class", "id", "data-testid"):
        if name in ks:
            v = el.get(name)
            k = _KINDS.get(v)
            kinds |= _attr_kinds(v) if k is None else k
    return kinds


def collect(tree, url: str | None) -> Evidence:
    """All the evidence in one Python pass over the elements (no XPath scans).

    The scan covers every top-level element of the document (libxml2 can leave a second
    ``<html>`` after the first, which ``//*`` reaches and ``tree.iter()`` does not); metas, links,
    the ``<title>`` and figures are read from ``tree``'s own subtree, as ``tree.iter(tag)`` would."""
    ev = Evidence()
    ev.root = tree
    top = tree.getroottree()
    roots = _ROOTS(top)
    own = tree if tree in roots else None
    title = None
    if own is None:  # a subtree or an ElementTree: its heads read separately
        title = tree.find(".//title")
        for el in tree.iter("meta", "link", "figure"):
            _take_head(ev, el)
    ld: list[str] = []
    skip, scan_attrs, heads, cache = _SKIP_TAGS, _SCAN_ATTRS, _HEAD_TAGS, _KINDS
    pos = 0
    for r in roots:
        mine = r is own
        for el in r.iter(etree.Element):
            tag = el.tag
            if tag in heads:
                if tag == "script":
                    typ = el.get("type")
                    if typ and "ld+json" in typ.translate(_LDJSON):
                        ld.extend(map(str, _TEXTS(el)))
                elif not mine:
                    pass
                elif tag == "title":
                    if title is None and el is not r:
                        title = el
                else:
                    _take_head(ev, el)
            ks = el.keys()
            if tag == "time" or tag == "h1":
                _take_scanned(ev, el, tag, pos, _kinds(el, ks) if ks else 0)
                pos += 1
                continue
            if not ks or scan_attrs.isdisjoint(ks):
                continue
            pos += 1
            if tag in skip:
                continue
            kinds = 0  # _kinds(el, ks), inline: most elements carry a class, some an id
            if "class" in ks:
                v = el.get("class")
                k = cache.get(v)
                kinds = _attr_kinds(v) if k is None else k
            if "id" in ks:
                v = el.get("id")
                k = cache.get(v)
                kinds |= _attr_kinds(v) if k is None else k
            if "data-testid" in ks:
                v = el.get("data-testid")
                k = cache.get(v)
                kinds |= _attr_kinds(v) if k is None else k
            if kinds & _STEM or "itemprop" in ks or "rel" in ks:
                _take_scanned(ev, el, tag, pos - 1, kinds)
    ev.ld = load_jsonld(ld)
    if title is not None:
        ev.title_el = _text(title, 400) or None
    root = top.getroot()
    ev.html_lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return ev


def _take_head(ev: Evidence, el) -> None:
    tag = el.tag
    if tag == "meta":
        _take_meta(ev, el)
    elif tag == "link":
        _take_link(ev, el)
    elif tag == "figure" and len(ev.figures) < 6:
        _take_figure(ev, el)
