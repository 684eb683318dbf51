import json
import sys

import pytest

from newsdesk.cluster import ClusterOptions, StoryClusterer, bcubed
from newsdesk.errors import InputError
from newsdesk.model import StoryDoc


def run(docs, options=ClusterOptions()):
    c = StoryClusterer(options)
    assigned = {d.doc_id: c.add(d) for d in docs}
    return c, assigned


def test_events_cluster_and_hard_negative_stays_apart(docs, truth):
    c, assigned = run(docs)
    ids = [d.doc_id for d in docs]
    pred = [c.story_of(i) for i in ids]
    p, r, f = bcubed([truth[i] for i in ids], pred)
    assert (p, r) == (1.0, 1.0), (pred, [truth[i] for i in ids])
    assert assigned["a1"].is_new and not assigned["a2"].is_new
    assert c.story_of("q1") != c.story_of("a1")  # another earthquake is another story


def test_assignment_explains_itself(docs):
    _, assigned = run(docs)
    b2 = assigned["b2"]
    assert "nicolas maduro" in b2.shared_entities or "venezuela" in b2.shared_entities
    assert "strike" in b2.shared_terms and "similarity" in b2.reason and b2.score > 0


def test_story_summary_has_timeline_facts(docs):
    c, _ = run(docs)
    s = c.story(c.story_of("a2"))
    assert s.members == ["a1", "a2", "a3"] and s.coverage == 3
    assert s.first_report == "a1" and s.first_seen == "2025-03-01T02:00:00Z" and s.last_seen == "2025-03-01T07:00:00Z"
    assert set(s.outlets) == {"Daily Planet", "Morning Post", "Evening Star"}
    assert "hokkaido" in s.top_terms


def test_state_round_trip_continues_identically(docs):
    c1, _ = run(docs[:5])
    c2 = StoryClusterer.from_state(json.loads(json.dumps(c1.state())))
    rest1 = [c1.add(d) for d in docs[5:]]
    rest2 = [c2.add(d) for d in docs[5:]]
    assert [(a.story_id, a.is_new) for a in rest1] == [(a.story_id, a.is_new) for a in rest2]
    with pytest.raises(InputError):
        StoryClusterer.from_state({"version": 99})


def test_operator_merge_and_split_stick(docs):
    c, _ = run(docs)
    quake, final = c.story_of("a1"), c.story_of("c1")
    kept = c.merge(quake, final)
    assert c.story_of("c2") == kept == c.story_of("a3")
    new = c.split(kept, ["c1", "c2"])
    assert c.story_of("c1") == new and c.story_of("a1") == kept
    # the split pair is never merged again automatically, and a new final report joins the split story
    more = StoryDoc("c3", ["arsenal", "league", "cup", "final", "saka"], ["arsenal", "chelsea", "wembley", "saka"],
                    ["arsenal", "chelsea", "bukayo saka"], "2025-03-01T09:00:00Z", "Other")
    a = c.add(more)
    assert a.story_id == new and c.story_of("a1") == kept
    with pytest.raises(InputError):
        c.split(kept, [])


def test_time_window_closes_old_stories(docs):
    c, _ = run(docs, ClusterOptions(window_hours=24))
    later = StoryDoc("late", docs[0].title_terms, docs[0].terms, docs[0].entities, "2025-03-09T00:00:00Z", "X")
    a = c.add(later)
    assert a.is_new and c.closed >= 2 and c.story_of("a1") is None


def test_order_is_deterministic(docs):
    _, a = run(docs)
    _, b = run(docs)
    assert [(x.story_id, x.score) for x in a.values()] == [(x.story_id, x.score) for x in b.values()]


def test_rejects_doc_without_id():
    with pytest.raises(InputError):
        StoryClusterer().add(StoryDoc(""))


def test_merges_are_reported_for_the_store(docs):
    c, _ = run(docs)
    c.drain_merges()
    quake, final = c.story_of("a1"), c.story_of("c1")
    c.merge(quake, final)
    assert c.drain_merges() == [(final, quake)] and c.drain_merges() == []


