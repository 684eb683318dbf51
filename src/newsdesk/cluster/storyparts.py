"""The story clusterer's parts: live-story state, its records, its snapshot, small helpers.

``LiveStory`` is a live story's working state; ``Revisit`` a document awaiting its second look;
``Move`` a document moved on it (``StoryClusterer.drain_moves``). ``dump_state``/``restore_state``
are ``StoryClusterer.state``/``from_state``; ``note_join``/``forget_join``/``cohesion_bar`` keep a
story's cohesion sums and the join bar they give; ``shared_with``/``summarise`` explain and
summarise a story. Pure data and functions; the algorithm is in ``stories``.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple

from ..errors import InputError
from ..model import Story
from ..timeutil import parse_iso
from .evidence import EntityBar, PlaceTrust


def parse_time(iso: str | None) -> float | None:
    """Hours since the epoch for an ISO 8601 string, or None when absent/unreadable."""
    dt = parse_iso(iso)
    return dt.timestamp() / 3600.0 if dt else None


@dataclass(slots=True)
class LiveStory:
    """A live story's working state."""

    sid: str
    centroid: dict[str, float] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    vectors: dict[str, dict[str, float]] = field(default_factory=dict)  # doc id -> unit TF vector
    first_t: float | None = None
    last_t: float | None = None
    first_report: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    outlets: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    people: Counter[str] = field(default_factory=Counter)  # surnames of the people its members name
    tick: int = 0  # arrival counter at the last update
    pinned: bool = False
    indexed: list[str] = field(default_factory=list)
    norms: tuple[float, float] = (0.0, 0.0)  # cached squared channel norms of the centroid
    norms_at: tuple[int, int] = (-1, -1)  # (arrivals, members) when ``norms`` was computed
    joins: dict[str, float] = field(default_factory=dict)  # doc id -> score of a confident join
    join_sum: float = 0.0  # running sums over ``joins``: the story's own cohesion (see _join_bar)
    join_sq: float = 0.0
    times: dict[str, tuple[float, str | None]] = field(default_factory=dict)  # dated member -> (hours, ISO)
    ent_views: dict[str, dict[str, float]] = field(default_factory=dict)  # member -> its entity keys (cache)
    split_at: int = 0  # members at which the next split test is due (splitting)
    split_tests: int = 0  # split tests run on it so far (the i-th is held to split_alpha / i)
    places: tuple[str, ...] = ()  # places two or more of its members name (``evidence.refresh_places``)
    all_places: tuple[str, ...] = ()  # every place its members name
    places_at: tuple[int, int] = (-1, -1)  # (members, tick) when the two were computed


class Revisit(NamedTuple):
    """A document awaiting its second look (``secondlook.second_look``)."""

    tick: int  # arrival count when it came
    doc_id: str
    t: float | None
    published: str | None
    source: str | None
    people: list[str]  # surnames
    looks: int = 0  # looks it has had (the next comes 2**looks * reassign_after arrivals after the last)


class Move(NamedTuple):
    """A document the clusterer moved to another story: on a later look, or by a split (``reason`` says so)."""

    doc_id: str
    from_story: str
    to_story: str
    score: float
    reason: str = ""  # empty: "moved on a second look"


def retime(story: LiveStory) -> None:
    """Recompute a story's timeline (first and last time, first report) from its dated members.

    Called when members leave (a move, a split); arrivals only widen the bounds. A story restored
    from a snapshot older than ``times`` keeps its saved bounds until its members are known.
    """
    if story.first_report not in story.vectors:
        story.first_report = story.members[0] if story.members else None
    if not story.times:
        return
    first = min(story.times, key=lambda d: story.times[d][0])
    last = max(story.times, key=lambda d: story.times[d][0])
    story.first_t, story.first_published = story.times[first]
    story.last_t, story.last_published = story.times[last]
    story.first_report = first


