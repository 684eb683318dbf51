"""OPML import: folders, dedup, round trip, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtureweb import fixture_site  # noqa: F401
from newsdesk.errors import ParseError
from newsdesk.ingest.opml import FeedRef, parse_opml, read_opml, write_opml
from newsdesk.fixtureweb import opml


def test_fixture_opml_lists_every_outlet(fixture_site):
    feeds = parse_opml(opml(fixture_site, lambda s: f"http://h/{s}"))
    assert len(feeds) == len(fixture_site.outlets)
    assert all(f.categories == ["News"] and f.site_url and f.url.startswith("http://h/") for f in feeds)
    assert {f.title for f in feeds} == {o.name for o in fixture_site.outlets.values()}


def test_nested_folders_duplicates_and_round_trip(tmp_path):
    doc = b"""<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
    <outline text="Tech"><outline text="Gadgets"><outline text="G" type="rss" xmlUrl="http://g.example/rss"/></outline>
    <outline title="T" xmlUrl="http://t.example/atom" htmlUrl="http://t.example/"/></outline>
    <outline text="dup" xmlUrl="http://g.example/rss"/><outline text="empty folder"/></body></opml>"""
    feeds = parse_opml(doc)
    assert feeds == [FeedRef("http://g.example/rss", "G", None, ["Tech", "Gadgets"]),
                     FeedRef("http://t.example/atom", "T", "http://t.example/", ["Tech"])]
    path = tmp_path / "f.opml"
    path.write_bytes(write_opml(feeds))
    assert [(f.url, f.title) for f in read_opml(str(path))] == [(f.url, f.title) for f in feeds]


@pytest.mark.parametrize("doc", [
    b"",
    b"<rss/>",
    b"<opml><body><outline",
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body>'
    b'<outline text="&x;" xmlUrl="http://a/"/></body></opml>',
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<opml><body><outline text="&b;" xmlUrl="http://a/"/></body></opml>',
])
def test_hostile_and_malformed_refused(doc):
    with pytest.raises(ParseError):
        parse_opml(doc)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=1000))
def test_fuzz(data):
    try:
        parse_opml(b"<opml><body>" + data + b"</body></opml>")
    except ParseError:
        pass
