import pytest

from newsdesk.enrich import entities
from newsdesk.enrich.entities import EntityAliases, extract_entities, normalise
from newsdesk.errors import MissingExtraError

BODY = (
    "President Nicolás Maduro said on Tuesday that the United States had attacked a vessel. "
    "Maduro's government in Caracas called it murder. The Pentagon, led by Pete Hegseth, defended the strike.\n\n"
    "Officials at the Ministry of Defence and Goldman Sachs Inc. declined to comment. Nicolas Maduro later "
    "spoke at the University of Caracas. Dr. Jane Smith of the WHO said the U.N. would meet in New York."
)


def by_norm():
    return {e.norm: e for e in extract_entities("US strike on boat kills 3 near Venezuela", BODY)}


def test_normalisation_folds_accents_titles_and_surnames():
    ents = by_norm()
    assert "nicolas maduro" in ents and "maduro" not in ents
    assert ents["nicolas maduro"].count == 3  # "Nicolás Maduro", "Maduro's", "Nicolas Maduro"
    assert ents["nicolas maduro"].kind == "person"
    assert normalise("Nicolás Maduro") == normalise("Nicolas Maduro") == "nicolas maduro"
    assert normalise("U.S.") == normalise("US") == "united states"


def test_kinds_from_cue_words():
    ents = by_norm()
    assert ents["ministry of defence"].kind == "org"
    assert ents["goldman sachs inc"].kind == "org"
    assert ents["university of caracas"].kind == "org"
    assert ents["venezuela"].kind == "place"
    assert ents["new york"].kind == "place"
    assert ents["jane smith"].kind == "person"
    assert ents["pete hegseth"].kind == "person"
    assert "officials" not in ents and "the pentagon" not in ents


def test_news_outlets_are_organisations_not_people():
    text = ("Reporting by Metro Wire. The Daily Herald said Tom Reed left the Chicago Tribune "
            "for Valley Radio.")
    kinds = {e.name: e.kind for e in extract_entities("", text, backend="rules")}
    for outlet in ("Metro Wire", "Daily Herald", "Chicago Tribune", "Valley Radio"):
        assert kinds[outlet] == "org", outlet
    assert kinds["Tom Reed"] == "person"


def test_surname_resolves_through_corpus_aliases():
    aliases = EntityAliases()
    extract_entities("", "Nicolás Maduro spoke in Caracas. Nicolas Maduro left.", aliases=aliases)
    ents = {e.norm for e in extract_entities("", "Yesterday in Caracas, officials said Maduro would speak.",
                                             aliases=aliases)}
    assert "nicolas maduro" in ents and "maduro" not in ents
    restored = EntityAliases.from_state(aliases.state())
    assert restored.resolve("maduro") == "nicolas maduro"


def test_spacy_backend_names_the_extra(monkeypatch):
    import builtins

    from newsdesk.enrich import entities

    entities._spacy_model.cache_clear()
    real = builtins.__import__

    def fake(name, *a, **k):
        if name == "spacy":
            raise ImportError("no spacy")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(MissingExtraError, match=r"newsdesk\[nlp\]"):
        extract_entities("t", "Some text here.", backend="spacy")
    entities._spacy_model.cache_clear()


def test_a_title_inside_a_phrase_leaves_the_name():
    body = ("Venezuelan President Nicolás Maduro spoke on Friday. Maduro said more. "
            "Secretary of State Marco Rubio answered. Bank of England Governor Andrew Bailey listened. "
            "Shares in General Motors fell.")
    ents = {e.norm: e for e in extract_entities("", body)}
    assert ents["nicolas maduro"].kind == "person" and ents["nicolas maduro"].count == 2
    assert "maduro" not in ents and "venezuelan president nicolas maduro" not in ents
    assert ents["marco rubio"].kind == "person"
    assert ents["andrew bailey"].kind == "person"
    assert ents["general motors"].kind == "org" and "motors" not in ents


def test_a_title_of_several_words_is_stripped_before_a_bare_surname():
    body = ("Vice President Biden met Senate Majority Leader Mitch McConnell and Attorney General "
            "William Barr. General Electric shares rose. The Secretary of State was not there, and the "
            "White House and Vice Media said nothing.")
    ents = {e.norm: e for e in extract_entities("", body)}
    assert ents["biden"].kind == "person" and ents["biden"].name == "Biden"
    assert ents["mitch mcconnell"].kind == ents["william barr"].kind == "person"
    assert ents["general electric"].kind == "org"
    assert normalise("Vice President Joe Biden") == normalise("Former President Joe Biden") == "joe biden"
    assert normalise("Secretary of State") == "secretary of state"  # a title with no name after it
    assert normalise("White House") == "white house" and normalise("Vice Media") == "vice media"
    assert normalise("Deputy Prime Minister") == "deputy prime minister"


