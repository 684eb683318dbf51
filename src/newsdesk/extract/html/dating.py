"""Choosing an article's published and modified dates from collected evidence.

Machine-readable sources in order of trust: JSON-LD ``datePublished``, meta
tags (``article:published_time``, og, parsely, sailthru, Dublin Core,
itemprop; a bare ``date`` last), microdata, a ``<time datetime>`` in the
article (not in comments, related lists or footers), then a full day in the
URL path. Cookie or ``Expires`` headers, comment threads, copyright lines and
JS variables are never read; nor are "last published" keys, or a bare ``date``
meta that holds the modified stamp. A page is not modified before it is published:
a machine stamp more than a day after the modified one (a render or crawl time written
as "published-time") yields to the next machine-readable publication date that is not.

When no machine date exists (or only the URL's), the date the page *shows*
in its header (a date element near the headline, or the text right after it)
is used. A dateline right under the headline also overrides JSON-LD and
microdata dates that name another day, unless it is the dateModified day or
the machine day read the other way; a ``published_time`` meta tag (written
from the post's own date field) is kept: on the dev set the dateline beat
JSON-LD 15 times to 1 but meta tags 1 to 4 (an update, or the same moment in
another time zone). Without any published date, a modified date stands in
(provenance tells which). Preferring the shown date whenever it matched
``dateModified`` (labelled "Updated" or not) scored the same or worse on the
dev set (the truth there follows the shown update about as often as the
original date), so the trust order stays simple. (Checked again with roles,
below: taking an unlabelled header date equal to dateModified over datePublished
fixed 7 and broke 8 dev pages.)

Each header date has a role read as a reader would: the label before it in its own
text ("Updated ...", "Published ..."), else a label right before the element, else its
itemprop, else hAtom-like class words. A date shown as an update yields to another
date in the header; a wrapper showing several dates yields to the marked-up elements
inside it. Two agreements overrule one machine date: a header date more than a week
*before* it (the machine date is an import or migration stamp: pages do not show a
date before their own publication), and the URL's day with the dateline when they sit
one day off a machine stamp written in another time zone.

A publication date the page states in words ("Published March 9, 2026", "originally
published on ...") beats weak sources (time elements, the URL, a shown date), and strong
ones only when they read the same day the other way or give one stamp as both dates.
Numeric dates read in the order the page's own dates prove. The last resort is a date
standing alone in an element ("April 8, 2024" in a ``<p>``), after well-typed keys
("datePublished", "publishedAt") in JSON scripts such as ``__NEXT_DATA__``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..dates import (
    _DMY, _MDY, _NUMERIC, date_from_url, mail_date, parse_date, parse_text_date, spaced, text_dates,
)
from .evidence import Evidence
from .jsonld import text_of

PUB_META = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date.created", "pubdate", "publish-date",
    "publish_date", "publishdate", "article.published", "article_date_original",
    "citation_publication_date", "citation_date", "original-publish-date", "og:pubdate", "datecreated",
    "publication_date", "release_date", "date_published", "article:post_date",
)  # fmt: skip
GENERIC_META = ("date", "dc.date", "dcterms.date")
MOD_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "lastmod", "article.updated", "parsely-updated",
    "sailthru.lastmodified", "date_modified",
)  # fmt: skip
_PUB_KEY = re.compile(r"publi|pubdate|posted|created|release")
_NOT_PUB_KEY = re.compile(
    r"modif|updat|expir|revis|review|retriev|crawl|event|start|end|valid|birth|print|last"
)
_MOD_KEY = re.compile(r"modif|updat")
_NOT_MOD_KEY = re.compile(r"publi|expir|event|start|end|valid|birth|review|crawl")
_UPDATED = re.compile(r"\b(?:updated|modified|edited|last\s+reviewed|reviewed)\b", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
#: how far (in scanned elements) after the headline a date element still belongs to its header
_HEADER_WINDOW = 200
#: a date element this close after the headline, or a date in the first characters of the
#: text after it, is the page's own dateline
_UNDER_HEADLINE = 12
_OPENING = 60
#: how far (in scanned elements) after the headline a date element still sits in its header
_HEADER_ELEMENTS = 40
#: the first characters of the text after the headline that are still its header (a
#: standfirst, then the byline line)
_HEADER_TEXT = 200


def machine_published(ev: Evidence, url: str | None, mod: str | None = None) -> tuple[str | None, str | None]:
    """The first publication date machine-readable sources give, in trust order. A bare
    ``date`` meta holding the modified stamp (same wall-clock moment) is not one. A page is
    not modified before it is published: a stamp days after the modified one (a render,
    crawl or re-publish time) yields to the next machine-readable one that is not."""
    first: tuple[str, str] | None = None
    for d, src in _published_candidates(ev, url, mod):
        if first is None:
            first = (d, src)
            if not _after(d, mod):
                return first
        elif src in _STRONG and not _after(d, mod):
            return d, src
        elif src not in _STRONG:
            break
    return first or (None, None)


def _after(pub: str, mod: str | None) -> bool:
    """Whether a publication stamp falls more than a day after the modified one (a day of
    slack: the two may be written in different time zones)."""
    return mod is not None and _days(pub) - _days(mod) > 1


def _published_candidates(ev: Evidence, url: str | None, mod: str | None):
    """``(date, source)`` for every machine-readable publication date, in trust order."""
    for node in (ev.ld.article(), ev.ld.page()):
        if node:
            for k in ("datePublished", "dateCreated", "uploadDate"):
                d = parse_date(text_of(node.get(k)))
                if d:
                    yield d, "json-ld"
                    break
    for k in PUB_META:
        for v in ev.metas.get(k, ()):
            d = parse_date(v)
            if d:
                yield d, "meta"
    for k, vals in ev.metas.items():
        if k not in PUB_META and _PUB_KEY.search(k) and not _NOT_PUB_KEY.search(k):
            for v in vals:
                d = parse_date(v)
                if d:
                    yield d, "meta"
    for k in GENERIC_META:  # a bare "date" says less than any key that names publication
        for v in ev.metas.get(k, ()):
            d = parse_date(v)
            if d and not (mod and len(d) > 10 and d[:19] == mod[:19]):
                yield d, "meta"
    for n in ev.dates:
        if not n.noisy and n.el.get("itemprop") in ("datePublished", "dateCreated"):
            d = parse_date(n.value) or parse_text_date(n.text)
            if d:
                yield d, "microdata"
    for n in ev.dates:
        if n.noisy or n.el.tag != "time" or not n.value:
            continue
        cls = (n.el.get("class") or "").lower()
        if _UPDATED.search(n.text) or "updated" in cls or _label_before(n.el) == "updated":
            continue
        d = parse_date(n.value)
        if d:
            yield d, "time-element"
    d = date_from_url(url)
    if d:
        yield d, "url"


def machine_modified(ev: Evidence) -> tuple[str | None, str | None]:
    for node in (ev.ld.article(), ev.ld.page()):
        if node:
            d = parse_date(text_of(node.get("dateModified")))
            if d:
                return d, "json-ld"
    for k in MOD_META:
        for v in ev.metas.get(k, ()):
            d = parse_date(v)
            if d:
                return d, "meta"
    for k, vals in ev.metas.items():  # "modified-date", "article_date_updated", ...
        if _MOD_KEY.search(k) and not _NOT_MOD_KEY.search(k):
            for v in vals:
                d = parse_date(v)
                if d:
                    return d, "meta"
    for n in ev.dates:
        if not n.noisy and n.el.get("itemprop") == "dateModified":
            d = parse_date(n.value) or parse_text_date(n.text)
            if d:
                return d, "microdata"
    return None, None


class Shown(NamedTuple):
    """A date the article header shows: ``under`` the headline (a date element within a few
    elements of it, or the opening words of the text after it), in the ``header`` (a date
    element near the headline, or the first lines of text around it), and its ``role``:
    "published", "updated" (labelled "Updated ...", or an element classed ``updated`` /
    ``modified``) or "" (unlabelled)."""

    date: str | None = None
    under: bool = False
    role: str = ""
    header: bool = False


def shown_date(ev: Evidence) -> Shown:
    """The first date shown in the article header. Sources: a date-like element near the
    headline, else the text right after (or just before) the headline, else a sidebar date
    element near the headline (some layouts put the dateline in an aside), else a visible
    byline. A date shown as an update is returned only when the header shows no other
    (dates further down, in a list of cards, do not count)."""
    main = ev.main_h1 or next((h for h in ev.h1s if not h.noisy), None)
    lo = main.order - 15 if main else -1
    hi = main.order + _HEADER_WINDOW if main else 10**9
    near = [n for n in ev.dates if lo <= n.order <= hi and not _COPYRIGHT.search(n.text)]
    df = day_first(ev)
    update: Shown | None = None
    d: str | None
    for i, n in enumerate(near):
        ds = _node_dates(n, df) if not n.noisy else None
        # a wrapper showing several dates ("May 21, 2025April 24, 2025") yields to the dated
        # elements inside it: their markup (class, itemprop, label) says which date is which
        if ds and (len(ds) < 2 or not _wraps_dated(n, near[i + 1:], df)):
            gap = n.order - main.order if main is not None else _HEADER_WINDOW
            for d, role in ds:
                got = Shown(d, 0 <= gap <= _UNDER_HEADLINE, role, gap <= _HEADER_ELEMENTS)
                if role != "updated":  # an update yields only to a date in the header itself
                    return got if update is None or got.header else update
                update = update or got
    after, before = ev.text_around(main)
    for i, text in enumerate((after, before)):
        if text and not _COPYRIGHT.search(text[:200]):
            for start, d, role in roled_dates(text, df, limit=3) or _any_date(text, df):
                # the header's dateline, not a date inside the standfirst's sentence ("... on March 3")
                header = i == 0 and start < _HEADER_TEXT and bool(role or not _in_sentence(text, start))
                got = Shown(d, i == 0 and start < _OPENING, role, header)
                if role != "updated":  # an update yields only to a date in the header itself
                    return got if update is None or got.header else update
                update = update or got
    if update:
        return update
    for n in near:
        if n.noise == "side":
            for d, role in _node_dates(n, df):
                return Shown(d, False, role)
    for b in ev.bylines:  # "By Jane Doe on 04-ago-2021"
        if not b.noisy and len(b.text) < 200:
            d = parse_text_date(b.text, numeric=True, dayfirst=df)
            if d:
                return Shown(d)
    return Shown()


_SENTENCE_BEFORE = re.compile(r"\b[a-z]+[\s,]*$")


def _in_sentence(text: str, start: int) -> bool:
    """Whether the date at ``start`` follows a lower-case word ("declared on March 3"), as
    in running text, rather than a name, a separator or the start ("Jo Doe · Dec 30")."""
    return bool(_SENTENCE_BEFORE.search(spaced(text)[max(0, start - 16):start]))


def _wraps_dated(n, later, dayfirst: bool) -> bool:
    """Whether a later date element with a date of its own sits inside ``n``."""
    return any(not m.noisy and n.el in m.el.iterancestors() and _node_dates(m, dayfirst) for m in later)


#: a label that says what the date after it is ("Updated", "Published", ...)
_ROLE_LABEL = re.compile(
    r"\b(?:(?P<upd>(?:last\s+)?(?:updated?|modified|edited|revised|reviewed|refreshed)|last\s+published)"
    r"|(?P<pub>published|posted|publish\s+date|created|released|written))\b",
    re.I,
)
_LABEL_REACH = 40  # characters before a date where its label may sit


def roled_dates(text: str, dayfirst: bool = False, limit: int = 8) -> list[tuple[int, str, str]]:
    """``(start, day, role)`` for each date in a visible text, the role read from the last
    label between the previous date and this one ("Published X, updated Y")."""
    s = spaced(text)
    out = []
    prev = 0
    for start, day in text_dates(text, dayfirst=dayfirst, limit=limit):
        role = ""
        for m in _ROLE_LABEL.finditer(s, max(prev, start - _LABEL_REACH), start):
            role = "updated" if m.group("upd") else "published"
        out.append((start, day, role))
        prev = start + 1
    return out


def _any_date(text: str, dayfirst: bool) -> list[tuple[int, str, str]]:
    """A date of the form only the mail parser reads ("November 20 15:23 2019"), as
    ``roled_dates`` gives dates (``text_dates`` reads every other form)."""
    d = mail_date(text)
    if d is None:
        return []
    for reach in (_OPENING, _HEADER_TEXT):  # where it starts, as closely as it matters
        if mail_date(text[:reach]) == d:
            return [(reach - 1, d, "")]
    return [(len(text), d, "")]


_CLASS_UPDATED = re.compile(r"updat|modif")
_CLASS_PUBLISHED = re.compile(r"publish|pubdate|posted|created")


def _node_role(n) -> str:
    """What the page says an element's date is: a label just before it ("<span>Last
    updated:</span><time>..."), else its itemprop, else hAtom-like class words (a class
    naming both, "entry-date published updated", says nothing). What readers see comes
    first: class names are often template leftovers."""
    role = _label_before(n.el)
    if role:
        return role
    prop = n.el.get("itemprop") or ""
    if prop in ("datePublished", "dateCreated"):
        return "published"
    if prop == "dateModified":
        return "updated"
    cls = (n.el.get("class") or "").lower()
    pub, upd = bool(_CLASS_PUBLISHED.search(cls)), bool(_CLASS_UPDATED.search(cls))
    return "" if pub == upd else "published" if pub else "updated"


def _label_before(el) -> str:
    """The role a label right before an element gives its date ("Updated on", "Published")."""
    prev = el.getprevious()
    if prev is not None:
        text = (prev.text_content() if isinstance(prev.tag, str) else "") + (prev.tail or "")
    else:
        parent = el.getparent()
        text = parent.text or "" if parent is not None else ""
    return _last_label(text[-_LABEL_REACH:])


def _last_label(text: str) -> str:
    role = ""
    for m in _ROLE_LABEL.finditer(text):
        role = "updated" if m.group("upd") else "published"
    return role


def _node_dates(n, dayfirst: bool = False) -> list[tuple[str, str]]:
    """``(date, role)`` for the dates an element shows, each role read from the label
    before the date in the element's own text, else from the element (``_node_role``).
    A ``<time datetime>`` gives its machine form of what it shows."""
    text = n.text
    roled = roled_dates(text, dayfirst, limit=3) if text else []
    if n.value and n.el.tag == "time":
        d = parse_date(n.value)
        if d:
            # "Updated November 11, 20228:23 PM" (glued: no date read): the leading label
            role = roled[0][2] if roled else _last_label(spaced(text[:_LABEL_REACH]))
            return [(d, role or _node_role(n))]
    if not roled and text:  # the form only the mail parser reads ("November 20 15:23 2019")
        d = mail_date(text)
        return [(d, _last_label(spaced(text[:_LABEL_REACH])) or _node_role(n))] if d else []
    base: str | None = None
    out = []
    for _, d, role in roled:
        if not role:
            base = _node_role(n) if base is None else base
            role = base
        out.append((d, role))
    return out


_WEAK = ("time-element", "url", "visible-text")
_STATED = re.compile(
    r"(?<!last )(?<!last)\b(?:originally\s+)?publish(?:ed|\s+date)\s*(?:on|:)?\s*(?=\S)", re.I
)


def _doubtful(pub: str | None, src: str | None, mod: str | None) -> bool:
    """Whether a stated publication date could overrule this one (see choose_dates)."""
    if pub is None or src in _WEAK or (pub == mod and len(pub) > 10):
        return True
    return src == "meta" and pub[5:7] != pub[8:10] and int(pub[8:10]) <= 12  # may be read swapped


def stated_published(ev: Evidence) -> str | None:
    """A date the page states in words as its publication ("Published March 9, 2026",
    "originally published on 26 Sep 2019"): the label right before the date."""
    for text in ev.labelled_dates():
        for m in _STATED.finditer(text):
            rest = text[m.end():m.end() + 40]
            d = parse_text_date(rest)
            if d and _starts_with_date(rest):
                return d
    return None


def _starts_with_date(s: str) -> bool:
    return bool(re.match(r"(?:\w+,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+[A-Za-z]|[A-Za-z]{3,9}\.?\s+\d)", s))


def _swapped(a: str, b: str) -> bool:
    """Two days that are one numeric date read in both orders (2024-10-09 / 2024-09-10)."""
    return a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def day_first(ev: Evidence) -> bool:
    """Whether numeric dates read day first. The page's own dates decide when they can: a
    numeric date that only reads one way ("11.24.2025", "24/11/2025"), else the order of its
    written dates ("16 February 2026" vs "February 16, 2026"); else day first unless the
    page is (or may be) US English."""
    votes = 0
    for n in ev.dates[:40]:
        t = n.text
        if not t or len(t) > 120:
            continue
        m = _NUMERIC.search(t)
        if m:
            a, b = int(m.group(1)), int(m.group(3))
            if a > 12 >= b:
                return True
            if b > 12 >= a:
                return False
        if _MDY.search(t):
            votes -= 1
        elif _DMY.search(t):
            votes += 1
    if votes:
        return votes > 0
    lang = (ev.html_lang or ev.meta("content-language", "og:locale") or "").lower().replace("_", "-")
    return bool(lang) and not (lang == "en" or lang.startswith(("en-us", "en-ca", "en-ph")))


_STRONG = ("json-ld", "meta", "microdata")
#: days a header date may precede the machine publication date before the latter is taken
#: for an import / migration stamp
_MIGRATED = 7


def _days(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


Dated = tuple[str | None, str | None]  # (ISO date, source)


def choose_dates(ev: Evidence, url: str | None) -> tuple[Dated, Dated]:
    """((published, source), (modified, source))."""
    mod, msrc = machine_modified(ev)
    pub, psrc = machine_published(ev, url, mod)
    shown, under, role, header = shown_date(ev)
    if shown:
        day = shown[:10]
        if pub is None or (psrc == "url" and pub[:10] != day):
            # an update shown for want of anything else: the modified stamp says it exactly
            stand_in = role == "updated" and mod and mod[:10] == day
            pub, psrc = (mod, msrc) if stand_in else (shown, "visible-text")
        elif (under and psrc != "meta" and day != pub[:10] and not (mod and day == mod[:10])
              and not _swapped(day, pub[:10])):
            # the dateline under the headline names a day no machine date knows: machine
            # dates are often template defaults or first-import stamps, so the page's own
            # dateline wins (when it equals dateModified, datePublished is kept)
            pub, psrc = shown, "visible-text"
    if shown and header and role != "updated" and psrc in _STRONG and shown[:10] != pub[:10]:  # type: ignore
        gap = _days(pub) - _days(shown)  # type: ignore[arg-type]
        if gap > _MIGRATED or (gap in (-1, 1) and date_from_url(url) == shown[:10]):
            # a header date well before the machine one: the machine date is a re-import or
            # migration stamp (pages do not show a date before their own publication); or the
            # URL's day and the dateline agree one day off a machine stamp in another zone
            pub, psrc = shown, "visible-text"
    said = stated_published(ev) if _doubtful(pub, psrc, mod) else None
    # a stated publication date beats weak sources; it beats strong ones only when they are
    # the same day read the other way ("03-09-2026") or one stamp given as both dates
    if said and said[:10] != (pub or "")[:10] and (
        pub is None or psrc in _WEAK or _swapped(said[:10], pub[:10]) or (pub == mod and len(pub) > 10)
    ):
        pub, psrc = said, "visible-text"
    if pub is None and mod is None:
        for text in ev.labelled_dates():
            d = parse_text_date(text, numeric=True)
            if d:
                pub, psrc = d, "visible-text"
                break
    if pub is None and mod is None:
        for value in ev.script_dates():
            d = parse_date(value)
            if d:
                pub, psrc = d, "script"
                break
    if pub is None and mod is None:
        bare = ev.bare_dates(limit=20)
        # the first date standing alone after the headline, else the first one on the page
        for text, _ in sorted(bare, key=lambda b: not b[1]):
            d = parse_text_date(text)
            if d:
                pub, psrc = d, "visible-text"
                break
    if pub is None and mod is not None:
        pub, psrc = mod, msrc
    return (pub, psrc), (mod, msrc)