def test_state_stays_bounded_as_the_stream_moves_on():
    """Vocabulary halves at the horizon (terms seen once fall out); redirects and looks go with closed stories."""
    c = StoryClusterer(ClusterOptions(df_horizon=200, window_hours=5, reassign_after=10))
    merged = {}
    for i in range(2000):
        ev = i // 4  # four reports per event, an hour apart per event
        doc = StoryDoc(f"d{i}", [f"ev{ev}a", f"ev{ev}b", "news"], [f"ev{ev}a", f"ev{ev}c", f"rare{i}"],
                       [f"person {ev}"], "2025-01-01T00:00:00Z" if i == 0 else
                       f"2025-01-{1 + ev // 24:02d}T{ev % 24:02d}:00:00Z", "X")
        c.add(doc)
        merged.update(c.drain_merges())
    assert c.docs < 200 and len(c.df) < 1000  # 2,000 unique "rare" terms were seen
    assert len(c.live) < 20 and c.closed > 400
    assert all(c.resolve(k) in c.live for k in c.redirect)  # nothing points at a closed story
    assert len(c.revisit) <= 10 and len(c.later) < 100  # looks end with the story
    c2 = StoryClusterer.from_state(json.loads(json.dumps(c.state())))
    assert c2.arrivals == c.arrivals == 2000 and list(c2.pending) == list(c.pending)


def test_follow_merges_gives_final_ids_after_stories_close(docs):
    from newsdesk.cluster import follow_merges

    c, _ = run(docs)
    quake, final = c.story_of("a1"), c.story_of("c1")
    c.merge(quake, final)
    merges = dict(c.drain_merges())
    assert follow_merges(merges, final) == quake and follow_merges(merges, "s999") == "s999"


def _report(did, people, when, extra=()):
    """A dock-strike report in one port, by one union: only the people (and some words) differ."""
    terms = ["dock", "strike", "port", "union", "wage", "cargo", "harbour", "ship", *extra]
    return StoryDoc(did, ["dock", "strike", "halts", "port"], terms, ["rotterdam", "dock union", *people],
                    f"2025-03-0{when}T10:00:00Z", f"Outlet {did}", people=list(people))


def test_same_setting_other_people_is_another_story():
    c = StoryClusterer()
    first = c.add(_report("x1", ["anna de vries"], 1))
    same = c.add(_report("x2", ["de vries"], 1))  # a surname alone still names the same person
    other = c.add(_report("y1", ["jan bakker", "piet smit"], 2, extra=("pension",)))
    assert not same.is_new and same.story_id == first.story_id
    assert other.is_new and c.story_of("y1") != c.story_of("x1")
    nobody = c.add(_report("z1", [], 1))  # naming nobody is no evidence against the first story
    assert not nobody.is_new


def test_synthetic_hard_negatives_stay_apart_with_defaults():
    """The bench's hard-negative set (two events per topic: same place/org, other people/actions)."""
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import clustering_bench

    records, gold = clustering_bench.synthetic_hard_negatives(n_topics=12, seed=5)
    pred = clustering_bench.cluster_records(records)
    p, r, _ = bcubed(gold, pred)
    assert p >= 0.95 and r >= 0.95, (p, r)


def test_observe_counts_terms_without_a_story(docs):
    c = StoryClusterer()
    c.observe(docs[0])
    assert c.docs == 1 and c.df["hokkaido"] == 1 and not c.live
    a = c.add(docs[2])  # the IDF knows "hokkaido" already; the first story is still this one
    assert a.is_new and c.docs == 2 and c.df["hokkaido"] == 2


def test_term_weight_counts_stories_not_reports():
    """Six reports of one event repeat "volcano": it must weigh what a word of one story weighs."""
    c = StoryClusterer()
    for i in range(6):
        c.add(StoryDoc(f"e{i}", ["volcano", "erupts"], ["volcano", "ash", "flights", f"w{i}"], [], None, "X"))
    assert len(c.live) == 1 and c.sf["volcano"] == 1 and c.df["volcano"] == 6
    assert c._idf("volcano") == c._idf("w0") > c._idf("unseen") - 1.0
    other = c.add(StoryDoc("o1", ["election"], ["election", "vote", "volcano"], [], None, "X"))
    assert other.is_new and c.sf["volcano"] == 2 and c.story_count == 2
    c.merge(c.story_of("e0"), other.story_id)  # one story again: counted once
    assert c.sf["volcano"] == 1 and c.story_count == 1


