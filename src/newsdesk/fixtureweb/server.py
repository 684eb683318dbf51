"""Serve a fixture web on 127.0.0.1 (random port, threaded) for end-to-end tests.

    with serve_fixture_web(site) as base:   # "http://127.0.0.1:PORT"
        fetcher.get(base + "/ledger/feed.xml")

Outlets live under ``{base}/{slug}``; ``{base}/`` lists them and ``{base}/opml.xml`` is their feed
list. Conditional GET (ETag / If-Modified-Since) is honoured; hostile routes stream or stall as
they should.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .render import Resp, opml, respond
from .site import FixtureWeb


def _not_modified(req_headers, resp: Resp) -> bool:  # type: ignore[no-untyped-def]
    etag = resp.headers.get("etag")
    inm = req_headers.get("If-None-Match")
    if inm and etag:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims, lm = req_headers.get("If-Modified-Since"), resp.headers.get("last-modified")
    if ims and lm:
        try:
            return parsedate_to_datetime(lm) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def _handler(site: FixtureWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms stalls
        server_version = "fixtureweb/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self._serve(head=False)

        def _base(self) -> str:
            host, port = self.server.server_address[:2]
            return f"http://{host}:{port}"

        def _route(self) -> Resp:
            base = self._base()
            target = self.path
            if target in ("/", ""):
                links = "".join(f'<li><a href="{base}/{s}/">{o.name}</a></li>' for s, o in site.outlets.items())
                return Resp(200, f"<html><body><h1>Fixture web</h1><ul>{links}</ul></body></html>".encode(),
                            {"content-type": "text/html; charset=utf-8"})
            if target == "/robots.txt":  # one origin for all outlets: their rules, prefixed
                lines = ["User-agent: *"] + [f"Disallow: /{s}/private/\nDisallow: /{s}/search" for s in site.outlets]
                lines += [""] + [f"Sitemap: {base}/{s}/sitemap.xml" for s in site.outlets]
                return Resp(200, ("\n".join(lines) + "\n").encode(), {"content-type": "text/plain"})
            if target == "/opml.xml":
                return Resp(200, opml(site, lambda s: f"{base}/{s}"), {"content-type": "text/x-opml"})
            slug, _, rest = target.lstrip("/").partition("/")
            return respond(site, slug, "/" + rest, f"{base}/{slug}")

        def _serve(self, head: bool) -> None:
            try:
                resp = self._route()
            except Exception as exc:  # noqa: BLE001 - a generator bug must show up as a 500, not a hang
                resp = Resp(500, f"fixture web error: {exc!r}".encode(), {"content-type": "text/plain"})
            if resp.status == 200 and _not_modified(self.headers, resp):
                resp = Resp(304, b"", {k: v for k, v in resp.headers.items() if k in ("etag", "last-modified")})
            try:
                self.send_response(resp.status)
                for k, v in resp.headers.items():
                    self.send_header(k, v)
                if resp.stream is None:
                    self.send_header("Content-Length", str(len(resp.body)))
                    self.end_headers()
                    if not head:
                        self.wfile.write(resp.body)
                    return
                self.send_header("Connection", "close")
                self.close_connection = True
                self.end_headers()
                if not head:
                    for chunk in resp.stream:
                        self.wfile.write(chunk)
                        self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.close_connection = True

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # clients hanging up is normal
            super().handle_error(request, client_address)


@contextmanager
def serve_fixture_web(site: FixtureWeb) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a random port; yields the base URL."""
    server = _Server(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
