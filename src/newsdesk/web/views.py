"""Views: each takes the data, path parameters and query, and returns a ``WebPage`` of plain data.

A view knows nothing about HTML, JSON or feeds; renderers (``render.py``) turn the same ``WebPage``
into each format, so the portal and the API are one code path.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any, Callable, Mapping

from ..slug import slugify
from .charts import trend_chart, unit_words
from .data import ArticleCard, PortalData, SearchQuery
from .ranking import card_confidence, plain_first
from .safe import clean_html, snippet_html, snippet_text


class NotFound(Exception):
    """The view has nothing at this address (mapped to HTTP 404)."""


class BadQuery(Exception):
    """A query parameter the view cannot use (mapped to HTTP 400)."""


@dataclass(slots=True)
class WebPage:
    template: str
    title: str
    data: dict[str, Any]
    description: str = ""
    items: list[ArticleCard] | None = None  # feed entries; None: this page has no feed
    image: str | None = None  # OpenGraph image
    og_type: str = "website"
    extra: dict[str, Any] = field(default_factory=dict)  # HTML-only context (not in the JSON API)


def _int(v: str) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        raise NotFound(v) from None


def _page_no(query: Mapping[str, str]) -> int:
    try:
        return max(1, min(int(query.get("page", "1")), 1000))
    except ValueError:
        raise BadQuery("page must be a number") from None


def home(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    top = data.top_stories(13)
    by_section = []
    for s in data.sections()[:8]:
        cards = plain_first(data.latest(s, 40), 4, card_confidence)  # plainly-news reports first (web/ranking.py)
        if cards:
            by_section.append({"section": s, "slug": slugify(s), "articles": cards})
    latest = plain_first(data.latest(None, 90), 30, card_confidence)
    return WebPage(
        "home.html", "Top stories",
        {"top_stories": top, "sections": by_section, "latest": latest[:10],
         "shorts": plain_first(data.shorts(24), 8, attrgetter("news_confidence")),
         "counts": data.counts(), "demo": data.demo},
        description="Top stories from every outlet we follow, grouped by story.",
        items=latest,
    )


def section(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    slug = params["slug"]
    name = next((s for s in data.sections() if slugify(s) == slug), None)
    if name is None:
        raise NotFound(slug)
    page = _page_no(query)
    cards = data.latest(name, 25, (page - 1) * 25)
    trends = data.trends()
    return WebPage(
        "section.html", name,
        {"section": name, "slug": slug, "articles": cards, "page": page,
         "has_more": len(cards) == 25, "undated": data.undated(name, 10) if page == 1 else [],
         "trending": trends.sections.get(name, []), "demo": data.demo},
        description=f"Latest {name} news.", items=cards,
    )


def text_paragraphs(text: str) -> str:
    """Plain body text as escaped paragraphs (a store written before text bodies had HTML)."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paras)


