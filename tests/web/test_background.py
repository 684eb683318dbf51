"""``newsdesk serve``'s background work: a local fixture-web feed fills the store while the demo shows,
then the portal swaps the demo for the real store."""

from __future__ import annotations

import threading
import time

import pytest

from newsdesk.cli.serve import background_ingest, leave_demo_when_filled
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.web import create_app
from newsdesk.web.store_data import StoreData

from .conftest import client_for


@pytest.mark.slow
def test_background_ingest_replaces_the_demo(tmp_path, demo_db):
    import shutil

    from newsdesk.fixtureweb import build_site, feed_urls, serve_fixture_web

    site = build_site(seed=1, n_articles=24)
    with serve_fixture_web(site) as base:
        settings = Settings(db=str(tmp_path / "bg.db"), allow_private=True, fetch_host_delay=0.0,
                            secret_key="k")
        store = open_store(settings)
        store.add_source("feed", feed_urls(site, lambda slug: f"{base}/{slug}")[0], "fixture outlet")
        shutil.copyfile(demo_db, tmp_path / "demo.db")
        demo = open_store(path=str(tmp_path / "demo.db"))
        real = StoreData(store)
        portal = create_app(StoreData(demo, demo=True), settings, accounts=real)
        client = client_for(portal)
        assert client.get("/index.json").json()["demo"] is True and portal.data.top_stories()
        stop = threading.Event()
        workers = [threading.Thread(target=background_ingest, args=(store, settings, stop), daemon=True),
                   threading.Thread(target=leave_demo_when_filled, args=(portal, real, stop, 0.2), daemon=True)]
        for w in workers:
            w.start()
        end = time.monotonic() + 90
        while portal.data is not real and time.monotonic() < end:
            time.sleep(0.2)
        stop.set()
        for w in workers:
            w.join(60)
            assert not w.is_alive()
        assert store.count_articles() > 0
        assert portal.data is real and portal.data.demo is False
        j = client.get("/index.json").json()  # the cached demo page is not served again
        assert j["demo"] is False and j["latest"]
        assert {a["id"] for a in j["latest"]} <= {a.id for a in store.latest_articles(None, 100)}
        demo.close()
        store.close()
