"""Metadata around the body of a flattened page: byline, date, section, standfirst,
image caption, and the related / trending headline lists.

Everything here reads positions relative to the headline and the body lines the
classifier kept; the few words it knows ("By", "Trending", "More from") are
generic interface words in several languages, not phrases of any one site.
"""

from __future__ import annotations

import re

from .dates import parse_line_date
from .lines import Line

# the lookahead skips positions where none of the words can start (same matches, a quarter faster)
_BY = re.compile(r"(?:^|(?<=\W))(?=[wprstbvdaо作文])(?:(?:written|posted|reviewed|words|story|reporting|text|published)\s+by|by|von|par|por|"
                 r"di|door|av|af|przez|от|author|autor|auteur|作者|文)\s*[:：]?\s+(?P<who>.+)$", re.IGNORECASE)
_BY_LABEL = re.compile(r"^(?:(?:written|posted|reviewed|words|story)\s+by|by|author|authors|autor|auteur|von|par|por)"
                       r"\s*[:：]?$", re.IGNORECASE)
_CUT = re.compile(r"\s+(?=\d)|\s+(?:on|at|am|le|el|il|in|for|updated|published|posted)\b|\s*[|•·/–—(]\s*"
                  r"|\s+-\s+|\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
                  re.IGNORECASE)
_SEPS = re.compile(r"\s+(?:[•·|/–—]|-)\s+|\s*\|\s*")
_NAME = re.compile(r"^[^\W\d_a-z][\w.'’-]*(?:\s+(?:[^\W\d_a-z][\w.'’-]*|de|da|van|von|der|den|la|le|del|dos|bin|al-\w+))"
                   r"{0,4}$")
_CRUMB = re.compile(r"\s*[›»>/•]\s*")
_DIGIT = re.compile(r"\d")
_HAS_DATE = re.compile(r"\d{4}|\d{1,2}:\d{2}")
_TRENDING = re.compile(r"^(?:trending|trending now|trending topics|hot topics|popular|most popular|most read|"
                       r"tendencias|tendances|tendência|trend|im trend|di tendenza|populares?)\s*[:：]?$",
                       re.IGNORECASE)
_RELATED = re.compile(r"^(?:more from|more in|more on|related|related stories|related articles|related news|"
                      r"read more|also read|read also|see also|you may also like|recommended|"
                      r"lire aussi|à lire aussi|leer más|lea también|mehr zum thema|auch interessant|"
                      r"leia também|leggi anche|関連記事|相关)\b", re.IGNORECASE)
_CREDIT_WORDS = re.compile(r"\b(?:photo|image|file|picture|credit|foto|getty|reuters|ap|afp|epa|pti|ani)\b",
                           re.IGNORECASE)