def test_two_stories_naming_no_one_in_common_never_merge():
    from newsdesk.cluster.stories import _Live

    c = StoryClusterer()
    s1, s2 = _Live("s1"), _Live("s2")
    c.live["s1"], c.live["s2"] = s1, s2
    for story, did, who in ((s1, "x1", "anna de vries"), (s1, "x2", "anna de vries"),
                            (s2, "y1", "jan bakker"), (s2, "y2", "jan bakker")):
        doc = _report(did, [who], 1)
        vec = c._vector(doc)
        c.df.update(vec.keys())
        c._attach(story, doc, vec, None)
    c._refresh_logs()
    assert c._merge_score(s1, s2) == 0.0  # same port, union and words; other people
    s2.people["vries"] += 1  # once they share someone, the words decide
    assert c._merge_score(s1, s2) >= c.options.merge_threshold


def _doc(did, words):
    return StoryDoc(did, words[:3], words, [], None, "Outlet")


def test_second_look_moves_a_document_to_the_story_that_fits_it():
    from newsdesk.cluster.stories import Move, Revisit

    museum = ["volcano", "museum", "exhibit", "lava", "opens", "visitors"]
    c = StoryClusterer(ClusterOptions(reassign_after=1))
    b = c.add(_doc("b1", museum)).story_id
    assert c.add(_doc("b2", museum[1:] + ["gallery"])).story_id == b
    a = c.add(_doc("a1", ["volcano", "ash", "flights", "airport", "cancelled", "delays"])).story_id
    assert a != b
    c.drain_merges(), c.drain_moves()
    stray = _doc("d1", museum[:5] + ["tickets"])  # put in the wrong story, as a young stream might
    c._attach(c.live[a], stray, c._vector(stray), None)
    c.revisit.append(Revisit(c.arrivals, "d1", None, None, "Outlet", []))
    c2 = StoryClusterer.from_state(json.loads(json.dumps(c.state())), c.options)
    for engine in (c, c2):
        engine.add(_doc("z1", ["football", "final", "goal", "stadium", "cup", "league"]))
        moves = engine.drain_moves()
        assert [m[:3] for m in moves] == [("d1", a, b)]
        assert isinstance(moves[0], Move) and moves[0].score >= 0.2
        assert engine.story_of("d1") == b and engine.live[a].members == ["a1"]
        assert engine.live[a].first_report == "a1" and engine.story(b).coverage == 3


def test_settle_gives_a_short_corpus_its_second_looks():
    """With the default ``reassign_after`` (1,000 arrivals) a corpus of five documents gets no second
    look on the way; ``settle`` at its end takes them: a misplaced report moves, and a report alone
    in a story of its own merges into the story that formed after it."""
    from newsdesk.cluster.stories import Revisit, _Live

    museum = ["volcano", "museum", "exhibit", "lava", "opens", "visitors"]
    c = StoryClusterer()
    b = c.add(_doc("b1", museum)).story_id
    assert c.add(_doc("b2", museum[1:] + ["gallery"])).story_id == b
    a = c.add(_doc("a1", ["volcano", "ash", "flights", "airport", "cancelled", "delays"])).story_id
    stray = _doc("d1", museum[:5] + ["tickets"])  # put in the wrong story, as a young stream might
    c._attach(c.live[a], stray, c._vector(stray), None)
    lone = _doc("e1", museum[:4] + ["tickets", "gallery"])  # a story of its own, as a young stream might leave it
    vec = c._vector(lone)
    c._count_story(vec)
    c.live["s-lone"] = _Live("s-lone")
    c._attach(c.live["s-lone"], lone, vec, None)
    for did in ("e1", "d1"):  # both came first, so their looks come first
        c.revisit.appendleft(Revisit(0, did, None, None, "Outlet", []))
    assert not c.drain_merges() and not c.drain_moves()
    assert c.settle() == 5 and not c.revisit
    assert c.story_of("e1") == c.story_of("d1") == c.story_of("b1") == c.story_of("b2")
    assert c.live[a].members == ["a1"]
    moves, merges = c.drain_moves(), c.drain_merges()
    assert ("d1", a) in [m[:2] for m in moves] and merges  # the store follows both
    assert c.settle() == 0


