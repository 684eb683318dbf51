"""Honest dates, ranking, breaking, trending and related over a small hand-built store.

Each test writes the articles it needs (titles, bodies, dates, outlets, entities, stories) so the
expected outcome follows from the data, not from a fixture's accident.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from lxml import html as lhtml

from newsdesk.model import Article, Enrichment, Entity
from newsdesk.web.store_data import StoreData

from .conftest import client_for

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FILLER = (
    "The council met on Tuesday and officials said the decision would be reviewed next week "
    "after residents raised questions about the budget and the timetable for the works. "
)


def iso(hours_before: float) -> str:
    return (T0 - timedelta(hours=hours_before)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Builder:
    def __init__(self, store):
        self.store = store
        self.n = 0
        self.stories: dict[str, int] = {}

    def add(
        self,
        title: str,
        *,
        hours: float | None,
        outlet: str = "Daily Planet",
        story: str | None = None,
        ents: tuple[tuple[str, str], ...] = (),
        body: str = "",
        section: str = "World",
        keywords: tuple[str, ...] = (),
        published: str | None = None,
    ) -> int:
        self.n += 1
        pub = published or (iso(hours) if hours is not None else None)
        art = Article(
            title=title,
            body=(body or title + ". ") + FILLER * 3,
            published=pub,
            site_name=outlet,
            url=f"https://{outlet.lower().replace(' ', '')}.example/a/{self.n}",
            section=section,
            language="en",
            body_html=f"<p>{title}</p><p>{FILLER * 3}</p>",
        )
        aid = self.store.upsert_article(art).article_id
        self.store.save_enrichment(
            aid,
            Enrichment(
                language="en",
                section=section,
                section_source="publisher:test",
                keywords=list(keywords),
                entities=[Entity(name, name.lower(), kind) for name, kind in ents],
            ),
        )
        key = story or f"solo-{self.n}"
        if key not in self.stories:
            self.stories[key] = self.store.create_story(title, pub)
        self.store.assign_story(aid, self.stories[key], {"reason": "test"})
        return aid


@pytest.fixture
def b(store):
    return Builder(store)


def test_undated_page_is_null_in_the_api_and_labelled_in_the_page(b, settings):
    dated = b.add("Bridge reopens after repairs", hours=2)
    undated = b.add("A page with no date at all", hours=None)
    c = client_for(
        __import__("newsdesk.web", fromlist=["create_app"]).create_app(StoreData(b.store), settings)
    )
    j = c.get(f"/article/{undated}.json").json()["article"]
    assert j["published"] is None and j["first_seen"]  # the API never passes the ingest time off as published
    byline = lhtml.fromstring(c.get(f"/article/{undated}").text).xpath("string(//p[@class='byline'])")
    assert "date unknown" in byline and "first seen" in byline
    home = c.get("/index.json").json()
    assert [s["lead"]["id"] for s in home["top_stories"]] == [dated]  # first seen "now" does not lead
    assert undated not in {a["id"] for a in home["latest"]}
    assert c.get("/article/%d.json" % dated).json()["article"]["published"] == iso(2)


def test_undated_report_counts_for_coverage_not_for_time(b):
    b.add("Port strike enters second day", hours=30, outlet="A", story="s")
    b.add("Port strike continues", hours=None, outlet="B", story="s")
    (card,) = StoreData(b.store).top_stories(5)
    assert card.coverage == 2 and card.undated == 1 and set(card.outlets) == {"A", "B"}
    assert card.last_update == card.first_seen == iso(30)  # the undated report's first-seen time is not used
    assert card.rank["undated_reports"] == 1 and "undated" in card.rank_reason


def test_rank_by_breadth_and_freshness_with_figures(b):
    b.add("Single-outlet item", hours=1, outlet="A")
    for i, o in enumerate(("A", "B", "C", "D")):
        b.add(f"Wide story report {i}", hours=2 + i, outlet=o, story="wide")
    b.add("Old wide story", hours=200, outlet="A", story="old")
    b.add("Old wide story too", hours=201, outlet="B", story="old")
    top = StoreData(b.store).top_stories(5)
    assert top[0].coverage == 4 and len(top[0].outlets) == 4
    assert top[-1].headline == "Old wide story"
    assert [c.score for c in top] == sorted((c.score for c in top), reverse=True)
    f = top[0].rank
    assert f["outlets"] == 4 and f["coverage"] == 4 and 0 < f["freshness"] <= 1 and f["as_of"] == iso(1)


def test_live_news_keeps_the_12_hour_half_life(b):
    b.add("Fresh item", hours=1, outlet="A")
    b.add("Day-old item", hours=26, outlet="B")
    (first, second) = StoreData(b.store).top_stories(5)
    assert first.rank["time_scale"] == 1.0 and first.rank["half_life_hours"] == 12
    assert 0.2 < second.rank["freshness"] < 0.3  # 25 hours after the newest: about two half-lives


def test_an_archive_ranks_by_breadth_within_its_own_time_scale(b):
    day = 24.0
    b.add("Newest single report", hours=0, outlet="A")
    for i, o in enumerate("ABCDE"):  # ten days older, five outlets
        b.add(f"Broad story report {i}", hours=10 * day + i, outlet=o, story="broad")
    for k in range(1, 8):  # an archive: stories months and years apart
        b.add(f"Archive story {k}", hours=k * 200 * day, outlet="ABCDEFG"[k - 1])
    top = StoreData(b.store).top_stories(10)
    assert top[0].headline.startswith("Broad story")  # breadth wins over a ten-day lead
    assert all(c.rank["freshness"] > 0 and c.score > 0 for c in top)  # nothing underflows to 0
    assert top[0].rank["time_scale"] > 1 and "time_scale" in top[0].rank["formula"]
    olds = [c for c in top if c.headline.startswith("Archive")]
    assert [c.headline for c in olds] == [f"Archive story {k}" for k in range(1, 8)]  # then the newer first


def test_breaking_when_coverage_jumps(b):
    b.add("Quake: first report", hours=5, outlet="A", story="quake")
    for i, o in enumerate(("B", "C", "D")):
        b.add(f"Quake report {i}", hours=1 + i, outlet=o, story="quake")
    for i in range(4):  # as many reports, spread over days: steady, not a jump
        b.add(f"Budget talks day {i}", hours=24 * (i + 1), outlet="ABCD"[i], story="budget")
    cards = {c.headline: c for c in StoreData(b.store).top_stories(5)}
    assert cards["Quake: first report"].breaking
    assert not cards["Budget talks day 0"].breaking


def test_trending_needs_a_burst_two_outlets_and_the_words_in_the_text(b):
    for i in range(3):  # a burst of a new name across outlets, in the latest day
        b.add(
            f"Zorvath named envoy {i}",
            hours=1 + i,
            outlet="ABC"[i],
            ents=(("Zorvath", "person"),),
            body=f"Zorvath was named envoy {i}.",
        )
    for d in range(8):  # a steady name: one or two articles every day
        b.add(
            f"Council report {d}",
            hours=24 * d + 5,
            outlet="AB"[d % 2],
            ents=(("Metro Council", "org"),),
            body="Metro Council met again.",
        )
    for i in range(3):  # one outlet's boilerplate
        b.add(
            f"Deal {i}",
            hours=2 + i,
            outlet="Shop",
            ents=(("Tips To Consider", "org"),),
            body="Tips To Consider before you buy.",
        )
    for i in range(3):  # a keyword that the text does not hold as words
        b.add(f"Guide {i}", hours=3 + i, outlet="DEF"[i], keywords=("Considerations When Choosing",))
    for i in range(30):  # enough news in a day for day-long buckets
        b.add(f"Other news {i}", hours=(i % 20) + 0.5, outlet=f"O{i % 5}")
    rep = StoreData(b.store).trends()
    labels = [t.label for t in rep.overall]
    assert "Zorvath" in labels
    assert "Metro Council" not in labels and "Tips To Consider" not in labels
    assert "Considerations When Choosing" not in labels
    z = next(t for t in rep.overall if t.label == "Zorvath")
    assert z.recent == 3 and z.outlets == 3 and z.series[-1] == 3 and z.baseline == 0
    assert rep.sections["World"][0].label == "Zorvath"
    assert [t.label for t in StoreData(b.store).trending(3)][0] == "Zorvath"


def test_related_is_same_story_then_shared_names_never_latest_in_section(b):
    a = b.add(
        "Senate opens impeachment trial",
        hours=10,
        outlet="A",
        story="imp",
        ents=(("Senate", "org"), ("Donald Trump", "person")),
        section="Politics",
    )
    same = b.add(
        "Impeachment trial: opening statements",
        hours=9,
        outlet="B",
        story="imp",
        ents=(("Senate", "org"),),
        section="Politics",
    )
    near = b.add(
        "Trump rallies supporters in Ohio",
        hours=20,
        outlet="C",
        ents=(("Donald Trump", "person"), ("Ohio", "place")),
        section="Politics",
    )
    for i in range(5):  # newer articles in the same section with nothing in common
        b.add(
            f"Wine regions to visit {i}",
            hours=1 + i,
            outlet="D",
            section="Politics",
            ents=(("Bordeaux", "place"),),
        )
    rel = StoreData(b.store).related(a, 6)
    assert [r.article.id for r in rel] == [same, near]
    assert rel[0].why == "Same story" and "Donald Trump" in rel[1].why


def test_story_chart_and_text_equivalent_are_escaped(b, settings):
    from newsdesk.web import create_app

    b.add("Flood warning issued", hours=6, outlet="<script>x</script>", story="f")
    b.add("Flood waters rise", hours=3, outlet="River Times", story="f")
    sid = b.stories["f"]
    c = client_for(create_app(StoreData(b.store), settings))
    r = c.get(f"/story/{sid}")
    assert "<script>x</script>" not in r.text
    doc = lhtml.fromstring(r.text)
    svg = doc.xpath("//figure[contains(@class,'coverage-chart')]/svg[@role='img']")[0]
    assert "first report by <script>x</script>" in svg.xpath("string(./desc)")
    assert len(svg.xpath("./rect")) == 2 and svg.xpath("./line[@stroke-dasharray]")
    j = c.get(f"/story/{sid}.json").json()
    assert j["chart"]["title"].startswith("Reports per") and j["story"]["rank"]["coverage"] == 2


def test_feeds_keep_the_pages_times_and_invent_none(b, settings):
    import xml.etree.ElementTree as ET

    from newsdesk.web import create_app

    b.add("Day only", hours=None, published="2026-03-01", outlet="A")
    b.add("With offset", hours=None, published="2026-03-02T10:00:00+05:30", outlet="B")
    b.add("No date", hours=None, outlet="C")
    c = client_for(create_app(StoreData(b.store), settings))
    atom = ET.fromstring(c.get("/search/feed.atom?q=council").content)
    ns = "{http://www.w3.org/2005/Atom}"
    got = {e.find(f"{ns}title").text: e.findtext(f"{ns}published") for e in atom.findall(f"{ns}entry")}
    assert got == {
        "Day only": "2026-03-01T00:00:00Z",
        "With offset": "2026-03-02T10:00:00+05:30",
        "No date": None,
    }
    items = {
        i["title"]: i.get("date_published") for i in c.get("/search/feed.json?q=council").json()["items"]
    }
    assert items["No date"] is None and items["With offset"] == "2026-03-02T10:00:00+05:30"
    text = lhtml.fromstring(c.get("/search?q=council").text).text_content()
    assert "2 March 2026, 10:00 UTC+05:30" in text  # shown in the publisher's own zone


def test_an_archive_under_one_recent_page_trends_where_its_news_is(b):
    """One page dated years after the rest must not leave trending empty: the latest bucket then
    ends at the newest report that has a bucket's worth of news before it, and says so."""
    old = 24 * 365 * 6  # six years before T0
    for i in range(3):
        b.add(f"Zorvath named envoy {i}", hours=old + 1 + i, outlet="ABC"[i],
              ents=(("Zorvath", "person"),), body=f"Zorvath was named envoy {i}.")
    for i in range(40):
        b.add(f"Other news {i}", hours=old + (i % 20) + 0.5, outlet=f"O{i % 5}")
    b.add("A lone recent report", hours=1, outlet="Z")
    rep = StoreData(b.store).trends()
    assert "Zorvath" in [t.label for t in rep.overall]
    assert rep.as_of == iso(old + 0.5) and rep.bucket_hours == 24


