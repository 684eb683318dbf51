"""JSON-LD blocks -> the article object and its neighbours, tolerating broken JSON.

Pages ship JSON-LD with trailing commas, raw control characters, HTML entities,
comments, CDATA wrappers and several objects in one script. ``load_blocks``
repairs what it can and skips what it cannot (never raises). ``find_article``
walks ``@graph`` containers, arrays and nested ``mainEntity`` objects and returns
the most article-like node, with ``@id`` references resolved on demand.
"""

from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass, field
from typing import Any

ARTICLE_TYPES = {
    "newsarticle", "article", "blogposting", "reportagenews", "liveblogposting", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "report", "techarticle", "scholarlyarticle", "socialmediaposting",
    "discussionforumposting", "medicalwebpage", "review", "howto", "recipe", "posting", "blog",
}  # fmt: skip
PAGE_TYPES = {"webpage", "itempage", "aboutpage", "collectionpage", "faqpage", "qapage", "profilepage"}

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_COMMENT = re.compile(r"^\s*(?://[^\n]*\n|/\*.*?\*/|<!--|-->)\s*", re.S)


def _loads_all(text: str) -> list[Any]:
    """Every JSON value in ``text`` (several may be concatenated); [] when none parse."""
    dec = json.JSONDecoder(strict=False)
    out: list[Any] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n;,":
            i += 1
        if i >= n:
            break
        try:
            obj, end = dec.raw_decode(text, i)
        except (json.JSONDecodeError, RecursionError):
            break
        out.append(obj)
        i = end
    return out


def parse_block(raw: str) -> list[Any]:
    """One script's text -> parsed JSON values, repairing the usual breakage."""
    text = raw.strip()
    if not text:
        return []
    text = text.replace("<![CDATA[", "").replace("]]>", "")
    while True:
        t2 = _COMMENT.sub("", text, count=1)
        if t2 == text:
            break
        text = t2
    text = text.rstrip().rstrip("-->").rstrip()
    vals = _loads_all(text)
    if vals:
        return vals
    repaired = _TRAILING_COMMA.sub(r"\1", _CTRL.sub(" ", text))
    vals = _loads_all(repaired)
    if vals:
        return vals
    if "&quot;" in repaired or "&#" in repaired or "&amp;" in repaired:
        vals = _loads_all(_html.unescape(repaired))
    return vals


def _type_names(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1].lower()}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1].lower() for x in t if isinstance(x, str)}
    return set()


@dataclass(slots=True)
class JsonLd:
    """All JSON-LD nodes of a page, flattened, with an @id index."""

    nodes: list[dict] = field(default_factory=list)
    by_id: dict[str, dict] = field(default_factory=dict)
    #: each node's type names, computed once (a page asks ``of_type`` ~17 times)
    _types: list[set[str]] = field(default_factory=list, repr=False, compare=False)

    def resolve(self, v: Any) -> Any:
        """An ``{"@id": ...}`` reference -> the node it names (or the value itself)."""
        if isinstance(v, dict) and "@id" in v and len(v) <= 2 and isinstance(v["@id"], str):
            return self.by_id.get(v["@id"], v)
        return v

    def of_type(self, names: set[str]) -> list[dict]:
        if len(self._types) != len(self.nodes):
            self._types = [_type_names(n) for n in self.nodes]
        return [n for n, types in zip(self.nodes, self._types) if not types.isdisjoint(names)]

    def article(self, url: str | None = None) -> dict | None:
        """The node most likely to describe this page's article."""
        arts = self.of_type(ARTICLE_TYPES)
        if not arts:
            return None
        if len(arts) == 1:
            return arts[0]

        def score(n: dict) -> tuple:
            has = sum(1 for k in ("headline", "datePublished", "author", "articleBody") if n.get(k))
            same = 0
            if url:
                for k in ("url", "mainEntityOfPage", "@id"):
                    v = n.get(k)
                    v = v.get("@id") if isinstance(v, dict) else v
                    if isinstance(v, str) and v.split("#")[0].rstrip("/") == url.split("#")[0].rstrip("/"):
                        same = 1
            return (same, has)

        return max(arts, key=score)

    def page(self) -> dict | None:
        pages = self.of_type(PAGE_TYPES)
        return pages[0] if pages else None