def test_second_look_leaves_operator_stories_alone(docs):
    c = StoryClusterer(ClusterOptions(reassign_after=1))
    for d in docs:
        c.add(d)
    kept = c.merge(c.story_of("a1"), c.story_of("c1"))  # pinned by the operator
    members = list(c.live[kept].members)
    for d in docs:  # every one of them comes due again
        c.revisit.append(c.revisit[0]._replace(doc_id=d.doc_id, tick=0))
    c.add(StoryDoc("zz", ["unrelated"], ["unrelated", "words"], [], None, "X"))
    assert c.live[kept].members == members and not [m for m in c.drain_moves() if m.from_story == kept]


def test_state_saved_before_story_frequencies_still_loads(docs):
    c1, _ = run(docs[:5])
    old = json.loads(json.dumps(c1.state()))
    for key in ("sf", "story_count", "revisit", "later"):
        del old[key]
    c2 = StoryClusterer.from_state(old)
    assert c2.story_count == c1.docs and c2.sf["hokkaido"] == c1.df["hokkaido"]
    assert [c2.add(d).story_id for d in docs[5:]]  # carries on


def test_cohesion_bar_follows_the_spread_of_confident_joins():
    from newsdesk.cluster.storyparts import LiveStory, cohesion_bar, forget_join, note_join

    s = LiveStory(sid="s1")
    for i in range(9):
        note_join(s, f"d{i}", 0.25 if i % 2 else 0.35)
    assert cohesion_bar(s, 0.2, 2.0, 10, 0.1) == 0.2  # nine joins: the spread is not trusted yet
    note_join(s, "d9", 0.25)
    assert cohesion_bar(s, 0.2, 2.0, 10, 0.1) == pytest.approx(0.3 - 2 * 0.05270, abs=1e-4)
    assert cohesion_bar(s, 0.2, 2.0, 0, 0.1) == 0.2  # switched off
    for i in range(10, 20):
        note_join(s, f"d{i}", 0.9 if i % 2 else 0.21)
    assert cohesion_bar(s, 0.2, 2.0, 10, 0.1) == 0.1  # never below the floor
    for i in range(10, 20):
        forget_join(s, f"d{i}")
    assert cohesion_bar(s, 0.2, 2.0, 10, 0.1) == pytest.approx(0.1946, abs=1e-4)
    tight = LiveStory(sid="s2")
    for i in range(10):
        note_join(tight, f"d{i}", 0.6)
    assert cohesion_bar(tight, 0.2, 2.0, 10, 0.1) == 0.2  # a tight story is never stricter than the bar


def test_a_loose_big_story_admits_a_short_report_below_the_bar():
    from newsdesk.cluster.storyparts import forget_join, note_join

    core = ["storm", "hurricane", "coast", "landfall"]
    docs = [_doc(f"h{i}", core[: 2 + i % 3] + [f"w{i}x{j}" for j in range(2 + (i * 7) % 9)])
            for i in range(14)]
    short = _doc("short", ["storm"] + [f"z{j}" for j in range(16)])  # a short report sharing one word

    def place(options):
        c = StoryClusterer(options)
        for d in docs:
            c.add(d)
        big = c.live[c.story_of("h0")]
        assert len(big.members) == 14 and c._join_bar(big) == 0.2  # tight: the usual bar
        for i, d in enumerate(docs[1:]):  # as if its members had joined at widely spread scores
            forget_join(big, d.doc_id)
            note_join(big, d.doc_id, 0.22 if i % 2 else 0.5)
        best, score = c._best(c._vector(short), None, {})
        a = c.add(short)
        c2 = StoryClusterer.from_state(json.loads(json.dumps(c.state())), options)
        assert c2.live[big.sid].joins == big.joins  # the cohesion sums survive a snapshot
        assert c2._join_bar(c2.live[big.sid]) == pytest.approx(c._join_bar(big))
        return c, big, best, score, a

    c, big, best, score, a = place(ClusterOptions())
    assert best is big and 0.1 == c._join_bar(big) <= score < 0.2  # mean .36 - 2 sd is below the floor
    assert a.story_id == big.sid and not a.is_new and "short" not in big.joins  # not counted as confident
    assert "own spread (its bar 0.10)" in a.reason
    *_, off = place(ClusterOptions(cohesion_joins=0))
    assert off.is_new  # with the fixed bar the short report starts a story of its own


