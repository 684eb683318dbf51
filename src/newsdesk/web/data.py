"""What the portal reads and writes: a narrow protocol and the records it returns.

The portal never touches SQL. It talks to a ``PortalData``; ``StoreData`` (``store_data.py``)
implements it over the store, and is the only implementation: the demo is a real store too.
Every record here is plain data that the JSON renderer can dump as is (``asdict``); subscribers,
editors and sessions are the store's own records (``newsdesk.store.records``).

Snippets returned by ``search`` mark matched terms with ``MARK_START`` / ``MARK_END`` (private-use
characters, never HTML): the renderer escapes the text first and only then turns the marks into
``<mark>`` elements, so nothing in an article can inject markup through a snippet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..store.records import Session, Subscriber, User
from .charts import Chart
from .trends import TrendReport

MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(slots=True)
class ArticleCard:
    """An article as listed: enough for a card, a feed item or a search hit."""

    id: int
    title: str
    url: str | None  # the original page
    outlet: str
    section: str | None
    published: str | None  # ISO 8601 as the page gave it (its own offset; a date alone when no time); None: unknown
    description: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    story_id: int | None = None
    first_seen: str | None = None  # ISO 8601 UTC: when newsdesk first saw the page (not when it was written)
    page_type: str = "news"  # or a not-news kind: such pages stay off the home, top stories, trending
    page_type_reason: str = ""


@dataclass(slots=True)
class RelatedItem:
    """An article related to another, and why (same story, or the names they share)."""

    article: ArticleCard
    why: str
    score: float = 0.0


@dataclass(slots=True)
class EntityRef:
    norm: str
    name: str
    kind: str = "other"
    count: int = 0


@dataclass(slots=True)
class ArticleFull:
    card: ArticleCard
    body_html: str  # sanitised again by the renderer before it is shown
    body: str = ""
    modified: str | None = None
    image_credit: str | None = None
    tags: list[str] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)
    hidden: bool = False


@dataclass(slots=True)
class StoryCard:
    """A story as listed: its headline, lead article, outlets and coverage."""

    id: int
    headline: str
    lead: ArticleCard | None
    outlets: list[str]
    coverage: int
    first_seen: str | None  # the earliest dated report's time as its page gave it; None when none is dated
    last_update: str | None  # the newest dated report's time, likewise
    section: str | None = None
    pinned: bool = False
    hidden: bool = False
    score: float = 0.0  # cluster.rank.top_stories' score (0 when not ranked)
    breaking: bool = False  # coverage jumped: see ``web/ranking.py``
    undated: int = 0  # reports whose page gave no date (counted in coverage, not in times)
    rank: dict = field(default_factory=dict)  # the figures behind ``score``
    rank_reason: str = ""  # the same in words


@dataclass(slots=True)
class TimelineItem:
    article: ArticleCard
    reason: str = ""  # why the clusterer put it in this story


@dataclass(slots=True)
class ShortLine:
    """One sentence of a story short, verbatim from the article (and outlet) it cites."""

    text: str
    article_id: int
    outlet: str


@dataclass(slots=True)
class StoryDetail:
    card: StoryCard
    timeline: list[TimelineItem]  # oldest first
    first_report: ArticleCard | None
    reasons: list[str] = field(default_factory=list)  # shared entities / terms, most common first
    entities: list[EntityRef] = field(default_factory=list)
    chart: Chart | None = None  # reports over time, by outlet
    short: list[ShortLine] = field(default_factory=list)  # ~60 words from several outlets (enrich.storyshort)


@dataclass(slots=True)
class TrendLink:
    """A trending name in the site's navigation: its label and where it leads."""

    label: str
    href: str  # entity page or search URL
    score: float = 0.0  # burst z-score against the term's own baseline


@dataclass(slots=True)
class Short:
    article_id: int
    story_id: int | None
    headline: str
    text: str  # ~60 words
    outlet: str
    published: str | None  # as the page gave it; None: unknown
    image_url: str | None = None
    first_seen: str | None = None
    news_confidence: float = 1.0  # how plainly its article is news (enrich.pagetype.news_confidence)


