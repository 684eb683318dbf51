"""Metadata with provenance: title, authors, dates, site, language, section, tags, image.

Two steps around the body extractor (which may edit the tree):

    ev = collect(tree, url)                      # evidence.py, before the body step
    article = choose(ev, url)                    # the fields, each with its source
    finish(article, ev, body_node, body_text)    # after it: byline / figure near the article, language

Trust order per field is documented on each chooser. Where JSON-LD and the
visible byline disagree, JSON-LD wins when it names people; a visible byline
wins over a JSON-LD author that is only an organisation (usually the publisher
filled in by a template) or over generic names ("admin"). Reason: JSON-LD is
written for machines and rarely mis-parsed; the visible byline is what readers
trust when the structured data says nothing personal.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Article, Image
from .authors import author_list, clean_author, split_authors
from .dates import date_from_url, parse_date, parse_text_date
from .evidence import Evidence, Node, collect
from .jsonld import author_values, breadcrumb_section, image_of, text_of
from .urls import absolutise, host_of, section_from_url

_SEP = re.compile(r"\s+(?:\||-|–|—|·|•|»|::|/|~)\s+|\s*(?:\||·|»|•)\s*")


def extract_metadata(tree, url: str | None) -> Article:
    """Metadata of a parsed page without a body step (the body-aware path is collect/choose/finish)."""
    ev = collect(tree, url)
    return choose(ev, url)


# ----------------------------------------------------------------------------- helpers


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return re.sub(r"[\W_]+", " ", s).strip()


def _clean_text(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(str(s).split())
    return s or None


# ----------------------------------------------------------------------------- title


def site_names(ev: Evidence, url: str | None) -> list[str]:
    names = []
    for v in (
        ev.meta("og:site_name"),
        _publisher(ev),
        ev.meta("application-name", "apple-mobile-web-app-title", "twitter:app:name:iphone"),
    ):
        if v:
            names.append(v)
    h = host_of(url)
    if h:
        names.append(h)
        names.append(h.rsplit(".", 1)[0])
    return names


def _publisher(ev: Evidence) -> str | None:
    art = ev.ld.article() or ev.ld.page()
    if art:
        pub = ev.ld.resolve(art.get("publisher"))
        t = text_of(pub.get("name")) if isinstance(pub, dict) else text_of(pub)
        if t:
            return t
    for org in ev.ld.of_type({"organization", "newsmediaorganization"}):
        t = text_of(org.get("name"))
        if t:
            return t
    ws = ev.ld.of_type({"website"})
    if ws:
        return text_of(ws[0].get("name"))
    return None


def strip_site(title: str | None, sites: list[str]) -> tuple[str | None, str | None]:
    """ "Headline | Site" -> ("Headline", "Site"); a title without a site part is returned as is."""
    if not title:
        return None, None
    parts = [p for p in _SEP.split(title) if p and p.strip()]
    if len(parts) < 2:
        return title.strip(), None
    nsites = {norm(s).replace(" ", "") for s in sites if s}
    keep = list(parts)
    removed = None
    for idx in (len(keep) - 1, 0):
        if len(keep) < 2:
            break
        seg = norm(keep[idx]).replace(" ", "")
        if seg and any(seg == s or (len(seg) > 3 and (seg in s or s in seg)) for s in nsites):
            removed = keep.pop(idx).strip()
    if removed is None:
        # no known site name: drop a short last segment that reads like a brand
        last = keep[-1].strip()
        if len(keep) >= 2 and len(last.split()) <= 4 and len(last) < len(" ".join(keep[:-1])) * 0.7:
            removed = keep.pop().strip()
    if removed is None:
        return title.strip(), None
    # re-join with the original separators: take the substring spanning the kept parts
    start = title.find(keep[0])
    end = title.rfind(keep[-1]) + len(keep[-1])
    head = title[start:end].strip() if start >= 0 and end > start else " ".join(keep)
    return head, removed


def choose_title(ev: Evidence, url: str | None, sites: list[str]) -> tuple[str | None, str | None, str | None]:
    """(title, source, site suffix found in a title).

    The visible headline (h1) wins when a metadata title agrees with it; otherwise
    JSON-LD headline, og:title, twitter:title, <title>, each without its site part.
    """
    art = ev.ld.article()
    ld_head = text_of(art.get("headline")) or text_of(art.get("name")) if art else None
    cands: list[tuple[str, str]] = []
    suffix = None
    for src, raw in (
        ("json-ld", ld_head),
        ("opengraph", ev.meta("og:title")),
        ("meta", ev.meta("twitter:title", "parsely-title", "sailthru.title", "dc.title", "title")),
        ("title-element", ev.title_el),
    ):
        raw = _clean_text(raw)
        if not raw:
            continue
        t, rem = strip_site(raw, sites)
        suffix = suffix or rem
        if t:
            cands.append((src, t))
    nc = [(src, norm(t), t) for src, t in cands]
    h1s = [h for h in ev.h1s if not h.noisy] or ev.h1s
    nsite = {norm(s) for s in sites if s}
    for h in h1s:
        nh = norm(h.text)
        if not nh or nh in nsite or len(h.text) > 300:
            continue
        for _, n, _t in nc:
            if n == nh or (len(nh) >= 12 and (n.startswith(nh) or nh.startswith(n) or nh in n)):
                return h.text, "heading", suffix
    if cands:
        return cands[0][1], cands[0][0], suffix
    for h in h1s:
        if norm(h.text) and norm(h.text) not in nsite:
            return h.text, "heading", suffix
    return None, None, suffix


# ----------------------------------------------------------------------------- authors

_GENERIC_AUTHOR = re.compile(r"^(?:admin\w*|editor|staff|team|guest|user\d*|author|webmaster)$", re.I)


def ld_authors(ev: Evidence) -> tuple[list[str], bool]:
    art = ev.ld.article() or ev.ld.page()
    if not art:
        return [], False
    names, orgs = author_values(ev.ld, art)
    return author_list(names), orgs


def meta_authors(ev: Evidence) -> list[str]:
    vals = ev.meta_all("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                       "dcterms.creator", "byl", "citation_author", "cxenseparse:author", "twitter:data1")
    out = []
    for v in vals:
        if v.startswith(("http://", "https://", "www.")) or v.startswith("@"):
            continue
        out.append(v)
    return author_list(out[:6])


def visible_authors(ev: Evidence, body_node=None) -> list[str]:
    """Names from byline-like elements, preferring those inside or just above the article."""
    groups: list[tuple[float, list[str]]] = []
    for b in ev.bylines:
        if b.noisy:
            continue
        names = split_authors(b.text) if len(b.text) < 160 else []
        names = [n for n in names if not _GENERIC_AUTHOR.match(n) and len(n.split()) <= 6]
        if not names:
            continue
        rank = float(b.order)
        if body_node is not None and b.ancestors:
            if body_node in b.ancestors:
                rank -= 100
            elif body_node.getparent() is not None and body_node.getparent() in b.ancestors:
                rank -= 50
        groups.append((rank, names))
    if not groups:
        return []
    groups.sort(key=lambda g: g[0])
    return groups[0][1]


def choose_authors(ev: Evidence, body_node=None) -> tuple[list[str], str | None]:
    ld, ld_orgs = ld_authors(ev)
    ld = [a for a in ld if not _GENERIC_AUTHOR.match(a)]
    if ld and not ld_orgs:
        return ld, "json-ld"
    vis = visible_authors(ev, body_node)
    if vis:
        return vis, "visible-text"
    if ld:
        return ld, "json-ld"
    micro = [b.value or b.text for b in ev.bylines if b.el.get("itemprop") == "author" and not b.noisy]
    meta = meta_authors(ev)
    if meta:
        return meta, "meta"
    if micro:
        names = author_list(micro[:3])
        if names:
            return names, "microdata"
    return [], None


# ----------------------------------------------------------------------------- dates

_PUB_META = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "dc.date.created", "pubdate", "publish-date",
    "publish_date", "publishdate", "article.published", "article_date_original", "date",
    "citation_publication_date", "citation_date", "original-publish-date", "og:pubdate", "datecreated",
    "publication_date", "release_date", "date_published", "article:post_date",
)  # fmt: skip
_MOD_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "lastmod", "article.updated", "parsely-updated",
    "sailthru.lastmodified", "date_modified",
)  # fmt: skip
_UPDATED_WORDS = re.compile(r"\b(?:updated|modified|edited|last\s+reviewed|reviewed)\b", re.I)


def choose_published(ev: Evidence, url: str | None) -> tuple[str | None, str | None]:
    art = ev.ld.article()
    for node in (art, ev.ld.page()):
        if node:
            for k in ("datePublished", "dateCreated", "uploadDate"):
                d = parse_date(text_of(node.get(k)))
                if d:
                    return d, "json-ld"
    for k in _PUB_META:
        for v in ev.metas.get(k, ()):
            d = parse_date(v)
            if d:
                return d, "meta"
    for n in ev.dates:
        if n.noisy:
            continue
        if n.el.get("itemprop") in ("datePublished", "dateCreated"):
            d = parse_date(n.value) or parse_text_date(n.text)
            if d:
                return d, "microdata"
    for n in ev.dates:
        if n.noisy or n.el.tag != "time" or not n.value:
            continue
        if _UPDATED_WORDS.search(n.text) or "updated" in (n.el.get("class") or "").lower():
            continue
        d = parse_date(n.value)
        if d:
            return d, "time-element"
    d = date_from_url(url)
    if d:
        return d, "url"
    for n in ev.dates:
        if n.noisy or not n.text or len(n.text) > 120:
            continue
        if _UPDATED_WORDS.search(n.text) and not re.search(r"\bpublished\b", n.text, re.I):
            continue
        d = parse_text_date(n.text)
        if d:
            return d, "visible-text"
    for b in ev.bylines:
        if not b.noisy and len(b.text) < 200:
            d = parse_text_date(b.text)
            if d:
                return d, "visible-text"
    return None, None


def choose_modified(ev: Evidence) -> tuple[str | None, str | None]:
    art = ev.ld.article()
    for node in (art, ev.ld.page()):
        if node:
            d = parse_date(text_of(node.get("dateModified")))
            if d:
                return d, "json-ld"
    for k in _MOD_META:
        for v in ev.metas.get(k, ()):
            d = parse_date(v)
            if d:
                return d, "meta"
    for n in ev.dates:
        if not n.noisy and n.el.get("itemprop") == "dateModified":
            d = parse_date(n.value) or parse_text_date(n.text)
            if d:
                return d, "microdata"
    return None, None


# ----------------------------------------------------------------------------- the rest


def _language(ev: Evidence) -> str | None:
    art = ev.ld.article()
    for v in (
        ev.html_lang,
        ev.meta("content-language", "language", "dc.language", "og:locale"),
        text_of(art.get("inLanguage")) if art else None,
    ):
        if v:
            code = re.split(r"[-_]", v.strip().lower())[0]
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return None


def _tags(ev: Evidence) -> list[str]:
    raw: list[str] = list(ev.meta_all("article:tag", "og:article:tag"))
    for k in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
        for v in ev.metas.get(k, ()):
            raw.extend(v.split(","))
    art = ev.ld.article()
    if art:
        kw = art.get("keywords")
        if isinstance(kw, str):
            raw.extend(kw.split(","))
        elif isinstance(kw, list):
            raw.extend(str(x) for x in kw if isinstance(x, (str, int)))
    out, seen = [], set()
    for t in raw:
        t = " ".join(t.split()).strip(" #")
        if t and len(t) <= 60 and t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return out[:40]


def _section(ev: Evidence, url: str | None, title: str | None) -> str | None:
    art = ev.ld.article()
    if art:
        s = art.get("articleSection")
        s = s[0] if isinstance(s, list) and s else s
        if isinstance(s, str) and s.strip():
            return " ".join(s.split())
    s = ev.meta("article:section", "og:article:section", "section", "parsely-section", "sailthru.section")
    if s:
        return s
    s = breadcrumb_section(ev.ld, title)
    if s:
        return s
    return section_from_url(url)


def _image(ev: Evidence, base: str | None) -> tuple[Image | None, str | None]:
    art = ev.ld.article()
    for src, u in (
        ("opengraph", ev.meta("og:image:secure_url", "og:image", "og:image:url")),
        ("meta", ev.meta("twitter:image", "twitter:image:src", "thumbnail")),
    ):
        if u:
            return Image(url=absolutise(u, base), caption=ev.meta("og:image:alt", "twitter:image:alt")), src
    if art and art.get("image"):
        u, cap, credit = image_of(ev.ld, art.get("image"))
        if u:
            return Image(url=absolutise(u, base), caption=cap, credit=credit), "json-ld"
    href = (ev.links.get("image_src") or [None])[0]
    if href:
        return Image(url=absolutise(href, base)), "meta"
    return None, None


def choose(ev: Evidence, url: str | None) -> Article:
    """The metadata fields from collected evidence (before the body step)."""
    a = Article(url=url)
    canon = (ev.links.get("canonical") or [None])[0] or ev.meta("og:url")
    a.canonical_url = absolutise(canon, url)
    base = url or a.canonical_url
    sites = site_names(ev, base)
    a.title, src, suffix = choose_title(ev, base, sites)
    if src:
        a.provenance["title"] = src
    a.site_name = _clean_text(ev.meta("og:site_name") or _publisher(ev) or suffix)
    a.authors, src = choose_authors(ev)
    if src:
        a.provenance["authors"] = src
    a.published, src = choose_published(ev, base)
    if src:
        a.provenance["published"] = src
    a.modified, src = choose_modified(ev)
    if src:
        a.provenance["modified"] = src
    a.language = _language(ev)
    a.tags = _tags(ev)
    a.section = _section(ev, base, a.title)
    art = ev.ld.article()
    a.description = _clean_text(
        ev.meta("og:description", "description", "twitter:description", "dc.description")
        or (text_of(art.get("description")) if art else None)
    )
    a.image, src = _image(ev, base)
    if src:
        a.provenance["image"] = src
    return a


def finish(article: Article, ev: Evidence, body_node=None, body_text: str | None = None) -> Article:
    """After the body step: re-judge visible bylines near the article, the lead figure, language."""
    if body_node is not None and article.provenance.get("authors") in (None, "visible-text"):
        names = visible_authors(ev, body_node)
        if names:
            article.authors = names
            article.provenance["authors"] = "visible-text"
    if article.language is None and body_text:
        article.language = detect_language(body_text)
    return article


def detect_language(text: str) -> str | None:
    """Quick language guess on the body (py3langid), only when the page declares none."""
    sample = text[:3000]
    if len(sample.split()) < 5:
        return None
    try:
        import py3langid
    except ImportError:  # pragma: no cover - a declared runtime dependency
        return None
    try:
        lang, _ = py3langid.classify(sample)
    except Exception:  # noqa: BLE001 - a classifier failure is just "unknown"
        return None
    return lang or None


__all__ = ["collect", "choose", "finish", "extract_metadata", "clean_author", "Node"]
