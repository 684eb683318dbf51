"""A batch with broken parts: one broken item, one broken feed, one missing feed, one file that is no
article. Every other item and source still ingests, and ``newsdesk status`` names each broken one with
its reason and its URL or file (issue 18)."""

from __future__ import annotations

import json

import httpx
from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.ingest.fetch import Fetcher
from newsdesk.pipeline.ingest import IngestOptions, ingest_target
from newsdesk.settings import Settings
from newsdesk.store import open_store

WORDS = " ".join(f"word{i}" for i in range(60))


def _article(n: str) -> bytes:
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f"<p>{WORDS} about {n}.</p><p>{WORDS} again for {n}.</p></article></body></html>").encode()


RSS = (b'<rss version="2.0"><channel><title>ok</title>'
       b'<item><title>a</title><link>https://news.test/a</link></item>'
       b'<item><title>broken</title><link>http://[x/a</link></item>'
       b'<item><title>b</title><link>https://news.test/b</link></item></channel></rss>')
JSONFEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": [
    {"id": "1", "url": "http://[y/b"}, {"id": "2", "url": "https://news.test/c"}]}).encode()


def _handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/robots.txt":
        return httpx.Response(404)
    if path == "/rss.xml":
        return httpx.Response(200, content=RSS, headers={"content-type": "application/rss+xml"})
    if path == "/feed.json":
        return httpx.Response(200, content=JSONFEED, headers={"content-type": "application/feed+json"})
    if path == "/garbage.xml":
        return httpx.Response(200, content=b"\x00\x01 not a feed <<<", headers={"content-type": "text/xml"})
    if path in ("/a", "/b", "/c"):
        return httpx.Response(200, content=_article(path[1:]), headers={"content-type": "text/html"})
    return httpx.Response(404)


def test_a_batch_with_broken_sources_ingests_every_other_and_status_names_them(tmp_path):
    settings = Settings(fetch_host_delay=0.0, fetch_retries=0)
    db = str(tmp_path / "b.db")
    short = tmp_path / "short.html"
    short.write_text("<html><body><p>Too short to be an article.</p></body></html>")
    with Fetcher(settings, transport=httpx.MockTransport(_handler), resolver=lambda h: ["93.184.216.34"]) as f, \
            open_store(path=db) as store:
        for loc in ("https://news.test/garbage.xml", "https://news.test/rss.xml", "https://news.test/missing.xml",
                    "https://news.test/feed.json"):
            store.add_source("feed", loc)
        store.add_source("folder", str(short))
        _, counts = ingest_target(store, None, settings, IngestOptions(progress=False, fetcher=f))
        assert store.count_articles() == 3  # a, b (RSS) and c (JSON Feed): every good item of every source
        assert counts.drops["bad-entry-url"] == 2 and counts.drops["bad-feed"] == 1
        assert counts.drops["http-404"] == 1 and counts.drops["no-article"] == 1
    out = CliRunner().invoke(cli, ["status", "--db", db])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "bad-feed  https://news.test/garbage.xml" in text
    assert "http-404  https://news.test/missing.xml" in text
    assert "bad-entry-url  http://[x/a" in text and "bad-entry-url  http://[y/b" in text
    assert "no-article  short.html" in text


def test_a_bug_in_one_source_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    import newsdesk.ingest.feeds as feeds

    real = feeds.fetch_feed

    def flaky(fetcher, url, **kw):  # type: ignore[no-untyped-def]
        if url.endswith("/rss.xml"):
            raise RuntimeError("adapter bug")
        return real(fetcher, url, **kw)

    monkeypatch.setattr(feeds, "fetch_feed", flaky)
    settings = Settings(fetch_host_delay=0.0, fetch_retries=0)
    with Fetcher(settings, transport=httpx.MockTransport(_handler), resolver=lambda h: ["93.184.216.34"]) as f, \
            open_store(path=str(tmp_path / "c.db")) as store:
        store.add_source("feed", "https://news.test/rss.xml")
        store.add_source("feed", "https://news.test/feed.json")
        _, counts = ingest_target(store, None, settings, IngestOptions(progress=False, fetcher=f))
        assert store.count_articles() == 1 and counts.drops["source-error"] == 1
        (d,) = store.drop_samples(reason="source-error")
        assert d.url == "https://news.test/rss.xml" and "RuntimeError: adapter bug" in d.detail