@dataclass(slots=True)
class SearchQuery:
    q: str = ""
    section: str | None = None
    outlet: str | None = None
    entity: str | None = None  # entity norm key
    language: str | None = None
    since: str | None = None  # YYYY-MM-DD or ISO 8601
    until: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(slots=True)
class SearchMatch:
    """One article found by ``search``, as listed."""

    article: ArticleCard
    snippet: str  # plain text with MARK_START/MARK_END around matches
    score: float = 0.0


@dataclass(slots=True)
class SearchResult:
    query: SearchQuery
    hits: list[SearchMatch]
    total: int


@dataclass(slots=True)
class SourceInfo:
    id: int
    name: str
    kind: str
    location: str
    paused: bool = False
    articles: int = 0
    last_fetch_at: str | None = None
    last_ok: bool | None = None
    last_error: str | None = None
    errors: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class PortalData(Protocol):
    """Everything the portal needs from storage, and nothing more."""

    demo: bool  # True when the content is the demo store's (labelled on every page)

    # -- reading ------------------------------------------------------------------------------
    def version(self) -> int:
        """A number that changes on every write the portal can see (cache invalidation)."""

    def counts(self) -> dict[str, int]: ...
    def sections(self) -> list[str]: ...
    def top_stories(self, limit: int = 12) -> list[StoryCard]: ...
    def latest(self, section: str | None = None, limit: int = 20, offset: int = 0, *,
               news_only: bool = True) -> list[ArticleCard]: ...
    def trending(self, limit: int = 8) -> list[TrendLink]: ...
    def trends(self) -> TrendReport: ...
    def shorts(self, limit: int = 20) -> list[Short]: ...
    def article(self, article_id: int) -> ArticleFull | None: ...
    def related(self, article_id: int, limit: int = 6) -> list[RelatedItem]: ...
    def undated(self, section: str | None = None, limit: int = 10) -> list[ArticleCard]: ...
    def story(self, story_id: int, *, full: bool = True) -> StoryDetail | None:
        """``full=False``: the card and timeline only (no reasons, entities, chart or short)."""
    def entity(self, norm: str) -> EntityRef | None: ...
    def entity_articles(self, norm: str, limit: int = 30) -> list[ArticleCard]: ...
    def entity_stories(self, norm: str, limit: int = 10) -> list[StoryCard]: ...
    def search(self, query: SearchQuery) -> SearchResult: ...
    def outlets(self) -> list[str]: ...
    def languages(self) -> list[str]: ...
    def sources(self) -> list[SourceInfo]: ...

    # -- subscribers (double opt-in) ----------------------------------------------------------
    def subscriber_add(self, email: str, confirm_token: str, unsubscribe_token: str) -> Subscriber: ...
    def subscriber_confirm(self, confirm_token: str) -> Subscriber | None: ...
    def subscriber_unsubscribe(self, unsubscribe_token: str) -> Subscriber | None: ...
    def subscribers(self, status: str = "confirmed") -> list[Subscriber]: ...

    # -- admin accounts -------------------------------------------------------------------------
    def user_create(self, username: str, password_hash: str) -> User: ...
    def user_get(self, key: str | int) -> User | None: ...
    def session_create(self, user_id: int, token: str, csrf_token: str, expires_at: str) -> Session: ...
    def session_get(self, token: str) -> Session | None: ...
    def session_delete(self, token: str) -> None: ...

    # -- curation -------------------------------------------------------------------------------
    def story_pin(self, story_id: int, pinned: bool, actor: str) -> None: ...
    def story_hide(self, story_id: int, hidden: bool, actor: str) -> None: ...
    def story_headline(self, story_id: int, headline: str, actor: str) -> None: ...
    def story_merge(self, target_id: int, other_ids: list[int], actor: str) -> None: ...
    def story_split(self, story_id: int, article_ids: list[int], actor: str) -> int: ...
    def article_section(self, article_id: int, section: str, actor: str) -> None: ...
    def article_page_type(self, article_id: int, is_news: bool, actor: str) -> None: ...
    def source_add(self, kind: str, location: str, name: str) -> SourceInfo: ...
    def source_pause(self, source_id: int, paused: bool) -> None: ...
