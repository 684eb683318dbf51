"""Byline strings -> a clean list of author names.

Rules: "By", "Written by", "Posted by" and the like are dropped; emails, @handles,
URLs, "Email the author", "Follow", dates and reading times are cut; a byline of
several people is split on "and", "&", ";", "|" and on commas between names
(never on commas before credentials: "Jane Doe, MD, PhD" is one person); desk
bylines ("FP News Desk", "EcoCult Staff") are kept as written; a lone "Staff",
"Admin" or "Editor" is no author; ALL-CAPS or all-lowercase names get title case.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ..dates import _DMY, _MDY, _ISO
from .evidence import _noise

#: bylines that name nobody
GENERIC = {
    "staff", "admin", "administrator", "editor", "editors", "author", "authors", "guest", "anonymous",
    "unknown", "user", "webmaster", "root", "team", "contributor", "contributors", "the editors", "by",
    "none", "null", "undefined", "n/a", "default", "posted", "written", "published", "updated",
    "reporter", "correspondent", "agencies", "web desk", "webdesk", "share", "follow", "email",
    "email the author", "more articles", "view all posts", "read more", "about the author",
    "written by", "posted by", "author details", "more from", "see all", "profile", "bio",
}  # fmt: skip

#: credentials and suffixes that follow a name after a comma
CREDENTIALS = {
    "md", "m.d.", "m.d", "phd", "ph.d.", "ph.d", "ms", "m.s.", "ma", "m.a.", "mba", "mph", "rd", "rdn",
    "ld", "cpt", "cfp", "cpa", "cfa", "rn", "np", "pa", "pa-c", "do", "dds", "dmd", "dvm", "jd", "j.d.",
    "esq", "esq.", "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "facp", "faap", "facs", "faclm", "fand",
    "lcsw", "lmft", "psyd", "psy.d.", "msc", "bsc", "ba", "bs", "llm", "cscs", "cissp", "pmp", "ibclc",
    "cdces", "acsm", "edd", "ed.d.", "mfa", "mpa", "mpp", "mhs", "msn", "bsn", "aprn", "fnp", "fnp-c",
    "pharmd", "cde", "cns", "lpc", "ncc", "chfc", "clu", "ea", "cima", "crpc", "aif", "frcp", "mrcp",
}  # fmt: skip

_PREFIX = re.compile(
    r"^\s*(?:(?:additional\s+)?(?:written|posted|published|reported|reporting|compiled|edited|reviewed|updated|"
    r"story|words|text|article|photos?|interview|report)\s+(?:and\s+\w+\s+)?)?"
    r"(?:by|von|par|por|di|door|af|av)\s*[:\-–—]?\s+"
    r"|^\s*(?:authors?|written|writer|posted|byline|reporter|contributor|autor|auteur)\s*[:\-–—|]\s*"
    r"|^\s*(?:текст|автор|фото|text|autor)\s*:?\s+(?=[A-ZА-ЯЁ])"
    r"|^\s*(?:about\s+)?the\s+authors?\s*:?\s+(?=[A-Z])",
    re.I,
)
_GLUED_BY = re.compile(r"^\s*(?:(?:written|posted|authored|reviewed)\s*)?[Bb]y(?=[A-Z])", re.I)
#: a byline ends where reviewers, editors, photographers or dates begin
_LONG_PREFIX = re.compile(r"^.{0,40}?\b(?:written|posted|authored|contributed)\s+by\s*:?\s+(?=\S)", re.I)
_WRITTEN_BY = re.compile(r"\b(?:written|authored)\s+by\b", re.I)
_CREDIT_CUT = re.compile(
    r"\b(?:(?:medically\s+)?reviewed\s+by|fact[-\s]?checked\s+by|edit(?:ed|ing)\s+by|photos?\s+by|"
    r"photographs?\s+by|illustrat\w*\s+by|video\s+by|(?:last\s+)?updated|published\s+on)\b",
    re.I,
)
_PIECES = re.compile(r"\s*[¦•·]\s*|\s+\|\s+")
_BIO = re.compile(r"^((?:[A-Z][\w'’.-]+\s+){1,3})(?:is|was|has|writes|covers|joined|leads)\b")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_CUT = re.compile(
    r"\s*(?:\||•|·|—\s|–\s|\s-\s|:\s|\bon\s+(?=\w+\.?\s+\d|\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)|"
    r"\s+in\s+(?=(?-i:[A-Z]))|\bupdated\b|\bpublished\b|\bposted\b|"
    r"\blast\s+(?:updated|modified)\b|\bfollow\b|\bemail\b|\be-mail\b|\bcontact\b|\btwitter\b|\bview\b|"
    r"\bread\s+(?:more|time|bio)\b|\bmore\s+(?:from|by|articles|stories)\b|\bsee\s+(?:all|full)\b|"
    r"\bfact[-\s]checked\b|\bmedically\s+reviewed\b|\breviewed\s+by\b|\bedited\s+by\b|\bupdated\s+by\b|"
    r"\bon\s+behalf\s+of\b|\bshare\b|\d+\s*min(?:ute)?s?\b|\d+\s+(?:hours?|days?|weeks?|months?)\s+ago\b|\bcomments?\b|\n)",
    re.I,
)
_MONTH_DAY = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?$", re.I
)
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
_SPLIT = re.compile(r"\s*(?:;|\|(?!\|)|\b(?i:and)\b|&|\s\+\s|/)\s*|\s+(?:und|et|y|e|en)\s+(?=[A-Z])")
_NAME_CHARS = re.compile(r"[^\w\s.'’\-,()&]", re.U)


def _strip_dates(s: str) -> str:
    for rx in (_ISO, _MDY, _DMY):
        m = rx.search(s)
        if m:
            s = s[: m.start()]
    return s


def _title_case(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return name
    if all(c.isupper() for c in letters) and len(letters) > 3 or all(c.islower() for c in letters):
        return " ".join(w[:1].upper() + w[1:].lower() if w else w for w in name.split(" "))
    return name


def clean_author(raw: str | None) -> str | None:
    """One byline fragment -> a name, or None when nothing person-like is left."""
    if not raw:
        return None
    s = " ".join(str(raw).replace("\xa0", " ").split())
    if not s or len(s) > 300:
        return None
    if _NUMBERED.match(s):
        return None  # "1. Checkwriters": a numbered list heading, not a byline
    s = _URL.sub(" ", _EMAIL.sub(" ", s))
    s = _HANDLE.sub(" ", s)
    s = _GLUED_BY.sub("", s)
    for _ in range(2):
        s2 = _PREFIX.sub("", s)
        if s2 == s:
            break
        s = s2
    m = _CUT.search(s)
    if m and m.start() > 0:
        s = s[: m.start()]
    elif m:
        return None  # "Email the author", "Follow", "Updated ...": no name before the cut
    s = _strip_dates(s)
    s = _NAME_CHARS.sub(" ", s)
    s = " ".join(s.split()).strip(" ,.-–—:()'’")
    s = re.sub(r"^(?:by|from)\s+", "", s, flags=re.I)
    if not s:
        return None
    low = s.lower()
    if low in GENERIC or low.rstrip("s") in GENERIC:
        return None
    words = s.split()
    if len(words) > 7 or len(s) > 80:
        return None
    if sum(c.isdigit() for c in s) > 2 or not any(c.isalpha() for c in s):
        return None
    s = _MONTH_DAY.sub("", s)  # "Reuters November 18" (a date cut at its comma)
    s = re.sub(r"(?:\s+\d{1,4})+$", "", s)  # a trailing day or count glued to the name
    words = s.split()
    half = len(words) // 2
    if len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # "Paycom Blog Contributor Paycom Blog Contributor"
    if len(words) >= 3 and re.fullmatch(r"[A-Z]{2,3}", words[0]) and words[0] == "".join(
        w[0] for w in words[1 : 1 + len(words[0])]
    ):
        words = words[1:]  # an avatar's initials before the name: "CM Craig McCarthy"
    if len(words) >= 2 and words[-1].lower() in DESKS and not any(c.isdigit() for c in s):
        return _title_case(" ".join(words))  # desk bylines kept as written: "the Lavazza Team"
    while len(words) > 1 and re.fullmatch(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?", words[-1]):
        words.pop()  # "Everfit Team Nov" (a date cut in half)
    while len(words) > 2 and words[-1].lower().strip(".,").split("-")[0] in _ROLES:
        words.pop()  # "Rachel MacDonald Writer", "Jane Doe Senior Editor"
    s = " ".join(words).rstrip(" ,")
    s = _SENTENCE_END.split(s, maxsplit=1)[0]
    if re.fullmatch(r"[A-Z]{1,3}", s) or not any(c.isalpha() for c in s):
        return None  # initials of an avatar ("NB"), or nothing left but numbers
    if len(s.replace(".", "").replace(" ", "")) < 2 or not looks_like_name(s):
        return None
    return _title_case(s)


#: lowercase words allowed inside a name ("Ludwig van Beethoven", "Maria de la Cruz")
_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "bin", "bint",
    "al", "el", "ibn", "ter", "ten", "y", "zu", "e", "st", "mc", "mac",
}  # fmt: skip
#: last words of a desk byline ("FP News Desk", "Great Day Editorial Team"), kept as written
DESKS = {"team", "staff", "desk", "editors", "newsroom", "bureau", "writers", "reporters", "contributor",
         "contributors", "editorial"}
#: job-title words that may trail a name and are cut from it
_ROLES = {
    "writer", "editor", "reporter", "correspondent", "columnist", "contributor", "senior", "staff",
    "journalist", "author", "founder", "co-founder", "cofounder", "ceo", "director", "manager", "lead",
    "specialist", "analyst", "producer", "photographer", "intern", "freelance", "contributing", "associate",
    "news",
}  # fmt: skip
#: words that end a job title ("AP Sports Writer", "Senior Editor")
_JOB_END = {"writer", "editor", "reporter", "correspondent", "columnist", "producer", "photographer", "intern"}
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+(?=[A-Z])")
#: words that make a byline fragment a label or a job title, not a name
_NOT_NAME = {
    "article", "articles", "post", "posts", "author", "authors", "reviewed", "review", "written", "insights",
    "admin", "editor", "editors", "editorial", "senior", "director", "head", "manager", "specialist",
    "consultant", "expert", "reviewer", "founder", "co-founder", "cofounder", "ceo", "cto", "chief",
    "lead", "writer", "reporter", "correspondent", "columnist", "analyst", "contributor", "contributing",
    "professor", "marketing", "content", "strategist", "officer", "president", "vp", "intern", "associate",
    "coordinator", "producer", "photographer", "fellow", "researcher", "scientist", "engineer", "developer",
    "designer", "journalist", "freelance", "share", "min", "read", "about", "profile", "page", "home",
    "menu", "search", "comments", "comment", "reply", "login", "subscribe", "newsletter", "published",
    "updated", "sponsored", "advertisement", "loading", "javascript", "click", "here", "view", "all",
    "rss", "entries", "feed", "relevance", "title", "date", "sort", "filter", "results", "newest", "oldest",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
}  # fmt: skip
_MONTH_WORD = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.I
)


def looks_like_name(s: str) -> bool:
    """A person or desk name: 1-7 words, capitalised (or all one case), no label words,
    no dates, no "user.name" handles."""
    words = s.replace(",", " ").split()
    if not words:
        return False
    if len(words) == 1 and (re.fullmatch(r"[a-z0-9]+[._][a-z0-9._]+", s, re.I) or s.lower().endswith("admin")):
        return False  # "andrew.keaveney", "page.head.extra.author"
    low = [w.lower().strip(".'’") for w in words]
    if any(w in _NOT_NAME or w.split("-")[0] in _NOT_NAME for w in low):
        return False
    if any(_MONTH_WORD.match(w) for w in words) and (any(c.isdigit() for c in s) or len(words) == 1):
        return False
    if len(words) == 1 and low[0] in ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"):
        return False
    letters = [c for c in s if c.isalpha()]
    if all(c.islower() for c in letters) or all(c.isupper() for c in letters):
        return True
    for w, lw in zip(words, low):
        if w[:1].islower() and lw not in _PARTICLES and not w[:1].isdigit():
            if lw in CREDENTIALS or re.fullmatch(r"[a-z]\.?", lw):
                continue
            return False  # "Personal finance", "Insights from": a phrase, not a name
    return True


def _is_credential(part: str) -> bool:
    p = part.strip().lower()
    if not p:
        return False
    if p in CREDENTIALS:
        return True
    toks = re.split(r"[\s,]+", p)
    return all(t in CREDENTIALS or re.fullmatch(r"[a-z](?:\.?[a-z]){0,4}\.?", t) and len(t) <= 5 for t in toks) and (
        part.strip().isupper() or all(t in CREDENTIALS for t in toks)
    )


def split_authors(raw: str | None) -> list[str]:
    """A byline that may hold several people -> cleaned names, in order, without duplicates.

    Memoised on the text (a pure function): the metadata step reads each byline before and again
    after the body step, and a site repeats its bylines from page to page."""
    if not raw:
        return []
    return list(_split_authors(str(raw)))


@lru_cache(maxsize=4096)
def _split_authors(raw: str) -> tuple[str, ...]:
    return tuple(_split_uncached(raw))


def _split_uncached(raw: str) -> list[str]:
    s = " ".join(raw.split())
    s = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", s)))
    m = _WRITTEN_BY.search(s)
    if m and m.start() > 0:  # "Medically reviewed by X — Written by Y": the writer is the author
        s = s[m.start():]
    s = _CREDIT_CUT.split(s, maxsplit=1)[0]
    if _PIECES.search(s):  # glued or dot-separated pieces: the first that holds a name is the byline
        for piece in _PIECES.split(s):
            names = split_authors(piece)
            if names:
                return names
        return []
    s = _PREFIX.sub("", _LONG_PREFIX.sub("", s))
    parts: list[str] = []
    for chunk in _SPLIT.split(s):
        pieces = [p for p in chunk.split(",")]
        # commas: between names ("Ann Lee, Bo Chan") or before credentials ("Ann Lee, MD")
        cur = ""
        for p in pieces:
            if cur and _is_credential(p):
                cur = f"{cur}, {p.strip()}"
            elif cur and len(p.split()) < 2 and not _looks_like_name(p):
                cur = f"{cur}, {p.strip()}"  # "Smith, John" style or a place: keep together
            else:
                if cur:
                    parts.append(cur)
                cur = p.strip()
        if cur:
            parts.append(cur)
    out: list[str] = []
    seen: set[str] = set()
    for p in parts:
        last = p.split()[-1].lower().strip(".,") if p.split() else ""
        if out and (last in _JOB_END or last[:-1] in _JOB_END):
            break  # "Greg Beacham, AP Sports Writer": after a name, a job title, not a second person
        name = clean_author(p)
        if name is None and any(w.lower().strip(".,") in _ROLES or w.lower() in ("head", "chief", "of")
                                for w in p.split()):
            break  # "Jane Doe, Head of Marketing and Community": the rest is her job title
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def name_from_bio(text: str) -> str | None:
    """ "Bence Kovács Bence is a developer..." (an author box) -> "Bence Kovács"."""
    m = _BIO.match(text)
    if not m:
        return None
    words = m.group(1).split()
    if len(words) >= 2 and words[-1] == words[0]:
        words = words[:-1]
    return clean_author(" ".join(words)) if len(words) >= 2 else None


def _looks_like_name(p: str) -> bool:
    words = p.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def author_list(values: list[str]) -> list[str]:
    """Several raw author values -> one deduplicated list of names."""
    out: list[str] = []
    seen: set[str] = set()
    for v in values:
        for name in split_authors(v):
            key = name.lower()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


# ----------------------------------------------------------------------------- bylines in the text

#: words that open the next sentence, never a name's next word ("By Ann Lee The council said...": the
#: text after the headline joins blocks without a break)
_OPENER = (
    r"(?:The|An?|This|That|These|It|In|On|At|For|With|As|After|When|While|Our|We|He|She|They|If|But)\b(?!\.)"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
)
_BY_TEXT = re.compile(
    r"(?:^|[\s|•·])(?:[Ww]ritten\s+[Bb]y|[Pp]osted\s+[Bb]y|[Bb]y|BY|[Aa]uthors?:|[Cc]ontributors?:|[Ww]ords\s+[Bb]y)"
    r"\s*:?\s+((?:[A-Z][\w'’.-]*)(?:\s+(?:(?!" + _OPENER + r")[A-Z][\w'’.-]*|van|von|de|der|da|del|la|le|and|&|,)){0,12})"
)
_CREDIT_BEFORE = re.compile(
    r"(?:(reviewed|edited|checked|researched)|photos?|photographs?|illustrations?|illustrated|video|articles|posts|"
    r"stories|powered|sponsored|presented|supported|hosted|designed|developed|made)\s*$",
    re.I,
)
_MONTHS_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
#: a dateline that opens with the author: "Mahua Das in Project Management", "Jane Roe · 5 min read"
_LEAD_NAME = re.compile(
    rf"^(?:(?:{_MONTHS_RE}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS_RE},?\s+\d{{4}})\s*[•·|-]?\s*)?"
    r"([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2})\s+"
    rf"(?=in\s|#|Published|Updated|Posted|[•·|]|{_MONTHS_RE}\s+\d|\d{{1,2}}[./]\d)"
)


def text_byline(after: str, before: str) -> list[str]:
    """Names from a "By ..." in the visible text just ``after`` (else ``before``) the headline, or
    from a dateline that opens with the author's name."""
    m: re.Match[str] | None
    for text in (after, before):
        credit: list[str] | None = None
        for m in _BY_TEXT.finditer(text[:400]):
            names = [n for n in split_authors(m.group(1)) if len(n.split()) >= 2]
            cred = _CREDIT_BEFORE.search(text, max(0, m.start() - 24), m.start() + 1)
            if cred and m.group(0).lstrip(" |•·")[:2].lower() == "by":
                # "Medically reviewed by ...", "Articles by ...": the writer's byline comes first; a
                # reviewer or editor stands in only when no writer is named
                if credit is None and names and cred.group(1):
                    credit = names
                continue
            if names:
                return names
            break
        if credit:
            return credit
    m = _LEAD_NAME.match(after)
    if m:
        return split_authors(m.group(1))
    return []


