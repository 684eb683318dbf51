"""The portal's ASGI application: cache front door, public pages in every format, forms, admin.

URL scheme (one view, many renderers):

    /path              HTML              /index.json for the home page
    /path.json         the JSON API      (documented at /openapi.json)
    /path/feed.rss     RSS 2.0           /feed.rss, /feed.atom, /feed.json for the home page
    /path/feed.atom    Atom 1.0
    /path/feed.json    JSON Feed 1.1
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import InputError, NewsdeskError, StoreError
from ..settings import Settings
from ..store import is_postgres
from .admin import admin_routes
from .auth import load_secret, public_csrf
from .cache import Entry, PageCache, etag_of
from .data import PortalData
from .demo import demo_svg
from .openapi import openapi_schema
from .ratelimit import LoginThrottle, RateLimiter, client_of, retry_after
from .render import FEEDS, MEDIA, make_env, render_json, render_page
from .subscribe import subscribe_routes
from .views import ROUTES, BadQuery, NotFound, WebPage

log = logging.getLogger("newsdesk.web")
STATIC = Path(__file__).parent / "static"

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
     b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
_FEED_SUFFIX = re.compile(r"/feed\.(rss|atom|json)$")
#: render threads per process when ``render_threads`` is 0: on SQLite one (connections of one process
#: stepping statements at once contend inside the library: 4 threads doubled the article page's CPU);
#: PostgreSQL's pages wait on the server, so threads overlap those waits (benchmarks/PORTAL.md,
#: "Render threads"). More cores are used by more processes (``workers``).
AUTO_RENDER_THREADS = {"sqlite": 1, "postgresql": 8}


def render_threads(settings: Settings) -> int:
    if settings.render_threads > 0:
        return settings.render_threads
    return AUTO_RENDER_THREADS["postgresql" if is_postgres(settings.db) else "sqlite"]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[A-Za-z0-9_-]{1,120})", pattern) + "$")


class Portal:
    """Everything the ASGI server calls.

    ``data`` is the content shown; ``accounts`` (default: ``data``) holds subscribers, editors,
    sessions and sources. They differ only while ``newsdesk serve`` shows the demo store in front
    of an empty real store: sign-ups and logins go to the real one. ``show`` swaps the content.
    """

    def __init__(self, data: PortalData, settings: Settings | None = None, mailer: Any = None,
                 accounts: PortalData | None = None) -> None:
        self.data = data
        self.accounts = accounts if accounts is not None else data
        self._shown = 0  # bumped by ``show``: part of every cache key
        self.settings = settings or Settings()
        self.mailer = mailer
        self.env = make_env()
        self.cache = PageCache(self.settings.cache_ttl)
        self.limits, self.logins = RateLimiter(), LoginThrottle()
        self.secret = load_secret(self.settings.secret_key, self.settings.db)
        self.routes = [(_compile(p), p, name, view, feed) for p, name, view, feed in ROUTES]
        # pages render on a few long-lived threads (each keeps its store connection warm), not on
        # the event loop's pool of up to 40 short-lived ones
        self.render_pool = ThreadPoolExecutor(render_threads(self.settings), thread_name_prefix="newsdesk-render")
        self.app = Starlette(
            routes=[
                Route("/openapi.json", self.openapi),
                Route("/healthz", lambda r: Response("ok", media_type="text/plain")),
                Route("/demo-img/{n:int}.svg", self.demo_image),
                Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
                *subscribe_routes(self),
                *admin_routes(self),
                Route("/{path:path}", self.public, methods=["GET", "HEAD"]),
            ],
        )

    # -- the front door: cached pages never reach routing -----------------------------------------
    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            key = self._key(scope)
            e = self.cache.get(key, self.data.version())
            if e is not None:
                inm = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
                if inm is not None and e.etag in inm:
                    await send({"type": "http.response.start", "status": 304,
                                "headers": [(b"etag", e.etag), (b"content-length", b"0"), *SECURITY_HEADERS]})
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send({"type": "http.response.start", "status": e.status, "headers": e.headers})
                await send({"type": "http.response.body",
                            "body": b"" if scope["method"] == "HEAD" else e.body})
                return

        async def send_secure(msg: dict) -> None:
            if msg["type"] == "http.response.start":
                msg["headers"] = list(msg.get("headers", [])) + SECURITY_HEADERS
            await send(msg)

        await self.app(scope, receive, send_secure if scope["type"] == "http" else send)

    def _key(self, scope: dict) -> bytes:
        host = next((v for k, v in scope["headers"] if k == b"host"), b"")
        return b"%d|" % self._shown + host + b"|" + scope["path"].encode() + b"?" + scope["query_string"]

    def base_url(self, request: Request) -> str:
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        return f"{request.url.scheme}://{request.url.netloc}"

    # -- public pages ---------------------------------------------------------------------------
    def resolve(self, path: str) -> tuple[str, Any, dict[str, str], str, bool] | None:
        fmt = "html"
        m = _FEED_SUFFIX.search(path)
        if m:
            fmt = {"rss": "rss", "atom": "atom", "json": "jsonfeed"}[m.group(1)]
            path = path[: m.start()] or "/"
        elif path == "/index.json":
            fmt, path = "json", "/"
        elif path.endswith(".json"):
            fmt, path = "json", path[:-5]
        for rx, _pattern, name, view, feed in self.routes:
            mm = rx.match(path)
            if mm:
                if fmt in FEEDS and not feed:
                    return None
                return name, view, mm.groupdict(), fmt, path == "/"
        return None

    async def public(self, request: Request) -> Response:
        path = request.url.path
        hit = self.resolve(path)
        if hit is None:
            return self.error_page(request, 404, "Page not found", "html")
        name, view, params, fmt, _ = hit
        wait = self.limits.wait(name, client_of(request.scope))  # search: answered now, never queued
        if wait:
            return self.too_many(request, wait, fmt)
        data, key = self.data, self._key(request.scope)  # both before rendering: ``show`` may swap them
        version = data.version()
        try:
            body = await self.in_render_pool(self._render, request, data, view, params, fmt, path)
        except NotFound:
            return self.error_page(request, 404, "Page not found", fmt)
        except BadQuery as exc:
            return self.error_page(request, 400, str(exc), fmt)
        except (InputError,) as exc:
            return self.error_page(request, 400, str(exc), fmt)
        except StoreError as exc:
            log.warning("store error on %s: %s", path, exc)
            return self.error_page(request, 503, "The store is busy; try again in a moment.", fmt)
        except NewsdeskError as exc:
            log.warning("error on %s: %s", path, exc)
            return self.error_page(request, 500, "Something went wrong.", fmt)
        headers = [(b"content-type", MEDIA[fmt].encode()), (b"etag", etag_of(body)),
                   (b"cache-control", f"public, max-age={int(self.settings.cache_ttl)}".encode()),
                   (b"content-length", str(len(body)).encode())]
        if fmt in ("json", "jsonfeed"):
            headers.append((b"access-control-allow-origin", b"*"))
        headers += SECURITY_HEADERS
        self.cache.put(key,
                       Entry(200, body, headers, headers[1][1], version, self.cache.expiry()))
        inm = request.headers.get("if-none-match")
        if inm and headers[1][1].decode() in inm:
            return Response(status_code=304, headers={"etag": headers[1][1].decode()})
        resp = Response(body if request.method == "GET" else b"", status_code=200)
        resp.raw_headers = [h for h in headers if h[0] not in dict(SECURITY_HEADERS)]
        return resp

    async def in_render_pool(self, fn: Callable[..., bytes], *args: Any) -> bytes:
        ctx = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self.render_pool, partial(ctx.run, fn, *args))

    def _render(self, request: Request, data: PortalData, view: Any, params: dict, fmt: str, path: str) -> bytes:
        query = dict(request.query_params)
        with getattr(data, "one_render", nullcontext)():  # StoreData: the write version read once
            return self._render_page(request, data, view, params, fmt, path, query)

    def _render_page(self, request: Request, data: PortalData, view: Any, params: dict, fmt: str, path: str,
                     query: dict) -> bytes:
        page: WebPage = view(data, params, query)
        base = self.base_url(request)
        qs = ("?" + request.url.query) if request.url.query else ""
        if fmt == "json":
            return render_json(page, base, path + qs)
        if fmt in FEEDS:
            return FEEDS[fmt](page, base, path + qs, base + request.url.path + qs)
        return render_page(self.env, page, self.site_context(request, path, qs, page, data))

    def site_context(self, request: Request, path: str, qs: str, page: WebPage | None,
                     data: PortalData | None = None) -> dict[str, Any]:
        data = self.data if data is None else data
        base = self.base_url(request)
        feed_base = "" if path == "/" else path
        has_feed = page is not None and page.items is not None
        return {
            "base": base,
            "path": path,
            "canonical": base + path + qs,
            "json_url": ("/index.json" if path == "/" else path + ".json") + qs,
            "feeds": {k: f"{feed_base}/feed.{ext}{qs}" for k, ext in
                      (("rss", "rss"), ("atom", "atom"), ("json", "json"))} if has_feed else {},
            "nav": data.sections()[:9],
            "trending": data.trending(8),
            "demo": data.demo,
            "subscribe_token": public_csrf(self.secret, "subscribe"),
        }

    def error_page(self, request: Request, status: int, message: str, fmt: str) -> Response:
        if fmt in ("json", "jsonfeed"):
            return Response(json.dumps({"error": message, "status": status}), status,
                            media_type="application/json")
        if fmt in ("rss", "atom"):
            return Response(message, status, media_type="text/plain; charset=utf-8")
        try:
            page = WebPage("error.html", message, {"status": status, "message": message})
            html = render_page(self.env, page, self.site_context(request, request.url.path, "", None))
        except NewsdeskError:
            html = f"<!doctype html><title>{status}</title><p>{status}"
        return Response(html, status, media_type="text/html; charset=utf-8")

    def too_many(self, request: Request, wait: float, fmt: str = "html") -> Response:
        """429 with ``Retry-After`` (a rate limit or the login throttle)."""
        resp = self.error_page(request, 429, f"Too many requests; try again in {retry_after(wait)} s.", fmt)
        resp.headers["retry-after"] = retry_after(wait)
        resp.headers["cache-control"] = "no-store"
        return resp

    def html(self, request: Request, template: str, title: str, data: dict[str, Any],
             status: int = 200, extra: dict[str, Any] | None = None) -> Response:
        page = WebPage(template, title, data, extra=extra or {})
        body = render_page(self.env, page, self.site_context(request, request.url.path, "", None))
        return Response(body, status, media_type="text/html; charset=utf-8",
                        headers={"cache-control": "no-store"})

    # -- small endpoints ------------------------------------------------------------------------
    async def openapi(self, request: Request) -> Response:
        return Response(json.dumps(openapi_schema(self.base_url(request))), media_type="application/json",
                        headers={"access-control-allow-origin": "*"})

    async def demo_image(self, request: Request) -> Response:
        return Response(demo_svg(request.path_params["n"] % 1000), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

    def written(self) -> None:
        """After a write through the portal: drop cached pages (the data version moved too)."""
        self.cache.clear()

    def show(self, data: PortalData) -> None:
        """Serve ``data`` from now on (the real store once it has articles, in place of the demo)."""
        self.data = data
        self._shown += 1  # a page rendered from the old data while we switch is never served again
        self.cache.clear()


def create_app(data: PortalData, settings: Settings | None = None, mailer: Any = None,
               accounts: PortalData | None = None) -> Portal:
    return Portal(data, settings, mailer, accounts)

