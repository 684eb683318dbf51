"""End to end on the fixture web (exact truth): its WARC and its feeds served on 127.0.0.1."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.ingest import IngestOptions, ingest_source, ingest_target
from newsdesk.settings import Settings
from newsdesk.store import open_store

fixtureweb = pytest.importorskip("newsdesk.testing.fixtureweb")


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
        titles = {a.article.title for a in store.iter_articles()}
        assert titles == {a["title"] for a in truth["articles"]}
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
