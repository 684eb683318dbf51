"""The split test: a story holding two events of one kind is split; one event's story is not."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from itertools import combinations

from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.cluster.splitting import least_p, marks, tarone, two_means, upper_tail
from newsdesk.model import StoryDoc

SHARED = ["heavyweight", "title", "champion", "klitschko", "fight", "knockout", "round", "belt"]


def _fight(did: str, opponent: str, venue: str, i: int) -> StoryDoc:
    """A report of a title fight: the champion and the shared words, plus this fight's opponent and venue."""
    extra = [f"w{opponent}{i % 3}", f"detail{did}"]
    words = SHARED[: 6 + i % 3] + [opponent, venue, f"{opponent}camp"] + extra
    return StoryDoc(did, [SHARED[3], opponent, "fight"], words,
                    entities=["wladimir klitschko", f"{opponent} boxer", venue], people=["wladimir klitschko"])


def test_upper_tail_is_the_hypergeometric_tail():
    n, named, size = 9, 4, 3
    members = range(n)
    draws = list(combinations(members, size))
    for hits in range(0, 4):
        brute = sum(1 for d in draws if sum(1 for m in d if m < named) >= hits) / len(draws)
        assert math.isclose(upper_tail(hits, n, named, size), brute, rel_tol=1e-9)


def test_two_means_finds_two_plain_groups():
    a = [{"x": 1.0, "shared": 0.3, f"a{i}": 0.2} for i in range(4)]
    b = [{"y": 1.0, "shared": 0.3, f"b{i}": 0.2} for i in range(5)]
    labels = two_means(a + b)
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]


def test_marks_weakest_group_decides():
    keys = [{"rahman", "k"}] * 6 + [{"thompson", "k"}] * 6
    p, found, factor = marks(keys, [0] * 6 + [1] * 6, 0.05)
    # "k" is named by all 12: it can never pass, so Tarone counts 2 keys where Bonferroni counted 3
    assert found == ["rahman", "thompson"] and factor == 2 and math.isclose(p, 2 / math.comb(12, 6))
    p_one_sided, _, _ = marks([{"rahman", "k"}] * 6 + [{"k"}] * 6, [0] * 6 + [1] * 6, 0.05)
    assert p_one_sided == 1.0  # the second group names nothing of its own: no evidence for it


def test_tarone_counts_only_the_keys_that_could_pass():
    n, size = 20, 10
    rare = least_p(n, 2, size)  # a key named by 2 of 20 members: at best C(18, 8) / C(20, 10)
    assert math.isclose(rare, math.comb(18, 8) / math.comb(20, 10))
    decisive = least_p(n, 10, size)  # named by exactly one half: 1 / C(20, 10)
    least = sorted([rare] * 300 + [decisive] * 2)
    assert tarone(least, 0.05) == 2  # Bonferroni: 302
    assert tarone(sorted([0.001] * 30), 0.05) == 30  # every key could pass: Bonferroni's factor
    assert tarone([], 0.05) == 1


def test_a_story_of_two_fights_is_split_and_the_reason_given():
    """Two title defences by one champion, merged while young, come apart once each has grown."""
    c = StoryClusterer(ClusterOptions(reassign_after=0))
    first = c.add(_fight("r0", "rahman", "mannheim", 0)).story_id
    for i in range(1, 8):
        assert c.add(_fight(f"r{i}", "rahman", "mannheim", i)).story_id == first
    story = c.live[first]
    for i in range(8):  # the other fight's reports, put in the same story as a young stream might
        d = _fight(f"t{i}", "thompson", "berne", i)
        c._attach(story, d, c._vector(d), None)
    story.split_at = 0
    c.add(_fight("r8", "rahman", "mannheim", 8))
    moves = c.drain_moves()
    assert sorted(m.doc_id for m in moves) == [f"t{i}" for i in range(8)]
    new = moves[0].to_story
    assert new != first and all(m.from_story == first and m.to_story == new for m in moves)
    assert "split from story" in moves[0].reason and "berne" in moves[0].reason
    assert c.story_of("r8") == first and c.story_of("t3") == new
    assert tuple(sorted((first, new))) in c.cannot_link
    assert c.story(new).coverage == 8 and c.story(first).coverage == 9
    assert c.live[new].people["wladimir klitschko"] == 8  # the movers' people went with them
    c2 = StoryClusterer.from_state(json.loads(json.dumps(c.state())), c.options)
    assert c2.live[new].split_at == c.live[new].split_at


