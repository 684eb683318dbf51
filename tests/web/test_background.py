"""The portal's background ingest: a local fixture-web feed fills the store while demo content shows."""

from __future__ import annotations

import threading
import time

import pytest

from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.web.runner import _background
from newsdesk.web.store_data import StoreData
from newsdesk.web.switch import DemoFront


@pytest.mark.slow
def test_background_ingest_replaces_the_demo(tmp_path):
    from newsdesk.testing.fixtureweb import build_site, feed_urls, serve_fixture_web

    site = build_site(seed=1, n_articles=24)
    with serve_fixture_web(site) as base:
        settings = Settings(db=str(tmp_path / "bg.db"), allow_private=True, fetch_host_delay=0.0,
                            secret_key="k")
        store = open_store(settings)
        store.add_source("feed", feed_urls(site, lambda slug: f"{base}/{slug}")[0], "fixture outlet")
        data = DemoFront(StoreData(store), settings=settings, use_fixture_web=False)
        assert data.demo and data.top_stories()
        stop = threading.Event()
        worker = threading.Thread(target=_background, args=(store, settings, stop), daemon=True)
        worker.start()
        end = time.monotonic() + 90
        while store.count_articles() == 0 and time.monotonic() < end:
            time.sleep(0.2)
        stop.set()
        worker.join(60)
        assert not worker.is_alive()
        assert store.count_articles() > 0
        data._checked = 0.0  # check the store now rather than in 10 s
        assert data.demo is False
        assert data.latest(None, 5)
        store.close()
