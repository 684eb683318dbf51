"""Feeds: every format against the fixture web's truth, hand-written edge cases, and fuzzing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtureweb import fixture_site, fixture_web, local_settings  # noqa: F401
from newsdesk.errors import ParseError
from newsdesk.ingest.feeds import feed_drop, feed_pages, fetch_feed, parse_feed, poll_interval
from newsdesk.ingest.fetch import Fetcher
from newsdesk.model import Drop, Feed, Page
from newsdesk.fixtureweb import feed_path, respond


@pytest.mark.parametrize("slug", ["ledger", "harbour", "metrowire", "courier", "gazette", "northstar"])
def test_outlet_feed_matches_truth(fixture_site, slug):
    outlet = fixture_site.outlets[slug]
    root = f"http://h/{slug}"
    resp = respond(fixture_site, slug, feed_path(outlet), root)
    feed = parse_feed(resp.body, root + feed_path(outlet), resp.headers["content-type"])
    assert feed.problems == [] and feed.title == outlet.name
    assert feed.format.startswith({"rss": "rss", "atom": "atom", "json": "json"}[outlet.feed_format])
    truth = {root + a.path: a for a in fixture_site.by_outlet(slug)}
    assert len(feed.entries) == min(50, len(truth))
    for e in feed.entries:
        art = truth[e.url.split("?")[0]]
        assert e.title == art.title
        assert datetime.fromisoformat(e.published) == art.published
        assert art.section in e.categories
        assert e.author and art.authors[0] in e.author
    if outlet.feed_format == "rss":
        assert feed.ttl_minutes == 15


def test_malformed_feeds(fixture_site):
    slug = fixture_site.hostile[0].outlet
    root = f"http://h/{slug}"
    broken = respond(fixture_site, slug, "/feeds/broken.xml", root)
    with pytest.raises(ParseError):
        parse_feed(broken.body, root + "/feeds/broken.xml", broken.headers["content-type"])
    cut = respond(fixture_site, slug, "/feeds/truncated.xml", root)
    feed = parse_feed(cut.body, root + "/feeds/truncated.xml")
    assert len(feed.entries) == 3 and feed.problems  # parsed what could be parsed, said what was wrong
    for bad in (b"", b"   ", b"{not json", b"[1, 2]", b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}',
                b"<html><body>hello</body></html>", b"\x00\x01\x02"):
        try:
            feed = parse_feed(bad)
        except ParseError:
            continue
        assert not feed.entries or feed.problems


RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
<skipHours><hour>0</hour><hour>1</hour><hour>99</hour></skipHours>
<item><title>First</title><link>http://old.example/a</link><description>One</description></item></channel></rss>"""
RSS10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel rdf:about="http://rdf.example/"><title>RDF news</title><link>http://rdf.example/</link>
<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel>
<item rdf:about="http://rdf.example/x"><title>X &amp; Y</title><link>http://rdf.example/x</link>
<dc:date>2026-02-03T04:05:06+02:00</dc:date><dc:creator>Ana Ruiz</dc:creator><dc:subject>Science</dc:subject></item>
</rdf:RDF>"""
ATOM_REL = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;b&gt;bold&lt;/b&gt; feed</title>
<entry><title>Rel</title><link href="/news/rel"/><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated></entry>
<entry><title>No link</title><id>urn:y</id></entry></feed>"""


def test_rss091_rss10_and_relative_atom_links():
    old = parse_feed(RSS091)
    assert old.format == "rss091u" or old.format.startswith("rss09")
    assert old.entries[0].url == "http://old.example/a" and old.entries[0].summary == "One"
    assert old.skip_hours == [0, 1]
    rdf = parse_feed(RSS10)
    assert rdf.format == "rss10" and rdf.ttl_minutes == 15
    e = rdf.entries[0]
    assert (e.title, e.author, e.categories) == ("X & Y", "Ana Ruiz", ["Science"])
    assert e.published == "2026-02-03T04:05:06+02:00"
    atom = parse_feed(ATOM_REL, url="https://site.example/feeds/atom.xml")
    assert atom.title == "A bold feed"
    assert [x.url for x in atom.entries] == ["https://site.example/news/rel"]
    assert any("no http(s) link" in p for p in atom.problems)


def test_json_feed_1_0_with_single_author_and_external_url():
    doc = {"version": "https://jsonfeed.org/version/1", "title": "J", "home_page_url": "https://j.example/",
           "items": [{"id": 1, "external_url": "/a", "content_html": "<p>Body <b>text</b></p>",
                      "author": {"name": "Kim"}, "date_published": "2026-01-02T03:04:05-05:00"},
                     "junk", {"id": "no-url"}]}
    feed = parse_feed(json.dumps(doc).encode())
    assert feed.format == "json1" and len(feed.entries) == 1
    e = feed.entries[0]
    assert (e.url, e.author, e.summary, e.guid) == ("https://j.example/a", "Kim", "Body text", "1")
    assert e.published == "2026-01-02T03:04:05-05:00" and len(feed.problems) == 2


