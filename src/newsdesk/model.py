"""Typed records on the ground floor of newsdesk.

Every stage consumes and produces these records. This module imports nothing
else from the package, so any layer may import it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Names of the sources a metadata field may come from (see ``Article.provenance``).
PROVENANCE_SOURCES = (
    "json-ld",
    "opengraph",
    "meta",
    "microdata",
    "time-element",
    "url",
    "visible-text",
    "title-element",
    "heading",
    "feed",
)


@dataclass(slots=True)
class Image:
    """The lead image of an article."""

    url: str | None = None
    caption: str | None = None
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "caption": self.caption, "credit": self.credit}


@dataclass(slots=True)
class Article:
    """One extracted article. ``to_dict()`` has stable field names."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, with the page's own offset when it gives one
    modified: str | None = None
    site_name: str | None = None
    url: str | None = None  # where the page was fetched from (may differ from canonical)
    canonical_url: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None  # the standfirst
    image: Image | None = None
    body: str = ""  # paragraphs separated by a blank line
    body_html: str = ""  # sanitised HTML of the same content
    #: field name -> source name (one of PROVENANCE_SOURCES)
    provenance: dict[str, str] = field(default_factory=dict)
    #: extra lists some extractors recover (e.g. the text extractor's related headlines)
    related: list[str] = field(default_factory=list)
    trending: list[str] = field(default_factory=list)
    #: what the page says it is, for the page-type judgement: "json-ld" (its schema.org types,
    #: lower case, space-separated, e.g. "newsarticle organization") and "og:type" ("article")
    page_signals: dict[str, str] = field(default_factory=dict)

    @property
    def author(self) -> str | None:
        """All authors joined with "; " (the scorer's single-string form)."""
        return "; ".join(self.authors) if self.authors else None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["image"] = self.image.to_dict() if self.image else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        names = {f for f in cls.__dataclass_fields__}  # type: ignore[attr-defined]
        kw = {k: v for k, v in d.items() if k in names}
        img = kw.get("image")
        if isinstance(img, dict):
            kw["image"] = Image(**{k: img.get(k) for k in ("url", "caption", "credit")})
        return cls(**kw)


@dataclass(slots=True)
class Page:
    """Raw bytes of one page as some source delivered it, before extraction."""

    url: str | None
    content: bytes
    content_type: str | None = None  # e.g. "text/html; charset=iso-8859-1"
    fetched_at: str | None = None  # ISO 8601 UTC
    source: str | None = None  # name of the source / adapter that produced it
    status: int | None = None  # HTTP status when fetched
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "html"  # "html" or "text" (a flattened page dump)


@dataclass(slots=True)
class Drop:
    """A record that did not become an article, with its reason (never silent)."""

    reason: str  # short machine-readable reason, e.g. "not-html", "fetch-error", "duplicate"
    detail: str = ""
    url: str | None = None
    source: str | None = None


# --- Understanding the news: enrichment and stories (issue 5) ---------------------------------

#: The canonical sections; deployments may add local ones (see ``EnrichOptions.local_sections``).
CANONICAL_SECTIONS = (
    "World",
    "Politics",
    "Business",
    "Technology",
    "Sports",
    "Entertainment",
    "Health",
    "Science",
    "Opinion",
)


@dataclass(slots=True)
class Entity:
    """A named entity as written (``name``), its normalised key (``norm``) and kind (person/org/place)."""

    name: str
    norm: str
    kind: str = "other"
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "norm": self.norm, "kind": self.kind, "count": self.count}


@dataclass(slots=True)
class Enrichment:
    """What newsdesk understood about one article; every field is traceable to its source.

    ``section_source`` is where the section came from ("publisher:<signal>", "text:kicker" for a
    headline kicker such as "Editorial:", or "classifier");
    ``short_sources`` holds the (start, end) character offsets into ``Article.body`` of each
    sentence of ``short``, in order, so every sentence is traceable to the article.
    """

    language: str | None = None
    language_score: float = 0.0
    entities: list[Entity] = field(default_factory=list)
    section: str | None = None
    section_source: str = ""
    section_score: float = 0.0
    short: str = ""
    short_sources: list[tuple[int, int]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    #: "news" or a not-news kind (recipe, shop, guide, listing, notice, about, blog, other), and why
    page_type: str = "news"
    page_type_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["short_sources"] = [list(s) for s in self.short_sources]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Enrichment":
        kw = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}  # type: ignore[attr-defined]
        kw["entities"] = [Entity(**e) for e in kw.get("entities", [])]
        kw["short_sources"] = [tuple(s) for s in kw.get("short_sources", [])]
        return cls(**kw)


@dataclass(slots=True)
class ArticleEnrichment:
    """The part of an ``Enrichment`` that needs no corpus state, computed where the article is
    extracted (a batch worker) and finished with the corpus state later (the store load).

    The corpus state resolves the entity ``candidates`` (as the chunker found them, before surnames
    are resolved through the aliases seen so far) and weighs the keyword ``terms`` (counts of the
    article's tokens, headline twice) by their document frequencies so far. ``made_with`` names the
    options that shaped the rest; a load with other options enriches again.
    """

    made_with: str
    language: str | None
    language_score: float
    section: str | None
    section_source: str
    section_score: float
    short: str
    short_sources: list[tuple[int, int]]
    page_type: str
    page_type_reason: str
    candidates: list[tuple[str, str]]
    terms: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["short_sources"] = [list(s) for s in self.short_sources]
        d["candidates"] = [list(c) for c in self.candidates]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ArticleEnrichment":
        kw = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}  # type: ignore[attr-defined]
        kw["short_sources"] = [tuple(s) for s in kw.get("short_sources", [])]
        kw["candidates"] = [tuple(c) for c in kw.get("candidates", [])]
        return cls(**kw)


