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

import html as _html
import re
from typing import cast

from ...errors import NewsdeskError
from ...langid import detect_language
from ...model import Article, Image
from ..titles import norm, undamaged, untruncated
from ..urls import absolutise, host_of, section_from_url
from .authors import (
    DESKS, author_list, clean_author, name_from_bio, page_authors, split_authors, text_byline, with_siblings,
)
from .dating import choose_dates
from .evidence import GLUE, Evidence, Node, collect
from .jsonld import author_values, breadcrumb_section, image_of, text_of
from .sitename import copyright_holder, title_site

_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:com|net|org|info|io|co|[a-z]{2})", re.I)
_SEP = re.compile(r"\s+(?:\||-|–|—|·|•|»|::|/|~)\s+|\s*(?:\||·|»|•)\s*")


def extract_metadata(tree, url: str | None) -> Article:
    """Metadata of a parsed page without a body step (the body-aware path is collect/choose/finish)."""
    ev = collect(tree, url)
    return choose(ev, url)


# ----------------------------------------------------------------------------- helpers


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


def strip_site(
    title: str | None, sites: list[str], guess: bool = True
) -> tuple[str | None, str | None]:
    """ "Headline | Site" -> ("Headline", "Site"); a title without a site part is returned as is.

    With ``guess`` a leading site name, or a short last segment that matches no known
    site name, is dropped too (used for <title>-like strings, not for the visible h1)."""
    if not title:
        return None, None
    parts = [p for p in _SEP.split(title) if p and p.strip()]
    if len(parts) < 2:
        return title.strip(), None
    nsites = {norm(s).replace(" ", "") for s in sites if s}
    keep = list(parts)
    removed = None
    for idx in (len(keep) - 1, 0) if guess else (len(keep) - 1,):
        if len(keep) < 2:
            break
        seg = norm(keep[idx]).replace(" ", "")
        # a segment is the site's name when it is the name, part of it, or the name with a little
        # more ("theguardian.com"), never a headline that merely starts with it ("The Guardian view on ...")
        if seg and any(seg == s or (len(seg) > 3 and (seg in s or (s in seg and len(seg) <= 2.5 * len(s) + 6)))
                       for s in nsites):
            removed = keep.pop(idx).strip()
    if removed is None and guess:
        # no known site name: drop a short last segment that reads like a brand
        last = keep[-1].strip()
        if len(keep) >= 2 and len(last.split()) <= 4 and (
            len(last) < len(" ".join(keep[:-1])) * 0.7 or _DOMAIN.fullmatch(last)  # "Headline | Newegg.com"
        ):
            removed = keep.pop().strip()
    if removed is None:
        return title.strip(), None
    # re-join with the original separators: take the substring spanning the kept parts
    start = title.find(keep[0])
    end = title.rfind(keep[-1]) + len(keep[-1])
    head = title[start:end].strip() if start >= 0 and end > start else " ".join(keep)
    return head, removed


_MOJIBAKE = re.compile("[ÂÃâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_H1_CUT = re.compile(
    r"\s+(?:posted|published|updated|written)\s+(?:on|by|in)\b.*$|\s+\|\s+.*$", re.I
)


_LABEL = re.compile(r"^(?:title|headline)\s*:\s*", re.I)
_KICKER = re.compile(r"^[^:]{2,30}:\s+(.{12,})$")
_DASH_TAIL = re.compile(r"\s+[-–—|]\s+")


def fix_text(s: str | None) -> str | None:
    """Whitespace, stray entities ("&#8230;") and UTF-8-read-as-1252 mojibake ("â€™") repaired."""
    if not s:
        return None
    if "&" in s:
        s = _html.unescape(s)
    if _MOJIBAKE.search(s):
        for enc in ("cp1252", "latin-1"):
            try:
                s = s.encode(enc).decode("utf-8")
                break
            except UnicodeError:
                continue
    s = " ".join(s.split())
    return s or None


def dice(a: str, b: str) -> float:
    ta, tb = set(norm(a).split()), set(norm(b).split())
    return 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0


