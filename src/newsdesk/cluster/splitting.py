"""The story clusterer's split test: a story whose members fall into two groups, each with words of
its own that the other group does not use, is two stories.

Two events of one kind (two title defences by one champion, two security patches for one browser)
share the main entity and most words, so early on a report of the second can join the first's
story, or the two young stories merge (their scores overlap those of two halves of one event), and
from then on both events gather in one. Once such a story has grown, its members show it: each
event's reports keep naming what the other's never name (the other opponent, the venue, the year).
``split_test`` looks for that when a story has grown by ``split_growth`` since the last test,
on its ``split_sample`` most recent members:

1. Two groups by 2-means (spherical k-means, k = 2) on the members' vectors, each channel
   (terms, entity keys) IDF-weighted and scaled to unit length, then joined with equal weight;
   deterministic seeds (``two_means``).
2. The evidence: for each group, the term or entity key most over-represented in it, by the
   one-sided Fisher exact test (hypergeometric upper tail) against the rest of the story; the
   weaker group's p-value, corrected for the keys tested, must be at most alpha (``marks``). The
   correction is Tarone's for discrete tests (``tarone``): a key named by two members of thirty
   cannot reach a small p-value whatever the split, so it is not counted. Bonferroni over every
   key named twice (the first version) held whole articles to a factor of 100-270 (ECB+), most
   of it keys that could never have passed; Tarone's is 6-39 on the same stories. Both groups must have at least ``split_min``
   members.
3. The Fisher p-value does not know that 2-means chose the partition its keys separate best, so
   the whole procedure is also run on ``1 / alpha - 1`` randomised copies of the story (its keys
   traded between members, every member and key keeping its count: ``_shuffled``) and the story's
   own p-value must beat every one of them (``beats_chance``).
4. A story is tested again as it grows, so the i-th test run on a story is held to
   ``split_alpha`` / i; a test that could not pass at the story's size is not run (``can_pass``).

Where is simpler evidence, used first where this stream trusts it (``place_split``): two places each
named by ``split_min`` of the story's reports and never together by one document. A story of one
report is sure of no place, so another town's report of the same kind can join it; after that the
story names both towns and the join rule no longer tells them apart (the last mixed story of the
10,000-article fixture stream: two housing columns by two columnists named Czerny, Surrenne and
Pelagos).

A story whose members name no entities (pre-processed snippets) is not tested: there the words of
a story's parts are its sub-topics, and two halves of one story differ as much as two events do
(GoogleNews, ``benchmarks/UNDERSTANDING.md``). ``StoryClusterer._maybe_split`` moves the group
without the story's first report to a new story and forbids the two to merge again.
Pure functions over the clusterer's state; no storage.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Any, Callable

from .evidence import pair_key

Vec = dict[str, float]


def member_view(vec: Vec, idf: Callable[[str], float]) -> Vec:
    """A member's vector for the split test: each channel IDF-weighted, unit length, weight 1/sqrt(2)."""
    t = {k: v * idf(k) for k, v in vec.items() if k[0] != "@"}
    e = {k: v * idf(k) for k, v in vec.items() if k[0] == "@"}
    out: Vec = {}
    for part in (t, e):
        n = math.sqrt(sum(x * x for x in part.values()))
        if n:
            s = 1.0 / (n * math.sqrt(2.0))
            for k, x in part.items():
                out[k] = x * s
    return out


