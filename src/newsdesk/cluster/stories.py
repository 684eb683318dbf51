"""Online story clustering: each new article joins the most similar live story or starts one.

Representation: a document is a bag of normalised terms (headline terms count twice) plus entity
keys, weighted by sublinear TF x IDF learnt incrementally. A term's IDF counts *stories*, not
documents (see ``_idf``): an event's own words are repeated by every report of it, so document
frequency would weigh the biggest events' words least; a word is common when many stories use it.
Entity keys keep document frequencies; their veto (``entity_min``, lower where the stream's own reports
agree less: ``evidence.EntityBar``) is set on that scale. Headline figures that a story's headlines
never name halve the score (``figures_factor``: another amount, another bid). A story keeps
the sum of its members' unit TF vectors (its centroid, pruned to its heaviest terms); similarity is
the cosine between the document and the centroid, both weighted with the *current* IDF, times a time
decay. A document joins the best story when the score reaches ``join_threshold``; after a story
grows, it is merged with its most similar live story when the smaller one's members are on
average as similar to the other as a joining article must be (``merge_threshold``, same scale and
default), which repairs splits made while a story was young. Who counts too: when a document
and a story both name people and share none of them (by surname), the score is multiplied by
``actor_factor``, since the same place, organisation and topic with other people is usually another
event; two such stories never merge (``merge_actor_factor``). Where too: when a document names
places and a story is sure of its own (two of its reports name it) and they share none, nor were
ever named together in one report (a town and its country), the score is multiplied by
``places_factor`` (``evidence.places_differ``; for a merge, the two stories whole), while this
stream's confident pairs name different places rarely enough for places to be evidence
(``places_trust``, ``evidence.PlaceTrust``). Young stories get one more look
``recheck_after`` arrivals later, when document frequencies and neighbours have matured, and every
document ``reassign_after`` arrivals later and again while its story is live, each look twice as
long after the last (``look_again``): it moves when another story now fits it better
(``drain_moves`` reports it so a store can follow). A big story's bar adapts to its own cohesion:
one whose members joined at widely spread scores admits a document down to mean - 2 sd of them
(``_join_bar``), never below half ``join_threshold``; any other, where both sides name entities,
asks for the stream's own bar, mean - 2 sd of the best scores such arrivals reached, never below
``join_threshold``: where reports of one event agree closely, a same-template report of another
event scores far below them. Entity
agreement is taken with the best-agreeing recent member (``evidence.member_entities``), not the
centroid, whose keys shared by every member would flatter a third event's report. A grown story
that holds two events of one kind is split again (``splitting``): its members fall into two groups,
each using words the other does not, beyond what chance gives (``split_alpha``).

Cost stays flat as the store grows: only *live* stories (updated within ``window_hours`` and
among the ``max_live`` most recently updated) are candidates, and they are found through an
inverted index of each story's top terms, so each article looks at a bounded number of stories.

Operator decisions stick: ``merge(a, b)`` redirects b to a for good; ``split(story, doc_ids)``
moves documents to a new story and forbids the two from being merged again.

State stays bounded: document and story frequencies are halved whenever the count reaches ``df_horizon``
(terms unseen for a while fall out), and redirects and cannot-links go when the story they concern closes.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from typing import Any, Iterable

from ..errors import InputError
from ..model import Story, StoryAssignment, StoryDoc
from .storyparts import LiveStory as _Live
from .evidence import EntityBar, PlaceTrust, figures_differ, member_entities, member_merge_score, places_differ
from .evidence import pair_key, refresh_places, stories_places_differ
from .secondlook import move, second_look, settle
from .splitting import place_split, split_test
from .storyparts import Move, Revisit, cohesion_bar, dump_state, follow_merges, forget_join, note_join
from .storyparts import parse_time, reason_text, restore_state, retime, same_people, shared_with, summarise
from .storyparts import surnames
from .vectors import LOG_TABLE, IdfMemo, Weighted, add_into, channel_cosines, norms, query_cosines, unit, weighted

__all__ = ["ClusterOptions", "StoryClusterer", "Move", "Revisit", "follow_merges", "parse_time"]


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Defaults chosen from first principles and synthetic/fixture data, not from a benchmark sweep."""

    join_threshold: float = 0.20  # cosine (decayed) to join a story
    merge_threshold: float = 0.20  # merge score (see _merge_score) to merge two live stories; same scale
    title_weight: int = 2  # headline terms count this many times
    entity_weight: float = 1.0  # an entity key's raw weight (entities form their own channel)
    entity_share: float = 0.5  # weight of the entity channel in the geometric mean (see _combine)
    entity_min: float = 0.4  # entity agreement below this vetoes a join or merge (at most: see EntityBar)
    entity_calibrate: int = 20  # confident joins after which the veto follows the stream's own agreement (0: never)
    entity_floor: float = 0.0  # entity agreement floor (0: stories sharing no entity never join)
    actor_factor: float = 0.5  # score factor when both sides name people and share none (see _actors)
    merge_actor_factor: float = 0.0  # the same for two stories: 0, they never merge (see _actors)
    window_hours: float = 96.0  # a story takes no new articles after this long without one
    half_life_hours: float = 48.0  # similarity halves for each this-many hours between doc and story
    max_live: int = 5000  # live stories kept (most recently updated)
    centroid_terms: int = 150  # terms kept per story centroid
    index_terms: int = 25  # a story's terms listed in the inverted index
    query_terms: int = 15  # a document's terms used to look up candidates
    posting_cap: int = 200  # most recent stories kept per index term
    max_candidates: int = 20  # stories scored in full per document
    merge_candidates: int = 5  # stories scored in full for a merge (the index's strongest hits)
    figures_factor: float = 0.5  # score factor when both headlines name figures and share none (1: off)
    places_factor: float = 0.5  # score factor when both sides name places and share none (1: off; places_differ)
    places_trust: float = 0.05  # ... while at most this share of the stream's confident pairs differ so (PlaceTrust)
    join_calibrate: int = 20  # best scores >= join_threshold before the bar follows the stream's (_join_bar)
    entity_members: int = 20  # entity agreement: with the best of this many recent members (0: the centroid)
    merge_sample: int = 10  # the smaller story's members scored one by one for a merge (0: centroid approximation)
    recheck_after: int = 100  # arrivals after which a still-small story is offered a merge again
    recheck_size: int = 2  # stories this small or smaller get that second look
    reassign_after: int = 1000  # each document gets one more look this many arrivals later (0: never)
    look_again: bool = True  # ... and more while its story is live, each twice as long after the last
    df_horizon: int = 100_000  # document frequencies are halved when the count reaches this (see _decay)
    cohesion_k: float = 2.0  # a loose story admits down to mean - k * sd of its confident joins (_join_bar)
    cohesion_joins: int = 10  # ... once it has this many confident joins (0: the bar is join_threshold)
    cohesion_floor: float = 0.5  # ... and never below this fraction of join_threshold
    cohesion_truncated: bool = False  # ... fit as a normal truncated at join_threshold (not adopted: see UNDERSTANDING)
    split_alpha: float = 0.05  # split a story whose two groups each use words of their own at this level (0: never; splitting)
    split_min: int = 3  # ... each group at least this many members
    split_sample: int = 40  # ... tested on the story's most recent members
    split_growth: float = 1.25  # ... tested at 2 * split_min members, then each time this many times larger

    @classmethod
    def from_settings(cls, settings: Any) -> "ClusterOptions":
        """The ``story_*`` settings; the same call in ingest and in ``newsdesk cluster``."""
        d = cls()
        return cls(
            join_threshold=getattr(settings, "story_join_threshold", d.join_threshold),
            merge_threshold=getattr(settings, "story_merge_threshold", d.merge_threshold),
            window_hours=getattr(settings, "story_window_hours", d.window_hours),
        )


