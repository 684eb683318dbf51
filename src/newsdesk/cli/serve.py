"""``newsdesk serve``: the portal over the store in the working directory, and the work beside it.

The web layer only serves a store; this command wires it to the rest. It opens the store, and
in daemon threads (so the portal keeps serving) it runs the background ingest of the user's
sources (``pipeline.ingest.follow``, with enrichment and clustering) and the digest.

Empty store (``--demo auto``): the portal shows a demo store built from the local fixture web
(fictional outlets in a WARC, run through the real pipeline into a temporary SQLite file; nothing
is fetched), clearly labelled, until the first real articles arrive. Subscribers, editors,
sessions and sources always live in the real store. Nothing is followed that the user did not
add (``newsdesk source add`` or the admin page).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click

from ..settings import Settings

log = logging.getLogger("newsdesk.serve")
DEMO_CHECK_S = 10.0  # how often the demo looks whether the real store has articles yet


@click.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--db", default=None,
              help="SQLite file or postgresql:// URL of the store (default ./newsdesk.db).")
@click.option("--demo", type=click.Choice(["auto", "on", "off"]), default=None,
              help="Demo content: when the store is empty (auto), always, never.")
@click.option("--workers", type=int, default=None,
              help="Portal processes (default: one per CPU core, at most 8; 1 serves from this process).")
@click.option("--no-background", is_flag=True, help="Do not ingest or send digests while serving.")
def serve(host: str | None, port: int | None, db: str | None, demo: str | None, workers: int | None,
          no_background: bool) -> None:
    """Serve the news portal, its JSON API and feeds."""
    settings = Settings.from_env(host=host, port=port, db=db, demo=demo, workers=workers)
    run_portal(settings, background=not no_background, digest=not no_background)


class _Stopped(Exception):
    pass


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    """uvicorn re-raises SIGTERM after its graceful shutdown: exit through ``finally`` (store closed,
    demo folder removed) rather than die on the default handler."""
    raise SystemExit(128 + signum)


def background_ingest(store: Any, settings: Settings, stop: threading.Event) -> None:
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


def digest_loop(portal: Any, settings: Settings, stop: threading.Event) -> None:
    from ..web.digest import send_digest

    period = max(settings.digest_every_h, 0.01) * 3600
    while not stop.wait(period):
        try:
            r = send_digest(portal.data, settings, portal.mailer, accounts=portal.accounts)
            log.info("digest: %d sent, %d failed", r.sent, r.failed)
        except Exception as exc:  # noqa: BLE001
            log.warning("digest failed: %s", exc)


def leave_demo_when_filled(portal: Any, real: Any, stop: threading.Event,
                           every_s: float = DEMO_CHECK_S) -> None:
    """Swap the demo for the real store (for good) once it holds an article."""
    while not stop.wait(every_s):
        if real.latest(None, 1):  # not counts(): that is memoised
            portal.show(real)
            log.info("the store has articles: serving them in place of the demo")
            return


def open_demo(settings: Settings) -> tuple[Any, Path] | None:
    """The demo store built from the local fixture web, and its temporary folder (None when it fails)."""
    import tempfile

    from ..pipeline.demo import build_demo_store

    folder = Path(tempfile.mkdtemp(prefix="newsdesk-demo-"))
    t0 = time.monotonic()
    try:
        store = build_demo_store(settings, folder)
    except Exception as exc:  # noqa: BLE001 - the portal still serves the (empty) real store
        log.warning("demo store not built (%s); serving the empty store", exc)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    print(f"newsdesk: the store is empty; showing a demo built from the local fixture web "
          f"({store.count_articles()} articles of fictional outlets, {time.monotonic() - t0:.1f} s, "
          "nothing fetched)", file=sys.stderr)
    return store, folder


def worker_count(settings: Settings) -> int:
    """``settings.workers``, or one per CPU core (at most ``MAX_WORKERS``) when 0."""
    if settings.workers > 0:
        return settings.workers
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                      MAX_WORKERS))


MAX_WORKERS = 8
_DEMO_DB_ENV = "NEWSDESK_SERVE_DEMO_DB"  # the demo store the parent built, for its workers


def warm(app: Any) -> float:
    """Compile every template and compute the home page's data and the layout's trending bar once,
    and make the newest article's page (the tokenizer's word table) and the related-article
    documents of the newest 2,048 articles (``web.related.prefill``), before the first request: the
    first reader after start finds templates, connections, memoised facets, trends and most of an
    article page's candidates ready."""
    t0 = time.perf_counter()
    pool = getattr(app, "render_pool", None)  # on a render thread: its store connection is the one pages use
    if pool is not None:
        pool.submit(_warm, app).result()
    else:
        _warm(app)
    return time.perf_counter() - t0


