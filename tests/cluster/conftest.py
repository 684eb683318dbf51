"""Small hand-written news articles: two outlets per event, plus a same-topic hard negative."""

from __future__ import annotations

import pytest

from newsdesk.enrich import enrich, story_doc
from newsdesk.model import Article

ARTICLES = [
    # id, event, outlet, published, title, body
    ("a1", "quake", "Daily Planet", "2025-03-01T02:00:00Z", "Magnitude 7.1 earthquake strikes off Hokkaido, Japan",
     "A magnitude 7.1 earthquake struck off the coast of Hokkaido in northern Japan early on Saturday, the Japan "
     "Meteorological Agency said, triggering a tsunami advisory for the Pacific coast. Residents of Kushiro were "
     "told to move to higher ground. There were no immediate reports of damage at the Tomari nuclear plant."),
    ("b1", "boat", "Daily Planet", "2025-03-01T03:00:00Z", "US strike on drug boat kills three off Venezuela",
     "The United States military struck a boat it said was carrying drugs off the coast of Venezuela, killing three "
     "people, Defense Secretary Pete Hegseth said. President Nicolás Maduro called the strike murder and said "
     "Caracas would complain to the United Nations."),
    ("a2", "quake", "Morning Post", "2025-03-01T04:00:00Z", "Tsunami advisory after strong Hokkaido earthquake",
     "Japan issued a tsunami advisory after a strong magnitude 7.1 earthquake shook Hokkaido on Saturday. The Japan "
     "Meteorological Agency warned of waves of up to one metre in Kushiro. Hokkaido Electric said the Tomari nuclear "
     "plant was safe."),
    ("c1", "final", "Morning Post", "2025-03-01T05:00:00Z", "Arsenal beat Chelsea to win League Cup final",
     "Arsenal won the League Cup final at Wembley, beating Chelsea 2-1 after extra time. Bukayo Saka scored the "
     "winner in the 112th minute as Mikel Arteta lifted his first trophy of the season."),
    ("b2", "boat", "Evening Star", "2025-03-01T06:00:00Z", "Hegseth says strike on Venezuelan boat killed three",
     "Pete Hegseth said a US strike killed three people aboard a boat from Venezuela that was carrying drugs. "
     "Nicolas Maduro condemned the attack and Venezuela will take the strike to the United Nations, Caracas said."),
    ("a3", "quake", "Evening Star", "2025-03-01T07:00:00Z", "Hokkaido earthquake: Kushiro residents evacuate",
     "Thousands of residents in Kushiro left their homes after a magnitude 7.1 earthquake off Hokkaido prompted a "
     "tsunami advisory from the Japan Meteorological Agency. The Tomari nuclear plant reported no damage."),
    # a hard negative: same topic (earthquake), another place and time
    ("q1", "quake2", "Morning Post", "2025-03-04T09:00:00Z", "Magnitude 6.4 earthquake shakes central Chile",
     "A magnitude 6.4 earthquake shook central Chile on Tuesday, Chile's National Seismology Center said. Buildings "
     "swayed in Santiago and Valparaiso, but the navy ruled out a tsunami. Power was cut in parts of Talca."),
    ("c2", "final", "Daily Planet", "2025-03-01T08:00:00Z", "Saka extra-time winner gives Arsenal League Cup",
     "Bukayo Saka struck in extra time as Arsenal beat Chelsea 2-1 at Wembley to win the League Cup, giving Mikel "
     "Arteta his first trophy of the season."),
    ("q2", "quake2", "Evening Star", "2025-03-04T10:00:00Z", "Chile earthquake: Santiago buildings sway",
     "Buildings swayed in Santiago after a magnitude 6.4 earthquake struck central Chile. The National Seismology "
     "Center said there was no tsunami risk; power cuts hit Talca and Valparaiso."),
]


def article(row) -> Article:
    did, _, outlet, pub, title, body = row
    return Article(title=title, body=body, published=pub, site_name=outlet)


@pytest.fixture(scope="session")
def docs():
    return [story_doc(r[0], article(r), enrich(article(r))) for r in ARTICLES]


@pytest.fixture(scope="session")
def truth():
    return {r[0]: r[1] for r in ARTICLES}


@pytest.fixture(scope="session")
def articles():
    return ARTICLES
