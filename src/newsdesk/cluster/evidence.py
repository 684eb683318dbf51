"""Evidence the story clusterer weighs beyond word overlap: how well entities agree in this stream,
and whether two live stories' members, one by one, belong together.

``EntityBar`` calibrates the entity veto to the stream. ``member_merge_score`` is the merge rule's
score. Both are used by ``stories.StoryClusterer``; pure state and functions, no storage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class EntityBar:
    """The entity agreement below which a join or merge is vetoed, calibrated on the stream itself.

    Reports of one event agree on their entities as well as the entity keys allow. Template-clean
    text agrees closely (fixture web: median entity cosine .86 of a report to its own story);
    rule-based entities of real whole articles much less (ECB+: .44), since an article names many
    people and places in passing and the keys are noisy ("edt wladimir klitschko", "jags" beside
    "jacksonville jaguars"). A fixed veto at ``entity_min`` (0.4, set on the fixture web)
    therefore cut half of ECB+'s reports off their stories. The clusterer keeps running sums of the
    entity cosine of its confident joins (score at or above ``join_threshold``, entities on both
    sides); after ``min_joins`` of them the veto is mean - k * sd of those cosines (k =
    ``cohesion_k``, as for a loose story's join bar), never above ``entity_min`` and never below 0.
    Where entities agree well nothing changes; where they are noisy, the veto follows. The sums
    are halved with the document frequencies (``halve``), so the bar follows recent text.
    """

    n: float = 0.0
    total: float = 0.0
    sq: float = 0.0

    def observe(self, cos_ents: float) -> None:
        self.n += 1.0
        self.total += cos_ents
        self.sq += cos_ents * cos_ents

    def bar(self, entity_min: float, k: float, min_joins: int) -> float:
        if min_joins <= 0 or self.n < max(2, min_joins):
            return entity_min
        mean = self.total / self.n
        sd = math.sqrt(max(0.0, self.sq / self.n - mean * mean))
        return max(0.0, min(entity_min, mean - k * sd))

    def halve(self) -> None:
        self.n, self.total, self.sq = self.n / 2.0, self.total / 2.0, self.sq / 2.0

    def state(self) -> list[float]:
        return [self.n, self.total, self.sq]

    @classmethod
    def from_state(cls, s: list[float] | None) -> "EntityBar":
        return cls(*s) if s else cls()


def member_merge_score(c: Any, a: Any, b: Any, sample: int) -> float:
    """How well the smaller story's members, one by one, join the bigger story (mean score).

    Each of the smaller story's ``sample`` most recent members is scored against the bigger
    story exactly as a joining document is (``StoryClusterer._similarity``: term and entity
    channels, the entity veto, time); the mean is on the join scale, so a one-article story
    merges exactly when its article would have joined. Before this, the score was the centroid
    cosine times the smaller story's cohesion: on whole articles two stories of one topic
    (two heavyweight title defences by one champion) have centroids whose entity channels agree
    on the topic's entities, while their members one by one do not.
    """
    small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
    ids = small.members[-sample:]
    if not ids:
        return 0.0
    total = 0.0
    for d in ids:
        when = small.times.get(d)
        total += c._similarity(small.vectors[d], big, when[0] if when else None)
    return total / len(ids)


def figures_differ(vec: dict[str, float], centroid: dict[str, float]) -> bool:
    """Both headlines' sides name figures ("#" keys: amounts, scores, counts) and share none.

    Same company, same template, other amount: "Brennmoor Steel agrees $3.3 billion takeover bid"
    and "... $1.6 billion takeover bid" are two bids. A story's figures are those its members'
    headlines name (its centroid's "#" keys).
    """
    mine = [k for k in vec if k[0] == "#"]
    if not mine or not any(k[0] == "#" for k in centroid):
        return False
    return not any(k in centroid for k in mine)