def _warm(app: Any) -> None:
    from ..web.related import prefill
    from ..web.views import article, home

    for name in app.env.list_templates():
        if name.endswith((".html", ".txt", ".xml")):
            app.env.get_template(name)
    try:
        home(app.data, {}, {})
        app.data.trending(8)  # every page's layout shows it
        newest = app.data.latest(None, 1)
        if newest:
            article(app.data, {"id": str(newest[0].id)}, {})
        if hasattr(app.data, "store"):
            prefill(app.data.store)  # the newest articles' related-article documents
    except Exception as exc:  # noqa: BLE001 - warming is an optimisation; serving goes on
        log.warning("warming the portal failed: %s", exc)


def run_portal(settings: Settings, *, background: bool = True, digest: bool = True,
               log_level: str = "warning") -> None:
    """Serve in this process (one worker) or in ``worker_count`` uvicorn worker processes.

    With several workers, each process opens the store itself (SQLite WAL: readers never wait for
    the writer), and this process keeps the background ingest and digest, so there is still one
    ingest writing. Sign-ups, logins and curation in any worker write to the same store."""
    import uvicorn

    from ..store import open_store, redact_url
    from ..web.app import create_app
    from ..web.digest import Mailer
    from ..web.store_data import StoreData

    workers = worker_count(settings)
    store = open_store(settings)
    real = StoreData(store)
    demo = None
    if settings.demo == "on" or (settings.demo == "auto" and store.count_articles() == 0):
        demo = open_demo(settings)
    shown = StoreData(demo[0], demo=True) if demo else real
    app = create_app(shown, settings, Mailer(settings), accounts=real)  # makes the secret key file once
    if workers == 1:
        warm(app)
    stop = threading.Event()
    threads: list[tuple[Any, tuple[Any, ...]]] = []
    if background:
        threads.append((background_ingest, (store, settings, stop)))
        if not store.list_sources():
            print("newsdesk: no sources to follow; add one with `newsdesk source add feed URL` "
                  "or on /admin", file=sys.stderr)
    if digest and settings.digest_every_h > 0:
        threads.append((digest_loop, (app, settings, stop)))
    if demo and settings.demo == "auto" and workers == 1:
        threads.append((leave_demo_when_filled, (app, real, stop)))
    for target, args in threads:
        threading.Thread(target=target, args=args, daemon=True, name=target.__name__).start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    url = f"http://{settings.host}:{settings.port}"
    label = " (demo content)" if demo else ""
    print(f"newsdesk: serving {redact_url(settings.db)} at {url}{label}"
          f"{f' with {workers} workers' if workers > 1 else ''}", file=sys.stderr)
    try:
        if workers == 1:
            uvicorn.run(app, host=settings.host, port=settings.port, log_level=log_level, access_log=False,
                        server_header=False)
        else:
            _export(settings, demo[1] / "demo.db" if demo else None)
            uvicorn.run("newsdesk.cli.serve:worker_app", factory=True, workers=workers, host=settings.host,
                        port=settings.port, log_level=log_level, access_log=False, server_header=False)
    finally:
        stop.set()
        store.close()
        if demo:
            demo[0].close()
            shutil.rmtree(demo[1], ignore_errors=True)


def _export(settings: Settings, demo_db: Path | None) -> None:
    """Hand the settings (command-line options included) to the worker processes."""
    from dataclasses import fields

    for f in fields(settings):
        env = f.metadata.get("env")
        if env:
            value = getattr(settings, f.name)
            os.environ[env] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if demo_db is not None:
        os.environ[_DEMO_DB_ENV] = str(demo_db)


def worker_app() -> Any:
    """One worker process's portal (uvicorn calls it in each worker): the store, and the demo store
    the parent built while the real one is empty."""
    from ..store import open_store
    from ..web.app import create_app
    from ..web.digest import Mailer
    from ..web.store_data import StoreData

    settings = Settings.from_env()
    real = StoreData(open_store(settings))
    demo_db = os.environ.get(_DEMO_DB_ENV)
    shown = StoreData(open_store(path=demo_db), demo=True) if demo_db else real
    app = create_app(shown, settings, Mailer(settings), accounts=real)
    warm(app)
    if demo_db and settings.demo == "auto":
        threading.Thread(target=leave_demo_when_filled, args=(app, real, threading.Event()), daemon=True,
                         name="leave_demo_when_filled").start()
    return app