def _dot(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(x * get(k, 0.0) for k, x in a.items())


def _sum(views: list[Vec]) -> Vec:
    out: Vec = {}
    for v in views:
        for k, x in v.items():
            out[k] = out.get(k, 0.0) + x
    return out


def _lloyd(views: list[Vec], a: int, b: int, iterations: int) -> tuple[float, list[int]]:
    centres = [views[a], views[b]]
    labels: list[int] = []
    for _ in range(iterations):
        norms = [math.sqrt(_dot(c, c)) or 1.0 for c in centres]
        new = [0 if _dot(v, centres[0]) / norms[0] >= _dot(v, centres[1]) / norms[1] else 1 for v in views]
        if new == labels or len(set(new)) < 2:
            labels = new
            break
        labels = new
        centres = [_sum([v for v, g in zip(views, labels) if g == k]) for k in (0, 1)]
    sums = [_sum([v for v, g in zip(views, labels) if g == k]) for k in (0, 1)]
    return sum(math.sqrt(_dot(s, s)) for s in sums), labels


def two_means(views: list[Vec], iterations: int = 10, starts: int = 4) -> list[int]:
    """Labels 0/1 from spherical 2-means (cosine to the groups' sums), the best of ``starts`` deterministic
    seedings: each of the members least like the story, with the member least like it."""
    total = _sum(views)
    order = sorted(range(len(views)), key=lambda i: _dot(views[i], total))
    best: tuple[float, list[int]] | None = None
    for a in order[:starts]:
        b = min((i for i in range(len(views)) if i != a), key=lambda i: _dot(views[i], views[a]))
        got = _lloyd(views, a, b, iterations)
        if best is None or got[0] > best[0]:
            best = got
    assert best is not None
    return best[1]


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def upper_tail(hits: int, n: int, named: int, size: int) -> float:
    """P(X >= hits) for X hypergeometric: ``size`` members drawn from ``n`` of which ``named`` name the key.

    The one-sided Fisher exact test of a key being named more often in a group of ``size`` members
    than in the rest of the story.
    """
    top = min(named, size)
    base = _log_choose(n, size)
    return min(1.0, sum(math.exp(_log_choose(named, x) + _log_choose(n - named, size - x) - base)
                        for x in range(hits, top + 1)))


@lru_cache(maxsize=65536)
def least_p(n: int, named: int, size: int) -> float:
    """The smallest ``upper_tail`` a key named by ``named`` of ``n`` members can reach in a group of ``size``."""
    return upper_tail(min(named, size), n, named, size)


def tarone(least: list[float], alpha: float) -> int:
    """Tarone's correction factor (Tarone 1990, "A modified Bonferroni method for discrete data"): the
    smallest k such that at most k of the keys could reach a p-value of alpha / k (``least``: each
    key's ``least_p``, sorted). A test at alpha / k over those keys holds the family-wise level; keys
    that could never pass are not counted, whereas Bonferroni counts them all."""
    lo, hi = 1, max(1, len(least))
    while lo < hi:  # the count of keys under alpha / k falls as k grows: the first k it does not exceed
        mid = (lo + hi) // 2
        if bisect_right(least, alpha / mid) <= mid:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _factor(counts: list[int], n: int, size: int, alpha: float) -> int:
    """Tarone's factor for a group of ``size`` over keys named by ``counts`` members each."""
    return tarone(sorted(least_p(n, m, size) for m in counts), alpha)


def marks(keys: list[set[str]], labels: list[int], alpha: float) -> tuple[float, list[str], int]:
    """The weaker group's evidence: for each group its most over-represented key (smallest ``upper_tail``),
    times the group's Tarone factor at ``alpha`` (over the keys named by two members or more); returns
    the larger of the two corrected p-values, the two keys, and the larger factor."""
    n = len(labels)
    named = Counter(x for s in keys for x in s)
    counts = [c for c in named.values() if c >= 2]
    worst, best_keys, factor = 0.0, [], 1
    for k in (0, 1):
        size = labels.count(k)
        mine = Counter(x for s, g in zip(keys, labels) if g == k for x in s)
        p, key = min(((upper_tail(c, n, named[x], size), x) for x, c in mine.items() if named[x] >= 2),
                     default=(1.0, ""))
        f = _factor(counts, n, size, alpha)
        worst = max(worst, min(1.0, p * f))
        factor = max(factor, f)
        best_keys.append(key)
    return worst, best_keys, factor


def _shuffled(vecs: list[Vec], rng: random.Random) -> list[Vec]:
    """The members' vectors with their keys traded at random, every member keeping as many keys and
    every key as many members as before (the curveball algorithm, Strona et al. 2014: two members at
    a time pool the keys only one of them has and deal them out again, five rounds per member). What
    is left is the story without any keys going together beyond what those counts force."""
    out = [dict(v) for v in vecs]
    n = len(out)
    for _ in range(5 * n):
        i, j = rng.sample(range(n), 2)
        a, b = out[i], out[j]
        only_a = [k for k in a if k not in b]
        only_b = [k for k in b if k not in a]
        if not only_a or not only_b:
            continue
        pool = [(k, a.pop(k)) for k in only_a] + [(k, b.pop(k)) for k in only_b]
        rng.shuffle(pool)
        a.update(pool[: len(only_a)])
        b.update(pool[len(only_a):])
    return out


def beats_chance(c: Any, vecs: list[Vec], p: float, alpha: float, salt: str) -> bool:
    """Whether ``p`` is smaller than the test gives on every one of ``round(1 / alpha) - 1`` shuffled
    copies of the story (``_shuffled``): a randomisation test at level ``alpha`` of the whole procedure.

    2-means picks the partition that its keys separate best, so even a story whose keys go together
    only by chance (each report naming a random few of the event's details) gets groups with keys
    of their own; the Fisher p-value does not know the partition was chosen. The shuffled copies
    go through the same choice, so beating all of them means more than chance.
    """
    rng = random.Random(f"{salt}:{len(vecs)}")
    for _ in range(max(1, round(1.0 / alpha) - 1)):
        fake = _shuffled(vecs, rng)
        labels = two_means([member_view(v, c._idf) for v in fake])
        if min(labels.count(0), labels.count(1)) < 1:
            continue
        q, _, _ = marks([set(v) for v in fake], labels, alpha)
        if q <= p:
            return False
    return True


def can_pass(vecs: list[Vec], alpha: float) -> bool:
    """Whether the story is big enough to be tested: a key named by exactly one half of its members (the
    strongest evidence a split can have: one over the number of ways to pick that half) would pass
    even Bonferroni's correction over every key named twice. Smaller stories are not tested: a few
    reports sharing dozens of keys cannot show two events this way, and a test of every story of six
    or more at the nominal level splits single events by chance (fixture web 2k, seeds 0 and 2:
    B3-F1 .9786 / .9735 -> .9771 / .9721 when the gate used Tarone's factor instead). It also
    keeps the test's cost off the many small stories of a stream."""
    n = len(vecs)
    named = Counter(k for v in vecs for k in v)
    tested = sum(1 for c in named.values() if c >= 2)
    return math.exp(-_log_choose(n, n // 2)) * max(1, tested) <= alpha


def split_test(c: Any, story: Any, sample: int, min_size: int, alpha: float) -> tuple[list[str], float, list[str]] | None:
    """The members to split off ``story`` (the group without its first report), the evidence's p-value
    (corrected for the keys tested: ``marks``) and each group's distinctive word; None when the story is one
    event by this test."""
    ids = story.members[-sample:]
    vecs = [story.vectors[d] for d in ids]
    if sum(1 for v in vecs if any(k[0] == "@" for k in v)) < 2 * min_size:
        return None
    alpha /= story.split_tests + 1  # the i-th test run on a story is held to alpha / i
    if not can_pass(vecs, alpha):
        return None
    story.split_tests += 1
    labels = two_means([member_view(v, c._idf) for v in vecs])
    if min(labels.count(0), labels.count(1)) < min_size:
        return None
    p, found, _ = marks([set(v) for v in vecs], labels, alpha)
    if p > alpha or not beats_chance(c, vecs, p, alpha, story.sid):
        return None
    keep = labels[ids.index(story.first_report)] if story.first_report in ids else Counter(labels).most_common(1)[0][0]
    words = [k[1:] if k[0] in "@#" else k for k in found]
    if keep == 1:
        words.reverse()  # the kept group's word first
    return [d for d, g in zip(ids, labels) if g != keep], p, words


def place_split(c: Any, story: Any, sample: int, min_size: int) -> tuple[list[str], str, str] | None:
    """Two places that split ``story``'s reports: each named by ``min_size`` of them or more, never by one
    report together, nor by any document of the stream (``StoryClusterer.place_pairs``: a town and its
    country). Returns the members to split off (those naming the place the first report does not) and
    the two places (kept first); None when there is no such pair. Only where places are evidence in
    this stream (``StoryClusterer._places_on``), as for a join."""
    pairs = c.place_pairs
    sure = story.places  # named by two reports: a pair of places named by three must be among them
    if all(pair_key(p, q) in pairs for i, p in enumerate(sure) for q in sure[i + 1:]):
        return None  # a town and its country: nothing to scan
    ids = story.members[-sample:]
    named: dict[str, list[str]] = {}
    for d in ids:
        for k in story.vectors[d]:
            if k[0] == "@" and c.is_place(k):
                named.setdefault(k, []).append(d)
    sure = sorted((k for k, ds in named.items() if len(ds) >= min_size), key=lambda k: (-len(named[k]), k))
    for i, p in enumerate(sure):
        for q in sure[i + 1:]:
            if pair_key(p, q) in pairs:
                continue
            a, b = set(named[p]), set(named[q])
            if a & b:
                continue
            if story.first_report in b or (story.first_report not in a and len(b) > len(a)):
                p, q, a, b = q, p, b, a
            return [d for d in ids if d in b], p[1:], q[1:]
    return None
