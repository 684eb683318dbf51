"""Top stories and related articles: pure functions over stories and documents.

Top stories are ranked by coverage breadth (distinct outlets), volume, freshness, growth and
prominence; every ``RankedStory`` carries those figures so the rank can be explained:

    score = (log2(1 + outlets) + 0.5 * log2(1 + coverage)) * freshness
            * (1 + 0.5 * min(growth, 3) / 3) * (1 + 0.5 * prominence)

with freshness = 0.5 ** (hours since the last article / ``half_life_hours``) and growth = articles
in the last ``growth_hours`` / (articles before that + 1).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..model import RankedStory, Story, StoryDoc
from .stories import parse_time


@dataclass(frozen=True, slots=True)
class RankOptions:
    half_life_hours: float = 12.0
    growth_hours: float = 6.0
    min_coverage: int = 1
    limit: int = 20


def top_stories(
    stories: Sequence[Story],
    *,
    now: str | None = None,
    published: Mapping[str, str | None] | None = None,
    prominence: Mapping[str, float] | None = None,
    options: RankOptions = RankOptions(),
) -> list[RankedStory]:
    """Rank ``stories``; ``published``/``prominence`` map member doc ids to their time/placement."""
    published = published or {}
    prominence = prominence or {}
    now_h = parse_time(now)
    if now_h is None:
        times = [parse_time(s.last_seen) for s in stories]
        now_h = max((t for t in times if t is not None), default=None)
    out: list[RankedStory] = []
    for s in stories:
        coverage = s.coverage or len(s.members)
        if coverage < options.min_coverage:
            continue
        last = parse_time(s.last_seen)
        fresh = 1.0 if now_h is None or last is None else 0.5 ** (max(0.0, now_h - last) / options.half_life_hours)
        recent = older = 0
        for m in s.members:
            t = parse_time(published.get(m))
            if t is None or now_h is None:
                continue
            if now_h - t <= options.growth_hours:
                recent += 1
            else:
                older += 1
        growth = recent / (older + 1)
        prom = sum(prominence.get(m, 0.0) for m in s.members) / max(1, len(s.members))
        outlets = len(s.outlets)
        score = (math.log2(1 + outlets) + 0.5 * math.log2(1 + coverage)) * fresh
        score *= (1 + 0.5 * min(growth, 3.0) / 3.0) * (1 + 0.5 * prom)
        out.append(RankedStory(s.story_id, round(score, 4), outlets, coverage, round(fresh, 4),
                               round(growth, 3), round(prom, 3)))
    out.sort(key=lambda r: (-r.score, -r.outlets, r.story_id))
    return out[: options.limit]


def log_tf(d: StoryDoc) -> list[tuple[str, float]]:
    """A document's sublinear term frequencies, 1 + ln(count), title words counting 2 more, in a
    fixed order (``related_articles`` weighs them by IDF; a caller may keep them per document)."""
    tf = Counter(d.terms)
    for t in dict.fromkeys(d.title_terms):  # title words count 2 more, in Counter addition's order
        tf[t] += 2
    return [(t, 1 + math.log(c)) for t, c in tf.items()]


def related_articles(
    target: StoryDoc,
    story_members: Sequence[str],
    pool: Sequence[StoryDoc],
    *,
    df: Mapping[str, int] | None = None,
    docs: int = 0,
    limit: int = 6,
    min_similarity: float = 0.05,
    tfs: Mapping[str, list[tuple[str, float]]] | None = None,
) -> list[tuple[str, str, float]]:
    """(doc id, why, score): same-story articles first (newest first), then similar ones in the section.

    ``pool`` holds recent candidate documents (the caller bounds it, e.g. the section's latest few
    hundred); similarity is TF-IDF cosine with the given document frequencies. ``tfs``: each
    document's ``log_tf`` by doc id, where the caller keeps them (else they are made here).
    """
    out: list[tuple[str, str, float]] = []
    seen = {target.doc_id}
    by_id = {d.doc_id: d for d in pool}
    same = [m for m in story_members if m not in seen]
    same.sort(key=lambda m: parse_time(by_id[m].published) or 0.0 if m in by_id else 0.0, reverse=True)
    for m in same[:limit]:
        out.append((m, "same story", 1.0))
        seen.add(m)
    if len(out) >= limit:
        return out
    df = df or {}
    n = max(docs, 1)
    kept = tfs or {}

    idf: dict[str, float] = {}  # each term's weight, worked out once per call (a pool shares its words)

    def weights(d: StoryDoc) -> tuple[dict[str, float], float]:
        """The document's TF-IDF weights and their norm."""
        v = {}
        for t, lt in kept.get(d.doc_id) or log_tf(d):
            w = idf.get(t)
            if w is None:
                w = idf[t] = math.log((n + 1) / (df.get(t, 0) + 1)) + 1
            v[t] = lt * w
        return v, math.sqrt(sum(x * x for x in v.values())) or 1.0

    tw, tnorm = weights(target)
    tv = {t: x / tnorm for t, x in tw.items()}
    scored = []
    for d in pool:
        if d.doc_id in seen or (target.section and d.section != target.section):
            continue
        v, norm = weights(d)
        s = sum((x * (v[t] / norm) for t, x in tv.items() if t in v), 0.0)  # the cosine; absent terms add 0
        if s >= min_similarity:
            scored.append((s, d.doc_id))
    scored.sort(reverse=True)
    for s, doc_id in scored[: limit - len(out)]:
        out.append((doc_id, f"similar in {target.section}" if target.section else "similar", round(s, 4)))
    return out
