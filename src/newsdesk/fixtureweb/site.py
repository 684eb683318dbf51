"""Generate the fixture web: events, the articles outlets write about them, and the exact truth.

``build_site(seed=0, n_articles=200)`` is deterministic for a seed and fast (text is generated
up front; HTML, feeds and sitemaps are rendered on request by ``render.py``).
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from . import corpus
from .outlets import OUTLETS, WIRE, Outlet, article_path

#: The newest moment of the fixture web (articles are published before it).
END = datetime(2026, 3, 1, 18, 0, tzinfo=timezone.utc)
SECTIONS = tuple(corpus.TOPICS)
_TOPICS = [(sec, i) for sec, topics in corpus.TOPICS.items() for i in range(len(topics))]
#: outlets whose feed links carry tracking parameters (the same article under a second URL)
TRACKED_FEEDS = ("ledger", "courier")
TRACKING_QUERY = "?utm_source=feed&utm_medium=rss"
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)
class Event:
    id: str
    section: str
    topic: int  # index into corpus.TOPICS[section]; events 2k and 2k+1 share a topic
    when: datetime
    slots: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "section": self.section, "topic": f"{self.section}/{self.topic}",
                "when": self.when.isoformat(), "slots": dict(self.slots)}


@dataclass(slots=True)
class FixtureArticle:
    """One article of the fixture web, with everything a test may compare against."""

    id: str
    outlet: str
    path: str
    title: str
    standfirst: str
    paragraphs: list[str]
    authors: list[str]
    published: datetime  # in the outlet's time zone
    section: str
    event: str
    kind: str  # "original", "wire", "syndicated" (a wire copy), "charset"
    dup_group: str  # id of the group's original (itself when it has no copies)
    modified: datetime | None = None
    update_paragraph: str | None = None  # present in the updated version only
    tags: list[str] = field(default_factory=list)
    charset: str = "utf-8"
    declared_charset: str = "utf-8"  # what the page claims (differs on the wrong-charset page)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def paragraphs_at(self, version: int) -> list[str]:
        if version >= 1 and self.update_paragraph:
            return self.paragraphs + [self.update_paragraph]
        return list(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat()
        d["modified"] = self.modified.isoformat() if self.modified else None
        return d


@dataclass(slots=True)
class Hostile:
    """A hostile or broken route and the reason a well-behaved ingest records for it."""

    outlet: str
    path: str
    expect: str  # e.g. "too-large", "redirect-loop", "timeout", "http-404", "bad-feed"
    note: str


class FixtureWeb:
    """The generated web: outlets, events, articles, hostile routes; ``truth()`` exports it all."""

    def __init__(self, seed: int, outlets: tuple[Outlet, ...], events: list[Event], articles: list[FixtureArticle],
                 hostile: list[Hostile]) -> None:
        self.seed = seed
        self.outlets = {o.slug: o for o in outlets}
        self.events = events
        self.articles = articles
        self.hostile = hostile
        self.by_path = {(a.outlet, a.path): a for a in articles}
        self.by_id = {a.id: a for a in articles}
        self.phase = 0  # 0: original versions served; 1: updated articles serve their new version
        self.hits: dict[tuple[str, str], int] = {}  # requests per route (the flaky route uses it)
        self._outlets_ix: dict[str, list[FixtureArticle]] | None = None
        self._sections_ix: dict[tuple[str, str], list[FixtureArticle]] | None = None
        self._pos: dict[str, int] | None = None

    def set_phase(self, phase: int) -> None:
        """Phase 1 publishes the minor updates (new paragraph, later ``modified``)."""
        self.phase = phase

    def by_outlet(self, slug: str) -> list[FixtureArticle]:
        """The outlet's articles, oldest first (indexed once: pages render in O(page), not O(web))."""
        return self._outlet_index().get(slug, [])

    def by_section(self, slug: str, section: str) -> list[FixtureArticle]:
        return self._section_index().get((slug, section), [])

    def related(self, article: FixtureArticle, n: int = 4) -> list[FixtureArticle]:
        """The ``n`` articles of the same outlet and section published just before this one."""
        same = self.by_section(article.outlet, article.section)
        i = self._position()[article.id]
        return [a for a in same[max(0, i - n - 1) : i + 1] if a.id != article.id][-n:] or same[i + 1 : i + 1 + n]

    def _outlet_index(self) -> dict[str, list[FixtureArticle]]:
        if self._outlets_ix is None:
            ix: dict[str, list[FixtureArticle]] = {}
            for a in self.articles:
                ix.setdefault(a.outlet, []).append(a)
            self._outlets_ix = ix
        return self._outlets_ix

    def _section_index(self) -> dict[tuple[str, str], list[FixtureArticle]]:
        if self._sections_ix is None:
            ix: dict[tuple[str, str], list[FixtureArticle]] = {}
            for a in self.articles:
                ix.setdefault((a.outlet, a.section), []).append(a)
            self._sections_ix = ix
        return self._sections_ix

    def _position(self) -> dict[str, int]:
        if self._pos is None:
            self._pos = {a.id: i for lst in self._section_index().values() for i, a in enumerate(lst)}
        return self._pos

    def aliases(self, article: FixtureArticle) -> list[str]:
        out = ["/amp" + article.path]
        if article.outlet in TRACKED_FEEDS:
            out.append(article.path + TRACKING_QUERY)
        return out

    def cluster_docs(self) -> list[dict[str, Any]]:
        """The articles as ``newsdesk cluster`` input lines (id, title, body, published, source),
        in publication order; the truth is ``truth()["stories"]`` (event id -> article ids)."""
        return [{"id": a.id, "title": a.title, "body": a.body, "published": a.published.isoformat(),
                 "source": self.outlets[a.outlet].name} for a in self.articles]

    def url(self, article: FixtureArticle, root: str) -> str:
        return root.rstrip("/") + article.path

    def truth(self) -> dict[str, Any]:
        """Everything the tests compare against, as plain JSON-able data."""
        groups: dict[str, list[str]] = {}
        for a in self.articles:
            groups.setdefault(a.dup_group, []).append(a.id)
        return {
            "seed": self.seed,
            "outlets": [{"slug": o.slug, "name": o.name, "domain": o.domain, "feed_format": o.feed_format,
                         "jsonld": o.jsonld} for o in self.outlets.values()],
            "events": [e.to_dict() for e in self.events],
            "articles": [a.to_dict() for a in self.articles],
            "duplicate_groups": {k: v for k, v in groups.items() if len(v) > 1},
            "stories": _stories(self.articles),
            "updated": [a.id for a in self.articles if a.update_paragraph],
            # other URLs (paths on the outlet) serving the same article: AMP copies with a canonical
            # link, and feed links carrying tracking parameters
            "aliases": {a.id: self.aliases(a) for a in self.articles},
            "hostile": [asdict(h) for h in self.hostile],
        }


