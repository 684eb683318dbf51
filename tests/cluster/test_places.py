"""Where as evidence: two events of one kind in other towns stay apart; one event's reports still join."""

from __future__ import annotations

import json
import random

from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.cluster.evidence import PlaceTrust, places_differ, stories_places_differ
from newsdesk.cluster.storyparts import LiveStory
from newsdesk.model import StoryDoc


def _warm_up(rng: random.Random, n_events: int = 12, reports: int = 5) -> list[StoryDoc]:
    """Unrelated events whose reports share their people and places but vary their words and name
    others in passing (so the stream's join bar stays well below 1; its places are evidence)."""
    docs = []
    for e in range(n_events):
        words = [f"topic{e}w{k}" for k in range(14)]
        for r in range(reports):
            passing = [f"passing{rng.randrange(10_000)}" for _ in range(rng.randrange(3))]
            docs.append(StoryDoc(f"w{e}-{r}", [f"topic{e}w0"], rng.sample(words, 6),
                                 [f"person {e}", f"town{e}", f"land{e}", *passing],
                                 people=[f"person {e}"], places=[f"town{e}", f"land{e}"]))
    return docs


_BID = ["ferrolink", "confirms", "ransomware", "attack", "affecting", "users", "customer", "records", "exposes", "fix"]


def _bid_report(i: int, event: str, town: str, land: str, rng: random.Random, places: list[str] | None = None
                ) -> StoryDoc:
    """A report of one attack on Ferrolink Systems, founder Corwin Larkspur quoted: same company, same
    person (the fixture web reuses people across events), its own town and country."""
    where = [town, land] if places is None else places
    return StoryDoc(f"{event}-{i}", ["ferrolink", "ransomware", "attack"], rng.sample(_BID, 8),
                    ["corwin larkspur", "ferrolink systems", "national cyber centre", "ulrich quarshie", *where],
                    people=["corwin larkspur", "ulrich quarshie"], places=where)


def _run(docs: list[StoryDoc], reasons: dict[str, str] | None = None, **opts) -> dict[str, str]:
    c = StoryClusterer(ClusterOptions(**opts))
    out = {}
    for d in docs:
        a = c.add(d)
        out[d.doc_id] = a.story_id
        if reasons is not None:
            reasons[d.doc_id] = a.reason
        for m in c.drain_moves():
            out[m.doc_id] = m.to_story
    return {d: c.resolve(s) for d, s in out.items()}


def test_two_attacks_on_one_company_in_other_towns_stay_apart():
    rng = random.Random(3)
    docs = _warm_up(rng)
    docs += [_bid_report(i, "quenby", "quenby", "brisca", rng) for i in range(4)]
    docs += [_bid_report(i, "northcliffe", "northcliffe", "kesh", rng) for i in range(4)]
    why: dict[str, str] = {}
    got = _run(docs, why)
    a = {got[f"quenby-{i}"] for i in range(4)}
    b = {got[f"northcliffe-{i}"] for i in range(4)}
    assert len(a) == 1 and len(b) == 1 and a != b
    assert why["northcliffe-0"].startswith("new story") and "other places than that story" in why["northcliffe-0"]
    # without the places rule the company, the person and the words join the second attack to the first
    off = _run(docs, places_factor=1.0)
    assert off["quenby-0"] == off["northcliffe-0"]


def test_one_event_told_in_other_words_and_with_its_town_or_country_alone_still_joins():
    rng = random.Random(4)
    docs = _warm_up(rng)
    mixes = [["quenby", "brisca"], ["quenby"], ["brisca"], ["quenby", "brisca"], ["brisca"], ["quenby"]]
    docs += [_bid_report(i, "quenby", "", "", rng, places=p) for i, p in enumerate(mixes)]
    got = _run(docs)
    assert len({got[f"quenby-{i}"] for i in range(len(mixes))}) == 1


def test_places_count_only_once_the_streams_confident_pairs_agree_on_them():
    trust = PlaceTrust()
    for _ in range(19):
        trust.observe(False)
    assert not trust.trusted(0.05, 20)  # too few pairs yet
    trust.observe(False)
    assert trust.trusted(0.05, 20)
    for _ in range(2):
        trust.observe(True)
    assert not trust.trusted(0.05, 20)  # 2 of 22 differ: places are named in passing in this stream
    trust.halve()
    assert PlaceTrust.from_state(trust.state()) == trust and PlaceTrust.from_state(None) == PlaceTrust()


def _placed(c: StoryClusterer, *keys: str) -> None:
    for k in keys:
        c.df[k] = c.place_df[k] = 3