def split_doubled(s: str) -> list[str]:
    """Undo flattening that joined headlines and doubled each: "A A B B" -> ["A", "B"]."""
    words = s.split()
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        found = False
        for k in range(2, (n - i) // 2 + 1):
            if words[i:i + k] == words[i + k:i + 2 * k]:
                out.append(" ".join(words[i:i + k]))
                i += 2 * k
                found = True
                break
        if not found:
            if out and i < n:
                # trailing words that were not doubled belong to no headline: keep them as one
                out.append(" ".join(words[i:]))
            else:
                return [s]
            break
    return out


def _clean_name(s: str) -> str | None:
    s = s.strip(" ,;:-–—|•")
    s = re.sub(r"^(?:by|von|par|por|di|door)\s+", "", s, flags=re.IGNORECASE)
    if not s or len(s) > 80 or _HAS_DATE.search(s):
        return None
    return s if _NAME.match(s) else None


def _authors_of(s: str, single: bool = False) -> list[str]:
    """Leading person names of ``s`` ("A B, C D and E F, Staff Writer" -> the three names)."""
    s = _CUT.split(s, maxsplit=1)[0]
    names = []
    for part in re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*", s):
        n = _clean_name(part)
        if not n or (len(n.split()) < 2 and not single):
            break
        names.append(n)
    return names


def find_byline(lines: list[Line], t0: int, b0: int) -> tuple[list[str], str | None, set[int]]:
    """Authors and date from the lines around the headline t0 (up to the body start b0)."""
    lo, hi = max(0, t0 - 6), min(len(lines), max(b0, t0 + 1) + 2)
    authors: list[str] = []
    published: str | None = None
    used: set[int] = set()
    order = sorted(range(lo, hi), key=lambda i: (abs(i - t0) if i >= t0 else 3 + (t0 - i)))
    for i in order:
        ln = lines[i]
        if ln.chars > 160:
            continue
        if published is None and _DIGIT.search(ln.text):
            d = parse_line_date(ln.text)
            if d:
                published = d
                used.add(i)
                if not authors:
                    head = _SEPS.split(ln.text)[0]
                    if head != ln.text:
                        authors = _authors_of(head) or authors
        if not authors:
            m = _BY.search(ln.text)
            if m:
                authors = _authors_of(m.group("who"))
                if authors:
                    used.add(i)
            elif _BY_LABEL.match(ln.text) and i + 1 < len(lines):
                authors = _authors_of(lines[i + 1].text, single=True)
                if authors:
                    used.update((i, i + 1))
    if not authors and published is not None:
        # a name on its own line right next to the date line ("Andrew King" / "• September 4, 2025")
        di = min(used)
        for j in (di - 1, di + 1):
            if 0 <= j < len(lines) and j != t0 and lines[j].words <= 5 and not lines[j].terminal:
                names = _authors_of(lines[j].text)
                if names and " ".join(names) == lines[j].text:
                    authors = names
                    used.add(j)
                    break
    return authors, published, used


_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\)|ⓒ)", re.I)
_HOLDER = re.compile(r"(?:copyright|©|\(c\)|ⓒ|@|\d{4}(?:\s*[-–]\s*(?:\d{4})?)?|[.,:]|\s)+"
                     r"(?P<name>[^\W\d][\w.&'’ -]{1,40}?)\s*(?:[-–|,.]\s*)?"
                     r"(?:all rights? reserved|todos os direitos|tous droits|alle rechte|\d{4}|$)", re.I)
_LEGAL = re.compile(r"[\s,]+(?:inc|llc|ltd|pty|plc|corp|gmbh|s\.?a|co)\.?$", re.I)
_OWNED = re.compile(r"\d{4}|rights? reserved|direitos|droits|rechte", re.I)
_GENERIC_NAMES = frozenset("blog home news menu search sitemap subscribe login newsletter".split())
_LOGO = re.compile(r"^(?P<name>.{2,40}?)[\s_-]*logo$", re.I)


def _holder(text: str) -> str | None:
    mark = _COPYRIGHT.search(text)
    m = _HOLDER.match(text[mark.start():]) if mark else None
    name = m.group("name").strip(" -–.,") if m else ""
    while _LEGAL.search(name):
        name = _LEGAL.sub("", name).strip(" -–.,")
    return name or None


def find_site_name(lines: list[Line]) -> str | None:
    """The outlet's name when the dump names it in two places of its own.

    Three kinds of place: a copyright line's holder ("Copyright @ 2024. Firstpost - All Rights
    Reserved"), a logo's text ("Firstpost Logo"), a short standalone line at the top or the bottom
    (the masthead, the footer). A name counts when two kinds agree, so a parent company's copyright
    ("Dow Jones & Company") or a menu word alone never becomes the outlet.
    """
    kinds: dict[str, set[str]] = {}
    shown: dict[str, str] = {}

    def add(name: str | None, kind: str) -> None:
        if name and 2 <= len(name) <= 40 and name.casefold() not in _GENERIC_NAMES:
            key = name.casefold()
            kinds.setdefault(key, set()).add(kind)
            shown.setdefault(key, name)

    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.chars > 300:
            continue
        if _COPYRIGHT.search(ln.text) and _OWNED.search(ln.text):  # not a photo credit ("© Reuters")
            add(_holder(ln.text), "copyright")
        m = _LOGO.match(ln.text)
        if m:
            add(m.group("name").strip(), "logo")
        if (i < 5 or i >= n - 40) and ln.words <= 4 and not ln.bullet:
            add(ln.text.strip(), "line")
    found = [k for k, v in kinds.items() if len(v) >= 2]
    if not found:
        return None
    best = max(found, key=lambda k: (len(kinds[k]), "copyright" in kinds[k]))
    return shown[best]