def test_trend_words_match_as_written():
    from newsdesk.web.trends import _in_text

    assert _in_text("IT", "IT budgets rose") and not _in_text(
        "IT", "it is what it is"
    )  # an acronym keeps its case
    assert _in_text("plant", "Plant care in winter")  # a lower-case phrase matches any case
    assert _in_text("Donald Trump", "said Donald  Trump’s aide") and not _in_text("Trump", "trumpet")
    assert not _in_text("You Ll Learn", "what you'll learn")  # a mangled keyword is not the text's words


def test_a_name_and_its_demonym_or_plural_trend_once():
    from newsdesk.web.trends import _same_term

    assert _same_term("venezuela", "venezuelan") and _same_term("iranian", "iran")
    assert _same_term("brain", "brains") and _same_term("joe biden", "joe biden's")
    assert not _same_term("news", "newsom") and not _same_term("ai", "aid")  # another word, too short
    assert not _same_term("mark", "markets") and not _same_term("china", "chinese")


def test_a_page_dated_in_the_future_is_not_the_latest_news(b):
    now = b.add("Today's report", hours=1)
    later = b.add("Conference next year", hours=None, published="2999-01-01T09:00:00Z")
    d = StoreData(b.store)
    ids = [c.id for c in d.latest(None, 10)]
    assert now in ids and later not in ids
    assert [s.lead.id for s in d.top_stories(5)] == [now]


