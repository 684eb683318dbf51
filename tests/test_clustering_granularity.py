"""benchmarks/clustering_granularity.py: gold stories the engine's own merge rule calls one story."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import clustering_granularity as cg  # noqa: E402

from newsdesk.cluster import StoryClusterer  # noqa: E402
from newsdesk.model import StoryDoc  # noqa: E402


def test_joined_makes_listed_pairs_one_story_transitively():
    gold = ["a", "b", "c", "d", "a"]
    out = cg.joined(gold, [(0.5, "a", "b"), (0.3, "b", "c")])
    assert out[0] == out[1] == out[2] == out[4] != out[3]
    assert cg.joined(gold, []) == gold


def test_pairs_are_gold_stories_the_merge_rule_would_join():
    engine = StoryClusterer()
    words = {"v": ["volcano", "ash", "flights", "airport", "cancelled"],
             "w": ["volcano", "ash", "flights", "airport", "delays"],
             "f": ["football", "final", "goal", "stadium", "cup"]}
    gold = []
    for i, g in enumerate("vwfvwf"):
        engine.add(StoryDoc(str(i), [], words[g], [], None, "X"))
        gold.append(g)
    stories = cg.gold_stories(engine, gold)
    assert sorted(stories) == ["f", "v", "w"] and len(stories["v"].members) == 2
    pairs = cg.indistinct_pairs(engine, stories)
    assert [(a, b) for _, a, b in pairs] == [("v", "w")]
    assert pairs[0][0] >= engine.options.merge_threshold
