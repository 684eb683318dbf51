import json

from newsdesk.enrich import EnrichOptions, EnrichState, enrich, story_doc
from newsdesk.model import Article, Enrichment
from newsdesk.settings import Settings

ART = Article(
    title="US strike on boat kills three near Venezuela",
    body=("President Nicolás Maduro said on Tuesday that the United States had attacked a vessel in the Caribbean, "
          "killing three people. Maduro called the strike an act of murder and a violation of sovereignty.\n\n"
          "The Pentagon defended the strike, saying the boat carried drugs bound for the United States."),
    url="https://example.org/world/americas/boat-strike",
    site_name="Example News",
    published="2025-09-02T10:00:00Z",
)


def test_enrich_fills_every_field():
    e = enrich(ART)
    assert e.language == "en" and e.language_score > 0.5
    assert e.section == "World" and e.section_source == "publisher:url"
    assert any(x.norm == "nicolas maduro" and x.kind == "person" for x in e.entities)
    assert e.short and all(ART.body[s:t] in e.short for s, t in e.short_sources)
    assert e.keywords and "Nicolás Maduro" in e.keywords


def test_enrichment_round_trips_as_json_and_state_persists():
    st = EnrichState()
    e = enrich(ART, EnrichOptions(), st)
    again = Enrichment.from_dict(json.loads(json.dumps(e.to_dict())))
    assert again == e
    st2 = EnrichState.from_dict(json.loads(json.dumps(st.to_dict())))
    assert st2.terms.docs == 1 and st2.aliases.resolve("maduro") == "nicolas maduro"


def test_options_from_settings_and_story_doc():
    s = Settings(local_sections="India:india|indian,Cricket:cricket")
    o = EnrichOptions.from_settings(s)
    assert o.section.local_sections == (("India", ("india", "indian")), ("Cricket", ("cricket",)))
    d = story_doc("a1", ART, enrich(ART))
    assert d.doc_id == "a1" and "boat" in d.title_terms and "nicolas maduro" in d.entities
    assert d.source == "Example News" and d.published == ART.published


def test_a_date_read_from_the_prose_is_no_time_evidence_for_stories():
    from dataclasses import replace

    stated = replace(ART, provenance={"published": "json-ld"})
    guessed = replace(ART, provenance={"published": "visible-text"})
    assert story_doc("a", stated).published == ART.published
    assert story_doc("a", guessed).published is None  # any date the story mentions: not when it was written
    assert story_doc("a", ART).published == ART.published  # a caller's own record: its date counts


def test_title_figures_keep_amounts_scores_and_counts_but_not_dates():
    from newsdesk.enrich import story_doc, title_figures
    from newsdesk.model import Article

    assert title_figures("Brennmoor Steel agrees $1.6 billion takeover bid") == ["#1.6"]
    assert title_figures("Colts clinch berth with 31-24 victory") == ["#31", "#24"]
    assert title_figures("Quake displaces 19,500 people") == ["#19500"]
    for dated in ("May 03, 2013", "27 / 09 / 2013 - vote held", "September 18th, 2013, 05: 31 GMT", "posted 08. 07. 2012"):
        assert title_figures(dated) == [], dated
    assert title_figures("3 killed") == []  # single digits say little
    doc = story_doc("d", Article(title="Castel Foods backs $6.5 billion bid", body="Castel Foods said yes."))
    assert "#6.5" in doc.title_terms


def test_the_per_article_part_finished_later_gives_the_same_enrichment():
    """``enrich_article`` (a batch worker), through JSON (the shard), then ``finish_enrichment`` with the
    corpus state (the load): the same enrichment and the same state as ``enrich``, article after article."""
    from newsdesk.enrich import enrich_article, finish_enrichment
    from newsdesk.model import ArticleEnrichment

    later = Article(title="Maduro responds", body="Maduro said the attack was illegal. Maduro spoke in Caracas.\n\n"
                    "Officials in Washington said more strikes could follow, Maduro said.", url="https://e.org/b")
    whole, split = EnrichState(), EnrichState()
    for art in (ART, later, ART):
        part = ArticleEnrichment.from_dict(json.loads(json.dumps(enrich_article(art).to_dict())))
        assert part == enrich_article(art)
        got = finish_enrichment(part, art, EnrichOptions(), split)
        assert got == enrich(art, EnrichOptions(), whole)
    assert split.to_dict() == whole.to_dict()
    # the bare surname resolves through the corpus state: the part alone does not know it
    assert any(e.norm == "nicolas maduro" for e in finish_enrichment(enrich_article(later), later, state=split).entities)
    assert not any(e.norm == "nicolas maduro" for e in finish_enrichment(enrich_article(later), later).entities)
