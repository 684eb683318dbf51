"""Is this page news? A page-type judgement from the page's own signals, with its reason.

    judge_page(article) -> PageJudgement(page_type, is_news, score, reason)

``page_type`` is "news" or one of the not-news kinds: "recipe", "shop", "guide", "listing",
"notice", "about", "blog", "other". The judgement adds up evidence, each item a weight in log-odds
units (positive: news), and calls the page news unless the sum is below zero:

- what the page declares: schema.org types from JSON-LD (NewsArticle +; Recipe, Product, HowTo,
  FAQPage, AboutPage -), og:type ("product" -, "website" a little -);
- where it lives: URL path segments (/news/, /politics/ +; /blog/, /recipes/, /shop/, /guides/,
  /about/, /privacy/ -) and the publisher's section;
- how the headline reads: "How to ...", "The 10 best ... of 2026", "Top 7 ...", "... guide",
  "What is ...?" (evergreen service pieces) -;
- how the text reads: reporting verbs ("said", "told" per 1000 words) and days of the week +,
  a dateline ("WASHINGTON (AP) —") +, the reader addressed as "you" -, recipe and shop words -;
- whether it is dated and signed: no date -, no byline a little -.

The weights were set by reading what each signal means, not fitted; the measured precision and
recall on hand-labelled real pages are in benchmarks/UNDERSTANDING.md (``benchmarks/pagetype_eval.py``).
English cues are the strongest; other languages rely on the declared types, URL and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..model import Article
from .section import SYNONYMS

PAGE_TYPES = ("news", "recipe", "shop", "guide", "listing", "notice", "about", "blog", "other")

#: schema.org types (lower case) -> (weight, kind when negative)
_LD_TYPES: dict[str, tuple[float, str]] = {
    "newsarticle": (0.8, "news"), "reportagenewsarticle": (1.5, "news"), "analysisnewsarticle": (1.2, "news"),
    "opinionnewsarticle": (1.2, "news"), "liveblogposting": (1.5, "news"), "backgroundnewsarticle": (0.8, "news"),
    "recipe": (-3.0, "recipe"), "product": (-2.5, "shop"), "offer": (-1.0, "shop"), "aggregateoffer": (-1.5, "shop"),
    "howto": (-2.5, "guide"), "faqpage": (-1.5, "guide"), "course": (-2.0, "guide"),
    "aboutpage": (-3.0, "about"), "contactpage": (-3.0, "about"), "profilepage": (-2.0, "about"),
    "collectionpage": (-1.5, "listing"), "searchresultspage": (-2.0, "listing"), "event": (-1.0, "listing"),
    "blogposting": (-0.8, "blog"), "blog": (-0.8, "blog"), "localbusiness": (-1.0, "shop"),
}

#: URL path segments -> (weight, kind when negative)
_URL_SEGMENTS: dict[str, tuple[float, str]] = {
    **dict.fromkeys("news breaking-news latest politics world nation national local story stories "
                    "article-news newsroom headlines".split(), (0.8, "news")),
    **dict.fromkeys("blog blogs journal diary post posts".split(), (-1.0, "blog")),
    **dict.fromkeys("recipe recipes cooking".split(), (-2.5, "recipe")),
    **dict.fromkeys("shop store product products cart checkout deals coupons buy catalog catalogue "
                    "collections".split(), (-2.0, "shop")),
    **dict.fromkeys("guide guides how-to howto learn tutorial tutorials tips resources academy knowledge "
                    "knowledge-center knowledge-hub glossary faq faqs help advice insights wiki".split(),
                    (-1.5, "guide")),
    **dict.fromkeys("about about-us contact contact-us privacy privacy-policy terms terms-of-use legal "
                    "imprint impressum careers jobs team".split(), (-3.0, "about")),
    **dict.fromkeys("category categories tag tags topics topic archive archives calendar events "
                    "rankings ranking lists top10".split(), (-1.0, "listing")),
    **dict.fromkeys("notice notices alerts announcements press-release press-releases".split(), (-1.0, "notice")),
}

#: blog-hosting platforms (a personal newsletter or blog, whatever schema type it declares)
_BLOG_HOSTS = (".substack.com", ".medium.com", ".bearblog.dev", ".blogspot.com", ".wordpress.com",
               ".tumblr.com", ".ghost.io", ".github.io", ".micro.blog")

_SLUG_CUES = [
    (re.compile(r"(?:^|-)(?:how-to|guide|tips|tutorial|checklist|what-is|beginners?|explained|101)(?:-|$)"),
     -1.2, "guide", "its address reads like a how-to or guide"),
    (re.compile(r"(?:^|-)(?:best|top-\d+|\d+-best|review(?:s|ed)?|vs|compared|comparison|deals?)(?:-|$)"),
     -1.0, "listing", "its address reads like a buying guide or ranking"),
    (re.compile(r"(?:^|-)recipes?(?:-|$)"), -2.0, "recipe", "its address names a recipe"),
]

_TITLE_CUES = [
    (re.compile(r"^(?:how (?:to|do|does|can|much|many)|why you should|what (?:is|are|to)|when to|where to)\b"
                r"|\b(?:a|the|your|complete|ultimate|beginner'?s?|step[- ]by[- ]step|buyer'?s?) guide\b"
                r"|\b(?:tips|checklist|tutorial|explained|101|for beginners|faqs?)\b"
                r"|^(?:do|should|can|are|is) you\b|\bgift guide\b", re.I),
     -1.5, "guide", "the headline reads like a how-to or guide"),
    (re.compile(r"^(?:the |a )?(?:(?:rich|brief|short|full|complete) )?history of\b|^thoughts on\b"
                r"|\blessons (?:i )?learned\b", re.I),
     -1.2, "blog", "the headline reads like an essay or an evergreen history"),
    (re.compile(r"^(?:the )?(?:top )?(?:\d+|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
                r"\s+(?:[\w-]+\s+){0,3}(?:best|top|great|essential|easy|must|simple|ways|"
                r"things|tips|steps|reasons|ideas|trends|tools|apps|products|brands|companies|platforms|places|"
                r"books|games|movies|shows|solutions|gifts)\b|\bbest\b.*\b(?:of|in|for) 20\d\d\b|(?:^|: )(?:the )?best \w+"
                r"|\b\d+\s+(?:[\w'-]+\s+){0,3}to (?:stream|watch|buy|read|try|expect|know|see|visit|follow)\b"
                r"|\bgifts? (?:for|ideas)\b"
                r"|\btrends\b.*\b20\d\d\b|\b20\d\d\b.*\btrends\b"
                r"|^top \d+|\bvs\.?\b|\bcompared\b|\brankings?\b", re.I),
     -1.5, "listing", "the headline reads like a ranking or buying guide"),
    (re.compile(r"\brecipes?\b", re.I), -1.5, "recipe", "the headline names a recipe"),
    (re.compile(r"\b(?:terms (?:and|&) conditions|privacy policy|about us|contact us|cookie policy)\b", re.I),
     -3.0, "about", "the headline is a site page's"),
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
#: reporting verbs, several languages (the text of a report attributes what it says)
_REPORTING = frozenset("""said says told stated announced according confirmed added
    disse afirmou declarou dijo afirmó declaró aseguró sagte erklärte teilte déclaré affirmé indiqué
    ha dichiarato detto""".split())
_WEEKDAYS = frozenset("""monday tuesday wednesday thursday friday saturday sunday yesterday
    segunda terça quarta quinta sexta sábado domingo lunes martes miércoles jueves viernes
    montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi""".split())
#: English tense markers: a report narrates (was, said), a guide advises or describes (is, can, should)
_PAST = frozenset("was were had did said told announced reported".split())
_PRESENT = frozenset("is are can should will may might you your".split())
_YOU = frozenset("you your you're yours yourself you'll you've".split())
#: the writer speaking for themself (a personal essay or company blog post; a report quotes others)
_FIRST = frozenset("i i'm i've i'd i'll my me mine myself".split())
#: quotation marks: a report quotes the people it attributes to
_QUOTES = re.compile(r'[“”"«»„]')
_RECIPE = frozenset("ingredients tablespoon tablespoons teaspoon teaspoons tbsp tsp preheat oven cups whisk "
                    "bake stir".split())
_SHOP = frozenset("cart checkout shipping discount discounts coupon coupons add-to-cart rrp warranty "
                  "in-stock".split())
#: "WASHINGTON (AP) —", "NEW DELHI:", "BERLIN --", "Hong Kong (CNN Business)"
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’\- ]{2,30}(?:,\s*[A-Z][\w. ]{1,25})?\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s"
                       r"|[A-Z][\w. ,]{2,30}\((?:AP|Reuters|AFP|CNN[\w ]*|UPI|dpa|PTI|IANS)\))")
_NON_NEWS_SECTIONS = re.compile(r"\b(?:blog|recipes?|shopping|deals|coupons|guides?|how[- ]to|advice|"
                                r"reviews?|store|shop|products?|lifestyle|sponsored|partner)\b", re.I)


@dataclass(slots=True)
class PageJudgement:
    """The verdict, the sum of evidence, and the evidence that decided it (a reader's sentence)."""

    page_type: str
    is_news: bool
    score: float
    reason: str
    evidence: list[tuple[float, str, str]] = field(default_factory=list)  # (weight, kind, why)


def _declared(article: Article, ev: list[tuple[float, str, str]]) -> None:
    signals = article.page_signals or {}
    types = signals.get("json-ld", "").split()
    for t in types:
        if t in _LD_TYPES:
            w, kind = _LD_TYPES[t]
            ev.append((w, kind, f"schema.org type {t}"))
            if w > 0:
                break  # one news type is enough
    og = signals.get("og:type", "")
    if og.startswith("product"):
        ev.append((-2.0, "shop", f"og:type {og}"))
    elif og == "website" and not any(w > 0 for w, _, _ in ev):
        ev.append((-0.4, "other", "og:type website (not an article)"))


def _address(article: Article, ev: list[tuple[float, str, str]]) -> None:
    url = article.canonical_url or article.url
    if not url:
        return
    parts = urlparse(url)
    path = parts.path.lower()
    host = (parts.hostname or "").lower()
    if host.startswith(("blog.", "blogs.")) or host.endswith(_BLOG_HOSTS):
        ev.append((-1.0, "blog", f"it is hosted as a blog ({host})"))
    segs = [s for s in path.split("/") if s]
    seen: set[str] = set()
    for seg in segs[:-1] if len(segs) > 1 else segs:
        hit = _URL_SEGMENTS.get(seg)
        if hit and hit[1] not in seen:
            seen.add(hit[1])
            ev.append((hit[0], hit[1], f"its address is under /{seg}/"))
    if re.search(r"/(?:19|20)\d\d/(?:\d\d?|[a-z]{3})/(?:\d\d?/)?", path):
        ev.append((0.4, "news", "its address carries a date"))
    slug = re.sub(r"\.\w{2,5}$", "", segs[-1]) if segs else ""
    for rx, w, kind, why in _SLUG_CUES:
        if rx.search(slug):
            ev.append((w, kind, why))
            break


def _headline(article: Article, ev: list[tuple[float, str, str]]) -> None:
    title = article.title or ""
    for rx, w, kind, why in _TITLE_CUES:
        if rx.search(title):
            ev.append((w, kind, why))
            break


def _section(article: Article, ev: list[tuple[float, str, str]]) -> None:
    sec = (article.section or "").strip()
    if not sec:
        return
    if _NON_NEWS_SECTIONS.search(sec):
        ev.append((-1.0, "blog" if "blog" in sec.lower() else "guide", f"the publisher files it under {sec!r}"))
        return
    key = re.sub(r"[^a-z]+", "-", sec.lower()).strip("-")
    if key in SYNONYMS or any(p in SYNONYMS for p in key.split("-") if len(p) > 3):
        ev.append((0.5, "news", f"the publisher files it under {sec!r}"))


def _text(article: Article, ev: list[tuple[float, str, str]]) -> None:
    body = article.body or ""
    words = [w.lower() for w in _WORD.findall(body)]
    n = len(words)
    if n < 50:  # a wire brief is short too: only a near-empty page counts against
        ev.append((-0.6, "other", f"only {n} words of text"))
        if n == 0:
            return
    per_k = 1000.0 / max(n, 1)
    said = sum(w in _REPORTING for w in words) * per_k
    you = sum(w in _YOU for w in words) * per_k
    days = sum(w in _WEEKDAYS for w in words)
    if said >= 3:
        ev.append((1.0, "news", f"reports what people said ({said:.0f} reporting verbs per 1000 words)"))
    elif said >= 1:
        ev.append((0.4, "news", f"some reporting verbs ({said:.1f} per 1000 words)"))
    _voice(body, words, said, ev)
    _tense(words, ev)
    if days:
        ev.append((min(0.4 * days, 1.0), "news", f"dated by weekday ({days} mentions)"))
    if you >= 15:
        ev.append((-1.5, "guide", f"addresses the reader ({you:.0f} 'you' per 1000 words)"))
    elif you >= 6:
        ev.append((-0.7, "guide", f"often addresses the reader ({you:.0f} 'you' per 1000 words)"))
    first = body.lstrip()[:120]
    if _DATELINE.match(first):
        ev.append((1.5, "news", "opens with a dateline"))
    recipe = sum(w in _RECIPE for w in words)
    if recipe >= 4:
        ev.append((-1.5, "recipe", f"recipe words ({recipe})"))
    shop = sum(w in _SHOP for w in words) * per_k
    if shop >= 8:
        ev.append((-1.0, "shop", f"shop words ({shop:.0f} per 1000 words)"))


def _voice(body: str, words: list[str], said: float, ev: list[tuple[float, str, str]]) -> None:
    """Who speaks: a report attributes and quotes; an essay speaks in the first person and quotes no one.

    Only on English text of some length (the reporting verbs and pronouns are counted in English;
    a short brief may attribute once or not at all)."""
    n = len(words)
    if n < 200 or sum(w in _PAST or w in _PRESENT for w in words) < 12:
        return
    per_k = 1000.0 / n
    quotes = len(_QUOTES.findall(body)) * per_k
    first = sum(w in _FIRST for w in words) * per_k
    if quotes >= 10:
        ev.append((0.4, "news", f"quotes people ({quotes:.0f} quotation marks per 1000 words)"))
    if said < 1 and quotes < 4:
        ev.append((-0.8, "blog", "attributes nothing to anyone (no reporting verbs or quotes)"))
    if first >= 12 and said < 3:
        ev.append((-1.0, "blog", f"the writer speaks in the first person ({first:.0f} 'I/my' per 1000 words)"))


def _tense(words: list[str], ev: list[tuple[float, str, str]]) -> None:
    """A report tells what happened (past tense); a guide or reference speaks in the present."""
    past = sum(w in _PAST for w in words)
    present = sum(w in _PRESENT for w in words)
    if past + present < 12:
        return  # too little English text to tell
    ratio = past / (past + present + 1)
    if ratio >= 0.35:
        ev.append((1.2, "news", f"tells what happened (past tense, {ratio:.0%} of tense markers)"))
    elif ratio >= 0.2:
        ev.append((0.6, "news", f"partly tells what happened (past tense, {ratio:.0%})"))
    elif ratio < 0.08:
        ev.append((-1.0, "guide", f"written in the present tense as advice or reference (past {ratio:.0%})"))


def _dated(article: Article, ev: list[tuple[float, str, str]]) -> None:
    if not article.published:
        ev.append((-1.0, "other", "the page gives no date"))
    if not article.authors:
        ev.append((-0.3, "other", "no byline"))


def judge_page(article: Article) -> PageJudgement:
    """News or not, and which kind of page, from the article and the page's own signals."""
    ev: list[tuple[float, str, str]] = []
    for step in (_declared, _address, _headline, _section, _text, _dated):
        step(article, ev)
    score = round(sum(w for w, _, _ in ev), 2)
    is_news = score >= 0  # no evidence either way: news (what a news source sends, unless it says otherwise)
    if is_news:
        page_type = "news"
        shown = sorted((e for e in ev if e[0] > 0), key=lambda e: -e[0])[:3]
    else:
        by_kind: dict[str, float] = {}
        for w, kind, _ in ev:
            if w < 0 and kind != "other":
                by_kind[kind] = by_kind.get(kind, 0.0) + w
        page_type = min(by_kind, key=by_kind.__getitem__) if by_kind else "other"
        shown = sorted((e for e in ev if e[0] < 0), key=lambda e: e[0])[:3]
    why = "; ".join(e[2] for e in shown) or "no signal either way"
    verdict = "news" if is_news else f"not news ({page_type})"
    return PageJudgement(page_type, is_news, score, f"{verdict}: {why} (score {score:+.1f})", ev)