@dataclass(slots=True)
class DuplicateMatch:
    """Near-duplicate verdict for one document: the group it joined and that group's original."""

    doc_id: str
    group_id: str  # id of the group's first member (stable)
    original_id: str  # earliest (or, on a tie, fullest) member
    similarity: float = 0.0  # estimated Jaccard similarity to the closest member (1.0 for itself)
    is_duplicate: bool = False


@dataclass(slots=True)
class StoryAssignment:
    """Where the story clusterer put one document, and why."""

    doc_id: str
    story_id: str
    is_new: bool
    score: float = 0.0  # similarity to the story it joined (0 when it started one)
    reason: str = ""  # e.g. "shared entities: maduro; terms: boat, strike; 3h apart" or "new story"
    shared_terms: list[str] = field(default_factory=list)
    shared_entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """A story: articles from one or more outlets about one event."""

    story_id: str
    members: list[str] = field(default_factory=list)  # doc ids in arrival order
    first_report: str | None = None  # doc id of the earliest published member
    first_seen: str | None = None  # ISO 8601
    last_seen: str | None = None
    outlets: list[str] = field(default_factory=list)
    coverage: int = 0  # member count
    top_terms: list[str] = field(default_factory=list)
    top_entities: list[str] = field(default_factory=list)
    pinned: bool = False  # shaped by an operator merge/split

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class RankedStory:
    """A top story with the figures that explain its rank."""

    story_id: str
    score: float
    outlets: int
    coverage: int
    freshness: float  # 0..1, 1 = updated now
    growth: float  # members in the recent window / members before it (smoothed)
    prominence: float  # 0..1, share of members that were lead/front-page items

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Trend:
    """An entity or phrase whose mention rate rose above its own baseline."""

    key: str
    label: str
    kind: str  # "entity" or "phrase"
    section: str | None  # None = overall
    score: float  # burst z-score
    recent: float  # mentions in the recent window
    baseline: float  # expected mentions per window from history

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class StoryDoc:
    """What the story clusterer sees of one article (built by ``newsdesk.enrich.story_doc``).

    ``title_terms``/``terms`` are normalised tokens (title and lead, body); ``entities`` are entity
    keys (``Entity.norm``); ``published`` is ISO 8601 or None (then arrival order stands for time).
    """

    doc_id: str
    title_terms: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    section: str | None = None
    prominence: float = 0.0  # 0..1: lead/front-page placement when the source says so
    people: list[str] = field(default_factory=list)  # the entity keys that name people (who the event is about)
    places: list[str] = field(default_factory=list)  # the entity keys that name places (where it happened)


# --- Feeds (issue 4) ---------------------------------------------------------------------------


@dataclass(slots=True)
class FeedEntry:
    """One item of an RSS/Atom/JSON feed (or a news sitemap), as the publisher described it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 when the feed gives a parseable date
    summary: str | None = None
    categories: list[str] = field(default_factory=list)
    author: str | None = None
    guid: str | None = None
    updated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Feed:
    """A parsed feed: its entries plus the publisher's polling hints."""

    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    format: str = ""  # "rss20", "atom10", "json1", ...
    ttl_minutes: int | None = None  # RSS <ttl> or sy:updatePeriod/updateFrequency
    skip_hours: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # recoverable parse problems (bozo reasons)
    drops: list[Drop] = field(default_factory=list)  # entries that could not be kept, each with reason and URL


# --- Records in flight: what sources yield and stages pass on (the pipeline's envelope) ----------


@dataclass(slots=True)
class Extracted:
    """A page and the article extracted from it."""

    page: Page
    article: Article
    enrichment: Enrichment | None = None  # set by enrichment stages; the store sink saves it
    #: the enrichment's per-article part when it was computed apart (a batch shard), for the corpus part
    article_enrichment: ArticleEnrichment | None = None


@dataclass(slots=True)
class Fetched:
    """One fetch attempt and its outcome, yielded by web sources beside the page (or drop) it gave.

    Not a page: the runner passes it to the sink untouched (the store sink logs it as a fetch)."""

    url: str
    ok: bool
    status: int | None = None
    bytes: int | None = None
    elapsed_ms: float | None = None
    error_reason: str | None = None
    error_detail: str | None = None


@dataclass(slots=True)
class SourceUpdate:
    """What a source learned about itself while read (e.g. a feed's ETag / Last-Modified).

    Passed to the sink untouched; the store sink saves ``fields`` on the source row."""

    fields: dict[str, Any]


#: records a source yields that are not pages: they skip the stages and are not counted as seen
NOTE_RECORDS = (Fetched, SourceUpdate)


@dataclass(slots=True)
class Item:
    """One record on its way, with where its source stands after it."""

    record: Any  # Page, Extracted, Drop, or a note (Fetched, SourceUpdate)
    cursor: dict[str, Any] | None = None  # the source's checkpoint once this item is done
    pos: int | None = None  # progress position (bytes read, files done...)