# ----------------------------------------------------------------------------- last resorts on the page

#: a short line that labels a byline: "By Jane Doe", "Written by", "Article by", "Author:", "Author(s)"
_LABEL_LINE = re.compile(
    r"^\s*(?:(?:written|posted|article|story|words|authored|reported)\s+by|by|authors?(?:\s*\(s\))?|writers?)"
    r"(?=[\s:]|$)\s*:?\s*",
    re.I,
)
_LABEL_INITIALS = frozenset("BbWwPpAaSsRr")
_FIELD = re.compile(r"\s+[A-Z][a-z]+:(?:\s|$)")
_NOT_PROSE = {"script", "style", "noscript", "template", "title", "h1", "code", "pre", "kbd", "samp", "textarea",
              "option", "button", "select"}
_INLINE = {"span", "strong", "b", "em", "i", "small", "a", "font", "label"}
_LIST = {"ul", "ol"}
#: a path segment that introduces an author's page (/author/jane-doe, /writers/jdoe), or an author query
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|writers?|contributors?|columnists?|reporters?|journalists?|people|staff|producers?|experts?|"
    r"profiles?|bylines?)/([^/?#]+)|[?&]_?author=([^&#]+)",
    re.I,
)


def _line(el, limit: int = 160) -> str:
    try:
        t = el.text_content()
    except ValueError:
        return ""
    return " ".join(t[: limit * 3].split())[: limit + 1]


