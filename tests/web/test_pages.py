"""Every page in every format, over the demo store and over a store of generated articles."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from lxml import html as lhtml

from newsdesk.slug import slugify
from newsdesk.timeutil import parse_iso

ATOM = "{http://www.w3.org/2005/Atom}"


def _first_story(client):
    return client.get("/index.json").json()["top_stories"][0]


def test_home_has_top_stories_sections_trending_shorts(client, data):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    doc = lhtml.fromstring(r.text)
    assert doc.xpath("//nav[@aria-label='Sections']//a[text()='World']")
    assert doc.xpath("//nav[@aria-label='Trending']//a")
    assert ("Demo content" in r.text) == data.demo  # demo content is labelled
    top = doc.xpath("//section[@class='top']//article[contains(@class,'story-card')]")
    assert len(top) >= 5
    assert "reports</span> from" in r.text  # coverage count with outlets
    assert doc.xpath("//aside//article[@class='short']")
    assert doc.xpath("//form[@action='/subscribe']//input[@name='csrf']")


def test_home_json_and_feeds(client, data):
    j = client.get("/index.json").json()
    assert j["top_stories"] and j["sections"] and j["shorts"] and j["demo"] is data.demo
    s = j["top_stories"][0]
    assert s["coverage"] >= 1 and s["outlets"] and s["lead"]["title"]
    rss = ET.fromstring(client.get("/feed.rss").content)
    assert rss.tag == "rss" and len(rss.findall("./channel/item")) >= 10
    atom = ET.fromstring(client.get("/feed.atom").content)
    assert atom.tag == f"{ATOM}feed" and atom.find(f"{ATOM}entry/{ATOM}id") is not None
    jf = client.get("/feed.json")
    assert jf.headers["content-type"] == "application/feed+json"
    feed = jf.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["items"][0]["url"].startswith("http")


def test_section_page_and_feeds(client):
    r = client.get("/section/world")
    assert r.status_code == 200 and "<h1 class=\"page-title\">World</h1>" in r.text
    items = client.get("/section/world.json").json()["articles"]
    assert items and all(a["section"] == "World" for a in items)
    for suffix in ("rss", "atom", "json"):
        assert client.get(f"/section/world/feed.{suffix}").status_code == 200
    assert client.get("/section/no-such-section").status_code == 404


def test_article_page(client):
    s = _first_story(client)
    aid = s["lead"]["id"]
    r = client.get(f"/article/{aid}")
    assert r.status_code == 200
    doc = lhtml.fromstring(r.text)
    assert doc.xpath("//h1[@id='headline']")[0].text_content() == s["lead"]["title"]
    assert doc.xpath("//meta[@property='og:title']") and doc.xpath("//meta[@name='twitter:card']")
    assert doc.xpath("//time[@datetime]")
    assert doc.xpath("//figure[@class='lead-image']/figcaption")
    assert doc.xpath("//a[starts-with(@href,'https://') and contains(text(),'Read the original')]")
    share = doc.xpath("//ul[@class='share']//a/@href")
    assert len(share) >= 4 and all("utm_" not in h for h in share)
    if s["coverage"] > 1:
        assert doc.xpath("//section[@class='in-story']//ul[@class='takes']/li")
    j = client.get(f"/article/{aid}.json").json()
    assert j["article"]["id"] == aid and "<p>" in j["body_html"]
    assert client.get("/article/999999").status_code == 404
    assert client.get("/article/999999.json").json()["status"] == 404
    assert client.get("/article/1/feed.rss").status_code == 404  # articles have no feed


def test_story_page_timeline_first_report_reasons(client):
    s = _first_story(client)
    r = client.get(f"/story/{s['id']}")
    assert r.status_code == 200
    doc = lhtml.fromstring(r.text)
    assert len(doc.xpath("//ol[@class='timeline']/li")) == s["coverage"]
    assert doc.xpath("//div[@class='first-report']//h3/a")
    j = client.get(f"/story/{s['id']}.json").json()
    times = [parse_iso(t["article"]["published"]) for t in j["timeline"]]
    assert times == sorted(times)  # oldest first (each time in its page's own zone)
    assert j["first_report"]["id"] == j["timeline"][0]["article"]["id"]
    chart = doc.xpath("//figure[contains(@class,'chart')]/svg[@role='img']")
    assert chart and chart[0].xpath("./title") and chart[0].xpath("./desc")
    assert ET.fromstring(client.get(f"/story/{s['id']}/feed.atom").content).tag == f"{ATOM}feed"


def test_story_short_cites_the_article_and_outlet_of_every_sentence(client):
    s = _first_story(client)
    j = client.get(f"/story/{s['id']}.json").json()
    members = {t["article"]["id"]: t["article"] for t in j["timeline"]}
    assert j["short"] and 20 <= sum(len(x["text"].split()) for x in j["short"]) <= 80
    for line in j["short"]:
        assert line["article_id"] in members and line["outlet"] == members[line["article_id"]]["outlet"]
        full = client.get(f"/article/{line['article_id']}.json").json()
        assert line["text"] in lhtml.fromstring(full["body_html"]).text_content()
    if len(s["outlets"]) > 1:
        assert len({x["outlet"] for x in j["short"]}) >= 2
    doc = lhtml.fromstring(client.get(f"/story/{s['id']}").text)
    cites = doc.xpath("//section[@class='story-short']//a[@class='cite']/@href")
    assert cites == [f"/article/{x['article_id']}" for x in j["short"]]


def _lead(client):
    """The top story's lead article, in full (its entities and body)."""
    return client.get(f"/article/{_first_story(client)['lead']['id']}.json").json()