def choose_title(ev: Evidence, url: str | None, sites: list[str]) -> tuple[str | None, str | None, str | None]:
    """(title, source, site suffix found in a title).

    The visible headline (h1) wins when some metadata title resembles it (token
    overlap >= 0.3: SEO titles are often reworded headlines, while an unrelated h1
    is a logo, a widget heading or a section label); otherwise JSON-LD headline,
    og:title, twitter:title, <title>, each without its site part.
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
        raw = fix_text(raw)
        if not raw:
            continue
        t, rem = strip_site(raw, sites)
        suffix = suffix or rem
        if t:
            cands.append((src, t))
    cands = untruncated(cands)
    nsite = {norm(s) for s in sites if s}
    longest = max((len(t) for _, t in cands), default=0)
    best: tuple[float, str, Node] | None = None
    for h in [h for h in ev.h1s if not h.noisy] or ev.h1s:
        text = fix_text(_H1_CUT.sub("", h.text) or h.text)
        text = undamaged(text, cands)  # type: ignore[arg-type]
        text = strip_site(text, sites, guess=False)[0] or text
        text = _LABEL.sub("", text) or text
        head = _DASH_TAIL.split(text, maxsplit=1)[0]
        if head != text and any(norm(t) == norm(head) for _, t in cands):
            text = head  # "Headline – a kicker" where the metadata title is just "Headline"
        kicker = _KICKER.match(text)
        if kicker and any(norm(t) == norm(kicker.group(1)) for _, t in cands):
            text = kicker.group(1)  # "Blog: Headline" where the metadata title is just "Headline"
        nh = norm(text)
        if not nh or nh in nsite or len(text) > 300 or (cands and len(text) > max(150, 2.5 * longest)):
            continue  # a paragraph (a standfirst set as h1), not a headline
        score = 0.0
        for _, t in cands:
            n = norm(t)
            if n == nh or (len(nh) >= 12 and (n.startswith(nh) or nh.startswith(n) or nh in n)):
                score = 1.0
                break
            score = max(score, dice(t, text))
        if not cands:
            score = 0.5
        if best is None or score > best[0]:
            best = (score, text, h)
    if best:
        ev.main_h1 = best[2]
    if best and best[0] >= 0.3:
        return best[1], "heading", suffix
    if cands:
        return cands[0][1], cands[0][0], suffix
    return (best[1], "heading", suffix) if best else (None, None, suffix)


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


def _marked_author(el) -> bool:
    """Is the element explicitly an author (rel=author, itemprop=author, author/byline class)?"""
    if el.get("rel") == "author" or el.get("itemprop") in ("author", "creator", "name"):
        return True
    cls = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return "author" in cls or "byline" in cls


#: parts of an author box that hold something other than the name ("author-description": credentials)
_NOT_NAME_BOX = re.compile(r"(?:author|byline)[-_]?(?:description|desc|bio|role|job|position|credentials?)", re.I)


def visible_authors(ev: Evidence, body_node=None) -> list[str]:
    """Names from byline-like elements, preferring those inside or just above the article;
    then a "By ..." line right around the headline; then bylines in the article's sidebar."""
    for allowed in ("", "side"):
        groups: list[tuple[float, list[str], Node]] = []
        for b in ev.bylines:
            if b.noise != allowed or _NOT_NAME_BOX.search(b.el.get("class") or ""):
                continue
            text = b.text if len(b.text) < 160 else b.text.split(GLUE)[0]
            names = split_authors(text) if len(text) < 160 else []
            if not names and len(b.text) > 40:
                bio = name_from_bio(b.text)
                names = [bio] if bio else []
            names = [n for n in names if not _GENERIC_AUTHOR.match(n) and len(n.split()) <= 6]
            if names and all(len(n.split()) == 1 for n in names) and not _marked_author(b.el):
                names = []  # one bare word in a "meta" box ("Source", "Sections") is not a byline
            if not names:
                continue
            rank = float(b.order)
            if ev.main_h1 is not None:  # nearest the headline, and after it rather than before
                gap = b.order - ev.main_h1.order
                rank = float(gap if gap >= 0 else 15 - 3 * gap)
            if body_node is not None and b.ancestors:
                if body_node in b.ancestors:
                    rank -= 100
                elif body_node.getparent() is not None and body_node.getparent() in b.ancestors:
                    rank -= 50
            groups.append((rank, names, b))
        if groups:
            groups.sort(key=lambda g: g[0])
            return with_siblings(groups)
        if not allowed:
            names = text_byline(*ev.text_around())
            if names:
                return names
    return []


def _is_site(name: str, sites: list[str]) -> bool:
    n = norm(name).replace(" ", "")
    for s in sites:
        ns = norm(s).replace(" ", "")
        if n and ns and (n == ns or (len(n) > 3 and (n in ns or ns in n))):
            return True
    return False


_ORG = re.compile(
    r"\b(?:foundation|clinic|association|institute|university|college|school|news|media|group|inc|ltd|llc|"
    r"gmbh|company|co|corp|corporation|society|council|agency|bank|hospital|press|times|post|journal|"
    r"magazine|blog|team|daily|network|studio|labs?|center|centre|club|partners|services|solutions|"
    r"health|official|online|digital|global|international|org|com)\b",
    re.I,
)