def note_join(story: LiveStory, doc_id: str, score: float) -> None:
    """Count a confident join's score in the story's cohesion sums (O(1))."""
    story.joins[doc_id] = score
    story.join_sum += score
    story.join_sq += score * score


def forget_join(story: LiveStory, doc_id: str) -> None:
    """Take a member that leaves out of the story's cohesion sums (O(1))."""
    score = story.joins.pop(doc_id, None)
    if score is not None:
        story.join_sum -= score
        story.join_sq -= score * score


def cohesion_bar(story: LiveStory, threshold: float, k: float, min_joins: int, floor: float,
                 truncated: bool = False) -> float:
    """The score a document needs to join ``story``: ``threshold``, or less for a loose big story.

    A story whose members' scores are spread as N(mu, sigma) admits a document down to
    mu - k*sigma (a genuine member that far out is unusual but normal for it), never above
    ``threshold`` and never below ``floor``; only once ``min_joins`` confident joins make the
    spread worth trusting (``min_joins`` 0: always ``threshold``). Only confident joins, those
    at or above ``threshold``, are counted, so they are a sample of that normal truncated at
    ``threshold``: their own mean and sd overstate mu and understate sigma. ``truncated``
    (``ClusterOptions.cohesion_truncated``, off by default) estimates mu and sigma of the
    underlying normal (``truncated_normal_fit``); without it, the sample's own mean and sd are taken.
    """
    n = len(story.joins)
    if min_joins <= 0 or n < max(2, min_joins):
        return threshold
    mean = story.join_sum / n
    sd = math.sqrt(max(0.0, story.join_sq - n * mean * mean) / (n - 1))
    if truncated:
        fit = truncated_normal_fit(mean, sd, threshold)
        if fit is None:  # no finite fit: the joins pile up at the threshold, so the bar goes to the floor
            return floor
        mean, sd = fit
    return max(floor, min(threshold, mean - k * sd))


def _mills(al: float) -> float:
    """phi(al) / (1 - Phi(al)): the mean of a standard normal truncated below at al, the inverse Mills ratio."""
    tail = 0.5 * math.erfc(al / math.sqrt(2.0))
    return math.exp(-0.5 * al * al) / math.sqrt(2.0 * math.pi) / tail


def _standard_score(al: float) -> float:
    """(mean - al) / sd of a standard normal truncated below at al; falls from +inf to 1 as al rises."""
    lam = _mills(al)
    return (lam - al) / math.sqrt(max(1e-300, 1.0 + al * lam - lam * lam))


def truncated_normal_fit(mean: float, sd: float, a: float) -> tuple[float, float] | None:
    """(mu, sigma) of the normal whose part above ``a`` has this ``mean`` and ``sd``, or None.

    The normal truncated at a known point is an exponential family in (sum x, sum x^2), so
    matching the first two moments is its maximum-likelihood estimate. With al = (a - mu)/sigma
    and lam the inverse Mills ratio at al: mean = mu + sigma*lam, sd^2 = sigma^2 (1 + al*lam - lam^2),
    so (mean - a)/sd depends on al alone and falls from +inf (no truncation) to 1 (the
    exponential limit); it is solved for al by bisection (fixed steps, O(1)). At or below 1 no
    normal fits (the sample's density rises towards ``a``): None. sd 0: (mean, 0).
    """
    if sd <= 0.0:
        return mean, 0.0
    z = (mean - a) / sd
    lo, hi = -12.0, 25.0  # al; _standard_score(-12) is about 12, (25) is 1 + 1e-3
    if z <= _standard_score(hi):
        return None
    if z >= _standard_score(lo):
        return mean, sd  # the truncation is negligible
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        if _standard_score(mid) > z:
            lo = mid
        else:
            hi = mid
    al = 0.5 * (lo + hi)
    lam = _mills(al)
    sigma = sd / math.sqrt(max(1e-300, 1.0 + al * lam - lam * lam))
    return a - al * sigma, sigma


