"""The outlet's name where the page gives no og:site_name or publisher: its title or its copyright line.

    title_site(raws, headline)         # "Headline | Outlet", "Outlet: Headline", "Headline (Outlet)"
    copyright_holder(root)             # "© 2019 Ascom", "Copyright © 2025, The Objective Dad"

A title part is the outlet's only when the rest of the title is exactly the headline the page shows
(so the part left over is what the site adds to every title), and a leading part only when it is not
a kicker ("Exclusive: ...", "Analysis: ...") or a dateline place, which a reader would not take for
an outlet: one capitalised word before a colon is never taken. The copyright notice is read in the
page's footer or anywhere outside its <article>/<main> (an image credit or a quoted notice in the article
names another holder); the last one in the page wins.
"""

from __future__ import annotations

import re
from typing import Any

from ..titles import norm

_MAX = 60
#: "Outlet: Headline", "Outlet | Headline", "Outlet - Headline"
_LEAD = re.compile(r"^(.{2,60}?)\s*(?::|\||–|—|·|•|»)\s+(.+)$|^(.{2,60}?)\s+-\s+(.+)$", re.S)
#: "Headline | Outlet", "Headline - Outlet", "Headline (Outlet)"
_TAIL = re.compile(r"^(.+?)\s+(?:\||-|–|—|·|•|»|::|~)\s+(.{2,60})$|^(.+?)\s*\(([^()]{2,60})\)$", re.S)
_KICKERS = frozenset("""exclusive opinion analysis breaking live watch video photos photo update updated
    editorial review interview explainer podcast listen read comment column letters obituary watch live
    breaking news fact check""".split())
_YEAR = r"(?:19|20)\d\d"
_COPY = re.compile(
    r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)|copyright))?\s*(?:" + _YEAR + r"(?:\s*[-–]\s*(?:" + _YEAR
    + r"|\d\d))?)?\s*[,.\-–]?\s*(?:by\s+)?([^\W\d_][^|©{}<>\n]{1,70}?)\s*(?:,?\s*" + _YEAR
    + r")?\s*(?:(?<!\b[A-Z])\.(?=\s|$)|[|,;]|\s-\s|\ball rights\b|$)", re.I)
_FOOTER = re.compile(r"foot|copyright|colophon|bottom", re.I)
#: not a holder: the notice's own words, or a web designer's credit ("Designed by ...")
_NOT_NAME = re.compile(r"^(?:all rights|notice|information|policy|the authors?\b|copyright|\d)"
                       r"|\b(?:designed|powered|developed|built|made|hosted|theme)\b", re.I)


def _outlet_like(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 7 and len(name) <= _MAX and not name.endswith(("?", "!"))


def title_site(raws: list[str | None], headline: str | None) -> str | None:
    """The part of a page title around the shown headline, when the rest is exactly the headline."""
    want = norm(headline)
    if not want:
        return None
    for raw in raws:
        raw = " ".join((raw or "").split())
        if not raw or norm(raw) == want:
            continue
        m = _TAIL.match(raw)
        if m:
            head, site = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
            if norm(head) == want and _outlet_like(site.strip()):
                return site.strip()
        m = _LEAD.match(raw)
        if m:
            site, head = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
            site = site.strip()
            lone_word = len(site.split()) == 1 and ":" in raw[len(site): len(site) + 3]
            if norm(head) == want and _outlet_like(site) and norm(site) not in _KICKERS and not lone_word:
                return site
    return None


def _placed_as_notice(el: Any) -> bool:
    """In the page's footer, or at least not in its article (where an image credit or a quoted notice
    names another holder)."""
    for a in (el, *el.iterancestors()):
        tag = a.tag if isinstance(a.tag, str) else ""
        if tag in ("footer", "nav") or _FOOTER.search(f"{a.get('class') or ''} {a.get('id') or ''}"):
            return True
        if tag in ("article", "main") or a.get("itemprop") == "articleBody":
            return False
    return True


def copyright_holder(root: Any) -> str | None:
    """The holder named by the page's last copyright notice (read before the body step edits the tree)."""
    if root is None:
        return None
    found = None
    for t in root.xpath(
        "//body//text()[contains(., '©') or contains(translate(., 'COPYRIGHT', 'copyright'), 'copyright')]"
        "[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
    ):
        parent = t.getparent()
        text = " ".join(str(t).split())
        if parent is None or len(text) > 160 or not _placed_as_notice(parent):
            continue  # a paragraph that mentions copyright, or a notice inside the article
        m = _COPY.search(text)
        if not m:
            continue
        name = m.group(1).strip(" .,-–")
        if _outlet_like(name) and not _NOT_NAME.match(name) and name[0].isupper():
            found = name
    return found