def test_truncated_normal_fit_recovers_the_normal_behind_joins_above_the_bar():
    import random

    from newsdesk.cluster.storyparts import truncated_normal_fit

    rng = random.Random(5)
    for mu, sigma in ((0.30, 0.10), (0.20, 0.08), (0.45, 0.12)):
        xs = [x for x in (rng.gauss(mu, sigma) for _ in range(200_000)) if x >= 0.2]
        n = len(xs)
        mean = sum(xs) / n
        sd = (sum((x - mean) ** 2 for x in xs) / (n - 1)) ** 0.5
        assert sd < sigma and mean > mu  # the sample above the bar understates the spread
        m_hat, s_hat = truncated_normal_fit(mean, sd, 0.2)
        assert m_hat == pytest.approx(mu, abs=0.005) and s_hat == pytest.approx(sigma, abs=0.005)
    assert truncated_normal_fit(0.9, 0.05, 0.2) == (0.9, 0.05)  # far above the bar: nothing to correct
    assert truncated_normal_fit(0.3, 0.0, 0.2) == (0.3, 0.0)
    assert truncated_normal_fit(0.25, 0.06, 0.2) is None  # (mean - bar) / sd <= 1: no normal fits


def test_truncated_cohesion_bar_is_an_option_and_lowers_a_loose_storys_bar():
    from newsdesk.cluster.storyparts import LiveStory, cohesion_bar, note_join, truncated_normal_fit

    s = LiveStory(sid="s1")
    for i in range(10):
        note_join(s, f"d{i}", 0.25 if i % 2 else 0.35)
    plain = cohesion_bar(s, 0.2, 2.0, 10, 0.1)
    assert plain == pytest.approx(0.3 - 2 * 0.05270, abs=1e-4)
    assert 0.1 <= cohesion_bar(s, 0.2, 2.0, 10, 0.1, truncated=True) < plain
    low = LiveStory(sid="s2")
    for i in range(10):
        note_join(low, f"d{i}", 0.5 if i == 0 else 0.2)  # piled up at the bar: no normal fits
    assert truncated_normal_fit(low.join_sum / 10, 0.0949, 0.2) is None
    assert cohesion_bar(low, 0.2, 2.0, 10, 0.1, truncated=True) == 0.1
    c = StoryClusterer(ClusterOptions(cohesion_truncated=True))
    assert c._join_bar(s) == cohesion_bar(s, 0.2, 2.0, 10, 0.1, truncated=True)
    assert StoryClusterer()._join_bar(s) == plain  # off by default


