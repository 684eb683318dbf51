"""Polite crawl: same host, limits, article-URL heuristics, every fetch accounted for."""

from __future__ import annotations

import httpx
import pytest

from fixtureweb import fixture_site, fixture_web, local_settings  # noqa: F401
from newsdesk.ingest.crawl import CrawlOptions, CrawlStats, crawl, extract_links, looks_like_article
from newsdesk.ingest.fetch import Fetcher
from newsdesk.model import Drop, Page
from newsdesk.settings import Settings


def test_heuristic_on_every_fixture_url(fixture_site):
    for a in fixture_site.articles:
        assert looks_like_article("http://h" + a.path), a.path
    for path in ("/", "/world", "/world/page/2", "/tag/port-alcyra", "/author/jane-doe-smith", "/about",
                 "/img/ledger-000001.png", "/feed.xml", "/sitemaps/2026-02.xml", "/category/local-news-and-views",
                 "/search", "/page/3"):
        assert not looks_like_article("http://h" + path), path


@pytest.mark.parametrize("url,expected", [
    ("https://n.example/2024/05/12/minister-resigns", True),
    ("https://n.example/politics/minister-resigns-after-vote.html", True),
    ("https://n.example/news/20240512/1234", True),
    ("https://n.example/world/minister-resigns-after-vote-123456", True),
    ("https://n.example/tag/elections-in-india-today", False),
    ("https://n.example/politics", False),
    ("https://n.example/video-gallery/best-goals-of-the-week", False),
    ("https://n.example/2024/05/", False),
])
def test_heuristic_examples(url, expected):
    assert looks_like_article(url) is expected


def test_crawl_outlet_finds_its_articles_and_accounts_for_every_fetch(fixture_web):
    site, base = fixture_web
    root = f"{base}/northstar"
    stats = CrawlStats()
    with Fetcher(local_settings()) as f:
        out = list(crawl(f, root + "/", CrawlOptions(max_depth=3, max_pages=400), stats))
    pages = [p for p in out if isinstance(p, Page)]
    drops = [d for d in out if isinstance(d, Drop)]
    truth = {root + a.path for a in site.by_outlet("northstar")}
    assert {p.url for p in pages} == truth  # every article reached, nothing else yielded as one
    assert len(out) == stats.fetched and stats.articles == len(pages)
    assert {d.reason for d in drops} <= {"listing-page", "http-404"}
    assert stats.skipped.get("other-host", 0) >= 1  # ads and share links were not followed
    assert all(p.source == "crawl:127.0.0.1" for p in pages)


def test_crawl_limits_and_bad_start():
    hits: list[str] = []

    def handler(req):
        hits.append(req.url.path)
        if req.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /secret/\n")
        links = "".join(f'<a href="/s{i}/story-number-{i}-today">x</a><a href="/sec{i}">s</a>' for i in range(30))
        links += '<a href="/secret/hidden-story-about-things">h</a><a href="http://other.example/x-y-z-w">o</a>'
        return httpx.Response(200, text=f"<html><body>{links}</body></html>", headers={"content-type": "text/html"})

    s = Settings(fetch_host_delay=0.0, fetch_robots=True, allow_private=True)
    with Fetcher(s, transport=httpx.MockTransport(handler)) as f:
        stats = CrawlStats()
        out = list(crawl(f, "http://site.example/", CrawlOptions(max_depth=1, max_pages=10), stats))
        assert len(out) == 10 == stats.fetched and stats.skipped["page-limit"] > 0
        assert "other.example" not in " ".join(hits)
        out = list(crawl(f, "http://site.example/", CrawlOptions(max_depth=1, max_pages=100)))
        blocked = [d for d in out if isinstance(d, Drop) and d.reason == "robots"]
        assert len(blocked) == 1 and "/secret/" in blocked[0].url
        assert [d.reason for d in crawl(f, "not a url")] == ["bad-url"]


def test_seeds_are_visited_after_the_start_page_within_the_host_and_the_budget():
    hits: list[str] = []

    def handler(req):
        hits.append(str(req.url))
        if req.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, text="<html><body>no links</body></html>", headers={"content-type": "text/html"})

    seeds = ["http://site.example/2026/01/05/only-in-the-sitemap", "http://other.example/2026/01/05/not-this-host",
             "http://site.example/2026/01/05/only-in-the-sitemap", "not a url", "http://site.example/2026/01/06/a-second-one"]
    with Fetcher(Settings(fetch_host_delay=0.0, allow_private=True), transport=httpx.MockTransport(handler)) as f:
        stats = CrawlStats()
        out = list(crawl(f, "http://site.example/", CrawlOptions(max_depth=0, max_pages=10), stats, seeds=seeds))
        assert [p.url for p in out if isinstance(p, Page)] == [seeds[0], seeds[4]]  # at depth 1, past max_depth 0
        assert stats.skipped == {"bad-url": 1} and "other.example" not in " ".join(hits)
        out = list(crawl(f, "http://site.example/", CrawlOptions(max_pages=2), seeds=seeds))
        assert [type(r).__name__ for r in out] == ["Drop", "Page"]  # the start page (a listing), then one seed


def test_extract_links_base_nofollow_and_garbage():
    html = (b'<html><head><base href="/sub/"></head><body><a href="a-b-c">1</a><a href="#x">2</a>'
            b'<a rel="nofollow" href="/n">3</a><a href="javascript:alert(1)">4</a><a href="//cdn.example/y">5</a></body></html>')
    assert extract_links(html, "https://s.example/page") == ["https://s.example/sub/a-b-c", "https://cdn.example/y"]
    assert extract_links(b"", "https://s.example/") == []
    assert extract_links(b"\x00\xff\xfe<<<", "https://s.example/") == []
