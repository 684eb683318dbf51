"""Pages render on the portal's own few long-lived threads (``render_threads``), not the event loop's pool."""

from __future__ import annotations

import asyncio
import dataclasses
import threading

import httpx

from newsdesk.settings import Settings
from newsdesk.web import create_app
from newsdesk.web.app import render_threads


def test_render_threads_default_to_one_on_sqlite_and_eight_on_postgresql():
    assert render_threads(Settings(db="news.db")) == 1
    assert render_threads(Settings(db="postgresql://u@127.0.0.1/n")) == 8
    assert render_threads(Settings(db="news.db", render_threads=3)) == 3


def _concurrent_gets(app, paths):
    async def run():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return await asyncio.gather(*(client.get(p) for p in paths))

    return asyncio.run(run())


def test_concurrent_pages_render_on_the_render_threads_only(store_data, settings):
    app = create_app(store_data, dataclasses.replace(settings, render_threads=2, cache_ttl=0.0))
    seen: list[str] = []
    render = app._render

    def spy(*args):
        seen.append(threading.current_thread().name)
        return render(*args)

    app._render = spy
    paths = ["/", "/search?q=storm", "/trending", "/index.json"] * 4
    answers = _concurrent_gets(app, paths)
    assert [r.status_code for r in answers] == [200] * len(paths)
    assert len(seen) == len(paths)
    assert all(name.startswith("newsdesk-render") for name in seen)
    assert 1 <= len(set(seen)) <= 2