def _org_like(name: str, sites: list[str]) -> bool:
    """An organisation, a desk ("Aidoc Staff") or the site itself, not a person."""
    return _is_site(name, sites) or bool(_ORG.search(name)) or name.split()[-1].lower() in DESKS


def _ld_people(ev: Evidence) -> bool:
    art = ev.ld.article() or ev.ld.page()
    raw = art.get("author") if art else None
    items = raw if isinstance(raw, list) else [raw]
    return any(isinstance(x := ev.ld.resolve(i), dict) and "person" in str(x.get("@type", "")).lower()
               for i in items)


#: a CMS login rather than a name: one word in camel case, lower case, or with digits, dots or underscores
_LOGIN = re.compile(r"[a-z0-9._-]+|\w*[a-z][A-Z]\w*|\w*[\d_.]\w*")


def choose_authors(
    ev: Evidence, sites: list[str], body_node=None, host: str | None = None
) -> tuple[list[str], str | None]:
    """JSON-LD people first; then the visible byline; then JSON-LD organisations, meta
    tags and microdata. An author that is only the site or publisher counts as an organisation;
    a person the page links to as an author beats an organisation from JSON-LD."""
    ld, ld_orgs = ld_authors(ev)
    ld = [a for a in ld if not _GENERIC_AUTHOR.match(a)]
    personal = _ld_people(ev) and not any(_ORG.search(a) for a in ld)  # a blogger's own site
    if ld and all(_is_site(a, sites) for a in ld) and not personal:
        ld_orgs = True  # the publisher filled in as author
    if ld and not ld_orgs:
        if all(_LOGIN.fullmatch(a) for a in ld):  # a login name ("KatieS", "jdoe") yields to a visible byline
            vis = visible_authors(ev, body_node)
            if any(" " in n for n in vis):
                return vis, "visible-text"
        if not all(_ORG.search(a) for a in ld):
            return ld, "json-ld"
        people = _page_people(ev, host)  # "Valley Clinic" typed as a Person: an organisation all the same
        if people:
            return people, "visible-text"
        return ld, "json-ld"
    vis = visible_authors(ev, body_node)
    meta = meta_authors(ev)
    if vis:
        people = [a for a in meta if not _org_like(a, sites)] if all(_org_like(a, sites) for a in vis) else []
        # a desk or the site in the visible byline ("Aidoc Staff") yields to a person the meta tags name
        return (people, "meta") if people else (vis, "visible-text")
    if meta and not all(_is_site(a, sites) for a in meta):
        return [a for a in meta if not _is_site(a, sites)], "meta"
    if ld:
        people = _page_people(ev, host) if ld_orgs else []
        return (people, "visible-text") if people else (ld, "json-ld")
    micro = [b.value or b.text for b in ev.bylines if b.el.get("itemprop") == "author" and not b.noisy]
    if micro:
        names = author_list(micro[:3])
        if names:
            return names, "microdata"
    if meta:
        return meta, "meta"
    names = page_authors(ev.root, ev.main_h1.el if ev.main_h1 is not None else None, host)
    return (names, "visible-text") if names else ([], None)


def _page_people(ev: Evidence, host: str | None) -> list[str]:
    """People (not organisations) the page's last-resort byline evidence names."""
    names = page_authors(ev.root, ev.main_h1.el if ev.main_h1 is not None else None, host)
    return names if names and not any(_ORG.search(n) for n in names) else []


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


_NO_SECTION = {"home", "homepage", "home page", "uncategorized", "uncategorised", "general", "all", "none",
               "default", "article", "articles", "post", "posts", "blog", "index"}


def _one_section(v: object) -> str | None:
    v = v[0] if isinstance(v, list) and v else v
    if not isinstance(v, str):
        return None
    for part in v.split(","):
        part = " ".join(part.split())
        if part and part.lower() not in _NO_SECTION and len(part) <= 60:
            return part
    return None


def _section(ev: Evidence, url: str | None, title: str | None) -> str | None:
    """JSON-LD articleSection, meta sections, the JSON-LD breadcrumb, then the URL's first segment."""
    art = ev.ld.article()
    for v in (
        art.get("articleSection") if art else None,
        ev.meta("article:section", "og:article:section", "section", "parsely-section", "sailthru.section"),
        breadcrumb_section(ev.ld, title),
        section_from_url(url),
    ):
        s = _one_section(v)
        if s:
            return s
    return None