def find_section(lines: list[Line], title_key: str | None) -> str | None:
    """The section from a breadcrumb: "Home • World • <headline>" (bullets or one line)."""
    if not title_key:
        return None
    for i in [i for i, ln in enumerate(lines) if ln.key.endswith(title_key)]:
        ln = lines[i]
        if ln.key == title_key and ln.bullet and i >= 2:
            j = i - 1
            crumbs: list[str] = []
            while j >= 0 and lines[j].bullet and lines[j].words <= 4 and len(crumbs) < 4:
                crumbs.append(lines[j].text)
                j -= 1
            if crumbs:
                return crumbs[0]
        parts = _CRUMB.split(ln.text) if ln.chars < 400 else []
        if len(parts) >= 3 and parts[-1].casefold() == title_key:
            return parts[-2] or None
    return None


def find_lists(lines: list[Line], body: set[int], b0: int, b1: int) -> tuple[list[str], list[str]]:
    """Related headlines (blocks like "More from World" inside or after the body) and the trending list."""
    related: list[str] = []
    trending: list[str] = []
    n = len(lines)
    for i in [i for i, ln in enumerate(lines) if ln.words <= 6]:  # both list headings are short
        ln = lines[i]
        if not trending and ln.words <= 4 and not ln.bullet and _TRENDING.match(ln.text):
            j = i + 1
            items: list[str] = []
            while j < n and lines[j].bullet and lines[j].words <= 12 and len(items) < 30:
                items.append(lines[j].text)
                j += 1
            if len(items) >= 2:
                trending = items
        elif not related and b0 <= i <= b1 + 3 and ln.words <= 6 and i not in body and _RELATED.match(ln.text):
            j = i + 1
            items = []
            while j < n and j not in body and len(items) < 12:
                t = lines[j].text
                if lines[j].words >= 3:
                    for h in split_doubled(t):
                        if h not in items:
                            items.append(h)
                j += 1
            related = items
    return related, trending


def front_matter(lines: list[Line], keep: list[int], t0: int, used: set[int]) -> tuple[int, int]:
    """Indexes of the standfirst and the image caption (-1 when absent).

    The standfirst is the first prose line under the headline and byline: either
    a line the classifier dropped, or a first kept line that a gap of three or
    more dropped lines (ads, share buttons, the hero image) separates from the
    rest of the body. The caption is the substantial dropped line right above
    the first paragraph of the body.
    """
    standfirst = caption = -1
    if not keep or t0 < 0:
        return standfirst, caption
    start = keep[0]
    if len(keep) >= 2 and t0 < keep[0] <= t0 + 6 and keep[1] - keep[0] >= 4:
        standfirst = keep[0]
        start = keep[1]
    else:
        for i in range(t0 + 1, min(start, t0 + 6)):
            ln = lines[i]
            if i not in used and ln.words >= 12 and ln.terminal and not ln.bullet:
                standfirst = i
                break
    title_key = lines[t0].key
    kept = set(keep)
    first = lines[start]
    nxt = [i for i in keep if i > start]
    if (not first.terminal and first.words >= 6 and nxt and (start - 1) not in kept
            and (lines[start - 1].key == title_key or standfirst >= 0)):
        # a kept line without a sentence end, after the hero image's alt text (the headline again)
        return standfirst, start
    j = start - 1
    if j > max(t0, standfirst) and j not in used and lines[j].words >= 6 and lines[j].key != title_key:
        caption = j
    return standfirst, caption