def _listed(el) -> str:
    """The names an element after a label heading holds: its text, or its list items joined."""
    if el.tag in _LIST:
        return "; ".join(filter(None, (_line(li, 80) for li in el.iterchildren("li"))))
    return _line(el)


def labelled_byline(root, head=None, noise=None) -> list[str]:
    """Names from a short visible line labelled as a byline anywhere on the page ("By Jane Doe"
    alone in a paragraph, "Written by Jane Doe" over an author box), or from the element right
    after a label heading ("<h3>Author</h3><p>Jane Doe</p>"): a last resort when no byline element,
    metadata or headline text names anyone. The first such line after the headline ``head`` wins,
    else the first before it. ``noise(el)`` says whether an element sits in comments, menus or
    related lists (skipped). Names of one word are not taken from running text."""
    before: list[str] = []
    after = head is None
    for el in root.iter():
        if el is head:
            after = True
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in _NOT_PROSE:
            continue
        t = el.text
        if not t or len(t) > 60 or t.lstrip()[:1] not in _LABEL_INITIALS or not _LABEL_LINE.match(t):
            continue
        block = el
        for _ in range(2):
            if block.tag in _INLINE and block.getparent() is not None:
                block = block.getparent()
        line = _line(block)
        lab = _LABEL_LINE.match(line)  # the label opens the whole line ("ReviewsBy Category" does not)
        if not lab or len(line) > 150 or (noise is not None and noise(block)):
            continue
        rest = _FIELD.split(line[lab.end():], maxsplit=1)[0]  # "Author: Ann Lee Released: ..." (a spec list)
        if rest:  # a name is capitalised: "By checking out, you agree..." is a sentence
            names = split_authors(rest) if rest[0].isupper() or rest[0].isdigit() else []
        else:  # a label heading: the names sit in the next element with text
            nxt = block.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            text = _listed(nxt) if nxt is not None else ""
            names = split_authors(text) if text and len(text) <= 150 and text[0].isupper() else []
        names = [n for n in names if len(n.split()) >= 2]
        if names:
            if after:
                return names
            before = before or names
    return before


