"""The clusterer's evidence: the stream-calibrated entity veto and the member-by-member merge score."""

from __future__ import annotations

import json
import random

from newsdesk.cluster import ClusterOptions, StoryClusterer, bcubed
from newsdesk.cluster.evidence import EntityBar, member_merge_score
from newsdesk.model import StoryDoc


def test_entity_bar_is_entity_min_until_enough_joins_then_mean_minus_k_sd():
    bar = EntityBar()
    for x in (0.3, 0.6) * 4:
        bar.observe(x)
    assert bar.bar(0.4, 2.0, 20) == 0.4  # 8 joins: not yet
    assert abs(bar.bar(0.4, 2.0, 5) - (0.45 - 2 * 0.15)) < 1e-9
    assert bar.bar(0.4, 2.0, 0) == 0.4  # calibration off


def test_entity_bar_never_rises_above_entity_min_nor_below_zero():
    high, low = EntityBar(), EntityBar()
    for _ in range(30):
        high.observe(0.95)
        low.observe(0.05)
    low.observe(0.9)
    assert high.bar(0.4, 2.0, 20) == 0.4
    assert low.bar(0.4, 2.0, 20) == 0.0


def test_entity_bar_halving_keeps_the_bar_and_round_trips():
    bar = EntityBar()
    for x in (0.2, 0.5, 0.35) * 10:
        bar.observe(x)
    before = bar.bar(0.4, 2.0, 20)
    bar.halve()
    assert abs(bar.bar(0.4, 2.0, 10) - before) < 1e-9
    assert EntityBar.from_state(bar.state()) == bar and EntityBar.from_state(None) == EntityBar()


def _noisy_stream(seed=1):
    """Ten events; reports share the event's words and two entities, and name up to six others in passing."""
    rng = random.Random(seed)
    docs, gold = [], []
    for i in range(120):
        e = rng.randrange(10)
        words = [f"event{e}w{k}" for k in range(8)] + ["officials", "said", "city"]
        extra = [f"passing{rng.randrange(5000)}" for _ in range(rng.randrange(7))]
        docs.append(StoryDoc(f"d{i}", [f"event{e}w0"], rng.sample(words, 7), [f"who{e}", f"where{e}"] + extra))
        gold.append(e)
    return docs, gold


def test_noisy_entities_no_longer_split_stories_once_the_veto_is_calibrated():
    docs, gold = _noisy_stream()
    scores = {}
    for calibrate in (0, 20):
        # split_alpha=0: each report here takes 7 of its event's 11 words, the worst case for the split
        # test (test_splitting.test_chance_groups_rarely_split); this test is about the entity veto
        c = StoryClusterer(ClusterOptions(entity_calibrate=calibrate, reassign_after=0, join_calibrate=0, split_alpha=0))
        for d in docs:
            c.add(d)
        scores[calibrate] = bcubed(gold, [c.story_of(d.doc_id) for d in docs])
        if calibrate:
            assert c.entity_bar.n >= 20 and c._ent_veto < 0.4
    assert scores[0][1] < 0.6 and scores[20] == (1.0, 1.0, 1.0)


def test_state_keeps_the_entity_calibration():
    docs, _ = _noisy_stream()
    c = StoryClusterer()
    for d in docs[:40]:
        c.add(d)
    r = StoryClusterer.from_state(json.loads(json.dumps(c.state())))
    assert r.entity_bar == c.entity_bar and r._ent_veto == c._ent_veto
    for d in docs[40:]:
        assert c.add(d).story_id == r.add(d).story_id


def test_member_merge_score_is_the_join_score_for_a_one_report_story():
    c = StoryClusterer(ClusterOptions(merge_threshold=1.1))  # no automatic merges
    a = c.add(StoryDoc("a", ["quake"], ["quake", "coast", "rescue", "tsunami"], ["chile", "valparaiso"]))
    b = c.add(StoryDoc("b", ["fire"], ["fire", "forest", "hectares", "rescue"], ["chile", "maule"]))
    sa, sb = c.live[a.story_id], c.live[b.story_id]
    direct = c._similarity(sb.vectors["b"], sa, None)
    assert abs(member_merge_score(c, sa, sb, 10) - direct) < 1e-12
    assert abs(c._merge_score(sa, sb) - direct) < 1e-12