def test_a_page_judged_not_news_stays_off_the_home_trending_and_related(b, settings):
    from newsdesk.web import create_app

    news = b.add("Minister resigns over budget", hours=3, outlet="A", ents=(("Kestrel Vane", "person"),))
    guide = b.add("Ten tips for your garden", hours=1, outlet="B", ents=(("Kestrel Vane", "person"),))
    b.store.set_page_type(guide, "guide", "not news (guide): how-to words", source="auto")
    for i in range(2):
        b.add(f"Guide {i}", hours=2 + i, outlet="CD"[i], ents=(("Kestrel Vane", "person"),))
    d = StoreData(b.store)
    assert guide not in {c.id for c in d.latest(None, 20)} and guide in {c.id for c in d.latest(None, 20, news_only=False)}
    assert guide not in {s.lead.id for s in d.top_stories(10)}
    assert guide not in {r.article.id for r in d.related(news, 6)}
    c = client_for(create_app(d, settings))
    page = lhtml.fromstring(c.get(f"/article/{guide}").text)
    assert "Not a news report (guide)" in page.xpath("string(//p[@class='kicker'])")
    assert c.get(f"/article/{guide}.json").json()["article"]["page_type"] == "guide"


def test_a_story_that_is_mostly_not_news_is_no_top_story(b):
    kept = b.add("Court rules on port dispute", hours=5, outlet="A", story="court")
    mixed = [b.add(f"History of coffee {i}", hours=1 + i, outlet="BCD"[i], story="coffee") for i in range(3)]
    for aid in mixed[1:]:
        b.store.set_page_type(aid, "guide", "not news (guide): test", source="auto")
    d = StoreData(b.store)
    assert [s.lead.id for s in d.top_stories(5)] == [kept]  # one news report among three is not a story
    card = d.story(b.stories["coffee"]).card
    assert card.coverage == 3 and card.score == 0.0  # its own page still shows all its reports


