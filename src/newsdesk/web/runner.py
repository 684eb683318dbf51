"""``newsdesk serve``: open the data, start background work, run the ASGI server.

When the store is empty (and ``settings.demo`` is ``auto``) the portal shows generated demo
content, clearly labelled, until the first real articles arrive; subscribers, editors and
sessions always live in the real store. Background work (ingest, enrichment, the digest) runs
in daemon threads so the portal keeps serving.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

from ..settings import Settings
from .data import PortalData

log = logging.getLogger("newsdesk.web")

#: the public feeds followed on a fresh store when the machine is online (editable in /admin)
DEFAULT_FEEDS = (
    ("feed", "https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News World"),
    ("feed", "https://www.theguardian.com/world/rss", "The Guardian World"),
    ("feed", "https://rss.dw.com/rdf/rss-en-world", "DW World"),
    ("feed", "https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera"),
    ("feed", "https://feeds.npr.org/1001/rss.xml", "NPR News"),
)


def open_data(settings: Settings, store: Any = None) -> PortalData:
    """The store adapter, fronted by demo content while the store holds no article."""
    from ..store import open_store
    from .store_data import StoreData

    store = store if store is not None else open_store(settings)
    data = StoreData(store)
    if settings.demo == "off":
        return data
    if settings.demo == "on" or data.counts()["articles"] == 0:
        from .switch import DemoFront

        return DemoFront(data, always=settings.demo == "on", settings=settings)
    return data


def add_default_sources(data: PortalData) -> int:
    """Follow the default public feeds on a store that has no source yet."""
    if data.sources():
        return 0
    for kind, url, name in DEFAULT_FEEDS:
        data.source_add(kind, url, name)
    return len(DEFAULT_FEEDS)


class _Stopped(Exception):
    pass


def _background(store: Any, settings: Settings, stop: threading.Event) -> None:
    """Ingest with enrichment and clustering: every due source, on its schedule, until stopped.

    It writes through the portal's own store object, so the process keeps one SQLite writer."""
    from ..pipeline.ingest import IngestOptions, follow

    def sleep(s: float) -> None:
        if stop.wait(s):
            raise _Stopped

    while not stop.is_set():
        try:
            follow(store, settings, IngestOptions(progress=False, understand=True), sleep=sleep)
        except _Stopped:
            return
        except Exception as exc:  # noqa: BLE001 - the portal must keep serving
            log.warning("background ingest failed: %s", exc)
            if stop.wait(60):
                return


def _digest_loop(data: PortalData, settings: Settings, stop: threading.Event) -> None:
    from .digest import send_digest

    period = max(settings.digest_every_h, 0.01) * 3600
    while not stop.wait(period):
        try:
            r = send_digest(data, settings)
            log.info("digest: %d sent, %d failed", r.sent, r.failed)
        except Exception as exc:  # noqa: BLE001
            log.warning("digest failed: %s", exc)


def serve(settings: Settings, *, background: bool = True, digest: bool = True, log_level: str = "warning") -> None:
    import uvicorn

    from .app import create_app
    from .digest import Mailer

    from ..store import open_store

    store = open_store(settings)
    data = open_data(settings, store)
    if background:
        add_default_sources(data)
    app = create_app(data, settings, Mailer(settings))
    stop = threading.Event()
    threads: list[Any] = []
    if background:
        threads.append(threading.Thread(target=_background, args=(store, settings, stop), daemon=True, name="ingest"))
    if digest and settings.digest_every_h > 0:
        threads.append(threading.Thread(target=_digest_loop, args=(data, settings, stop), daemon=True,
                                        name="digest"))
    for t in threads:
        t.start()
    url = f"http://{settings.host}:{settings.port}"
    from ..store import redact_url

    print(f"newsdesk: serving {redact_url(settings.db)} at {url}{' (demo content)' if data.demo else ''}", file=sys.stderr)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=log_level, access_log=False,
                    server_header=False)
    finally:
        stop.set()
        store.close()