def _story(sid: str, said: dict[str, int], **others: float) -> LiveStory:
    """A story whose members named ``said`` (key -> how many of them), with other centroid keys."""
    s = LiveStory(sid, centroid={**{"@" + k: float(n) for k, n in said.items()}, **others},
                  members=[f"{sid}{i}" for i in range(max(said.values(), default=1))])
    s.entities.update(said)
    return s


def test_places_differ_needs_places_on_both_sides_and_none_shared():
    c = StoryClusterer()
    _placed(c, "@quenby", "@brisca", "@kesh")
    c.df["@ferrolink systems"] = 3  # named, never typed a place
    story = _story("s", {"quenby": 2, "brisca": 2, "ferrolink systems": 2}, attack=1.0)
    assert places_differ(c, {"@kesh": 1.0, "@ferrolink systems": 1.0}, story) == ("kesh", "quenby", True)
    assert places_differ(c, {"@kesh": 1.0, "@brisca": 1.0}, story)[2] is True  # another town, same country
    assert places_differ(c, {"@quenby": 1.0}, story)[2] is False  # names the story's town (not its country)
    assert places_differ(c, {"@ferrolink systems": 1.0, "attack": 1.0}, story) is None  # names no place
    one = _story("t", {"quenby": 1, "brisca": 1})  # one report's places: the story is not sure of them
    assert places_differ(c, {"@kesh": 1.0}, one) is None


def test_a_town_and_a_country_once_named_together_are_no_difference():
    c = StoryClusterer()
    _placed(c, "@tarrow", "@surrenne", "@kesh")
    c.place_pairs["@surrenne\t@tarrow"] = 1  # some report said "Tarrow, Surrenne"
    story = _story("s", {"tarrow": 2})
    assert places_differ(c, {"@surrenne": 1.0}, story)[2] is False
    assert places_differ(c, {"@kesh": 1.0}, story)[2] is True


def test_a_story_is_sure_of_a_place_only_when_two_of_its_reports_name_it():
    c = StoryClusterer()
    _placed(c, "@quenby", "@brisca", "@kesh", "@northcliffe")
    a = _story("a", {"quenby": 2, "brisca": 1})
    b = _story("b", {"kesh": 2, "northcliffe": 1})
    assert stories_places_differ(c, a, b)[2] is True
    assert a.places == ("@quenby",) and set(a.all_places) == {"@quenby", "@brisca"}
    b = _story("b2", {"kesh": 1, "northcliffe": 1})  # one report: taken as its report is at a join
    b.vectors["b20"] = {"@kesh": 1.0, "@northcliffe": 1.0}
    assert stories_places_differ(c, a, b)[2] is True and stories_places_differ(c, b, a)[2] is True
    one = _story("a1", {"quenby": 1})
    one.vectors["a10"] = {"@quenby": 1.0}
    assert stories_places_differ(c, one, b) is None  # two one-report stories: neither is sure of a place


def test_the_places_evidence_survives_the_state_round_trip():
    rng = random.Random(5)
    c = StoryClusterer()
    for d in _warm_up(rng) + [_bid_report(0, "quenby", "quenby", "brisca", rng)]:
        c.add(d)
    back = StoryClusterer.from_state(json.loads(json.dumps(c.state())))
    assert back.place_df == c.place_df and back.place_pairs == c.place_pairs
    assert back.place_trust == c.place_trust and back._places_on == c._places_on


def test_a_story_that_took_another_towns_report_while_unsure_of_its_place_splits_by_place():
    """The 10k fixture stream's last mixed story: the second event's first report joined the first
    event's story while that story held one report, so it was sure of no place; from then on the story
    named both places and the reports of both events joined it. Once each place is named by three of
    its reports, never together, it splits there."""
    rng = random.Random(5)
    c = StoryClusterer(ClusterOptions(reassign_after=0))
    for d in _warm_up(rng):
        c.add(d)
    first = c.add(_bid_report(0, "quenby", "quenby", "brisca", rng)).story_id
    stray = _bid_report(0, "northcliffe", "northcliffe", "kesh", rng)
    c._attach(c.live[first], stray, c._vector(stray), None)  # joined while the story was unsure of its place
    c._note_places(stray.places)
    for i in range(1, 5):
        for event, town, land in (("quenby", "quenby", "brisca"), ("northcliffe", "northcliffe", "kesh")):
            c.add(_bid_report(i, event, town, land, rng))
    moves = c.drain_moves()
    split = [m for m in moves if "two places" in m.reason]
    assert split and "no report names together" in split[0].reason
    assert len({c.story_of(f"quenby-{i}") for i in range(5)}) == 1
    assert len({c.story_of(f"northcliffe-{i}") for i in range(5)}) == 1
    assert c.story_of("quenby-0") != c.story_of("northcliffe-0")