def _stories(articles: list[FixtureArticle]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in articles:
        out.setdefault(a.event, []).append(a.id)
    return out


def _person(rng: random.Random) -> str:
    return f"{rng.choice(corpus.FIRST)} {rng.choice(corpus.LAST)}"


def _event(rng: random.Random, n: int, when: datetime) -> Event:
    section, topic_i = _TOPICS[(n // 2) % len(_TOPICS)]
    topic = corpus.TOPICS[section][topic_i]
    when = when.replace(microsecond=0, second=0)
    city, country = rng.choice(corpus.CITIES), rng.choice(corpus.COUNTRIES)
    p1, p2 = _person(rng), _person(rng)
    t1, t2 = rng.sample(corpus.TEAMS, 2)
    s1 = rng.randint(1, 4)
    slots = {
        "P1": p1, "P1L": p1.split()[-1], "P2": p2, "P2L": p2.split()[-1],
        "R1": rng.choice(topic["roles"]), "R2": rng.choice(topic["roles"]),
        "CITY": city, "COUNTRY": country, "THING": rng.choice(topic["things"]),
        "N": str(rng.randint(3, 40)), "BIG": f"{rng.randint(2, 95) * 1000 + rng.randint(1, 9) * 100:,}",
        "PCT": f"{rng.randint(1, 9)}.{rng.randint(0, 9)}", "MONEY": f"${rng.randint(2, 90) / 10:.1f} billion",
        "DAY": _DAYS[when.weekday()], "T1": t1, "T2": t2, "S1": str(s1), "S2": str(rng.randint(0, s1 - 1)),
    }
    slots["ORG"] = rng.choice(topic["orgs"]).format(**slots)
    return Event(f"e{n:05d}", section, topic_i, when, slots)


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


@lru_cache(maxsize=None)
def _house_style(slug: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The outlet's consistent word choices (one variant per ``corpus.SYNONYMS`` group)."""
    mapping: dict[str, str] = {}
    for group in corpus.SYNONYMS:
        choice = group[zlib.crc32(f"{slug}:{group[0]}".encode()) % len(group)]
        if choice != group[0]:
            mapping[group[0]] = choice
            mapping[group[0][0].upper() + group[0][1:]] = choice[0].upper() + choice[1:]
    keys = sorted(mapping, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b"), mapping


def _styled(template: str, outlet: Outlet) -> str:
    """A frame in the outlet's words; applied before the slots are filled, so names stay intact."""
    pattern, mapping = _house_style(outlet.slug)
    return pattern.sub(lambda m: mapping[m.group(0)], template)


def _write(rng: random.Random, event: Event, outlet: Outlet) -> tuple[str, str, list[str]]:
    """An outlet's own write-up of an event: headline, standfirst, paragraphs."""
    topic = corpus.TOPICS[event.section][event.topic]
    s = event.slots

    def fill(template: str) -> str:
        return _fill(_styled(template, outlet), s)

    lead_t = rng.choice(topic["lead"])
    title = fill(rng.choice(topic["head"]))
    lead = fill(lead_t)
    body = rng.sample(topic["body"], k=rng.randint(3, min(5, len(topic["body"]))))
    quotes = rng.sample(topic["quote"], k=rng.randint(1, len(topic["quote"])))
    sentences = [fill(x) for x in body]
    for q in quotes:
        sentences.insert(rng.randint(1, len(sentences)), fill(q))
    if rng.random() < 0.6:
        sentences.append(_styled(rng.choice(corpus.CONTEXT[event.section]), outlet))
    paragraphs = [lead]
    i = 0
    while i < len(sentences):
        k = rng.choice((1, 1, 2))
        paragraphs.append(" ".join(sentences[i : i + k]))
        i += k
    other = [x for x in topic["lead"] if x != lead_t]
    standfirst = fill(rng.choice(other or topic["lead"])).split(",")[0].rstrip(".") + "."
    return title, standfirst, paragraphs


def _syndicate(rng: random.Random, wire: FixtureArticle, outlet: Outlet, serial: int, city: str) -> FixtureArticle:
    """A copy of a wire story in another outlet's template, with one or two small edits (never none)."""
    paragraphs = list(wire.paragraphs)
    for edit in rng.sample(["dateline", "trim", "added", "credit"], k=rng.randint(1, 2)):
        if edit == "trim" and len(paragraphs) > 6:
            paragraphs.pop()  # trimmed for length
        elif edit == "added" and " said" in paragraphs[-1]:
            paragraphs[-1] = paragraphs[-1].replace(" said", " added", 1)
        elif edit == "credit":
            paragraphs.append(f"Additional reporting by {outlet.name} staff.")
        elif edit == "dateline":
            paragraphs[0] = f"{city.upper()} (Metro Wire) - " + paragraphs[0]
    if paragraphs == wire.paragraphs:
        paragraphs[0] = f"{city.upper()} (Metro Wire) - " + paragraphs[0]
    title = wire.title if rng.random() < 0.5 else wire.title.rstrip(".") + f" - {outlet.name.split()[-1]}"
    published = (wire.published + timedelta(minutes=rng.randint(20, 240))).astimezone(outlet.tz)
    return FixtureArticle(
        id=f"{outlet.slug}-{serial:06d}", outlet=outlet.slug,
        path=article_path(outlet, wire.section, title, published, serial), title=title,
        standfirst=wire.standfirst, paragraphs=paragraphs, authors=list(wire.authors), published=published,
        section=wire.section, event=wire.event, kind="syndicated", dup_group=wire.id, tags=list(wire.tags),
    )


def build_site(seed: int = 0, n_articles: int = 200, outlets: tuple[Outlet, ...] = OUTLETS,
               days: float | None = None) -> FixtureWeb:
    """Generate a fixture web of about ``n_articles`` articles (deterministic for ``seed``).

    Its events fall in the ``days`` before the end (default: three weeks and a day per 2,000 articles,
    so a longer web is also a busier one; a longer ``days`` keeps the news of a day as it is and lets
    the web grow in time instead, as a store does).
    """
    rng = random.Random(seed)
    n_events = max(8, n_articles // 4)
    span = max(48.0, 24 * days if days else 24 * 21 * min(1.0, n_articles / 400) + 24 * (n_articles / 2000))
    events = []
    for i in range(n_events):
        erng = random.Random(seed * 1_000_003 + i)
        if i % 2 == 0:
            when = END - timedelta(hours=erng.uniform(12, span))
        else:  # the hard negative: same topic, other people and place, within two days
            when = min(END - timedelta(hours=6), events[-1].when + timedelta(hours=erng.uniform(2, 40)))
        events.append(_event(erng, i, when))
    own = [o for o in outlets if not o.is_wire]
    articles: list[FixtureArticle] = []
    serial = 0
    ev_i = 0
    while len(articles) < n_articles:
        event = events[ev_i % n_events]
        ev_i += 1
        if ev_i > n_events:  # a long run: later passes re-cover events with fresh wording
            event = events[rng.randrange(n_events)]
        erng = random.Random(rng.random())
        writers = erng.sample(own, k=erng.randint(2, min(4, len(own))))
        for outlet in writers:
            serial += 1
            title, standfirst, paragraphs = _write(erng, event, outlet)
            published = (event.when + timedelta(minutes=erng.randint(15, 600))).astimezone(outlet.tz)
            authors = [_person(erng) for _ in range(erng.choice((1, 1, 1, 2, 3)))]
            art = FixtureArticle(
                id=f"{outlet.slug}-{serial:06d}", outlet=outlet.slug,
                path=article_path(outlet, event.section, title, published, serial), title=title,
                standfirst=standfirst, paragraphs=paragraphs, authors=authors, published=published,
                section=event.section, event=event.id, kind="original", dup_group=f"{outlet.slug}-{serial:06d}",
                tags=[event.slots["CITY"], event.slots["THING"]],
            )
            if erng.random() < 0.08:
                art.modified = published + timedelta(hours=erng.randint(1, 8))
                art.update_paragraph = (f"Update: this article was updated on {art.modified:%d %B} "
                                        f"with a response from {event.slots['ORG']}.")
            articles.append(art)
        if erng.random() < 0.35 and WIRE in outlets:
            serial += 1
            title, standfirst, paragraphs = _write(erng, event, WIRE)
            published = (event.when + timedelta(minutes=erng.randint(5, 90))).astimezone(WIRE.tz)
            wire = FixtureArticle(
                id=f"{WIRE.slug}-{serial:06d}", outlet=WIRE.slug,
                path=article_path(WIRE, event.section, title, published, serial), title=title,
                standfirst=standfirst, paragraphs=paragraphs, authors=[_person(erng)], published=published,
                section=event.section, event=event.id, kind="wire", dup_group=f"{WIRE.slug}-{serial:06d}",
            )
            articles.append(wire)
            for outlet in erng.sample(own, k=erng.randint(1, 2)):
                serial += 1
                articles.append(_syndicate(erng, wire, outlet, serial, event.slots["CITY"]))
    articles = articles[:n_articles]
    _unique_paths(articles)
    hostile = _hostile_routes(articles, outlets)
    articles.sort(key=lambda a: a.published)
    return FixtureWeb(seed, outlets, events, articles, hostile)


def _unique_paths(articles: list[FixtureArticle]) -> None:
    seen: set[tuple[str, str]] = set()
    for a in articles:
        key = (a.outlet, a.path)
        if key in seen:
            a.path = a.path.replace(".html", "") + f"-{a.id.rsplit('-', 1)[1]}" + (".html" if a.path.endswith(".html") else "")
            key = (a.outlet, a.path)
        seen.add(key)


def _hostile_routes(articles: list[FixtureArticle], outlets: tuple[Outlet, ...]) -> list[Hostile]:
    """Broken and hostile routes (served by ``render``) plus the wrong-charset article."""
    slug = "gazette" if any(o.slug == "gazette" for o in outlets) else outlets[0].slug
    out = [
        Hostile(slug, "/hostile/huge-page", "too-large", "a 50 MB HTML page"),
        Hostile(slug, "/hostile/gzip-bomb", "too-large", "200 MB of zeros gzipped to ~200 KB"),
        Hostile(slug, "/hostile/loop-a", "redirect-loop", "redirects to loop-b, which redirects back"),
        Hostile(slug, "/hostile/slow-page", "timeout", "trickles a byte every 0.2 s for a minute"),
        Hostile(slug, "/hostile/missing-article", "http-404", "a link to an article that does not exist"),
        Hostile(slug, "/feeds/broken.xml", "bad-feed", "not a feed: an HTML error page served as XML"),
        Hostile(slug, "/feeds/truncated.xml", "partial-feed", "the outlet's feed cut off after three items"),
        Hostile(slug, "/hostile/flaky", "ok-after-retry", "503 with Retry-After: 1 on every other request"),
        Hostile(slug, "/private/members-only-briefing", "robots", "disallowed by robots.txt (when obeyed)"),
        Hostile(slug, "/hostile/feed.xml", "ok", "a valid RSS feed linking every hostile page and the charset article"),
    ]
    for a in articles:  # one page in a declared-wrong charset: cp1252 bytes labelled UTF-8
        if a.outlet == slug and a.kind == "original":
            a.kind = "charset"
            a.charset, a.declared_charset = "cp1252", "utf-8"
            a.title = a.title.rstrip(".") + " \u2014 caf\u00e9 owners \u2018relieved\u2019"
            a.paragraphs[-1] += " \u201cIt\u2019s a d\u00e9j\u00e0 vu,\u201d one caf\u00e9 owner said."
            break
    return out