def _site(host: str) -> str:
    """The last two labels of a host name (blog.example.com and example.com are one site)."""
    return ".".join(host.lower().split(".")[-2:])


def _slug_names(name: str, slug: str) -> bool:
    """Whether an author page's slug spells (part of) the link's name ("/author/jane-doe")."""
    s = re.sub(r"[\W_]+", "", slug.lower())
    return any(len(w) >= 3 and w in s for w in re.split(r"[\W_]+", name.lower()))


def linked_authors(root, noise=None, host: str | None = None) -> list[str]:
    """Names from links to author pages whose slug spells the name ("<a href="/author/jane-doe">
    Jane Doe</a>"), on the page's own site (``host``), outside comments, menus and related lists:
    the first such link, with the other author links in the same line or list (several authors)."""
    first = None
    out: list[str] = []
    for a in root.iter("a"):
        href = a.get("href") or ""
        m = _AUTHOR_HREF.search(href)
        if not m:
            continue
        try:
            other = urlsplit(href).hostname
        except ValueError:
            continue
        if other and (host is None or _site(other) != _site(host)):
            continue  # a credit linking elsewhere (a typeface's designers), not this site's writer
        slug = unquote(m.group(1) or m.group(2) or "")
        text = " ".join(" ".join(a.itertext()).split())  # "Ann Lee<span>Trending</span>": two pieces
        if not text or len(text) > 80 or not _slug_names(text, slug):
            continue
        parent = a.getparent()
        if first is not None:
            fp = first.getparent()
            if parent is not fp and (parent is None or fp is None or parent.getparent() is not fp.getparent()):
                continue
        elif noise is not None and noise(a):
            continue
        names = split_authors(text)
        if first is None and not names:
            return []  # the page's first author link names nobody readable: later ones are cards
        first = first if first is not None else a
        out.extend(n for n in names if n.lower() not in {o.lower() for o in out})
    return out


def page_authors(root, head=None, host: str | None = None) -> list[str]:
    """Last resorts when no byline element, metadata or headline text names anyone: links to this
    site's author pages, else a byline line labelled anywhere on the page (``head``: the headline)."""
    if root is None:
        return []
    return linked_authors(root, _hard_noise, host) or labelled_byline(root, head, _hard_noise)


def _hard_noise(el) -> bool:
    return _noise(el) == "hard"


def with_siblings(groups: list) -> list[str]:
    """``(rank, names, node)`` byline groups, best first -> the best byline's names, plus those of
    bylines that are its siblings of the same kind (one ``<span class="author">`` per author)."""
    _, names, best = groups[0]
    el = best.el
    parent, kind = el.getparent(), (el.tag, el.get("class"))
    if parent is None:
        return names
    out = list(names)
    for _, more, b in sorted(groups[1:], key=lambda g: g[2].order):
        if b.el.getparent() is parent and (b.el.tag, b.el.get("class")) == kind:
            out.extend(n for n in more if n.lower() not in {o.lower() for o in out})
    return out
