"""``StoreData``: the portal protocol over the real store (``newsdesk.store``).

Reads go through the store's API and, for the few portal-only queries, ``store/portal.py``.
Slow-changing facets (sections, outlets, languages) are memoised for a minute; every write
made through the portal bumps ``version()`` so cached pages are dropped at once.
"""

from __future__ import annotations

import html
import threading
import time
from contextlib import contextmanager, nullcontext
from typing import Any, Callable, Iterator

from ..enrich.storyshort import ShortSource, story_short
from ..errors import ConfigError, StoreError
from ..slug import slugify
from ..store import SearchFilters, StoredArticle
from ..store import portal as q
from ..store.records import Session, Subscriber, User
from . import ranking, trends
from . import related as related_mod
from .charts import coverage_chart
from .data import (
    MARK_END,
    MARK_START,
    ArticleCard,
    ArticleFull,
    EntityRef,
    RelatedItem,
    SearchMatch,
    SearchQuery,
    SearchResult,
    Short,
    ShortLine,
    SourceInfo,
    StoryCard,
    StoryDetail,
    TimelineItem,
    TrendLink,
)
from .ranking import Ranked, outlet_name
from .safe import safe_url
from .trends import TrendReport

FACET_TTL_S = 60.0
_SHORT_MEMBERS = 30  # a story short reads its story's first reports at most (cost stays bounded)


def card_of(a: StoredArticle) -> ArticleCard:
    art = a.article
    return ArticleCard(
        id=a.id, title=art.title or "(untitled)", url=safe_url(art.url or art.canonical_url),
        outlet=outlet_name(art.site_name, art.url or art.canonical_url), section=art.section,
        published=art.published or None, description=art.description,
        image_url=safe_url(art.image.url) if art.image else None, image_caption=art.image.caption if art.image else None,
        authors=list(art.authors), language=art.language, story_id=a.story_id, first_seen=a.first_seen,
        page_type=a.page_type or "news", page_type_reason=a.page_type_reason or "",
    )


def _reason_text(reason: dict[str, Any] | str | None) -> str:
    if not reason:
        return ""
    if isinstance(reason, str):
        return reason
    for key in ("reason", "text"):  # the clusterer's own sentence (pipeline/understand.py)
        if reason.get(key):
            return str(reason[key])
    parts = []
    for key, label in (("entities", "shared names"), ("shared_entities", "shared names"),
                       ("terms", "shared words"), ("shared_terms", "shared words")):
        vals = reason.get(key)
        if vals:
            parts.append(f"{label}: {', '.join(map(str, vals[:5]))}")
    if "score" in reason:
        parts.append(f"similarity {float(reason['score']):.2f}")
    if reason.get("op"):
        parts.append(f"placed by an editor ({reason['op']})")
    return "; ".join(parts) or ", ".join(f"{k}: {v}" for k, v in list(reason.items())[:3])