def test_later_looks_move_a_document_once_the_story_that_fits_it_forms():
    from newsdesk.cluster.stories import Revisit, _Live

    museum = ["volcano", "museum", "exhibit", "lava", "opens", "visitors"]
    for again in (True, False):
        c = StoryClusterer(ClusterOptions(reassign_after=1, look_again=again))
        a = c.add(_doc("a1", ["volcano", "ash", "flights", "airport", "cancelled", "delays"])).story_id
        stray = _doc("d1", museum[:5] + ["tickets"])
        c._attach(c.live[a], stray, c._vector(stray), None)
        c.revisit.clear()
        c.revisit.append(Revisit(c.arrivals, "d1", None, None, "Outlet", []))
        c.add(_doc("z1", ["football", "final", "goal", "stadium", "cup", "league"]))  # first look: nowhere better
        assert not c.drain_moves() and c.story_of("d1") == a
        due = [(when, r.doc_id, r.looks) for when, _, r in c.later if r.doc_id == "d1"]
        assert due == ([(c.arrivals + 2, "d1", 1)] if again else [])
        museum_story = _Live("sm")
        c.live["sm"] = museum_story
        for did, words in (("b1", museum), ("b2", museum[1:] + ["gallery"])):
            doc = _doc(did, words)
            vec = c._vector(doc)
            c.df.update(vec.keys())
            c.sf.update(k for k in vec if k not in museum_story.centroid)
            c._attach(museum_story, doc, vec, None)
        c.story_count += 1
        restored = StoryClusterer.from_state(json.loads(json.dumps(c.state())), c.options)
        for engine in (c, restored):
            engine.add(_doc("z2", ["election", "vote", "parliament", "minister", "ballot", "count"]))
            engine.add(_doc("z3", ["storm", "wind", "coast", "rain", "warning", "flood"]))
            moved = [m[:3] for m in engine.drain_moves() if m.doc_id == "d1"]
            assert moved == ([("d1", a, "sm")] if again else [])
            assert engine.story_of("d1") == ("sm" if again else a)


def test_timeline_follows_the_members_that_stay_after_a_split_or_a_move():
    from newsdesk.cluster.secondlook import move
    from newsdesk.cluster.stories import Revisit

    words = ["volcano", "ash", "flights", "airport", "cancelled", "delays"]
    c = StoryClusterer()
    for i, day in enumerate((1, 2, 3, 4)):
        c.add(StoryDoc(f"v{i}", words[:3], words, [], f"2025-03-0{day}T08:00:00Z", "X"))
    sid = c.story_of("v0")
    assert c.live[sid].members == ["v0", "v1", "v2", "v3"] and c.story(sid).first_report == "v0"
    new = c.split(sid, ["v0", "v3"])
    old_story, new_story = c.story(sid), c.story(new)
    assert (old_story.first_report, old_story.first_seen, old_story.last_seen) == (
        "v1", "2025-03-02T08:00:00Z", "2025-03-03T08:00:00Z")
    assert (new_story.first_report, new_story.first_seen, new_story.last_seen) == (
        "v0", "2025-03-01T08:00:00Z", "2025-03-04T08:00:00Z")
    c = StoryClusterer.from_state(json.loads(json.dumps(c.state())))  # member times survive a restart
    src, dst = c.live[sid], c.live[new]
    move(c, Revisit(0, "v1", src.times["v1"][0], "2025-03-02T08:00:00Z", "X", []), src.vectors["v1"], src, dst)
    assert (c.story(sid).first_report, c.story(sid).first_seen) == ("v2", "2025-03-03T08:00:00Z")
    assert c.story(new).coverage == 3 and c.story(new).first_report == "v0"


def test_people_match_by_full_name_and_a_bare_surname_meets_any_full_name():
    from newsdesk.cluster.storyparts import same_people

    assert same_people({"priya fairbanks": 1}, {"priya fairbanks": 1, "x y": 1})
    assert not same_people({"priya fairbanks": 1}, {"ulrich fairbanks": 1})  # two people, one surname
    assert same_people({"fairbanks": 1}, {"ulrich fairbanks": 1})
    assert same_people({"ulrich fairbanks": 1, "a b": 1}, {"fairbanks": 1})
    assert not same_people({"fairbanks": 1}, {"ulrich banks": 1})


def test_a_bare_surname_stands_for_the_full_name_its_own_side_names():
    from newsdesk.cluster.storyparts import same_people

    # a story whose reports say "Valeria Nakashima" and "Nakashima" means her, not Stellan of another story
    assert not same_people({"valeria nakashima": 2, "nakashima": 1}, {"stellan nakashima": 3})
    assert not same_people({"stellan nakashima": 3}, {"nakashima": 1, "valeria nakashima": 1, "a b": 1})
    # a bare surname with no full name beside it stays ambiguous, and the same full name still matches
    assert same_people({"nakashima": 1, "a b": 1}, {"stellan nakashima": 3})
    assert same_people({"valeria nakashima": 2, "nakashima": 1}, {"nakashima": 1})
    assert same_people({"valeria nakashima": 2, "nakashima": 1}, {"valeria nakashima": 1})