def _dek(ev: Evidence) -> str | None:
    """The standfirst under the headline when no metadata gives a description."""
    main = ev.main_h1
    for d in ev.deks:
        if not d.noisy and (main is None or main.order <= d.order <= main.order + 40):
            return d.text
    return None


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
    href = cast("list[str | None]", ev.links.get("image_src") or [None])[0]
    if href:
        return Image(url=absolutise(href, base)), "meta"
    return None, None


def choose(ev: Evidence, url: str | None) -> Article:
    """The metadata fields from collected evidence (before the body step)."""
    a = Article(url=url)
    canon = cast("list[str | None]", ev.links.get("canonical") or [None])[0] or ev.meta("og:url")
    a.canonical_url = absolutise(canon, url)
    base = url or a.canonical_url
    sites = site_names(ev, base)
    a.title, src, suffix = choose_title(ev, base, sites)
    if src:
        a.provenance["title"] = src
    a.site_name = _clean_text(ev.meta("og:site_name") or _publisher(ev) or suffix or ev.meta("application-name")
                              or title_site([ev.title_el, ev.meta("og:title")], a.title))
    if not a.site_name:  # the page names its outlet nowhere else: its copyright notice
        a.site_name = copyright_holder(ev.root)
        if a.site_name:
            a.provenance["site_name"] = "copyright"
    a.authors, src = choose_authors(ev, sites, host=host_of(base))
    if src:
        a.provenance["authors"] = src
    (a.published, src), (a.modified, msrc) = choose_dates(ev, base)
    if src:
        a.provenance["published"] = src
    if msrc:
        a.provenance["modified"] = msrc
    a.language = _language(ev)
    a.tags = _tags(ev)
    a.section = _section(ev, base, a.title)
    art = ev.ld.article()
    a.description = _clean_text(
        ev.meta("og:description", "description", "twitter:description", "dc.description")
        or (text_of(art.get("description")) if art else None)
        or _dek(ev)
    )
    a.image, src = _image(ev, base)
    if src:
        a.provenance["image"] = src
    a.page_signals = page_signals(ev)
    return a


def page_signals(ev: Evidence) -> dict[str, str]:
    """What the page declares itself to be: its JSON-LD types and og:type (for enrich.pagetype)."""
    types: list[str] = []
    for node in ev.ld.nodes[:200]:
        t = node.get("@type")
        for name in ([t] if isinstance(t, str) else t if isinstance(t, list) else []):
            name = name.rsplit("/", 1)[-1].lower() if isinstance(name, str) else ""
            if name and len(name) <= 40 and name not in types:
                types.append(name)
    out = {"json-ld": " ".join(types[:16])} if types else {}
    og = ev.meta("og:type")
    if og and len(og) <= 40:
        out["og:type"] = og.strip().lower()
    return out


def finish(article: Article, ev: Evidence, body_node=None, body_text: str | None = None) -> Article:
    """After the body step: re-judge visible bylines near the article, the lead figure, language."""
    if body_node is not None and article.provenance.get("authors") in (None, "visible-text"):
        names = visible_authors(ev, body_node) if article.provenance.get("authors") else []
        if names:
            article.authors = names
            article.provenance["authors"] = "visible-text"
    _lead_figure(article, ev, body_node)
    if article.language is None and body_text:  # a quick guess on the body when the page declares none
        try:
            article.language = detect_language(body_text, max_chars=1200, min_chars=0, min_words=5)[0]
        except NewsdeskError:  # a broken install of the identifier: the language is just unknown
            article.language = None
    return article


def _stem(url: str | None) -> str:
    """An image URL's file name without size suffixes or extension, for matching renditions."""
    name = (url or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()
    name = name.rsplit(".", 1)[0]
    return re.sub(r"[-_]?\d{2,4}x\d{2,4}$|[-_](?:scaled|large|medium|small|thumb)$", "", name)


def _lead_figure(article: Article, ev: Evidence, body_node) -> None:
    """Caption and credit from the article's first figure; its image when the page has no other."""
    figs = [f for f in ev.figures if not f.noisy]
    if body_node is not None:
        inside = [f for f in figs if body_node in f.ancestors]
        figs = inside or figs
    if not figs:
        return
    img = article.image
    base = article.url or article.canonical_url
    if img is None or not img.url:
        f = figs[0]
        article.image = Image(url=absolutise(f.value, base), caption=f.text or None, credit=ev.credits.get(f.order))
        article.provenance["image"] = "visible-text"
        return
    want = _stem(img.url)
    for f in figs:
        if want and _stem(f.value) == want:
            img.caption = f.text or img.caption
            img.credit = img.credit or ev.credits.get(f.order)
            return


__all__ = ["collect", "choose", "finish", "extract_metadata", "clean_author", "Node"]