def test_entity_page(client):
    ent = _lead(client)["entities"][0]
    r = client.get(f"/entity/{slugify(ent['norm'])}")
    assert r.status_code == 200 and ent["name"] in lhtml.fromstring(r.text).text_content()
    j = client.get(f"/entity/{slugify(ent['norm'])}.json").json()
    assert j["articles"] and j["stories"]
    assert client.get(f"/entity/{slugify(ent['norm'])}/feed.json").json()["items"]
    assert client.get("/entity/nobody-at-all").status_code == 404


def _two_words(lead) -> str:
    """Two long words of the lead article's first paragraph: a query with at least one answer."""
    text = re.sub(r"<[^>]+>", " ", lead["body_html"])
    words = re.findall(r"[A-Za-z]{7,}", text)
    assert len(words) >= 2, text[:200]
    return f"{words[0]} {words[1]}".lower()


def test_search_with_filters_and_highlights(client):
    lead = _lead(client)
    q = _two_words(lead)
    j = client.get("/search.json", params={"q": q}).json()
    assert j["total"] >= 1
    assert "<mark>" in j["hits"][0]["snippet_html"]
    assert "\ue000" not in j["hits"][0]["snippet"]
    outlet = lead["article"]["outlet"]
    j2 = client.get("/search.json", params={"q": "the", "outlet": outlet}).json()
    assert j2["hits"] and all(h["article"]["outlet"] == outlet for h in j2["hits"])
    j3 = client.get("/search.json", params={"q": "the", "section": "Sports"}).json()
    assert all(h["article"]["section"] == "Sports" for h in j3["hits"])
    assert client.get("/search.json", params={"q": "the", "language": "xx"}).json()["total"] == 0
    future = client.get("/search.json", params={"q": "the", "since": "2099-01-01"}).json()
    assert future["total"] == 0
    r = client.get("/search", params={"q": q.split()[0]})
    assert r.status_code == 200 and "<mark>" in r.text
    assert client.get("/search", params={"since": "yesterday"}).status_code == 400
    assert ET.fromstring(client.get("/search/feed.rss", params={"q": q.split()[0]}).content).tag == "rss"


def test_sources_shorts_digest_pages(client, data):
    page = client.get("/sources").text
    assert "Sources and status" in page
    sources = client.get("/sources.json").json()["sources"]
    if data.demo:  # the demo store follows nothing (what the user's empty store follows)
        assert sources == [] and "No sources yet." in page
    else:
        assert sources and all(s["name"] in page for s in sources)
    sh = client.get("/shorts.json").json()["shorts"]
    assert sh and all(len(s["text"].split()) <= 61 for s in sh)
    assert client.get("/shorts").status_code == 200
    assert client.get("/digest").status_code == 200


def test_openapi_documents_every_json_route(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/index.json", "/section/{slug}.json", "/article/{id}.json", "/story/{id}.json",
                 "/entity/{norm}.json", "/search.json", "/feed.json"):
        assert path in spec["paths"], path
    assert "ArticleCard" in spec["components"]["schemas"]


def test_unknown_and_error_pages_are_html(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Page not found" in r.text


@pytest.mark.parametrize("path", ["/", "/section/world", "/search?q=border"])
def test_pages_are_well_formed_html(client, path):
    doc = lhtml.fromstring(client.get(path).text)
    assert doc.xpath("//html[@lang='en']") and doc.xpath("//main[@id='main']")
    assert len(doc.xpath("//h1")) == 1
