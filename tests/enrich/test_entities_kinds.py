"""Entity kinds from general evidence (issue 15: organisations read as people joined unrelated stories).

Names here are invented or generic; none comes from the fixture web's word lists.
"""

from newsdesk.enrich.entities import extract_entities
from newsdesk.enrich.gazette import GIVEN_NAMES, ORG_HEADS


def kinds(body: str, title: str = "") -> dict[str, str]:
    return {e.norm: e.kind for e in extract_entities(title, body)}


def test_an_organisation_head_word_makes_an_organisation():
    k = kinds("Marwick Foods said on Monday it had received a bid. Shares in Tessaly Steel rose. "
              "Orlan Shipping declined to comment. Voters backed the Liberal Alliance.")
    assert k["marwick foods"] == k["tessaly steel"] == k["orlan shipping"] == k["liberal alliance"] == "org"


def test_a_definite_article_rules_out_a_person():
    k = kinds("Several members of the Independent Ratepayers abstained. The Quiet Reformers said little.")
    assert k["independent ratepayers"] == "org"
    assert k["quiet reformers"] == "org"


def test_context_cues_before_and_after_a_name():
    k = kinds("\"It was overdue,\" said Orla Penhallow, an analyst at Halberd Associates. "
              "Dorrin Vale's shareholders approved the plan. The chief executive of Brask Ostby resigned.")
    assert k["orla penhallow"] == "person"
    assert k["halberd associates"] == "org"
    assert k["dorrin vale"] == "org"
    assert k["brask ostby"] == "org"


def test_an_apposition_or_a_verb_of_saying_marks_a_person_despite_a_group_word():
    k = kinds("\"We are not done,\" noted Tavi Marrant, party leader of the Civic Union. "
              "Ilse Korvath, who chairs the group, agreed.")
    assert k["tavi marrant"] == "person"
    assert k["ilse korvath"] == "person"
    assert k["civic union"] == "org"


def test_a_person_of_a_place_is_split():
    k = kinds("Delphine Okafor of Eastland won the 400 metres. Okafor said she was thrilled.")
    assert k["delphine okafor"] == "person" and "delphine okafor of eastland" not in k
    assert "eastland" in k and "okafor" not in k


def test_a_name_typed_an_organisation_once_stays_one_in_the_article():
    k = kinds("Velmar Rinn announced results on Tuesday. Analysts said Velmar Rinn was cheap. "
              "Shares in Velmar Rinn fell 3 per cent.")
    assert k["velmar rinn"] == "org"


def test_places_events_venues_and_bare_titles():
    k = kinds("Crowds gathered near Port Harcourt and at Niagara Falls. Ships crossed the Southern Caribbean. "
              "The film won at the Academy Awards, shown at the Corrin Arena. The Prime Minister spoke.")
    assert k["port harcourt"] == k["niagara falls"] == k["southern caribbean"] == "place"
    assert k["academy awards"] == "other"
    assert k["corrin arena"] == "place"
    assert "prime minister" not in k


def test_given_names_keep_people_people():
    k = kinds("Charlie Hills trains horses. Jack Steel spoke to the press. Officials in Denver waited.")
    assert k["charlie hills"] == "person" and k["jack steel"] == "person"
    assert k["denver"] == "place"  # a census given name, but a lone word after "in"
    assert kinds("The AI assistant and the AI chip went on sale.").get("ai") != "person"


def test_the_lexicons_are_general():
    assert {"mary", "priya", "omar", "kwame"} & GIVEN_NAMES >= {"mary", "omar"}  # census names and the own list
    assert not {"may", "will", "king", "an"} & GIVEN_NAMES  # ordinary words the tagger reads otherwise
    assert {"foods", "alliance", "steel", "securities"} <= ORG_HEADS


def test_a_bare_surname_the_corpus_knows_is_a_person_even_when_ambiguous():
    from newsdesk.enrich.entities import EntityAliases

    aliases = EntityAliases()
    extract_entities("", "Ana Voss spoke on Monday. Ana Voss left.", aliases=aliases)
    extract_entities("", "Ben Voss spoke on Tuesday. Ben Voss stayed.", aliases=aliases)
    body = "“We will win,” Voss said on Friday. Voss left early."
    ents = {e.norm: e.kind for e in extract_entities("", body, aliases=aliases)}
    assert ents["voss"] == "person"  # unresolved (two people share it), but someone's surname
    assert {e.norm: e.kind for e in extract_entities("", body)}["voss"] == "other"  # no corpus: unknown


def test_an_organisations_context_outweighs_a_given_name_on_equal_votes():
    k = kinds("Shares in Tyson Foods rose. Tyson Foods said profits rose. The Devin Nunes memo was read.")
    assert k["tyson foods"] == "org"
    assert k["devin nunes"] == "person"  # a given name first keeps a person before "the"