def surnames(people: Iterable[str]) -> dict[str, int]:
    """The person keys a document names, as a set (``same_people`` matches them)."""
    return dict.fromkeys((p for p in people if p), 1)


def same_people(a: Any, b: Any) -> bool:
    """Whether two sides name someone in common: the same full name, or a bare surname that is the
    last name of a full name on the other side ("maduro" meets "nicolas maduro").

    Full names, not surnames: "Priya Fairbanks" and "Ulrich Fairbanks" are two people. Matched by
    surname alone, a story that had gathered a few reports named most common surnames, so the
    check stopped telling events apart as the story grew (10,000-article fixture stream).
    A bare surname stays ambiguous: it meets any full name ending in it, unless its own side names a
    full name ending in it, which it then stands for (a story whose reports say "Valeria Nakashima"
    and "Nakashima" means her, not "Stellan Nakashima" of another story).
    """
    if len(a) > len(b):
        a, b = b, a
    if any(x in b for x in a):
        return True
    bare_a = _bare(a)
    bare_b = _bare(b)
    if bare_a and any(x.rsplit(" ", 1)[-1] in bare_a for x in b):
        return True
    return bool(bare_b) and any(x.rsplit(" ", 1)[-1] in bare_b for x in a)


def _bare(names: Any) -> list[str]:
    """The bare surnames among ``names`` that no full name among them ends in."""
    bare = [x for x in names if " " not in x]
    if not bare:
        return bare
    covered = {x.rsplit(" ", 1)[-1] for x in names if " " in x}
    return [x for x in bare if x not in covered]


def follow_merges(merges: dict[str, str], sid: str) -> str:
    """The final id of ``sid`` in a merged-away -> kept map built from ``drain_merges()``."""
    seen = 0
    while sid in merges and seen < 100_000:
        sid = merges[sid]
        seen += 1
    return sid


def reason_text(ents: list[str], terms: list[str], score: float, merged: bool) -> str:
    parts = []
    if ents:
        parts.append("shared entities: " + ", ".join(ents))
    if terms:
        parts.append("shared terms: " + ", ".join(terms))
    parts.append(f"similarity {score:.2f}")
    if merged:
        parts.append("merged with a similar story")
    return "; ".join(parts)


def dump_state(c: Any) -> dict[str, Any]:
    """A ``StoryClusterer``'s JSON-serialisable snapshot (``restore_state`` reads it back)."""
    return {
        "version": 1,
        "docs": c.docs,
        "arrivals": c.arrivals,
        "df": dict(c.df),
        "story_count": c.story_count,
        "sf": dict(c.sf),
        "next_id": c.next_id,
        "now": c.now,
        "closed": c.closed,
        "redirect": c.redirect,
        "cannot_link": sorted(list(p) for p in c.cannot_link),
        "pending": [list(p) for p in c.pending],
        "revisit": [list(r) for r in c.revisit],
        "later": [[due, list(r)] for due, _, r in c.later],
        "entity_bar": c.entity_bar.state(),
        "join_scores": c.join_scores.state(),
        "place_df": dict(c.place_df),
        "place_pairs": dict(c.place_pairs),
        "place_trust": c.place_trust.state(),
        "live": [
            {
                "sid": s.sid, "centroid": s.centroid, "members": s.members, "vectors": s.vectors,
                "first_t": s.first_t, "last_t": s.last_t, "first_report": s.first_report,
                "first_published": s.first_published, "last_published": s.last_published,
                "outlets": dict(s.outlets), "entities": dict(s.entities), "tick": s.tick, "pinned": s.pinned,
                "people": dict(s.people), "joins": s.joins, "times": {d: list(v) for d, v in s.times.items()},
                "split_at": s.split_at, "split_tests": s.split_tests,
            }
            for s in c.live.values()
        ],
    }


