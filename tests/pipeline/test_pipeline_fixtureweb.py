"""End to end on the fixture web (exact truth): its WARC and its feeds served on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from newsdesk.pipeline.ingest import IngestOptions, ingest_source, ingest_target
from newsdesk.settings import Settings
from newsdesk.store import open_store

fixtureweb = pytest.importorskip("newsdesk.fixtureweb")


@pytest.fixture(scope="module")
def site():
    return fixtureweb.build_site(seed=0, n_articles=60)


def test_fixture_warc_gives_exactly_the_truth(site, tmp_path):
    truth = site.truth()
    warc = tmp_path / "web.warc.gz"
    fixtureweb.write_warc(site, warc)
    with open_store(path=str(tmp_path / "w.db")) as store:
        _, counts = ingest_target(store, str(warc), Settings(), IngestOptions(progress=False))
        assert store.count_articles() == len(truth["articles"])
        assert counts.stored["updated"] == len(truth["updated"])
        assert counts.drops["not-html"] > 0 and counts.drops["revisit"] > 0
        stored = {(urlsplit(a.article.url).hostname, urlsplit(a.article.url).path) for a in store.iter_articles()}
        domains = {o["slug"]: o["domain"] for o in truth["outlets"]} if isinstance(truth["outlets"], list) else {
            slug: o["domain"] for slug, o in truth["outlets"].items()}
        assert {p for _, p in stored} == {a["path"] for a in truth["articles"]}
        assert {h for h, _ in stored} <= {d.removeprefix("www.") for d in domains.values()} | set(domains.values())
        # the same archive again: all known, nothing new
        _, again = ingest_target(store, str(warc), Settings(), IngestOptions(progress=False, restart=True))
        assert again.stored["new"] == 0 and store.count_articles() == len(truth["articles"])


def test_fixture_feeds_over_http_resume_by_seen_entries(site, tmp_path):
    settings = Settings(allow_private=True, fetch_host_delay=0.0)
    with fixtureweb.serve_fixture_web(site) as base, open_store(path=str(tmp_path / "f.db")) as store:
        for url in fixtureweb.feed_urls(site, lambda slug: f"{base}/{slug}", hostile=True):
            store.add_source("feed", url)
        _, counts = ingest_target(store, None, settings, IngestOptions(progress=False))
        stored = store.count_articles()
        assert stored >= 0.9 * len(site.truth()["articles"])
        assert counts.drops["bad-feed"] >= 1  # the broken feed, recorded with its reason
        broken = [s for s in store.status() if s.fetch_errors]
        assert broken and all(s.articles == 0 for s in broken)
        # a second poll fetches only entries it has not seen: no article page again
        again = [ingest_source(store, s, settings, IngestOptions(progress=False)) for s in store.list_sources()]
        assert sum(c.stored["new"] + c.stored["duplicate"] for c in again) == 0
        assert store.count_articles() == stored


def test_fixture_sitemap_site_and_single_url(site, tmp_path):
    settings = Settings(allow_private=True, fetch_host_delay=0.0)
    slug = next(iter(site.outlets))
    n_outlet = len(site.by_outlet(slug))
    with fixtureweb.serve_fixture_web(site) as base, open_store(path=str(tmp_path / "s.db")) as store:
        root = f"{base}/{slug}"
        src = store.add_source("sitemap", f"{root}/sitemap.xml")
        counts = ingest_source(store, src, settings, IngestOptions(progress=False))
        assert store.count_articles(src.id) == n_outlet and counts.stored["new"] == n_outlet
        # the sitemap's URLs are remembered: a second walk fetches no article again
        again = ingest_source(store, store.get_source(src.id), settings, IngestOptions(progress=False))
        assert again.seen == 0
        # a crawl of the same outlet finds the same articles: all known already
        crawl = store.add_source("site", root + "/", options={"max_pages": 400, "max_depth": 4})
        c = ingest_source(store, crawl, settings, IngestOptions(progress=False))
        assert c.stored["new"] == 0 and c.stored["duplicate"] >= 0.8 * n_outlet
        assert c.drops["listing-page"] >= 1
        # one URL
        one = site.url(site.by_outlet(slug)[0], root)
        _, u = ingest_target(store, one, settings, IngestOptions(progress=False))
        assert u.stored == {"duplicate": 1}
        st = {s.source.kind: s for s in store.status()}
        assert st["url"].last_fetch.ok and st["sitemap"].last_fetch is not None


def test_a_site_source_spends_its_page_budget_on_the_articles_its_sitemaps_list(tmp_path):
    big = fixtureweb.build_site(seed=0, n_articles=300)  # an outlet of 54 articles, more than the budget
    settings = Settings(allow_private=True, fetch_host_delay=0.0)
    slug = next(iter(big.outlets))
    paths = {a.path for a in big.by_outlet(slug)}
    stored, got = {}, set()
    with fixtureweb.serve_fixture_web(big) as base:
        for use in (True, False):
            with open_store(path=str(tmp_path / f"s{use}.db")) as store:
                src = store.add_source("site", f"{base}/{slug}/", options={"max_pages": 20, "sitemaps": use})
                counts = ingest_source(store, src, settings, IngestOptions(progress=False, understand=False))
                stored[use] = counts.stored["new"]
                if use:  # the start page, then 19 articles from the sitemaps: no listing page fetched
                    assert counts.seen == 20 and dict(counts.drops) == {"listing-page": 1}
                got |= {urlsplit(a.article.url).path.removeprefix(f"/{slug}") for a in store.iter_articles()}
    assert got <= paths and stored[True] == 19 > stored[False]


def test_a_file_of_urls_is_ingested_as_a_url_list(site, tmp_path):
    settings = Settings(allow_private=True, fetch_host_delay=0.0)
    with fixtureweb.serve_fixture_web(site) as base, open_store(path=str(tmp_path / "u.db")) as store:
        slug = next(iter(site.outlets))
        urls = [site.url(a, f"{base}/{slug}") for a in site.by_outlet(slug)[:5]]
        path = tmp_path / "urls.txt"
        path.write_text("# five articles\n" + "\n".join(urls[:3]) + "\nnot a url\n" + "\n".join(urls[3:]) + "\n")
        (src,), counts = ingest_target(store, str(path), settings, IngestOptions(progress=False, understand=False))
        assert src.kind == "urls" and counts.stored["new"] == 5 and dict(counts.drops) == {"bad-url": 1}
        assert {a.article.url for a in store.iter_articles()} == set(urls)
