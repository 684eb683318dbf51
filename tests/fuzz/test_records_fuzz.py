"""No record lost silently: generated feeds, sitemaps and WARC files with known contents, broken
parts included; every item comes out as a record or as a drop with its reason and URL."""

from __future__ import annotations

import gzip
import json
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest.feeds import parse_feed
from newsdesk.ingest.sitemaps import parse_sitemap
from newsdesk.ingest.warc import warc_items
from newsdesk.testing.warc import warc_record, write_records
from newsdesk.model import Drop, Page
from newsdesk.settings import Settings

GOOD = st.sampled_from(["https://a.example/x", "http://b.example/y?z=1", "/relative/path", "rel/2", "//c.example/p"])
BAD = st.sampled_from(["http://[x/a", "http://[::1", "mailto:a@b.c", "javascript:alert(1)", "ftp://f.example/",
                       "http://", "https://:80/"])
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
LINK = st.one_of(GOOD, BAD, TEXT.filter(lambda t: t.strip() != ""))
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(st.tuples(LINK, TEXT), min_size=1, max_size=12))
def test_every_rss_item_is_an_entry_or_a_drop(items):
    body = "".join(f"<item><title>{escape(t)}</title><link>{escape(u)}</link></item>" for u, t in items)
    doc = f'<rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()
    feed = parse_feed(doc, url="https://example.org/feed")
    assert len(feed.entries) + len(feed.drops) == len(items)
    assert all(d.reason and d.url for d in feed.drops)


@SETTINGS
@given(st.lists(st.one_of(st.fixed_dictionaries({"id": TEXT, "url": LINK}), st.fixed_dictionaries({"id": TEXT}),
                          st.just("junk")), min_size=1, max_size=12))
def test_every_json_feed_item_is_an_entry_or_a_drop(items):
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    feed = parse_feed(doc, url="https://example.org/feed.json")
    assert len(feed.entries) + len(feed.drops) == len(items)
    assert all(d.reason and d.url for d in feed.drops)


@SETTINGS
@given(st.lists(LINK.filter(lambda u: u.strip() != ""), min_size=1, max_size=12), st.booleans())
def test_every_sitemap_loc_is_a_url_or_a_drop(locs, packed):
    body = "".join(f"<url><loc>{escape(u)}</loc><news:news/></url>" for u in locs)
    doc = f"<urlset>{body}</urlset>".encode()
    sm = parse_sitemap(gzip.compress(doc) if packed else doc, url="https://example.org/sitemap.xml")
    assert len(sm.urls) + len(sm.drops) == len(locs)


RECORD = st.tuples(st.sampled_from([200, 200, 404, 500, 301]), st.sampled_from(["", "gzip", "deflate", "br", "x"]),
                   st.sampled_from(["text/html", "application/pdf", ""]), st.booleans())


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(RECORD, min_size=1, max_size=8), st.booleans())
def test_every_warc_response_is_a_page_or_a_drop(tmp_path_factory, records, packed):
    import zlib

    import brotli

    raw = b"<html><head><title>T</title></head><body><p>" + b"words " * 30 + b"</p></body></html>"
    enc = {"": raw, "gzip": gzip.compress(raw), "deflate": zlib.compress(raw), "br": brotli.compress(raw), "x": raw}
    blobs = []
    for n, (status, encoding, ctype, empty) in enumerate(records):
        extra = {"Content-Encoding": encoding} if encoding else {}
        blobs.append(warc_record(f"https://e.example/{n}", b"" if empty else enc[encoding], content_type=ctype,
                                 status=status, extra_http=extra))
    path = tmp_path_factory.mktemp("w") / "f.warc"
    write_records(path, blobs, compress=packed)
    items = [i.record for i in warc_items(path, Settings())]
    assert len(items) == len(records)
    for rec, (status, encoding, ctype, empty) in zip(items, records):
        expect_page = status == 200 and ctype != "application/pdf" and not empty and encoding != "x"
        assert isinstance(rec, Page) == expect_page, (rec, status, encoding, ctype, empty)
        if isinstance(rec, Page):
            assert rec.content == raw
        else:
            assert isinstance(rec, Drop) and rec.reason and rec.url