class StoreData:
    demo = False

    def __init__(self, store: Any, demo: bool = False) -> None:
        self.store = store
        self.demo = demo
        self._version = 0
        self._memo: dict[str, tuple[float, Any, int]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextmanager
    def one_render(self) -> Iterator[None]:
        """Within it (one page's rendering, on this thread) the store's write version is read once,
        not once per memoised value: a home page asked for it 15 times, a round trip each on
        PostgreSQL. A write during the render shows on the next page, as it would a moment later."""
        with getattr(self.store, "reading", nullcontext)():  # PostgreSQL: one pooled connection per page
            self._local.version = q.write_version(self.store)
            self._local.reads = {}
            try:
                yield
            finally:
                self._local.version = self._local.reads = None

    def _once(self, key: tuple, fn: Callable[[], Any]) -> Any:
        """``fn()`` read once per page render (an article page asked for its row twice and an entity
        page for its entity three times); outside a render, every time."""
        reads = getattr(self._local, "reads", None)
        if reads is None:
            return fn()
        if key not in reads:
            reads[key] = fn()
        return reads[key]

    def _article_row(self, article_id: int) -> StoredArticle | None:
        return self._once(("article", article_id), lambda: self.store.get_article(article_id))

    def _member_rows(self, story_id: int) -> list[tuple]:
        """A story's ``q.story_member_rows`` (its card's figures and the article page's related both read them)."""
        return self._once(("member_rows", story_id), lambda: q.story_member_rows(self.store, [story_id]))

    def _article_entities(self, article_id: int) -> list[Any]:
        return self._once(("article_entities", article_id), lambda: self.store.article_entities(article_id))

    def _entity_by_slug(self, slug: str) -> Any:
        return self._once(("entity", slug), lambda: q.entity_by_slug(self.store, slug))

    def _memoised(self, key: str, fn: Callable[[], Any]) -> Any:
        """``fn()`` computed once per store write version (any writer, any process; ``store.portal``),
        and at most ``FACET_TTL_S`` old."""
        hit = self._memo.get(key)
        now = time.monotonic()
        version = getattr(self._local, "version", None)
        if version is None:
            version = q.write_version(self.store)
        if hit and hit[0] > now and hit[2] == version:
            return hit[1]
        val = fn()
        if len(self._memo) > 512:  # keys that carry a time (``latest``) stop being asked for: let them go
            for k in [k for k, v in list(self._memo.items()) if v[0] <= now]:
                self._memo.pop(k, None)
        self._memo[key] = (now + FACET_TTL_S, val, version)
        return val

    def _card(self, a: StoredArticle) -> ArticleCard:
        c = card_of(a)
        if c.outlet == ranking.UNKNOWN and a.source_id is not None:
            # the page names no outlet and gives no address: the source the operator added it from
            c.outlet = self._source_names().get(a.source_id, c.outlet)
        if self.demo and c.image_url:  # demo outlets' images are offline: draw our own
            c.image_url = f"/demo-img/{a.id % 24}.svg"
        return c

    def _source_names(self) -> dict[int, str]:
        return self._memoised("source_names", lambda: {src.id: src.name for src in self.store.list_sources()})

    def _wrote(self) -> None:
        with self._lock:
            self._version += 1
            self._memo.clear()

    # -- reading ------------------------------------------------------------------------------
    def version(self) -> int:
        """Moves with the portal's own writes and with any write to the store (another worker
        process, an ingest): a cached page never outlives the data it was rendered from."""
        return (self._version << 40) + q.write_version(self.store)

    def counts(self) -> dict[str, int]:
        return self._memoised("counts", lambda: {
            "articles": q.count_articles(self.store), "stories": q.count_stories(self.store),
            "sources": len(self.store.list_sources()), "subscribers": len(self.store.subscribers())})

    def sections(self) -> list[str]:
        return self._memoised("sections", lambda: [s for s, _ in q.facet_counts(self.store, "section")])

    def _story_cards(self, stories: list[Any], ranked: dict[int, Ranked] | None = None, *,
                     leads: dict[int, StoredArticle] | None = None, rows: list[tuple] | None = None) -> list[StoryCard]:
        """``leads`` (each story's first visible report) and ``rows`` (the stories' member rows):
        when the caller has read them already."""
        ids = [s.id for s in stories]
        leads = q.story_leads(self.store, ids) if leads is None else leads
        figs = {sid: r.figures for sid, r in (ranked or {}).items()}
        missing = [i for i in ids if i not in figs]
        figs.update(ranking.story_figures(self.store, missing, rows=rows) if missing else {})
        cards = []
        for s in stories:
            lead = leads.get(s.id)
            lc = self._card(lead) if lead else None
            f = figs.get(s.id) or ranking.StoryFigures(s.id)
            r = (ranked or {}).get(s.id)
            cards.append(StoryCard(
                id=s.id, headline=s.title or (lc.title if lc else "(untitled story)"), lead=lc,
                outlets=f.outlets, coverage=f.coverage, first_seen=f.first_given, last_update=f.last_given,
                section=s.section or (lc.section if lc else None), pinned=s.pinned, hidden=s.hidden,
                score=r.score if r else 0.0, breaking=r.breaking if r else False, undated=f.coverage - f.dated,
                rank=r.explain if r else {}, rank_reason=ranking.explain_text(r) if r else "",
            ))
        return cards

    def top_stories(self, limit: int = 12) -> list[StoryCard]:
        """Dated news stories ranked by ``cluster.rank.top_stories`` (see ``web/ranking.py``)."""
        def compute() -> list[StoryCard]:
            ranked = ranking.top(self.store, limit)
            stories = [s for s in (self.store.story(r.figures.story_id, members=False) for r in ranked) if s]
            return self._story_cards(stories, {r.figures.story_id: r for r in ranked})

        return self._memoised(f"top{limit}", compute)

    def latest(self, section: str | None = None, limit: int = 20, offset: int = 0, *,
               news_only: bool = True) -> list[ArticleCard]:
        """Dated news, newest first (undated pages are listed apart: ``undated``).

        ``news_only=False`` (the editors' list): every visible article, whatever its type or date.
        """
        if section is not None:
            section = next((s for s in self.sections() if slugify(s) == slugify(section)), section)
        if not news_only:
            return [self._card(a) for a in self.store.latest_articles(section, limit, offset)]
        until = ranking.clock_now()[:17] + "59Z"  # to the end of this minute: a key that holds a minute
        if offset:
            return [self._card(a) for a in q.latest_dated(self.store, section, limit, offset, until=until)]
        # first pages (the home page's lists, a section's first page): once per write version and minute
        return self._memoised(f"latest|{section}|{limit}|{until}", lambda: [
            self._card(a) for a in q.latest_dated(self.store, section, limit, 0, until=until)])

    def undated(self, section: str | None = None, limit: int = 10) -> list[ArticleCard]:
        """Pages that gave no date, most recently first seen first."""
        return [self._card(a) for a in q.latest_dated(self.store, section, limit, dated=False)]

    def trends(self) -> TrendReport:
        return self._memoised("trends", lambda: trends.compute(self.store, ranking.ranking_now(self.store)))

    def trending(self, limit: int = 8) -> list[TrendLink]:
        return [TrendLink(t.label, t.href, t.score) for t in self.trends().overall[:limit]]

    def shorts(self, limit: int = 20) -> list[Short]:
        """One short per story (its latest report's), dated no later than this minute: once per write
        version and minute, as the latest lists (it read ``4 * limit`` whole rows on every home page)."""
        until = ranking.clock_now()[:17] + "59Z"
        return self._memoised(f"shorts|{limit}|{until}", lambda: self._shorts(limit, until))

    def _shorts(self, limit: int, until: str) -> list[Short]:
        out, seen = [], set()
        for a, sh in q.latest_shorts_dated(self.store, limit * 4, until):
            c = self._card(a)
            key = c.story_id if c.story_id is not None else -c.id
            if key in seen:
                continue
            seen.add(key)
            out.append(Short(c.id, c.story_id, c.title, sh.text, c.outlet, c.published, c.image_url, c.first_seen,
                             ranking.card_confidence(c)))
            if len(out) >= limit:
                break
        return out

    def article(self, article_id: int) -> ArticleFull | None:
        a = self._article_row(article_id)
        if a is None:
            return None
        ents = [EntityRef(e.norm, e.name, e.kind, e.articles) for e in self._article_entities(article_id)]
        art = a.article
        return ArticleFull(card=self._card(a), body_html=art.body_html, body=art.body, modified=art.modified,
                           image_credit=art.image.credit if art.image else None, tags=list(art.tags),
                           entities=ents[:12], hidden=a.hidden)

    def related(self, article_id: int, limit: int = 6) -> list[RelatedItem]:
        """Same story first, then the nearest articles by words and shared names (``web/related.py``)."""
        a = self._article_row(article_id)
        if a is None:
            return []
        picks = related_mod.related(self.store, article_id, a.story_id, limit, row=a,
                                    named=self._article_entities(article_id),
                                    member_rows=None if a.story_id is None else self._member_rows(a.story_id))
        found = q.articles_by_id(self.store, [p.article_id for p in picks])
        return [RelatedItem(self._card(found[p.article_id]), p.why, round(p.score, 4))
                for p in picks if p.article_id in found]

    def story(self, story_id: int, *, full: bool = True) -> StoryDetail | None:
        """A story's card and timeline; ``full`` adds what only its own page shows (the names and
        words its reports share, the coverage chart, the short). An article page needs the card and
        timeline alone, and the names took a query per report (a round trip each on PostgreSQL)."""
        s = self.store.story(story_id, members=True)
        if s is None:
            return None
        now = ranking.ranking_now(self.store)
        rows = self._member_rows(s.id)
        ranked = {r.figures.story_id: r for r in ranking.rank(self.store, [s.id], now, rows=rows)}
        members = q.story_members_full(self.store, [s.id]).get(s.id, [])
        # its lead (first visible report, by time then id) is the first of its members as read here
        card = self._story_cards([s], ranked, leads={s.id: members[0]} if members else {}, rows=rows)[0]
        reasons = {m.article_id: _reason_text(m.reason) for m in s.members}
        dated = [a for a in members if a.article.published]
        timeline = [TimelineItem(self._card(a), reasons.get(a.id, "")) for a in dated + [a for a in members if
                                                                                           not a.article.published]]
        if not full:
            return StoryDetail(card, timeline, None)
        return self._story_page(s, card, members, timeline, ranked)

    def _story_page(self, s: Any, card: StoryCard, full: list[StoredArticle], timeline: list[TimelineItem],
                    ranked: dict[int, Ranked]) -> StoryDetail:
        ent_count: dict[str, int] = {}
        names: dict[str, EntityRef] = {}
        ents = q.articles_entities(self.store, [a.id for a in full[:40]], 8)  # one query, not one per report
        for a in full[:40]:
            for e in ents[a.id]:
                ent_count[e.norm] = ent_count.get(e.norm, 0) + 1
                names[e.norm] = EntityRef(e.norm, e.name, e.kind, e.articles)
        top = sorted(ent_count.items(), key=lambda kv: -kv[1])
        why = [f"{names[n].name} named in {k} of {len(full)} reports" for n, k in top[:4] if k > 1]
        terms = s.data.get("top_terms") or s.data.get("terms")
        if isinstance(terms, list) and terms:
            why.append("shared words: " + ", ".join(map(str, terms[:6])))
        f = ranked[s.id].figures if s.id in ranked else \
            ranking.story_figures(self.store, [s.id], rows=self._member_rows(s.id))[s.id]
        chart = coverage_chart(s.id, f.times, f.first_report, undated=f.coverage - f.dated, day_only=f.day_only)
        first = next((t.article for t in timeline if t.article.id == f.first_report), None)
        short = story_short([ShortSource(str(a.id), a.article.title or "", a.article.body or "",
                                         outlet_name(a.article.site_name, a.article.url), a.article.published)
                             for a in full[:_SHORT_MEMBERS]])
        return StoryDetail(card, timeline, first, why, [names[n] for n, _ in top[:8]], chart=chart,
                           short=[ShortLine(x.text, int(x.doc_id), x.outlet or "") for x in short.sentences])

    def entity(self, norm: str) -> EntityRef | None:
        e = self._entity_by_slug(norm)
        return EntityRef(e.norm, e.name, e.kind, e.articles) if e else None

    def _entity_window(self, entity_id: int) -> list[int]:
        """The entity's window of visible articles, newest first: its page's articles and stories both
        come from it (read once per render)."""
        return self._once(("entity_window", entity_id),
                          lambda: q.entity_window_ids(self.store, entity_id, head=q.WINDOW_HEAD))

    def entity_articles(self, norm: str, limit: int = 30) -> list[ArticleCard]:
        e = self._entity_by_slug(slugify(norm)) or self._entity_by_slug(norm)
        if e is None:
            return []
        if limit > q.WINDOW_HEAD:  # more than the head (and past half the window, a wider one)
            return [self._card(a) for a in self.store.entity_articles(e.id, limit)]
        ids = self._entity_window(e.id)[:limit]  # as store.entity_articles orders them
        found = q.articles_by_id(self.store, ids)
        return [self._card(found[i]) for i in ids if i in found]

    def entity_stories(self, norm: str, limit: int = 10) -> list[StoryCard]:
        e = self._entity_by_slug(slugify(norm)) or self._entity_by_slug(norm)
        if e is None:
            return []
        ids = q.entity_story_ids(self.store, e.id, limit, window_ids=self._entity_window(e.id))
        return self._story_cards(q.stories_by_id(self.store, ids))

    def search(self, query: SearchQuery) -> SearchResult:
        ent_id = None
        if query.entity:
            e = self._entity_by_slug(query.entity)
            if e is None:
                return SearchResult(query, [], 0)
            ent_id = e.id
        section = next((s for s in self.sections() if slugify(s) == slugify(query.section)), query.section) \
            if query.section else None
        f = SearchFilters(section=section, site_name=query.outlet, language=query.language, entity_id=ent_id,
                          since=query.since, until=(query.until + "T23:59:59Z") if query.until and
                          len(query.until) == 10 else query.until)
        if not query.q.strip():  # filters only: newest first
            return self._browse(query, f)
        hits, total = q.search_page(self.store, query.q, f, query.limit, query.offset)
        out = []
        found = q.articles_by_id(self.store, [aid for aid, _, _ in hits])
        for aid, score, snippet in hits:
            a = found.get(aid)
            if a is None:
                continue
            snip = html.unescape(snippet.replace("<mark>", MARK_START).replace("</mark>", MARK_END))
            out.append(SearchMatch(self._card(a), snip, score))
        return SearchResult(query, out, total)

    def _browse(self, query: SearchQuery, f: SearchFilters) -> SearchResult:
        if f.entity_id is not None:
            arts = self.store.entity_articles(f.entity_id, query.limit, query.offset)
        else:
            arts = self.store.latest_articles(f.section, query.limit, query.offset, site_name=f.site_name)
        arts = [a for a in arts if (not f.language or a.article.language == f.language)
                and (not f.since or a.sort_time >= f.since) and (not f.until or a.sort_time <= f.until)]
        return SearchResult(query, [SearchMatch(self._card(a), a.article.description or "", 0.0) for a in arts],
                            len(arts) + query.offset)

    def outlets(self) -> list[str]:
        return self._memoised("outlets", lambda: q.distinct_values(self.store, "site_name"))

    def languages(self) -> list[str]:
        return self._memoised("languages", lambda: q.distinct_values(self.store, "language"))

    def sources(self) -> list[SourceInfo]:
        out = []
        for st in self.store.status():
            src, f = st.source, st.last_fetch
            out.append(SourceInfo(
                id=src.id, name=src.name, kind=src.kind, location=src.location, paused=src.paused,
                articles=st.articles, last_fetch_at=f.fetched_at if f else src.last_fetch_at,
                last_ok=f.ok if f else None,
                last_error=(f"{f.error_reason}: {f.error_detail or ''}".strip(": ") if f and not f.ok else None),
                errors=dict(st.fetch_errors)))
        return out

    # -- subscribers ----------------------------------------------------------------------------
    def subscriber_add(self, email: str, confirm_token: str, unsubscribe_token: str) -> Subscriber:
        return self.store.add_subscriber(email)  # the store makes its own tokens

    def subscriber_confirm(self, confirm_token: str) -> Subscriber | None:
        return self.store.confirm_subscriber(confirm_token)

    def subscriber_unsubscribe(self, unsubscribe_token: str) -> Subscriber | None:
        return self.store.unsubscribe(unsubscribe_token)

    def subscribers(self, status: str = "confirmed") -> list[Subscriber]:
        return self.store.subscribers(status)

    # -- accounts -------------------------------------------------------------------------------
    def user_create(self, username: str, password_hash: str) -> User:
        old = self.store.get_user(username)
        if old is not None:
            self.store.set_password(old.id, password_hash)
            return self.store.get_user(old.id) or old
        return self.store.create_user(username, password_hash)

    def user_get(self, key: str | int) -> User | None:
        return self.store.get_user(key)

    def session_create(self, user_id: int, token: str, csrf_token: str, expires_at: str) -> Session:
        return self.store.create_session(user_id, token, csrf_token, expires_at)

    def session_get(self, token: str) -> Session | None:
        return self.store.get_session(token)

    def session_delete(self, token: str) -> None:
        self.store.delete_session(token)

    # -- curation -------------------------------------------------------------------------------
    def _need_story(self, story_id: int) -> None:
        if self.store.story(story_id, members=False) is None:
            raise ConfigError(f"no story {story_id}")

    def story_pin(self, story_id: int, pinned: bool, actor: str) -> None:
        self._need_story(story_id)
        self.store.update_story(story_id, pinned=pinned)
        self._wrote()

    def story_hide(self, story_id: int, hidden: bool, actor: str) -> None:
        self._need_story(story_id)
        self.store.update_story(story_id, hidden=hidden)
        self._wrote()

    def story_headline(self, story_id: int, headline: str, actor: str) -> None:
        self._need_story(story_id)
        self.store.update_story(story_id, title=headline)
        self._wrote()

    def story_merge(self, target_id: int, other_ids: list[int], actor: str) -> None:
        self._need_story(target_id)
        self.store.merge_stories(target_id, other_ids, actor)
        self._wrote()

    def story_split(self, story_id: int, article_ids: list[int], actor: str) -> int:
        try:
            new = self.store.split_story(story_id, article_ids, actor)
        except StoreError as exc:
            raise ConfigError(str(exc)) from exc
        self._wrote()
        return new

    def article_section(self, article_id: int, section: str, actor: str) -> None:
        self.store.set_article_fields(article_id, section=section, section_source="operator")
        self._wrote()

    def article_page_type(self, article_id: int, is_news: bool, actor: str) -> None:
        verdict = "news" if is_news else "not news (other)"
        try:
            self.store.set_page_type(article_id, "news" if is_news else "other", f"{verdict}: set by {actor}")
        except StoreError as exc:
            raise ConfigError(str(exc)) from exc
        self._wrote()

    def source_add(self, kind: str, location: str, name: str) -> SourceInfo:
        src = self.store.add_source(kind, location, name or None, exist_ok=True)
        self._wrote()
        return SourceInfo(src.id, src.name, src.kind, src.location, src.paused)

    def source_pause(self, source_id: int, paused: bool) -> None:
        self.store.update_source(source_id, paused=paused)
        self._wrote()