def test_a_page_that_names_no_outlet_shows_the_source_it_came_from(b, settings):
    src = b.store.add_source("folder", "/pages/archive", "Archive folder")
    aid = b.store.upsert_article(Article(title="A page with no name", body=FILLER * 3, language="en"),
                                 source_id=src.id).article_id
    named = b.add("Bridge reopens", hours=2, outlet="Daily Planet")
    data = StoreData(b.store)
    assert data.article(aid).card.outlet == "Archive folder"  # never "unknown outlet"
    assert data.article(named).card.outlet == "Daily Planet"


def test_the_front_page_prefers_plainly_news_stories(b, settings):
    from newsdesk.web.ranking import plain_first

    weak = b.add("Our product update", hours=1, outlet="A")
    plain = b.add("Senate passes the budget", hours=5, outlet="B")
    b.store.set_page_type(weak, "news", "news: its address carries a date (score +0.2)", source="auto")
    b.store.set_page_type(plain, "news", "news: opens with a dateline; quotes people (score +3.5)", source="auto")
    data = StoreData(b.store)
    assert [c.lead.id for c in data.top_stories(1)] == [plain]  # the fresher weak post does not lead
    both = data.top_stories(5)
    assert [c.lead.id for c in both] == [plain, weak]  # shown when there is room, ranked below
    assert both[1].rank["news_confidence"] == 0.25 and both[0].rank["news_confidence"] == 1.0
    assert "news_confidence" in both[0].rank["formula"]
    c = client_for(__import__("newsdesk.web", fromlist=["create_app"]).create_app(data, settings))
    assert {a["id"] for a in c.get("/index.json").json()["latest"]} == {weak, plain}
    assert plain_first(["w1", "p1", "w2", "p2"], 2, lambda x: 1.0 if x[0] == "p" else 0.3) == ["p1", "p2"]
    assert plain_first(["w1", "p1", "w2"], 2, lambda x: 1.0 if x[0] == "p" else 0.3) == ["w1", "p1"]