def restore_state(c: Any, state: dict[str, Any]) -> None:
    """Fill a fresh ``StoryClusterer`` from ``dump_state``'s snapshot (older snapshots too)."""
    if state.get("version") != 1:
        raise InputError(f"unknown story clusterer state version {state.get('version')!r}")
    c.docs, c.df, c.next_id = state["docs"], Counter(state["df"]), state["next_id"]
    c.arrivals = state.get("arrivals", c.docs)
    c.pending = deque((int(t), sid) for t, sid in state.get("pending", []))
    c.revisit = deque(Revisit(*r) for r in state.get("revisit", []))
    c.later = [(int(due), r[1], Revisit(*r)) for due, r in state.get("later", [])]
    heapq.heapify(c.later)
    if "sf" in state:
        c.story_count, c.sf = state["story_count"], Counter(state["sf"])
    else:  # a state saved before story frequencies: start from the document frequencies
        c.story_count, c.sf = c.docs, Counter({t: n for t, n in c.df.items() if t[0] != "@"})
    c._refresh_logs()
    c.entity_bar = EntityBar.from_state(state.get("entity_bar"))
    c._ent_veto = c.entity_bar.bar(c.options.entity_min, c.options.cohesion_k, c.options.entity_calibrate)
    c.join_scores = EntityBar.from_state(state.get("join_scores"))
    c.place_df = Counter(state.get("place_df", {}))
    c.place_pairs = Counter(state.get("place_pairs", {}))
    c.place_trust = PlaceTrust.from_state(state.get("place_trust"))
    c._places_on = c.place_trust.trusted(c.options.places_trust, c.options.join_calibrate)
    o = c.options
    c._stream_bar = max(o.join_threshold, c.join_scores.low(o.cohesion_k, o.join_calibrate) or 0.0)
    c.now, c.closed, c.redirect = state["now"], state["closed"], dict(state["redirect"])
    for gone in c.redirect:
        c.merged_from.setdefault(c.resolve(gone), []).append(gone)
    c.cannot_link = {tuple(p) for p in state["cannot_link"]}  # type: ignore[misc]
    for d in state["live"]:
        s = LiveStory(sid=d["sid"], centroid=d["centroid"], members=d["members"], vectors=d["vectors"],
                      first_t=d["first_t"], last_t=d["last_t"], first_report=d["first_report"],
                      first_published=d["first_published"], last_published=d["last_published"],
                      outlets=Counter(d["outlets"]), entities=Counter(d["entities"]), tick=d["tick"],
                      pinned=d["pinned"], people=Counter(d.get("people", {})), joins=d.get("joins", {}),
                      times={m: (float(t), iso) for m, (t, iso) in d.get("times", {}).items()},
                      split_at=d.get("split_at", 0), split_tests=d.get("split_tests", 0))
        s.join_sum, s.join_sq = sum(s.joins.values()), sum(v * v for v in s.joins.values())
        c.live[s.sid] = s
        for m in s.members:
            c.doc_story[m] = s.sid
        c._reindex(s)


def shared_with(vec: dict[str, float], story: LiveStory, idf: Callable[[str], float]
                ) -> tuple[list[str], list[str]]:
    """The terms and entities a document shares with a story, strongest first (the join's reason)."""
    common = [t for t in vec if t in story.centroid]
    common.sort(key=lambda t: -vec[t] * story.centroid[t] * idf(t) ** 2)
    ents = [t[1:] for t in common if t.startswith("@")][:5]
    terms = [t for t in common if not t.startswith("@")][:6]
    return terms, ents


def summarise(s: LiveStory, idf: Callable[[str], float]) -> Story:
    """A live story's public summary."""
    top = sorted((t for t in s.centroid if t[0] not in "@#"), key=lambda t: -s.centroid[t] * idf(t))  # words: no entity keys, no figures
    return Story(
        story_id=s.sid, members=list(s.members), first_report=s.first_report, first_seen=s.first_published,
        last_seen=s.last_published, outlets=[o for o, _ in s.outlets.most_common()], coverage=len(s.members),
        top_terms=top[:8], top_entities=[e for e, _ in s.entities.most_common(6)], pinned=s.pinned,
    )