def article(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    art = data.article(_int(params["id"]))
    if art is None or art.hidden:
        raise NotFound(params["id"])
    c = art.card
    in_story: list[ArticleCard] = []
    story = None
    if c.story_id is not None:
        detail = data.story(c.story_id, full=False)  # the card and timeline: no names, chart or short
        if detail is not None and not detail.card.hidden:
            story = detail.card
            in_story = [t.article for t in detail.timeline if t.article.id != c.id]
    return WebPage(
        "article.html", c.title,
        {"article": c, "body_html": clean_html(art.body_html or text_paragraphs(art.body), c.url),
         "modified": art.modified,
         "image_credit": art.image_credit, "tags": art.tags, "entities": art.entities,
         "story": story, "in_this_story": in_story, "related": data.related(c.id, 6), "demo": data.demo},
        description=c.description or "", image=c.image_url, og_type="article",
    )


def story(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    detail = data.story(_int(params["id"]))
    if detail is None or detail.card.hidden:
        raise NotFound(params["id"])
    card = detail.card
    newest = [t.article for t in reversed(detail.timeline)]
    return WebPage(
        "story.html", card.headline,
        {"story": card, "timeline": detail.timeline, "first_report": detail.first_report,
         "reasons": detail.reasons, "entities": detail.entities, "chart": detail.chart, "short": detail.short,
         "demo": data.demo},
        description=coverage_words(card.coverage, len(card.outlets)) + ".",
        items=newest, image=card.lead.image_url if card.lead else None,
    )


def coverage_words(reports: int, outlets: int) -> str:
    """"3 reports from 2 outlets", "1 report from 1 outlet", "1 report" (no outlet known)."""
    text = f"{reports} report{'s' if reports != 1 else ''}"
    return text + (f" from {outlets} outlet{'s' if outlets != 1 else ''}" if outlets else "")


def trending(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    rep = data.trends()
    unit = rep.bucket_hours

    def with_chart(items: list[Any]) -> list[dict[str, Any]]:
        return [{"trend": t, "chart": trend_chart(t.key, t.label, t.series, t.baseline, unit)} for t in items]

    return WebPage(
        "trending.html", "Trending",
        {"as_of": rep.as_of, "bucket_hours": rep.bucket_hours, "period": unit_words(rep.bucket_hours),
         "baseline_buckets": rep.buckets - 1,
         "overall": with_chart(rep.overall),
         "sections": [{"section": s, "slug": slugify(s), "trends": with_chart(items)}
                      for s, items in rep.sections.items()], "demo": data.demo},
        description="Names and phrases whose coverage rose above their own baseline.")


def entity(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    ent = data.entity(params["norm"])
    if ent is None:
        raise NotFound(params["norm"])
    arts = data.entity_articles(ent.norm, 30)
    return WebPage(
        "entity.html", ent.name,
        {"entity": ent, "slug": slugify(ent.norm), "articles": arts,
         "stories": data.entity_stories(ent.norm, 8), "demo": data.demo},
        description=f"Everything we have on {ent.name}.", items=arts,
    )


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(v: str | None, name: str) -> str | None:
    if not v:
        return None
    if not _DATE.match(v):
        raise BadQuery(f"{name} must be a date like 2025-09-27")
    try:
        date.fromisoformat(v)
    except ValueError:
        raise BadQuery(f"{name} is not a real date") from None
    return v


def search(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    q = (query.get("q") or "").strip()[:200]
    page = _page_no(query)
    sq = SearchQuery(
        q=q, section=query.get("section") or None, outlet=query.get("outlet") or None,
        entity=query.get("entity") or None, language=query.get("language") or None,
        since=_date(query.get("since"), "since"), until=_date(query.get("until"), "until"),
        limit=20, offset=(page - 1) * 20,
    )
    any_filter = any((sq.q, sq.section, sq.outlet, sq.entity, sq.language, sq.since, sq.until))
    res = data.search(sq) if any_filter else None
    hits = [] if res is None else [
        {"article": h.article, "snippet": snippet_text(h.snippet), "snippet_html": snippet_html(h.snippet),
         "score": round(h.score, 4)} for h in res.hits
    ]
    return WebPage(
        "search.html", f"Search: {q}" if q else "Search",
        {"query": sq, "total": res.total if res else 0, "hits": hits, "page": page,
         "facets": {"sections": data.sections(), "outlets": data.outlets(), "languages": data.languages()},
         "demo": data.demo},
        description="Search every article we have.", items=[h["article"] for h in hits],
    )


def sources(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    return WebPage("sources.html", "Sources and status",
                {"sources": data.sources(), "counts": data.counts(), "demo": data.demo},
                description="The outlets newsdesk follows and how their last fetches went.")


def shorts(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    sh = data.shorts(40)
    items = [ArticleCard(s.article_id, s.headline, None, s.outlet, None, s.published, s.text, s.image_url,
                         story_id=s.story_id) for s in sh]
    return WebPage("shorts.html", "Shorts", {"shorts": sh, "demo": data.demo},
                description="The news in about sixty words a story.", items=items)


def digest_page(data: PortalData, params: Mapping[str, str], query: Mapping[str, str]) -> WebPage:
    top = data.top_stories(10)
    return WebPage("digest.html", "Today's digest", {"top_stories": top, "shorts": data.shorts(5), "demo": data.demo},
                description="The day's top stories, as sent to subscribers.",
                items=[s.lead for s in top if s.lead])


View = Callable[[PortalData, Mapping[str, str], Mapping[str, str]], WebPage]

#: path pattern -> (name, view, has_feed). Patterns use {name} for one path segment.
ROUTES: list[tuple[str, str, View, bool]] = [
    ("/", "home", home, True),
    ("/section/{slug}", "section", section, True),
    ("/article/{id}", "article", article, False),
    ("/story/{id}", "story", story, True),
    ("/entity/{norm}", "entity", entity, True),
    ("/search", "search", search, True),
    ("/trending", "trending", trending, False),
    ("/sources", "sources", sources, False),
    ("/shorts", "shorts", shorts, True),
    ("/digest", "digest", digest_page, False),
]