def test_feed_over_http_with_conditional_get_and_pages(fixture_web):
    site, base = fixture_web
    url = f"{base}/harbour{feed_path(site.outlets['harbour'])}"
    with Fetcher(local_settings()) as f:
        feed, page = fetch_feed(f, url)
        assert feed is not None and page.status == 200 and feed.entries
        out = list(feed_pages(feed.entries[:5], f, source="harbour"))
    assert all(isinstance(p, Page) and p.source == "harbour" for p in out)
    with Fetcher(local_settings()) as f:
        with pytest.raises(ParseError) as ei:
            fetch_feed(f, f"{base}/{site.hostile[0].outlet}/feeds/broken.xml")
    drop = feed_drop(url, ei.value, "x")
    assert isinstance(drop, Drop) and drop.reason == "bad-feed"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda t: ("<rss><channel><item><title>" + t + "</title></item>").encode("utf-8", "replace")),
    st.text(max_size=500).map(lambda t: ('{"version":"https://jsonfeed.org/version/1","items":[' + t + "]}").encode()),
    st.sampled_from([RSS091, RSS10, ATOM_REL]).flatmap(lambda d: st.integers(0, len(d)).map(lambda n: d[:n])),
))
def test_fuzz_never_raises_anything_but_parse_error(data):
    try:
        feed = parse_feed(data)
    except ParseError:
        return
    for e in feed.entries:
        assert isinstance(e.url, str) and e.url


def test_poll_interval_from_feed_and_cache_headers():
    assert poll_interval(None) == 900
    assert poll_interval(Feed(ttl_minutes=60)) == 3600
    assert poll_interval(Feed(ttl_minutes=1)) == 300  # never hammer
    page = Page(url="u", content=b"", headers={"cache-control": "public, max-age=7200"})
    assert poll_interval(Feed(ttl_minutes=15), page) == 7200
    assert poll_interval(Feed(ttl_minutes=10**6)) == 86_400


def test_malformed_item_url_is_a_counted_drop_and_the_others_still_yield():
    rss = (b'<rss version="2.0"><channel><title>t</title>'
           b'<item><title>one</title><link>http://a.example/1</link></item>'
           b'<item><link>http://[x/a</link></item>'
           b'<item><title>two</title><link>/2</link></item></channel></rss>')
    feed = parse_feed(rss, url="https://example.org/f")
    assert [e.url for e in feed.entries] == ["http://a.example/1", "https://example.org/2"]
    assert [(d.reason, d.url) for d in feed.drops] == [("bad-entry-url", "http://[x/a")]
    assert "Invalid IPv6 URL" in feed.drops[0].detail
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "http://[x/a"}, {"id": "2", "url": "https://j.example/ok"}, {"id": "3"}]}
    jf = parse_feed(json.dumps(doc).encode(), url="https://j.example/feed.json")
    assert [e.url for e in jf.entries] == ["https://j.example/ok"]
    assert [d.reason for d in jf.drops] == ["bad-entry-url", "no-entry-url"]
    assert jf.drops[0].url == "http://[x/a"


def test_nul_bytes_are_stripped_from_titles_and_links():
    rss = (b'<rss version="2.0"><channel><title>t&#0;x</title><item><title>a\x00b</title>'
           b'<link>http://a.example/\x00x</link></item></channel></rss>')
    feed = parse_feed(rss, url="https://example.org/f")
    for e in feed.entries:
        assert "\x00" not in e.url and "\x00" not in (e.title or "")
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J\u0000",
           "items": [{"id": "1", "url": "https://j.example/\u0000a", "title": "T\u0000t"}]}
    jf = parse_feed(json.dumps(doc).encode())
    assert (jf.title, jf.entries[0].url, jf.entries[0].title) == ("J", "https://j.example/a", "Tt")


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lolololololololololol">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(9))
          + b']><rss version="2.0"><channel><title>&j;</title><item><title>&j;</title>'
          b"<link>http://a.example/x</link></item></channel></rss>")


def test_feeds_refuse_entity_declarations():
    """Issue 18: a 10-level "billion laughs" feed took seconds and 178 MB; now it is refused at once."""
    import time

    t0 = time.process_time()
    for doc in (LAUGHS, LAUGHS.decode().encode("utf-16")):
        with pytest.raises(ParseError, match="entities"):
            parse_feed(doc)
    assert time.process_time() - t0 < 0.5
    # a DOCTYPE without entities (RSS 0.91's) is still read
    rss091 = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
              b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>'
              b"<item><title>a</title><link>http://a.example/1</link></item></channel></rss>")
    assert [e.url for e in parse_feed(rss091).entries] == ["http://a.example/1"]
