"""The story short: extractive, cited, non-redundant, drawing on several outlets."""

from __future__ import annotations

from newsdesk.enrich.storyshort import ShortSource, outlets_of, redundancy_of, story_short

QUAKE_A = ("A strong earthquake of magnitude 6.1 struck the coastal city of Marlow on Tuesday morning. "
           "Rescue teams in Marlow pulled twelve people from collapsed buildings, the fire service said. "
           "The mayor of Marlow asked residents to stay away from the old harbour district. "
           "Read more about earthquakes here.")
QUAKE_B = ("Rescue teams in Marlow pulled twelve people from collapsed buildings, the fire service said on Tuesday. "
           "The magnitude 6.1 earthquake was the strongest to hit the region in forty years, seismologists said. "
           "Schools across the province will stay closed until engineers have inspected them.")
QUAKE_C = ("A strong earthquake of magnitude 6.1 struck the coastal city of Marlow on Tuesday morning. "
           "Power was cut to thousands of homes in Marlow and two neighbouring towns after the quake.")


def _sources():
    return [ShortSource("a1", "Quake hits Marlow", QUAKE_A, "Daily Herald", "2026-01-01T08:00:00Z"),
            ShortSource("b1", "Marlow earthquake: twelve rescued", QUAKE_B, "Metro Wire", "2026-01-01T09:00:00Z"),
            ShortSource("c1", "Earthquake in Marlow", QUAKE_C, "Coast FM", "2026-01-01T10:00:00Z")]


def test_every_sentence_is_a_verbatim_span_of_the_article_it_cites():
    sources = {s.doc_id: s for s in _sources()}
    short = story_short(list(sources.values()))
    assert short.sentences
    for s in short.sentences:
        src = sources[s.doc_id]
        assert src.body[s.start:s.end] == s.text and s.outlet == src.outlet


def test_about_sixty_words_from_two_or_more_outlets_without_repeats():
    short = story_short(_sources())
    assert 30 <= short.words <= 80
    assert len(outlets_of(short)) >= 2
    assert redundancy_of(short) < 0.5
    assert "Read more" not in short.text


def test_a_sentence_repeated_by_two_outlets_is_cited_once():
    short = story_short(_sources())
    assert short.text.count("pulled twelve people") <= 1
    assert short.text.count("struck the coastal city") <= 1


def test_one_outlet_story_and_empty_input():
    one = story_short([ShortSource("a1", "Quake hits Marlow", QUAKE_A, "Daily Herald")])
    assert outlets_of(one) == ["Daily Herald"] and one.words > 0
    assert story_short([]).sentences == [] and story_short([ShortSource("x", "t", "")]).text == ""


def test_the_lede_leads_and_the_rest_follow_the_articles_time_order():
    short = story_short(list(reversed(_sources())))
    order = {"a1": 0, "b1": 1, "c1": 2}
    ranks = [order[s.doc_id] for s in short.sentences[1:]]
    assert ranks == sorted(ranks)


def test_to_dict_carries_citations():
    d = story_short(_sources()).to_dict()
    assert d["words"] == sum(len(s["text"].split()) for s in d["sentences"])
    assert all({"doc_id", "outlet", "start", "end"} <= set(s) for s in d["sentences"])