def _second(item: tuple[str, float]) -> float:
    return item[1]


class StoryClusterer:
    """The online clusterer; feed it ``StoryDoc``s in arrival order with ``add``."""

    def __init__(self, options: ClusterOptions = ClusterOptions()) -> None:
        self.options = options
        self.docs = 0  # the (decayed) document count the IDF is taken over
        self.arrivals = 0  # documents ever added (story ids, recheck ticks)
        self.df: Counter[str] = Counter()
        self.story_count = 0  # the (decayed) number of stories the terms' IDF is taken over
        self.sf: Counter[str] = Counter()  # term -> stories using it (entity keys: see df)
        self.live: OrderedDict[str, _Live] = OrderedDict()  # least recently updated first
        self.postings: dict[str, OrderedDict[str, None]] = {}
        self.redirect: dict[str, str] = {}  # merged story -> surviving story (operator or automatic)
        self.merged_from: dict[str, list[str]] = {}  # live story -> stories that resolve to it
        self.cannot_link: set[tuple[str, str]] = set()
        self.doc_story: dict[str, str] = {}  # live documents only
        self.next_id = 1
        self.now: float | None = None
        self.closed = 0
        self._log_docs = 0.0  # log(docs + 1), refreshed once per arrival
        self._log_stories = 0.0  # log(story_count + 2), refreshed once per arrival
        self._merges: list[tuple[str, str]] = []  # (merged away, kept) since the last drain_merges()
        self.pending: deque[tuple[int, str]] = deque()  # (arrival tick, story id) awaiting a second look
        self.revisit: deque[Revisit] = deque()  # documents awaiting their second look, oldest first
        self.later: list[tuple[int, str, Revisit]] = []  # heap of (due arrival, doc id, ...): further looks
        self._moves: list[Move] = []  # since the last drain_moves()
        self.entity_bar = EntityBar()  # the stream's own entity agreement (see EntityBar)
        self._ent_veto = options.entity_min  # the veto in force, refreshed once per arrival
        self.join_scores = EntityBar()  # the stream's confident join scores (see _join_bar)
        self._stream_bar = options.join_threshold  # the join bar they give, refreshed once per arrival
        self._last_ents: float | None = None  # entity cosine of the last _similarity, and of _best's pick
        self._best_ents: float | None = None
        self.place_df: Counter[str] = Counter()  # entity key -> documents that typed it a place (see is_place)
        self.place_pairs: Counter[str] = Counter()  # "@a\t@b" -> documents naming both places (see places_differ)
        self.place_trust = PlaceTrust()  # how often confident pairs of this stream name different places
        self._places_on = False  # the places rule in force, refreshed once per arrival
        self._raw: tuple[float, Any] = (0.0, None)  # _best's best score before the places rule, and its story
        self._vec_places: tuple[Any, int, list[str]] = (None, -1, [])  # the last document's places (doc_places)
        self._last_raw = 0.0
        self._merging = False  # scoring members for a merge: the places rule is taken on the two stories whole
        self._last_where: tuple[str, str] | None = None  # places that differed in the last _similarity, _best's pick
        self._best_where: tuple[str, str] | None = None

    # --- public API ------------------------------------------------------------------------

    def add(self, doc: StoryDoc) -> StoryAssignment:
        """Assign one document; returns the story it joined (or started) and why."""
        if not doc.doc_id:
            raise InputError("story document without an id")
        o = self.options
        t = parse_time(doc.published)
        if t is not None:
            self.now = t if self.now is None else max(self.now, t)
        self.docs += 1
        self.arrivals += 1
        vec = self._vector(doc)
        self.df.update(vec.keys())
        self._note_places(doc.places)
        if self.docs >= o.df_horizon:
            self._decay()
        self._refresh_logs()
        self._ent_veto = self.entity_bar.bar(o.entity_min, o.cohesion_k, o.entity_calibrate)
        self._stream_bar = max(o.join_threshold, self.join_scores.low(o.cohesion_k, o.join_calibrate) or 0.0)
        self._places_on = self.place_trust.trusted(o.places_trust, o.join_calibrate)
        self._expire()
        self._recheck()
        second_look(self)
        people = surnames(doc.people)
        if o.reassign_after > 0:
            self.revisit.append(Revisit(self.arrivals, doc.doc_id, t, doc.published, doc.source, list(people)))
        best, best_score = self._best(vec, t, people)
        best_ents, where = self._best_ents, self._best_where
        bar = self._join_bar(best, best_ents is not None) if best is not None else o.join_threshold
        if best_score >= o.join_threshold and best_ents is not None:
            self.join_scores.observe(best_score)  # joined or not: the bar learns from more than it let in
        raw, raw_story = self._raw
        if raw_story is not None and raw >= self._stream_bar and o.places_factor < 1.0:
            differ = places_differ(self, vec, raw_story)
            if differ is not None:  # before the rule: its own effect does not bias the count
                self.place_trust.observe(differ[2])
        if best is not None and best_score >= bar:
            story = best
            self.sf.update(k for k in vec if k[0] != "@" and k not in story.centroid)
            shared_t, shared_e = shared_with(vec, story, self._idf)
            self._attach(story, doc, vec, t)
            if best_score >= o.join_threshold:
                note_join(story, doc.doc_id, best_score)
                if best_ents is not None:
                    self.entity_bar.observe(best_ents)
            merged = self._maybe_merge(story)
            sid = self.resolve(story.sid)
            self._maybe_split(self.live.get(sid))
            reason = reason_text(shared_e, shared_t, best_score, merged)
            if best_score < o.join_threshold:
                reason += f"; within this loose story's own spread (its bar {bar:.2f})"
            if where is not None:
                reason += f"; score halved: it names other places than the story ('{where[0]}' / '{where[1]}')"
            return StoryAssignment(doc.doc_id, sid, False, round(best_score, 4), reason, shared_t, shared_e)
        self._count_story(vec)
        story = _Live(sid=f"s{self.next_id}")
        self.next_id += 1
        self.live[story.sid] = story
        self._attach(story, doc, vec, t)
        self.pending.append((self.arrivals, story.sid))
        reason = "new story"
        if best is not None and o.join_threshold <= best_score < bar:
            reason += (f"; the nearest story scored {best_score:.2f}, below {bar:.2f}, the bar that reports"
                       " of one event clear in this stream")
        if best is not None and where is not None and best_score < bar:
            reason += f"; it names other places than that story ('{where[0]}' / '{where[1]}'), which halved the score"
        return StoryAssignment(doc.doc_id, story.sid, True, 0.0, reason)

    def observe(self, doc: StoryDoc) -> None:
        """Count a document in the document frequencies only, joining no story.

        Warms the IDF from an archive older than the time window (its stories are closed anyway),
        or fast-forwards a long benchmark stream.
        """
        self.docs += 1
        self.arrivals += 1
        vec = self._vector(doc)
        self.df.update(vec.keys())
        self._note_places(doc.places)
        self._count_story(vec)  # its story closed long ago: one story of its own
        if self.docs >= self.options.df_horizon:
            self._decay()
        self._refresh_logs()

    def settle(self) -> int:
        """The stream has ended: documents still waiting for their first look get it now (``secondlook.settle``);
        what it moves or merges is reported by ``drain_moves`` and ``drain_merges``."""
        return settle(self)

    def drain_moves(self) -> list[Move]:
        """Documents moved to another story on their second look since the last call (see ``secondlook``).

        A store puts the article in ``to_story`` (run ``drain_merges()`` first: a document that was
        alone in its story leaves by a merge, not a move).
        """
        out, self._moves = self._moves, []
        return [m._replace(to_story=self.resolve(m.to_story)) for m in out]

    def drain_merges(self) -> list[tuple[str, str]]:
        """Automatic and operator merges since the last call, as (merged-away id, surviving id).

        A store that keeps story rows moves the first story's articles to the second.
        """
        out, self._merges = self._merges, []
        return [(gone, self.resolve(kept)) for gone, kept in out]

    def resolve(self, sid: str) -> str:
        """The surviving id of a story after merges, while that story is live.

        Redirects into a story are forgotten when it closes (state stays bounded); a caller that
        needs ids for good (the store, ``newsdesk cluster``) follows ``drain_merges()``.
        """
        seen = 0
        while sid in self.redirect and seen < 1000:
            sid = self.redirect[sid]
            seen += 1
        return sid

    def story_of(self, doc_id: str) -> str | None:
        sid = self.doc_story.get(doc_id)
        return self.resolve(sid) if sid else None

    def merge(self, keep: str, other: str) -> str:
        """Operator merge: ``other`` joins ``keep`` and stays redirected to it."""
        keep, other = self.resolve(keep), self.resolve(other)
        if keep == other:
            return keep
        a, b = self.live.get(keep), self.live.get(other)
        if a is not None and b is not None:
            self._absorb(a, b)
        self._redirect(other, keep)
        self._merges.append((other, keep))
        self.cannot_link = {p for p in self.cannot_link if other not in p}
        if a is not None:
            a.pinned = True
        return keep

    def split(self, sid: str, doc_ids: Iterable[str]) -> str:
        """Operator split: move ``doc_ids`` out of story ``sid`` into a new story; never re-merged."""
        sid = self.resolve(sid)
        src = self.live.get(sid)
        if src is None:
            raise InputError(f"story {sid} is not live; only live stories can be split here")
        moving = [d for d in doc_ids if d in src.vectors]
        if not moving or len(moving) == len(src.members):
            raise InputError("a split must move some, not all, of the story's documents")
        new = _Live(sid=f"s{self.next_id}", pinned=True)
        self.next_id += 1
        self.live[new.sid] = new
        for d in moving:
            v = src.vectors.pop(d)
            src.members.remove(d)
            add_into(src.centroid, v, -1.0)
            new.vectors[d] = v
            new.members.append(d)
            add_into(new.centroid, v, 1.0)
            self.doc_story[d] = new.sid
            if d in src.joins:
                note_join(new, d, src.joins[d])
                forget_join(src, d)
            if d in src.times:
                new.times[d] = src.times.pop(d)
        new.first_t, new.last_t, new.tick = src.first_t, src.last_t, src.tick
        retime(src)
        retime(new)
        self.story_count += 1
        self.sf.update(k for k in new.centroid if k[0] != "@" and k in src.centroid)  # now in two stories
        src.pinned = True
        self.cannot_link.add(tuple(sorted((src.sid, new.sid))))  # type: ignore[arg-type]
        self._reindex(src)
        self._reindex(new)
        return new.sid

    def stories(self) -> list[Story]:
        """Summaries of the live stories (most recently updated last)."""
        return [summarise(s, self._idf) for s in self.live.values()]

    def story(self, sid: str) -> Story | None:
        s = self.live.get(self.resolve(sid))
        return summarise(s, self._idf) if s else None

    # --- state ------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot; ``from_state`` restores an identical clusterer."""
        return dump_state(self)

    @classmethod
    def from_state(cls, state: dict[str, Any], options: ClusterOptions = ClusterOptions()) -> "StoryClusterer":
        c = cls(options)
        restore_state(c, state)
        return c

    # --- internals --------------------------------------------------------------------------

    def _vector(self, doc: StoryDoc) -> dict[str, float]:
        tf: Counter[str] = Counter(doc.terms)
        for term in doc.title_terms:
            tf[term] += self.options.title_weight
        raw = {t: 1.0 + math.log(n) for t, n in tf.items()}
        for e in dict.fromkeys(doc.entities):
            raw["@" + e] = raw.get("@" + e, 0.0) + self.options.entity_weight
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items()}

    def _idf(self, term: str) -> float:
        """IDF, log(N + 1) - log(n + 1) + 1: N documents and n containing the entity key ("@...");
        for a term, N stories and n using it, the document being scored counted as one more story.

        Why stories for terms: reports of one event repeat its words, so under document frequency
        a 400-report event's own words ("patriot", "bronco") weigh less than a word that one stray
        report used once, and that event's shorter reports fall below the join threshold.
        """
        if term[0] == "@":
            df = self.df.get(term, 0)
            ldf = LOG_TABLE[df] if df < len(LOG_TABLE) else math.log(df + 1)
            return self._log_docs - ldf + 1.0
        sf = self.sf.get(term, 0) + 1
        lsf = LOG_TABLE[sf] if sf < len(LOG_TABLE) else math.log(sf + 1)
        return self._log_stories - lsf + 1.0

    def _note_places(self, places: list[str]) -> None:
        """Count the places a document names, and each pair of them it names together (``places_differ``)."""
        keys = sorted(dict.fromkeys("@" + p for p in places if p))
        self.place_df.update(keys)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                self.place_pairs[pair_key(a, b)] += 1

    def doc_places(self, vec: dict[str, float]) -> list[str]:
        """The entity keys of ``vec`` that are places (kept for the document being scored)."""
        held, at, keys = self._vec_places
        if held is not vec or at != self.arrivals:
            keys = [k for k in vec if k[0] == "@" and self.is_place(k)]
            self._vec_places = (vec, self.arrivals, keys)
        return keys

    def is_place(self, key: str) -> bool:
        """Whether an entity key ("@...") names a place: most documents naming it typed it so."""
        n = self.place_df.get(key, 0)
        return n > 0 and 2 * n >= self.df.get(key, 0)

    def _count_story(self, vec: dict[str, float]) -> None:
        """A new story: its terms are used by one more story."""
        self.story_count += 1
        self.sf.update(k for k in vec if k[0] != "@")

    def _refresh_logs(self) -> None:
        self._log_docs = math.log(self.docs + 1)
        self._log_stories = math.log(self.story_count + 2)

    def _candidates(self, vec: dict[str, float], idf: Any = None) -> list[str]:
        o = self.options
        idf = idf or self._idf
        query = sorted(vec, key=lambda t: -vec[t] * idf(t))[: o.query_terms]
        hits: dict[str, float] = {}  # story -> summed idf of the query terms it is indexed under
        for term in query:
            plist = self.postings.get(term)
            if not plist:
                continue
            w = idf(term)
            for sid in plist:
                hits[sid] = hits.get(sid, 0) + w
        top = sorted(hits.items(), key=_second, reverse=True)[: o.max_candidates]  # = Counter.most_common
        return [sid for sid, _ in top if sid in self.live]

    def _similarity(self, vec: dict[str, float], story: _Live, t: float | None, query: Weighted | None = None,
                    idf: Any = None) -> float:
        """``query``: ``weighted(vec, idf)`` when ``vec`` is scored against many stories (``_best``)."""
        idf = idf or self._idf
        if story.norms_at != (self.arrivals, len(story.members)):  # once per arrival and story change
            story.norms = norms(story.centroid, idf)
            story.norms_at = (self.arrivals, len(story.members))
        cos_t, cos_e = query_cosines(query or weighted(vec, idf), story.centroid, idf, story.norms)
        self._last_ents = cos_e
        if cos_e is not None and cos_t and self.options.entity_members > 0 and len(story.members) > 1:
            cos_e = member_entities(self, vec, story, self.options.entity_members)
            self._last_ents = cos_e
        score = self._combine(cos_t, cos_e)
        if score and self.options.figures_factor < 1.0 and figures_differ(vec, story.centroid):
            score *= self.options.figures_factor  # other amounts, scores, counts: usually another event
        self._last_where = None
        if score and self._places_on and not self._merging and self.options.places_factor < 1.0:
            differ = places_differ(self, vec, story)
            if differ is not None and differ[2]:
                self._last_where = differ[:2]
                score *= self.options.places_factor  # another town and country: usually another event
        if score and t is not None and story.last_t is not None:
            first = story.first_t if story.first_t is not None else story.last_t
            gap = first - t if t < first else max(0.0, t - story.last_t)
            score *= 0.5 ** (gap / self.options.half_life_hours)
        self._last_raw = score / self.options.places_factor if self._last_where is not None else score
        return score

    def _centroid_similarity(self, a: _Live, b: _Live) -> float:
        return self._combine(*channel_cosines(a.centroid, b.centroid, self._idf))

    def _combine(self, cos_terms: float, cos_ents: float | None) -> float:
        """Terms say *what* happened, entities *who and where*: an event needs both to agree.

        With entities on both sides: 0 when cos_ents is below the veto (another event with the same
        script: same template, other people), else cos_terms^(1-s) * ((cos_ents + f) / (1 + f))^s,
        s = ``entity_share``, f = ``entity_floor``. Without entities on either side (e.g.
        pre-processed text), the term cosine alone. The veto is ``entity_min`` (chosen on the
        fixture web) or lower where the stream's own reports agree less (``EntityBar``).
        """
        if cos_ents is None or not cos_terms:
            return cos_terms
        o = self.options
        if cos_ents < self._ent_veto:
            return 0.0
        ent = (cos_ents + o.entity_floor) / (1.0 + o.entity_floor)
        return cos_terms ** (1.0 - o.entity_share) * ent ** o.entity_share

    def _merge_score(self, a: _Live, b: _Live) -> float:
        """How similar the smaller story's members are, on average, to the bigger story.

        Where both name entities, member by member (``member_merge_score``, ``merge_sample``: the
        entity veto is not linear); else centroid cosine x cohesion (|sum of unit vectors| / members)
        of the smaller story. On the join's scale: a one-article story merges when its article would join.
        """
        actors = self._actors(a.people, b.people, self.options.merge_actor_factor)
        if not actors:
            return 0.0
        where = 1.0
        if self._places_on and self.options.places_factor < 1.0:
            differ = stories_places_differ(self, a, b)
            if differ is not None and differ[2]:
                where = self.options.places_factor  # two stories that name other places: two events
        if self.options.merge_sample > 0 and a.entities and b.entities:
            self._merging = True
            try:
                return member_merge_score(self, a, b, self.options.merge_sample) * actors * where
            finally:
                self._merging = False
        small = a if len(a.members) <= len(b.members) else b
        n = len(small.members) or 1
        cohesion = min(1.0, math.sqrt(sum(v * v for v in small.centroid.values())) / n)
        return self._centroid_similarity(a, b) * cohesion * actors * where

    def _actors(self, a: Any, b: Any, factor: float | None = None) -> float:
        """Who: reports of one event name some of the same people (``same_people``: by full name).

        When both sides name people and share none, the score is multiplied by ``actor_factor``:
        the same place, organisation and topic with other people is usually another event (two
        strikes at one port, two rulings by one court). Either side naming nobody: no evidence, 1.0.
        Two stories (``factor`` = ``merge_actor_factor``) are held to more: one report may quote
        other people than the rest of its story, but two stories that have each collected their
        reports and still name no one in common are two events (same-topic events merged wholesale
        on the fixture web before this).
        """
        if not a or not b:
            return 1.0
        if same_people(a, b):
            return 1.0
        return self.options.actor_factor if factor is None else factor

    def _attach(self, story: _Live, doc: StoryDoc, vec: dict[str, float], t: float | None) -> None:
        story.members.append(doc.doc_id)
        story.vectors[doc.doc_id] = vec
        add_into(story.centroid, vec, 1.0)
        self._prune(story)
        if doc.source:
            story.outlets[doc.source] += 1
        story.entities.update(dict.fromkeys(doc.entities, 1))
        story.people.update(surnames(doc.people))
        if t is not None:
            story.times[doc.doc_id] = (t, doc.published)
            if story.first_t is None or t < story.first_t:
                story.first_t, story.first_report, story.first_published = t, doc.doc_id, doc.published
            if story.last_t is None or t > story.last_t:
                story.last_t, story.last_published = t, doc.published
        elif story.first_report is None:
            story.first_report = doc.doc_id
        story.tick = self.arrivals
        self.doc_story[doc.doc_id] = story.sid
        self.live.move_to_end(story.sid)
        self._reindex(story)

    def _prune(self, story: _Live) -> None:
        k = self.options.centroid_terms
        if len(story.centroid) > 2 * k:
            keep = sorted(story.centroid, key=lambda t: -story.centroid[t])[:k]
            story.centroid = {t: story.centroid[t] for t in keep}

    def _reindex(self, story: _Live) -> None:
        o = self.options
        top = sorted(story.centroid, key=lambda t: -story.centroid[t] * self._idf(t))[: o.index_terms]
        for term in top:
            plist = self.postings.setdefault(term, OrderedDict())
            plist[story.sid] = None
            plist.move_to_end(story.sid)
            if len(plist) > o.posting_cap:
                plist.popitem(last=False)
        for term in set(story.indexed) - set(top):
            stale = self.postings.get(term)
            if stale is not None:
                stale.pop(story.sid, None)
                if not stale:
                    del self.postings[term]
        story.indexed = top

    def _unindex(self, story: _Live) -> None:
        for term in story.indexed:
            plist = self.postings.get(term)
            if plist is not None:
                plist.pop(story.sid, None)
                if not plist:
                    del self.postings[term]
        story.indexed = []

    def _join_bar(self, story: _Live, entities: bool = True) -> float:
        """The score a document needs to join ``story`` (``entities``: both sides name entities).

        A big loose story (``cohesion_bar``) admits down to its own spread: its centroid is spread
        over many words, so its short reports score low against it. Its spread is measured on
        joins that cleared ``join_threshold``, so documents admitted below it do not lower the bar
        further. Any other story asks for the stream's own bar (``_stream_bar``) where the document
        and the story both name entities: mean - k sd (k = ``cohesion_k``) of the best scores that
        arrivals with entities reached, once ``join_calibrate`` of them reached ``join_threshold``,
        never below ``join_threshold``. Where reports of one event
        agree closely (the fixture web: best scores mostly .6-.95), a report of another event with
        the same template, organisation and place scores well below them (.2-.45) and starts its
        own story instead of snowballing into the first; where they agree loosely (GoogleNews
        snippets, ECB+ whole articles), the bar stays at ``join_threshold``. Every arrival's best
        score counts, joined or not, so the bar does not learn only from what it let through
        (that would ratchet it up: 2,000-article fixture recall .87-.90 instead of .95-.96).
        Scores without an entity channel are term cosines alone, which tell no who or where and
        whose genuine joins spread wider; they keep ``join_threshold`` (with the raised bar on
        them too, GoogleNews-TS seed 0 fell from .9163 to .9123).
        """
        o = self.options
        own = cohesion_bar(story, o.join_threshold, o.cohesion_k, o.cohesion_joins,
                           o.cohesion_floor * o.join_threshold, o.cohesion_truncated)
        return own if own < o.join_threshold or not entities else self._stream_bar

    def _best(self, vec: dict[str, float], t: float | None, people: Any, skip: str | None = None
              ) -> tuple[_Live | None, float]:
        """The live story most similar to a document (who included), and its score."""
        best, best_score = None, 0.0
        self._best_ents = self._best_where = None
        raw, raw_story = 0.0, None
        idf = IdfMemo(self._idf).__getitem__  # nothing here changes the IDF: each term's is taken once
        query = weighted(vec, idf)
        for sid in self._candidates(vec, idf):
            if sid == skip:
                continue
            story = self.live[sid]
            actors = self._actors(people, story.people)
            score = self._similarity(vec, story, t, query, idf) * actors
            pre = self._last_raw * actors
            if pre > raw:  # the best before the places rule (who included)
                raw, raw_story = pre, story
            if score > best_score:
                best, best_score = story, score
                self._best_ents, self._best_where = self._last_ents, self._last_where
        self._raw = (raw, raw_story)
        return best, best_score

    def _recheck(self) -> None:
        """Give the oldest young story a second look once the corpus has moved on (one per arrival)."""
        o = self.options
        while self.pending and self.arrivals - self.pending[0][0] >= o.recheck_after:
            _, sid = self.pending.popleft()
            story = self.live.get(sid)
            if story is not None and len(story.members) <= o.recheck_size:
                self._maybe_merge(story)
                return

    def _maybe_merge(self, story: _Live) -> bool:
        """Merge the grown story with its most similar live story when their centroids agree."""
        o = self.options
        best, best_s = None, 0.0
        for sid in self._candidates(unit(story.centroid))[: o.merge_candidates]:
            if sid == story.sid or tuple(sorted((sid, story.sid))) in self.cannot_link:
                continue
            other = self.live[sid]
            if story.pinned and other.pinned:
                continue
            s = self._merge_score(story, other)
            if s > best_s:
                best, best_s = other, s
        raised = self._stream_bar if best is not None and best.entities and story.entities else 0.0
        if best is None or best_s < max(o.merge_threshold, raised):
            return False
        keep, gone = (best, story) if len(best.members) >= len(story.members) else (story, best)
        self._absorb(keep, gone)
        self._redirect(gone.sid, keep.sid)
        self._merges.append((gone.sid, keep.sid))
        return True

    def _absorb(self, keep: _Live, gone: _Live) -> None:
        self.story_count = max(0, self.story_count - 1)  # two stories became one
        for k in gone.centroid:
            if k[0] != "@" and k in keep.centroid and self.sf.get(k, 0) > 1:
                self.sf[k] -= 1
        for d in gone.members:
            keep.members.append(d)
            keep.vectors[d] = gone.vectors[d]
            self.doc_story[d] = keep.sid
        for d, score in gone.joins.items():
            note_join(keep, d, score)
        keep.times.update(gone.times)
        add_into(keep.centroid, gone.centroid, 1.0)
        self._prune(keep)
        keep.outlets.update(gone.outlets)
        keep.entities.update(gone.entities)
        keep.people.update(gone.people)
        if gone.first_t is not None and (keep.first_t is None or gone.first_t < keep.first_t):
            keep.first_t, keep.first_report, keep.first_published = gone.first_t, gone.first_report, gone.first_published
        if gone.last_t is not None and (keep.last_t is None or gone.last_t > keep.last_t):
            keep.last_t, keep.last_published = gone.last_t, gone.last_published
        keep.tick = max(keep.tick, gone.tick)
        self._unindex(gone)
        del self.live[gone.sid]
        self.live.move_to_end(keep.sid)
        self._reindex(keep)

    def _maybe_split(self, story: _Live | None) -> None:
        """Split ``story`` in two when it holds two events: by where (``splitting.place_split``) or by the
        split test (``splitting.split_test``).

        Where: once it has 2 * ``split_min`` members, on every join, while places are evidence in this
        stream (the places rule of a join: ``places_differ``): two places each named by ``split_min`` of
        its reports, never together. A story that was not yet sure of its place when another event's
        report joined it (a story of one report) names both places from then on, so the join rule no
        longer tells them apart; this does, as soon as each side is sure.
        The split test: once it has 2 * ``split_min`` members, then each time it has grown by
        ``split_growth`` (geometric: a story of n members is tested O(log n) times, on at most
        ``split_sample`` members).
        The group without the story's first report becomes a new story, reported member by member
        through ``drain_moves`` with the reason; the two never merge again.
        """
        o = self.options
        if story is None or o.split_alpha <= 0 or story.pinned or len(story.members) < 2 * o.split_min:
            return
        if self._places_on and o.places_factor < 1.0:
            refresh_places(self, story)
            if len(story.places) >= 2:
                at_place = place_split(self, story, o.split_sample, o.split_min)
                if at_place is not None:
                    ids, here, there = at_place
                    self._split_off(story, ids, f"split from story {story.sid}: its reports name two places that"
                                    f" no report names together ('{here}' / '{there}')")
                    return
        if len(story.members) < story.split_at:
            return
        story.split_at = max(len(story.members) + 1, int(len(story.members) * o.split_growth))
        found = split_test(self, story, o.split_sample, o.split_min, o.split_alpha)
        if found is None:
            return
        ids, p, words = found
        self._split_off(story, ids, f"split from story {story.sid}: its reports fell into two groups, each using a word the"
                        f" other does not ('{words[0]}' / '{words[1]}', Fisher p {p:.3f}, corrected for the words that could pass)")

    def _split_off(self, story: _Live, ids: list[str], reason: str) -> None:
        """Move ``ids`` from ``story`` to a new story that never merges with it again."""
        new = _Live(sid=f"s{self.next_id}", split_at=story.split_at, split_tests=story.split_tests)
        self.next_id += 1
        self.live[new.sid] = new
        self.story_count += 1
        queued = {r.doc_id: r for r in self.revisit}
        queued.update((r.doc_id, r) for _, _, r in self.later)
        for d in ids:
            vec = story.vectors[d]
            r = queued.get(d)
            if r is None:  # no further look queued (``reassign_after`` 0): its people from the story's
                when = story.times.get(d)
                r = Revisit(0, d, when[0] if when else None, when[1] if when else None, None,
                            [k[1:] for k in vec if k[0] == "@" and k[1:] in story.people])
            move(self, r, vec, story, new)
            self._moves.append(Move(d, story.sid, new.sid, 0.0, reason))
        self.cannot_link.add(tuple(sorted((story.sid, new.sid))))  # type: ignore[arg-type]

    def _decay(self) -> None:
        """Halve every document frequency and the document count; drop terms that reach zero.

        IDF is a ratio, so halving both keeps it (up to rounding) while the vocabulary forgets
        terms not seen for a while: the counts weigh recent articles most (the last
        ``df_horizon``/2 to ``df_horizon`` arrivals in full, older ones halved again and again),
        and the table holds the terms of recent news instead of every term ever seen. Live centroids keep their terms
        (an unknown term gets the highest IDF, as a brand-new term does).
        """
        self.df = Counter({t: n // 2 for t, n in self.df.items() if n >= 2})
        self.docs = max(1, self.docs // 2)
        self.sf = Counter({t: n // 2 for t, n in self.sf.items() if n >= 2})
        self.story_count = max(1, self.story_count // 2)
        self.place_df = Counter({t: n // 2 for t, n in self.place_df.items() if n >= 2})
        self.place_pairs = Counter({t: n // 2 for t, n in self.place_pairs.items() if n >= 2})
        self.entity_bar.halve()
        self.join_scores.halve()
        self.place_trust.halve()

    def _forget(self, sid: str) -> None:
        """Drop bookkeeping that only a closed story needed: redirects into it, its cannot-links."""
        for gone in self.merged_from.pop(sid, ()):
            if self.redirect.get(gone) == sid:
                del self.redirect[gone]
        if self.cannot_link:
            self.cannot_link = {p for p in self.cannot_link if sid not in p}

    def _redirect(self, gone: str, keep: str) -> None:
        self.redirect[gone] = keep
        self.merged_from.setdefault(keep, []).extend([gone, *self.merged_from.pop(gone, [])])

    def _expire(self) -> None:
        """Close stories past the time window or beyond ``max_live`` (least recently updated first)."""
        o = self.options
        while self.live:
            sid, s = next(iter(self.live.items()))
            too_old = self.now is not None and s.last_t is not None and self.now - s.last_t > o.window_hours
            if len(self.live) <= o.max_live and not too_old:
                break
            self._unindex(s)
            for d in s.members:
                self.doc_story.pop(d, None)
            del self.live[sid]
            self._forget(sid)
            self.closed += 1