def test_figures_differ_only_when_both_sides_name_figures_and_share_none():
    from newsdesk.cluster.evidence import figures_differ

    story = {"#3.3": 2.0, "takeover": 1.0}
    assert figures_differ({"#1.6": 1.0, "takeover": 1.0}, story)
    assert not figures_differ({"#3.3": 1.0, "#7": 1.0}, story)
    assert not figures_differ({"takeover": 1.0}, story)  # the report names no figure
    assert not figures_differ({"#1.6": 1.0}, {"takeover": 1.0})  # the story names none


def test_a_bid_with_another_amount_scores_half_against_the_story_of_the_first():
    words = ["brennmoor", "steel", "agrees", "takeover", "bid", "board", "shareholders", "offer"]
    scores = {}
    for factor in (1.0, 0.5):
        c = StoryClusterer(ClusterOptions(figures_factor=factor, merge_threshold=1.1))
        for i in range(3):
            c.add(StoryDoc(f"d{i}", ["brennmoor", "steel", "takeover", "#3.3"], words, ["brennmoor steel"]))
        scores[factor] = c.add(StoryDoc("x", ["brennmoor", "steel", "takeover", "#1.6"], words, ["brennmoor steel"])).score
    assert abs(scores[0.5] - 0.5 * scores[1.0]) < 1e-3


def test_entity_agreement_is_with_the_best_member_not_the_centroid():
    """A story of two template events: its centroid holds the shared keys twice, each event's own once."""
    from newsdesk.cluster.evidence import member_entities

    words = ["takeover", "bid", "board", "shareholders", "offer", "castel", "foods"]
    c = StoryClusterer(ClusterOptions(merge_threshold=1.1))
    for i, who in enumerate(["priya grimaldi", "gustavo kettering"]):
        c.add(StoryDoc(f"d{i}", ["castel", "takeover"], words, ["castel foods", "granholm securities", who]))
    c.add(StoryDoc("n", ["x"], ["y"], ["unrelated one", "unrelated two"]))  # frequencies for the keys
    story = c.live[c.story_of("d0")]
    assert len(story.members) == 2  # the two events met (shared organisation and adviser)
    third = c._vector(StoryDoc("z", [], [], ["castel foods", "granholm securities", "alden marchetti"]))
    same = c._vector(StoryDoc("y", [], [], ["castel foods", "granholm securities", "priya grimaldi"]))
    from newsdesk.cluster.vectors import channel_cosines

    centroid = channel_cosines(third, story.centroid, c._idf)[1]
    best_member = member_entities(c, third, story, 20)
    assert best_member < centroid  # the centroid flatters a third event through the shared keys
    assert abs(member_entities(c, same, story, 20) - 1.0) < 1e-9  # a report of a member's event agrees fully
    no_keys = c._vector(StoryDoc("w", ["a"], ["b"]))
    assert member_entities(c, no_keys, story, 20) is None  # no entities: no evidence


def test_the_join_bar_rises_to_the_streams_own_confident_joins():
    """Where reports of one event agree closely, a join far below the stream's usual score is another."""
    c = StoryClusterer(ClusterOptions(join_calibrate=5))
    for x in (0.8, 0.9) * 5:
        c.join_scores.observe(x)
    c.add(StoryDoc("a", ["one"], ["one", "two"]))  # the bar is refreshed on arrival
    assert abs(c._stream_bar - (0.85 - 2 * 0.05)) < 1e-9
    assert c._join_bar(c.live[c.story_of("a")]) == c._stream_bar
    low = StoryClusterer(ClusterOptions(join_calibrate=5))
    for x in (0.25, 0.6) * 5:
        low.join_scores.observe(x)
    low.add(StoryDoc("a", ["one"], ["one", "two"]))
    assert low._stream_bar == low.options.join_threshold  # never below join_threshold
    r = StoryClusterer.from_state(json.loads(json.dumps(c.state())), c.options)
    assert r.join_scores == c.join_scores and r._stream_bar == c._stream_bar


def test_a_report_below_the_streams_bar_starts_a_story_and_says_why():
    c = StoryClusterer(ClusterOptions(join_calibrate=5, merge_threshold=1.1))
    for x in (0.8, 0.9) * 5:
        c.join_scores.observe(x)
    words = ["castel", "foods", "takeover", "bid", "board", "offer"]
    c.add(StoryDoc("a", ["castel", "takeover"], words, ["castel foods", "granholm securities", "priya grimaldi"]))
    other = c.add(StoryDoc("b", ["castel", "takeover"], words + ["rejects"],
                           ["castel foods", "granholm securities", "alden marchetti"]))
    assert other.is_new and "below 0.75" in other.reason, other.reason