def _walk(v: Any, out: list[dict], depth: int = 0) -> None:
    if depth > 8 or len(out) > 500:
        return
    if isinstance(v, list):
        for x in v:
            _walk(x, out, depth + 1)
    elif isinstance(v, dict):
        if "@type" in v or "@id" in v:
            out.append(v)
        g = v.get("@graph")
        if g is not None:
            _walk(g, out, depth + 1)
        for k in ("mainEntity", "mainEntityOfPage", "itemReviewed", "hasPart", "subjectOf"):
            sub = v.get(k)
            if isinstance(sub, (dict, list)):
                _walk(sub, out, depth + 1)


def load_jsonld(texts: list[str]) -> JsonLd:
    """The texts of a page's ``application/ld+json`` scripts -> a ``JsonLd``."""
    ld = JsonLd()
    for raw in texts:
        if not raw or len(raw) > 2_000_000:
            continue
        for val in parse_block(raw):
            _walk(val, ld.nodes)
    for n in ld.nodes:
        i = n.get("@id")
        if isinstance(i, str) and i not in ld.by_id and len(n) > 2:
            ld.by_id[i] = n
    return ld


def text_of(v: Any) -> str | None:
    """A scalar or ``{"@value"}`` / ``{"name"}`` / first-of-list -> a stripped string."""
    if isinstance(v, list):
        for x in v:
            t = text_of(x)
            if t:
                return t
        return None
    if isinstance(v, dict):
        for k in ("@value", "name", "text", "url"):
            if isinstance(v.get(k), str):
                return v[k].strip() or None
        return None
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = _html.unescape(str(v)).strip()
        return s or None
    return None


def author_values(ld: JsonLd, node: dict) -> tuple[list[str], bool]:
    """Author names of a node (Person, Organization, strings, @id references, lists).

    Returns (names, all_organizations): callers may prefer a visible person byline
    over a JSON-LD author that is only the publisher.
    """
    raw = node.get("author") or node.get("creator")
    if raw is None:
        return [], False
    items = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    orgs = 0
    for it in items[:20]:
        it = ld.resolve(it)
        if isinstance(it, dict):
            if _type_names(it) & {"organization", "newsmediaorganization", "corporation"}:
                orgs += 1
            nm = it.get("name")
            if isinstance(nm, list):
                nm = nm[0] if nm else None
            if not isinstance(nm, str):
                gn, fn = it.get("givenName"), it.get("familyName")
                nm = " ".join(x for x in (gn, fn) if isinstance(x, str)) or None
            if isinstance(nm, str):
                names.append(_html.unescape(nm))
        elif isinstance(it, str):
            names.append(_html.unescape(it))
    return names, bool(names) and orgs == len(names)


def image_of(ld: JsonLd, v: Any) -> tuple[str | None, str | None, str | None]:
    """JSON-LD ``image`` -> (url, caption, credit)."""
    v = ld.resolve(v)
    if isinstance(v, list):
        for x in v:
            r = image_of(ld, x)
            if r[0]:
                return r
        return None, None, None
    if isinstance(v, str):
        return v.strip() or None, None, None
    if isinstance(v, dict):
        url = v.get("url") or v.get("contentUrl") or v.get("@id")
        url = url[0] if isinstance(url, list) and url else url
        cap = text_of(v.get("caption")) or text_of(v.get("description"))
        credit = text_of(v.get("creditText")) or text_of(v.get("copyrightHolder")) or text_of(v.get("author"))
        return (url.strip() if isinstance(url, str) else None), cap, credit
    return None, None, None


def breadcrumb_section(ld: JsonLd, title: str | None) -> str | None:
    """The last breadcrumb before the article itself (not "Home")."""
    for bc in ld.of_type({"breadcrumblist"}):
        items = bc.get("itemListElement")
        if not isinstance(items, list):
            continue
        names = []
        for it in sorted(
            (x for x in items if isinstance(x, dict)),
            key=lambda x: x.get("position") if isinstance(x.get("position"), int) else 0,  # type: ignore
        ):
            nm = text_of(it.get("name")) or text_of(it.get("item"))
            if nm and not nm.startswith("http"):
                names.append(nm)
        names = [n for n in names if n.lower() not in ("home", "homepage", "start", "accueil", "inicio")]
        if title:
            tl = title.lower()
            names = [n for n in names if n.lower() != tl and not tl.startswith(n.lower()[:40])]
        if names:
            return names[-1] if len(names) == 1 else names[0]
    return None
