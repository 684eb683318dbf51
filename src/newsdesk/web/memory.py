"""``MemoryData``: the portal protocol over plain Python structures (tests and demo mode)."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ..model import Article
from .data import (
    MARK_END,
    MARK_START,
    ArticleCard,
    ArticleFull,
    EntityRef,
    SearchHit,
    SearchQuery,
    SearchResult,
    Session,
    Short,
    SourceInfo,
    StoryCard,
    StoryDetail,
    Subscriber,
    TimelineItem,
    Trend,
    User,
    slugify,
)
from .demo import DemoItem
from .safe import safe_url

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class _Story:
    id: int
    members: list[int]
    reasons: dict[int, str] = field(default_factory=dict)
    headline: str | None = None
    pinned: bool = False
    hidden: bool = False


class MemoryData:
    """In-memory implementation of ``PortalData``; thread-safe through one lock."""

    def __init__(self, demo: bool = False) -> None:
        self.demo = demo
        self._lock = threading.RLock()
        self._version = 0
        self._articles: dict[int, ArticleFull] = {}
        self._stories: dict[int, _Story] = {}
        self._shorts: dict[int, str] = {}
        self._entities: dict[str, EntityRef] = {}
        self._ent_articles: dict[str, list[int]] = defaultdict(list)
        self._sources: dict[int, SourceInfo] = {}
        self._subs: dict[str, Subscriber] = {}
        self._users: dict[str, User] = {}
        self._sessions: dict[str, Session] = {}
        self.ops: list[tuple[str, int, str]] = []

    # -- loading --------------------------------------------------------------------------------
    def add_article(self, art: Article, story_id: int | None = None, entities=(), short: str = "",
                    reason: str = "") -> int:
        with self._lock:
            aid = len(self._articles) + 1
            card = ArticleCard(
                id=aid, title=art.title or "(untitled)", url=safe_url(art.url), outlet=art.site_name or "unknown",
                section=art.section, published=art.published, description=art.description,
                image_url=safe_url(art.image.url) if art.image else None,
                image_caption=art.image.caption if art.image else None,
                authors=list(art.authors), language=art.language, story_id=story_id,
            )
            refs = []
            for e in entities:
                ref = self._entities.setdefault(e.norm, EntityRef(e.norm, e.name, e.kind, 0))
                ref.count += 1
                self._ent_articles[e.norm].append(aid)
                refs.append(EntityRef(e.norm, e.name, e.kind, ref.count))
            self._articles[aid] = ArticleFull(
                card=card, body_html=art.body_html, body=art.body, modified=art.modified,
                image_credit=art.image.credit if art.image else None, tags=list(art.tags), entities=refs,
            )
            if story_id is not None:
                st = self._stories.setdefault(story_id, _Story(story_id, []))
                st.members.append(aid)
                st.reasons[aid] = reason
            if short:
                self._shorts[aid] = short
            self._version += 1
            return aid

    def load_demo(self, items: list[DemoItem]) -> "MemoryData":
        for it in items:
            self.add_article(it.article, it.story_key + 1, it.entities, it.short, it.reason)
        outlets = Counter(it.article.site_name for it in items)
        for name, n in sorted(outlets.items()):
            src = self.source_add("feed", f"https://{name.lower().replace(' ', '')}.example/feed.xml", name)
            src.articles = n
            src.last_ok = True
            src.last_fetch_at = items[0].article.published if items else None
        return self

    # -- reading --------------------------------------------------------------------------------
    def version(self) -> int:
        return self._version

    def counts(self) -> dict[str, int]:
        return {"articles": len(self._articles), "stories": len(self._stories),
                "sources": len(self._sources), "subscribers": len(self.subscribers())}

    def sections(self) -> list[str]:
        c = Counter(a.card.section for a in self._articles.values() if a.card.section and not a.hidden)
        return [s for s, _ in c.most_common()]

    def _visible(self) -> list[ArticleCard]:
        hidden_st = {s.id for s in self._stories.values() if s.hidden}
        cards = [a.card for a in self._articles.values() if not a.hidden and a.card.story_id not in hidden_st]
        return sorted(cards, key=lambda c: (c.published or "", c.id), reverse=True)

    def _card(self, st: _Story) -> StoryCard:
        members = [self._articles[m].card for m in st.members if m in self._articles]
        members.sort(key=lambda c: (c.published or "", c.id))
        lead = members[0] if members else None
        outlets = list(dict.fromkeys(c.outlet for c in members))
        times = [c.published for c in members if c.published]
        return StoryCard(
            id=st.id, headline=st.headline or (lead.title if lead else "(empty story)"), lead=lead,
            outlets=outlets, coverage=len(members), first_seen=min(times, default=None),
            last_update=max(times, default=None), section=lead.section if lead else None,
            pinned=st.pinned, hidden=st.hidden, score=len(outlets) * 2.0 + len(members),
        )

    def top_stories(self, limit: int = 12) -> list[StoryCard]:
        cards = [self._card(s) for s in self._stories.values() if not s.hidden and s.members]
        cards.sort(key=lambda c: (c.pinned, c.score, c.last_update or ""), reverse=True)
        return cards[:limit]

    def latest(self, section: str | None = None, limit: int = 20, offset: int = 0) -> list[ArticleCard]:
        cards = self._visible()
        if section:
            cards = [c for c in cards if c.section and slugify(c.section) == slugify(section)]
        return cards[offset: offset + limit]

    def trending(self, limit: int = 8) -> list[Trend]:
        ents = sorted(self._entities.values(), key=lambda e: (-e.count, e.name))
        return [Trend(e.name, f"/entity/{slugify(e.norm)}", float(e.count)) for e in ents[:limit]]

    def shorts(self, limit: int = 20) -> list[Short]:
        out, seen = [], set()
        for c in self._visible():
            if c.id in self._shorts and (c.story_id is None or c.story_id not in seen):
                seen.add(c.story_id)
                out.append(Short(c.id, c.story_id, c.title, self._shorts[c.id], c.outlet, c.published,
                                 c.image_url))
            if len(out) >= limit:
                break
        return out

    def article(self, article_id: int) -> ArticleFull | None:
        return self._articles.get(article_id)

    def related(self, article_id: int, limit: int = 6) -> list[ArticleCard]:
        a = self._articles.get(article_id)
        if a is None:
            return []
        return [c for c in self.latest(a.card.section, limit + 10)
                if c.id != article_id and c.story_id != a.card.story_id][:limit]

    def story(self, story_id: int) -> StoryDetail | None:
        st = self._stories.get(story_id)
        if st is None:
            return None
        card = self._card(st)
        items = sorted((TimelineItem(self._articles[m].card, st.reasons.get(m, "")) for m in st.members),
                       key=lambda t: (t.article.published or "", t.article.id))
        ents = Counter()
        names: dict[str, EntityRef] = {}
        for m in st.members:
            for e in self._articles[m].entities:
                ents[e.norm] += 1
                names[e.norm] = e
        reasons = [f"{names[n].name} named in {k} of {len(st.members)} reports" for n, k in ents.most_common(4)]
        return StoryDetail(card, items, items[0].article if items else None, reasons,
                           [names[n] for n, _ in ents.most_common(8)])

    def _ent(self, norm: str) -> str | None:
        for k in self._entities:
            if k == norm or slugify(k) == norm:
                return k
        return None

    def entity(self, norm: str) -> EntityRef | None:
        k = self._ent(norm)
        return self._entities[k] if k else None

    def entity_articles(self, norm: str, limit: int = 30) -> list[ArticleCard]:
        k = self._ent(norm)
        ids = set(self._ent_articles.get(k, [])) if k else set()
        return [c for c in self._visible() if c.id in ids][:limit]

    def entity_stories(self, norm: str, limit: int = 10) -> list[StoryCard]:
        sids = list(dict.fromkeys(c.story_id for c in self.entity_articles(norm, 200) if c.story_id))
        return [self._card(self._stories[s]) for s in sids[:limit]]

    def search(self, query: SearchQuery) -> SearchResult:
        terms = [t.lower() for t in _WORD.findall(query.q)]
        hits = []
        ent_ids = set(self._ent_articles.get(self._ent(query.entity) or "", [])) if query.entity else None
        for c in self._visible():
            a = self._articles[c.id]
            if query.section and slugify(c.section or "") != slugify(query.section):
                continue
            if query.outlet and c.outlet != query.outlet:
                continue
            if query.language and c.language != query.language:
                continue
            if query.since and (c.published or "") < query.since:
                continue
            if query.until and (c.published or "")[: len(query.until)] > query.until:
                continue
            if ent_ids is not None and c.id not in ent_ids:
                continue
            text = f"{c.title}\n{c.description or ''}\n{a.body}"
            words = Counter(w.lower() for w in _WORD.findall(text))
            if terms and not all(words[t] for t in terms):
                continue
            score = float(sum(words[t] for t in terms))
            hits.append(SearchHit(c, _snippet(text.replace("\n", " "), terms), score))
        hits.sort(key=lambda h: (h.score, h.article.published or ""), reverse=True)
        return SearchResult(query, hits[query.offset: query.offset + query.limit], len(hits))

    def outlets(self) -> list[str]:
        return sorted({a.card.outlet for a in self._articles.values()})

    def languages(self) -> list[str]:
        return sorted({a.card.language for a in self._articles.values() if a.card.language})

    def sources(self) -> list[SourceInfo]:
        return list(self._sources.values())

    # -- subscribers ----------------------------------------------------------------------------
    def subscriber_add(self, email: str, confirm_token: str, unsubscribe_token: str) -> Subscriber:
        with self._lock:
            key = email.lower()
            old = self._subs.get(key)
            if old and old.status == "confirmed":
                return old
            sub = Subscriber(email, "pending", confirm_token, unsubscribe_token)
            self._subs[key] = sub
            return sub

    def subscriber_confirm(self, confirm_token: str) -> Subscriber | None:
        with self._lock:
            for s in self._subs.values():
                if s.confirm_token and s.confirm_token == confirm_token and s.status == "pending":
                    s.status, s.confirm_token = "confirmed", None
                    return s
        return None

    def subscriber_unsubscribe(self, unsubscribe_token: str) -> Subscriber | None:
        with self._lock:
            for s in self._subs.values():
                if s.unsubscribe_token == unsubscribe_token:
                    s.status = "unsubscribed"
                    return s
        return None

    def subscribers(self, status: str = "confirmed") -> list[Subscriber]:
        return [s for s in self._subs.values() if s.status == status]

    # -- accounts -------------------------------------------------------------------------------
    def user_create(self, username: str, password_hash: str) -> User:
        with self._lock:
            old = self._users.get(username.lower())
            user = User(old.id if old else len(self._users) + 1, username, password_hash)
            self._users[username.lower()] = user
            return user

    def user_get(self, username: str) -> User | None:
        return self._users.get(username.lower())

    def session_create(self, session: Session) -> None:
        self._sessions[session.token] = session

    def session_get(self, token: str) -> Session | None:
        return self._sessions.get(token)

    def session_delete(self, token: str) -> None:
        self._sessions.pop(token, None)

    # -- curation -------------------------------------------------------------------------------
    def _write(self, op: str, sid: int, actor: str) -> None:
        self.ops.append((op, sid, actor))
        self._version += 1

    def story_pin(self, story_id: int, pinned: bool, actor: str) -> None:
        with self._lock:
            self._stories[story_id].pinned = pinned
            self._write("pin" if pinned else "unpin", story_id, actor)

    def story_hide(self, story_id: int, hidden: bool, actor: str) -> None:
        with self._lock:
            self._stories[story_id].hidden = hidden
            self._write("hide" if hidden else "show", story_id, actor)

    def story_headline(self, story_id: int, headline: str, actor: str) -> None:
        with self._lock:
            self._stories[story_id].headline = headline
            self._write("headline", story_id, actor)

    def story_merge(self, target_id: int, other_ids: list[int], actor: str) -> None:
        with self._lock:
            target = self._stories[target_id]
            for oid in other_ids:
                other = self._stories.pop(oid, None)
                if other is None or oid == target_id:
                    continue
                for m in other.members:
                    target.members.append(m)
                    target.reasons[m] = "merged by an editor"
                    self._articles[m].card.story_id = target_id
            self._write("merge", target_id, actor)

    def story_split(self, story_id: int, article_ids: list[int], actor: str) -> int:
        with self._lock:
            st = self._stories[story_id]
            moved = [m for m in st.members if m in set(article_ids)]
            new_id = max(self._stories) + 1
            self._stories[new_id] = _Story(new_id, moved, {m: "split by an editor" for m in moved})
            st.members = [m for m in st.members if m not in set(moved)]
            for m in moved:
                self._articles[m].card.story_id = new_id
            self._write("split", story_id, actor)
            return new_id

    def article_section(self, article_id: int, section: str, actor: str) -> None:
        with self._lock:
            self._articles[article_id].card.section = section
            self._write("section", article_id, actor)

    def source_add(self, kind: str, location: str, name: str) -> SourceInfo:
        with self._lock:
            sid = len(self._sources) + 1
            src = SourceInfo(sid, name, kind, location)
            self._sources[sid] = src
            self._version += 1
            return src

    def source_pause(self, source_id: int, paused: bool) -> None:
        with self._lock:
            self._sources[source_id] = replace(self._sources[source_id], paused=paused)
            self._version += 1


def _snippet(text: str, terms: list[str], width: int = 30) -> str:
    """About ``width`` words around the first match, matches wrapped in MARK_START/MARK_END."""
    words = text.split()
    low = [re.sub(r"\W+", "", w.lower()) for w in words]
    first = next((i for i, w in enumerate(low) if w in terms), 0)
    start = max(0, first - width // 3)
    out = []
    for w, lw in zip(words[start: start + width], low[start: start + width]):
        out.append(f"{MARK_START}{w}{MARK_END}" if lw in terms else w)
    return ("… " if start else "") + " ".join(out) + (" …" if start + width < len(words) else "")