def test_spacy_backend_when_installed():
    pytest.importorskip("spacy", reason="the nlp extra (spaCy) is not installed")
    try:
        entities._spacy_model.cache_clear()
        entities._spacy_model()
    except MissingExtraError as exc:
        pytest.skip(f"spaCy is installed but its English model is not: {exc}")
    body = "Venezuelan President Nicolás Maduro spoke in Caracas. Maduro met United Nations officials."
    ents = {e.norm: e for e in extract_entities("", body, backend="spacy")}
    assert ents["nicolas maduro"].kind == "person" and ents["nicolas maduro"].count >= 2
    assert ents["caracas"].kind == "place"


def test_possessives_are_stripped_and_split():
    ents = {e.norm: e for e in extract_entities("", "Donald Trump’s plan angered Venezuela’s Maduro. "
                                                "Trump said Google's offer was late.")}
    assert ents["donald trump"].name == "Donald Trump" and ents["donald trump"].count == 2
    assert ents["venezuela"].kind == "place" and "venezuela maduro" not in ents
    assert "google" in ents and ents["google"].name == "Google"


def test_what_a_possessive_owns_types_a_sentence_opening_name():
    """A lone capitalised word opening a sentence is kept only when the article confirms it, unless what it
    owns says what it is: a country's parliament, a company's shares."""
    kinds = {e.norm: e.kind for e in extract_entities("", "Pelagos's parliament backed the government on Monday. "
                                                          "Brennmoor's shares rose 4 per cent.")}
    assert kinds == {"pelagos": "place", "brennmoor": "org"}
    # a weak vote: a leader's surname stays the leader's ("Maduro's parliament" is no place)
    kinds = {e.norm: e.kind for e in extract_entities("", "President Nicolás Maduro spoke on Monday. "
                                                          "Maduro's parliament met later.")}
    assert kinds == {"nicolas maduro": "person"}


def test_roles_are_stripped_and_variants_merge():
    body = ("Singer Faisal Achterberg released an album on Monday. Achterberg said it took two years. "
            "Critics praised Faisal Achterberg.")
    ents = {e.norm: e for e in extract_entities("", body)}
    assert ents["faisal achterberg"].count == 3 and ents["faisal achterberg"].kind == "person"
    assert "singer faisal achterberg" not in ents and "achterberg" not in ents
    assert normalise("Singer Faisal Achterberg") == "faisal achterberg"


def test_washington_is_not_expanded_without_evidence():
    aliases = EntityAliases()
    extract_entities("", "George Washington crossed the Delaware. George Washington won.", aliases=aliases)
    ents = {e.norm: e for e in extract_entities("", "Officials in Washington said on Monday that talks "
                                                "would resume. Washington wants a deal.", aliases=aliases)}
    assert "washington" in ents and ents["washington"].kind == "place"
    assert "george washington" not in ents


def test_groups_nicknames_and_lone_titles():
    body = ("Police arrested leaders of the Tren de Aragua drug cartel. Tren de Aragua has spread. "
            "The brother of Héctor “Niño” Guerrero was held. “We invite you, President, to talk,” he wrote. "
            "Caracas, however, cannot extradite citizens. Venezuelans were deported.")
    ents = {e.norm: e for e in extract_entities("", body)}
    assert ents["tren de aragua"].kind == "org"
    assert ents["hector nino guerrero"].kind == "person"
    assert ents["caracas"].kind == "place"
    assert "president" not in ents
    assert ents["venezuelans"].kind == "other"  # a people, not a place


def test_seed_entities_have_the_right_kinds(shared):
    import json

    from newsdesk import extract_text

    path = shared("seed", "firstpost-maduro-2025-09-27.txt")
    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    a = extract_text(path.read_bytes())
    ents = {e.norm: e for e in extract_entities(a.title or "", a.body)}
    for name in truth["entities"]["PERSON"][:3]:  # Maduro, Trump, Grenell
        assert ents[normalise(name)].kind == "person", name
    assert ents["tren de aragua"].kind == "org"
    for place in ("Caracas", "Venezuela", "Washington"):
        assert ents[normalise(place)].kind == "place", place
    assert not any(n in ents for n in ("maduro", "trump", "grenell", "venezuela maduro"))
    assert all(not e.name.endswith(("’s", "'s")) for e in ents.values())


@pytest.mark.parametrize("title,body", [
    ("US strike on boat kills 3 near Venezuela", BODY),
    ("Maduro Speaks To The Nation Tonight", BODY),  # Title Case: the body alone is chunked
    ("", BODY),
    ("Two lines\nin a title. Mr. Smith spoke", "  \n Leading blanks. Then Caracas.\n\n\nMaduro said so. Maduro left."),
    ("Ends with spaces  ", "\nA body that opens with a newline. Pete Hegseth agreed."),
    ("Headline", ""),
])
def test_sentences_given_by_the_caller_change_nothing(title, body):
    from newsdesk.enrich.text import sentences

    assert extract_entities(title, body, body_spans=sentences(body)) == extract_entities(title, body)
    # the shift it relies on: a blank line after the title's full stop ends a sentence and a paragraph
    off = len(title) + 3
    assert sentences(f"{title}.\n\n{body}") == sentences(f"{title}.") + [(s + off, e + off) for s, e in sentences(body)]