def test_two_fights_told_in_whole_articles_are_split():
    """Whole articles name many details that only one other report names, and no report names every
    detail of its event. Under Bonferroni each passing detail counted against the evidence, so two
    fights merged into one story of 16 reports stayed merged: each fight's best key (named by 7 of
    its 8 reports, none of the other's) scored 10 / 24,310, times some 400 keys. A key named by two
    reports of 17 cannot reach a small p-value whatever the split, and Tarone's correction leaves it
    out."""
    rng = random.Random(3)
    docs = []
    for fight, (opponent, venue) in enumerate((("rahman", "mannheim"), ("thompson", "berne"))):
        own = [opponent, venue, f"{opponent}camp", f"{venue}arena", f"{opponent}purse", f"{venue}crowd",
               f"{opponent}trainer", f"{venue}mayor"]
        for i in range(8):  # key j is left out by report j: each is named by 7 of 8
            mine = [k for j, k in enumerate(own) if i != j]
            docs.append(StoryDoc(f"{opponent[0]}{i}", [SHARED[3], "fight"], SHARED[:6] + mine,
                                 entities=["wladimir klitschko"] + [k for k in (opponent, venue) if k in mine],
                                 people=["wladimir klitschko"]))
    order = list(range(16))
    for round_ in range(50):  # each report names 50 passing details, each shared with one other report
        rng.shuffle(order)
        for a, b in zip(order[::2], order[1::2]):
            for i in (a, b):
                docs[i].terms.append(f"aside{round_}x{min(a, b)}")
    c = StoryClusterer(ClusterOptions(reassign_after=0))
    first = c.add(docs[0]).story_id
    story = c.live[first]
    for d in docs[1:]:
        c._attach(story, d, c._vector(d), None)
    named = Counter(k for m in story.members for k in story.vectors[m])
    assert sum(1 for n in named.values() if n >= 2) > 400  # Bonferroni's factor
    story.split_at = 0
    c.add(StoryDoc("r8", docs[0].title_terms, list(docs[0].terms), entities=list(docs[0].entities),
                   people=["wladimir klitschko"]))
    moved = sorted(m.doc_id for m in c.drain_moves())
    assert moved == [f"t{i}" for i in range(8)]


def _one_fight(seed: int, details: int, places: int, n: int = 30) -> StoryClusterer:
    """One fight's reports, each naming a random share of the fight's details and entities."""
    rng = random.Random(seed)
    words = [f"detail{j}" for j in range(details)]
    ents = [f"place{j}" for j in range(places)]
    c = StoryClusterer(ClusterOptions(reassign_after=0))
    for i in range(n):
        doc = StoryDoc(f"r{i}", ["klitschko", "rahman", "fight"],
                       SHARED[:6] + ["rahman"] + rng.sample(words, details * 2 // 5) + [f"own{i}"],
                       entities=["wladimir klitschko"] + rng.sample(ents, places // 2), people=["wladimir klitschko"])
        c.add(doc)
    return c


def test_one_fight_reported_in_many_ways_is_not_split():
    """Reports of one fight, each naming some of its details at random, stay one story."""
    for seed in range(5):
        c = _one_fight(seed, details=40, places=20)
        assert len(c.live) == 1 and not c.drain_moves()


def test_chance_groups_rarely_split():
    """The worst case for 2-means: few details, so every random partition has keys of its own.
    The permutation check (``beats_chance``) keeps the test near its level: measured 2 of 30
    single-event stories split over their growth to 30 reports (0 of 30 when the key count was
    corrected by Bonferroni rather than Tarone; 12 of 30 without the check, in an earlier version)."""
    split = sum(1 for seed in range(30) if any(m.reason for m in _one_fight(seed, details=10, places=7).drain_moves()))
    assert split <= 8


def test_stories_without_entities_are_never_split():
    """Pre-processed snippets (GoogleNews) name no entities: their stories' parts are sub-topics."""
    c = StoryClusterer(ClusterOptions(reassign_after=0))
    docs = [_fight(f"r{i}", "rahman", "mannheim", i) for i in range(8)] + [
        _fight(f"t{i}", "thompson", "berne", i) for i in range(8)]
    docs = [StoryDoc(d.doc_id, d.title_terms, d.terms) for d in docs]
    sid = c.add(docs[0]).story_id
    story = c.live[sid]
    for d in docs[1:]:
        c._attach(story, d, c._vector(d), None)
    c.add(StoryDoc("r9", docs[1].title_terms, docs[1].terms))
    assert not c.drain_moves()


def test_split_off_switch():
    c = StoryClusterer(ClusterOptions(reassign_after=0, split_alpha=0))
    sid = c.add(_fight("r0", "rahman", "mannheim", 0)).story_id
    story = c.live[sid]
    for i in range(8):
        d = _fight(f"t{i}", "thompson", "berne", i)
        c._attach(story, d, c._vector(d), None)
    for i in range(1, 8):
        c.add(_fight(f"r{i}", "rahman", "mannheim", i))
    assert not [m for m in c.drain_moves() if m.reason]
