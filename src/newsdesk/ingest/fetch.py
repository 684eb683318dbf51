"""The one HTTP client of newsdesk: bounded, polite, and replaceable in tests.

``Fetcher(settings, transport=None).get(url)`` returns a ``model.Page`` or raises from the one
exception tree:

* ``BlockedError`` (reason ``private-address``, ``scheme``, ``robots``): refused by policy. Every
  redirect hop is resolved and checked; loopback/private/link-local/multicast/reserved addresses,
  and IPv6 addresses embedding one (6to4, Teredo, NAT64, IPv4-mapped/compatible), are refused unless
  ``settings.allow_private``; cloud metadata addresses (``METADATA_NETWORKS``) are refused always;
  plain-http requests then connect to the vetted address (DNS pinning against rebinding).
* ``TooLargeError`` (reason ``too-large``, ``timeout``, ``redirect-loop``, ``too-many-redirects``):
  over a bound. The size bound counts bytes *after* decompression, decompressed in bounded steps,
  so a gzip bomb costs at most ``fetch_max_bytes`` of memory. The time bound covers the whole
  fetch: redirects, retries and the slowest trickle of bytes.
* ``FetchError`` (reason ``http-404``, ``network``, ``dns``, ...): anything else.

Retries (``fetch_retries``) on 429/5xx and network errors use exponential backoff with jitter and
honour ``Retry-After`` within the time bound. Conditional GET: pass ``etag`` / ``last_modified``;
a 304 comes back as a ``Page`` with ``status=304`` and empty content. A ``HostScheduler`` keeps
per-host concurrency and spacing, so one ``Fetcher`` may be shared by threads (``fetch_many``).
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import BlockedError, FetchError, NewsdeskError, TooLargeError
from ..model import Drop, Page
from ..settings import Settings
from .robots import RobotsCache

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks parsers to read at least 500 KiB
MAX_RETRY_WAIT = 60.0
_CHUNK = 65_536

Resolver = Callable[[str], list[str]]


def _err(cls: type[NewsdeskError], reason: str, message: str, **attrs: object) -> NewsdeskError:
    """An error of the tree with a finer, instance-level ``reason`` for drop counters."""
    e = cls(message)
    e.reason = reason
    for k, v in attrs.items():
        setattr(e, k, v)
    return e


def system_resolver(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise _err(FetchError, "dns", f"cannot resolve {host}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


#: cloud instance metadata services: refused even with ``allow_private`` (169.254.0.0/16 holds AWS, GCP,
#: Azure, OpenStack's 169.254.169.254 and ECS's 169.254.170.2; AWS's IPv6 fd00:ec2::254; Alibaba's
#: 100.100.100.200; Oracle's 192.0.0.192)
METADATA_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "169.254.0.0/16", "fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32",
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (IPv4-mapped, IPv4-compatible, 6to4, Teredo server and
    client, NAT64 well-known prefix): each is where the packet may really go."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    out = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo is not None:
        out.extend(ip.teredo)
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def _address(addr: str) -> IPAddress:
    return ipaddress.ip_address(addr.split("%", 1)[0])


def _is_public(ip: IPAddress) -> bool:
    return bool(
        ip.is_global
        and not (ip.is_multicast or ip.is_private or ip.is_loopback or ip.is_link_local)
        and not (ip.is_reserved or ip.is_unspecified)
        and not any(ip in net for net in METADATA_NETWORKS if net.version == ip.version)
    )


def is_public_address(addr: str) -> bool:
    """True for a globally routable unicast address, and every IPv4 address it embeds too (so the
    6to4 ``2002:a9fe:a9fe::1`` is not public: it carries 169.254.169.254)."""
    ip = _address(addr)
    return _is_public(ip) and all(_is_public(v4) for v4 in embedded_ipv4(ip))


def is_metadata_address(addr: str) -> bool:
    """True for a cloud metadata address, or an IPv6 address embedding one: never fetched, whatever
    ``allow_private`` says."""
    ip = _address(addr)
    return any(a in net for a in (ip, *embedded_ipv4(ip)) for net in METADATA_NETWORKS if net.version == a.version)


class HostScheduler:
    """Per-host politeness usable from threads: at most ``concurrency`` requests in flight and
    request starts spaced by ``delay`` seconds (``penalise`` pushes the next start back)."""

    def __init__(
        self,
        concurrency: int = 2,
        delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self._sleep = sleep
        self._clock = clock
        self._cond = threading.Condition()
        self._active: dict[str, int] = defaultdict(int)
        self._next: dict[str, float] = defaultdict(float)
        self._host_delay: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[float]:
        """Hold one of the host's slots; yields the seconds spent waiting for it."""
        with self._cond:
            while self._active[host] >= self.concurrency:
                self._cond.wait()
            self._active[host] += 1
            now = self._clock()
            start = max(now, self._next[host])
            self._next[host] = start + max(self.delay, self._host_delay.get(host, 0.0))
        try:
            if start > now:
                self._sleep(start - now)
            yield max(0.0, start - now)
        finally:
            with self._cond:
                self._active[host] -= 1
                self._cond.notify_all()

    def set_host_delay(self, host: str, seconds: float) -> None:
        """A per-host spacing above the default (robots.txt ``Crawl-delay``), capped at a minute."""
        with self._cond:
            self._host_delay[host] = min(60.0, max(0.0, seconds))

    def penalise(self, host: str, seconds: float) -> None:
        with self._cond:
            self._next[host] = max(self._next[host], self._clock() + seconds)


class _Deadline:
    """The fetch's time bound; politeness waits (queueing for a host slot) extend it."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class _Decoder:
    """Content-Encoding decoder with a hard output bound (gzip/deflate, multi-member gzip, br when
    brotli is installed)."""

    def __init__(self, encoding: str, limit: int) -> None:
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._mode = "identity"
        elif enc in ("gzip", "x-gzip"):
            self._mode = "gzip"
        elif enc == "deflate":
            self._mode = "deflate"
        elif enc == "br" and _brotli() is not None:
            self._mode = "br"
        else:
            raise _err(FetchError, "encoding", f"unsupported Content-Encoding {encoding!r}")
        self.limit = limit
        self.total = 0
        self._obj = self._new()
        self._raw_deflate_tried = False

    def _new(self):  # type: ignore[no-untyped-def]
        if self._mode == "gzip":
            return zlib.decompressobj(wbits=31)
        if self._mode == "deflate":
            return zlib.decompressobj(wbits=15)
        if self._mode == "br":
            return _brotli().Decompressor()
        return None

    def feed(self, data: bytes) -> bytes:
        if self._obj is None:
            self._count(len(data))
            return data
        if self._mode == "br":
            return self._feed_br(data)
        out: list[bytes] = []
        buf = data
        while buf:
            try:
                piece = self._obj.decompress(buf, min(_CHUNK * 16, self.limit - self.total + 1))
            except zlib.error as exc:
                if self._mode == "deflate" and not self._raw_deflate_tried and self.total == 0:
                    self._raw_deflate_tried = True  # some servers send raw deflate without zlib header
                    self._obj = zlib.decompressobj(wbits=-15)
                    continue
                raise _err(FetchError, "encoding", f"corrupt {self._mode} body: {exc}") from exc
            self._count(len(piece))
            out.append(piece)
            buf = self._obj.unconsumed_tail
            if self._obj.eof:
                buf = self._obj.unused_data
                if buf and self._mode == "gzip":
                    self._obj = self._new()  # next gzip member
                else:
                    break
        return b"".join(out)

    def _feed_br(self, data: bytes) -> bytes:
        out: list[bytes] = []
        step = min(_CHUNK * 16, self.limit + 1)
        try:
            piece = self._obj.process(data, output_buffer_limit=step)
            while True:
                self._count(len(piece))
                out.append(piece)
                if self._obj.can_accept_more_data() or self._obj.is_finished():
                    break
                piece = self._obj.process(b"", output_buffer_limit=step)
        except _brotli().error as exc:
            raise _err(FetchError, "encoding", f"corrupt br body: {exc}") from exc
        return b"".join(out)

    def _count(self, n: int) -> None:
        self.total += n
        if self.total > self.limit:
            raise _err(TooLargeError, "too-large", f"body over {self.limit} bytes (after decompression)")


def _brotli():  # type: ignore[no-untyped-def]
    """The brotli module when installed (FastWARC brings it), else None: br is then unsupported."""
    try:
        import brotli
    except ImportError:
        return None
    return brotli


def decode_body(body: bytes, encoding: str, limit: int) -> bytes:
    """A whole body decoded from its Content-Encoding (gzip, deflate, br), at most ``limit`` bytes out;
    ``FetchError`` (reason ``encoding``) or ``TooLargeError`` otherwise."""
    decoder = _Decoder(encoding, limit)
    return decoder.feed(body)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # "Wed, 21 Oct 29999999999 ..." overflows
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class Fetcher:
    """Bounded, polite HTTP GET. Thread-safe; use as a context manager or call ``close()``."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        *,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        pin_dns: bool | None = None,
    ) -> None:
        self.settings = settings
        #: connect to the vetted address (default: on the real network, off with a test transport)
        self.pin_dns = transport is None if pin_dns is None else pin_dns
        self._resolver = resolver or system_resolver
        #: with ``allow_private``, names are still resolved to refuse metadata addresses, except behind a
        #: test transport with no resolver given (its names need not exist)
        self._resolve_private = transport is None or resolver is not None
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self.scheduler = HostScheduler(settings.fetch_host_concurrency, settings.fetch_host_delay, sleep, clock)
        self.robots = RobotsCache(settings.user_agent)
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            },
        )
        #: counters of fetches by outcome ("ok", "not-modified", error reasons); inspectable
        self.counts: dict[str, int] = defaultdict(int)
        self._counts_lock = threading.Lock()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- public ---------------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        robots: bool | None = None,
        max_bytes: int | None = None,
    ) -> Page:
        """Fetch ``url`` (following redirects) and return its ``Page``; see the module doc."""
        try:
            page = self._fetch(url, etag, last_modified, robots, max_bytes)
        except NewsdeskError as exc:
            self._count(exc.reason)
            raise
        self._count("not-modified" if page.status == 304 else "ok")
        return page

    def fetch_many(self, urls: Iterable[str], workers: int = 4, source: str | None = None) -> Iterator[Page | Drop]:
        """Fetch many URLs from a thread pool; yields a ``Page`` or a ``Drop`` per URL, in order."""
        def one(u: str) -> Page | Drop:
            try:
                page = self.get(u)
            except NewsdeskError as exc:
                return Drop(reason=exc.reason, detail=str(exc), url=u, source=source)
            page.source = source
            return page

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            yield from pool.map(one, urls)

    def robots_sitemaps(self, url: str) -> list[str]:
        """``Sitemap:`` URLs declared by the robots.txt of ``url``'s origin."""
        return list(self.robots.entry(url, self._robots_text).sitemaps)

    # -- internals ------------------------------------------------------------------------------

    def _count(self, key: str) -> None:
        with self._counts_lock:
            self.counts[key] += 1

    def _fetch(
        self, url: str, etag: str | None, last_modified: str | None, robots: bool | None, max_bytes: int | None
    ) -> Page:
        s = self.settings
        deadline = _Deadline(self._clock() + s.fetch_timeout)
        limit = s.fetch_max_bytes if max_bytes is None else max_bytes
        use_robots = s.fetch_robots if robots is None else robots
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        seen = {current}
        for _hop in range(s.fetch_max_redirects + 1):
            pin = self._check_url(current)
            if use_robots:
                self._check_robots(current)
            status, resp_headers, body = self._with_retries(current, headers, deadline, limit, pin)
            if status in REDIRECTS and resp_headers.get("location"):
                try:
                    nxt = urljoin(current, resp_headers["location"].strip())
                except ValueError as exc:
                    raise _err(FetchError, "bad-redirect", f"unusable Location from {current}: {exc}") from exc
                if nxt in seen:
                    raise _err(TooLargeError, "redirect-loop", f"redirect loop at {nxt}", url=url)
                seen.add(nxt)
                current = nxt
                continue
            if status >= 400 or (status >= 300 and status != 304):
                raise _err(FetchError, f"http-{status}", f"HTTP {status} for {current}", status=status, url=current)
            return Page(
                url=current,
                content=body if status != 304 else b"",
                content_type=resp_headers.get("content-type"),
                fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                status=status,
                headers=resp_headers,
            )
        raise _err(TooLargeError, "too-many-redirects", f"more than {s.fetch_max_redirects} redirects from {url}")

    def _check_url(self, url: str) -> str | None:
        """Refuse what policy forbids; returns the vetted address to connect to (DNS pinning) when
        the host was resolved here, else None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except (ValueError, TypeError, AttributeError) as exc:
            raise _err(FetchError, "bad-url", f"unparseable URL {url!r}: {exc}") from exc
        if parts.scheme.lower() not in ("http", "https"):
            raise _err(BlockedError, "scheme", f"refused scheme {parts.scheme!r} in {url}")
        if not host:
            raise _err(FetchError, "bad-url", f"no host in {url}")
        private_ok = self.settings.allow_private
        pin = True
        try:
            addrs = [str(ipaddress.ip_address(host))]
            pin = False
        except ValueError:
            if private_ok and not self._resolve_private:
                return None  # a test transport with no resolver given: nothing to resolve against
            try:
                addrs = self._resolver(host)
            except FetchError:
                if private_ok:  # the connection will fail the same way; nothing to refuse here
                    return None
                raise
        if not addrs:
            raise _err(FetchError, "dns", f"no address for {host}")
        for a in addrs:
            try:
                refused = is_metadata_address(a) if private_ok else not is_public_address(a)
            except ValueError:
                refused = True
            if refused:
                what = "a cloud metadata address" if private_ok else "non-public address"
                raise _err(BlockedError, "private-address", f"{host} resolves to {what} {a}")
        return addrs[0] if pin else None

    def _robots_text(self, robots_url: str) -> tuple[int, str]:
        try:
            page = self._fetch(robots_url, None, None, False, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            status = getattr(exc, "status", 0)
            return (status if isinstance(status, int) else 0), ""
        return page.status or 200, page.content.decode("utf-8", "replace")

    def _check_robots(self, url: str) -> None:
        entry = self.robots.entry(url, self._robots_text)
        if entry.rules.can_fetch(url, self.robots.agent):
            delay = entry.rules.crawl_delay(self.robots.agent)
            if delay:
                self.scheduler.set_host_delay(urlsplit(url).hostname or "", float(delay))
            return
        if 200 <= entry.status < 300:
            raise _err(BlockedError, "robots", f"robots.txt disallows {url}")
        raise _err(FetchError, "robots-unavailable", f"robots.txt unreachable (status {entry.status}) for {url}")

    def _backoff(self, attempt: int) -> float:
        return min(MAX_RETRY_WAIT, 0.5 * 2**attempt) * (0.5 + 0.5 * self._rng.random())

    def _with_retries(
        self, url: str, headers: dict[str, str], deadline: _Deadline, limit: int, pin: str | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        host = urlsplit(url).hostname or ""
        retries = max(0, self.settings.fetch_retries)
        for attempt in range(retries + 1):
            try:
                status, resp_headers, body = self._once(url, headers, deadline, limit, pin)
            except FetchError as exc:
                if exc.reason != "network" or attempt >= retries:
                    raise
                wait = self._backoff(attempt)
                if self._clock() + wait >= deadline.at:
                    raise
                self._sleep(wait)
                continue
            if status not in RETRY_STATUSES or attempt >= retries:
                return status, resp_headers, body
            hinted = _retry_after(resp_headers.get("retry-after"))
            wait = min(MAX_RETRY_WAIT, hinted) if hinted is not None else self._backoff(attempt)
            if self._clock() + wait >= deadline.at:
                return status, resp_headers, body  # cannot wait that long: report the status
            self.scheduler.penalise(host, wait)
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self, url: str, headers: dict[str, str], deadline: _Deadline, limit: int, pin: str | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        host = urlsplit(url).hostname or ""
        with self.scheduler.slot(host) as waited:
            deadline.at += waited
            remaining = deadline.at - self._clock()
            if remaining <= 0:
                raise _err(TooLargeError, "timeout", f"time bound of {self.settings.fetch_timeout}s spent on {url}")
            try:
                request = self._request(url, headers, remaining, pin)
                response = self.client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise _err(TooLargeError, "timeout", f"timed out fetching {url}: {exc!r}") from exc
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.InvalidURL, ValueError) as exc:
                # our side cannot express this request: retrying would not help
                raise _err(FetchError, "bad-url", f"{type(exc).__name__} fetching {url}: {exc}") from exc
            except httpx.HTTPError as exc:
                raise _err(FetchError, "network", f"{type(exc).__name__} fetching {url}: {exc}") from exc
            try:
                resp_headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if not 200 <= status < 300:
                    return status, resp_headers, b""
                return status, resp_headers, self._read(response, resp_headers, deadline, limit, url)
            finally:
                response.close()

    def _request(self, url: str, headers: dict[str, str], remaining: float, pin: str | None) -> httpx.Request:
        """The GET request. Plain-http requests are pinned to the address vetted in ``_check_url``
        (the Host header keeps the name), so a second, rebinding DNS answer cannot steer them to a
        private address. https is not pinned: its certificate check already refuses a rebound host,
        and pinned TLS connections would be pooled per address, not per name."""
        if not (pin and self.pin_dns) or not url.lower().startswith("http://"):
            return self.client.build_request("GET", url, headers=headers, timeout=httpx.Timeout(remaining))
        original = httpx.URL(url)
        pinned = original.copy_with(host=pin)
        extra = {**headers, "Host": original.netloc.decode("ascii")}
        return self.client.build_request("GET", pinned, headers=extra, timeout=httpx.Timeout(remaining))

    def _read(self, response: httpx.Response, headers: dict[str, str], deadline: _Deadline, limit: int, url: str) -> bytes:
        declared = headers.get("content-length", "")
        encoding = headers.get("content-encoding", "")
        if declared.isdigit() and not encoding and int(declared) > limit:
            raise _err(TooLargeError, "too-large", f"Content-Length {declared} over {limit} bytes for {url}")
        if response.is_stream_consumed:  # a mock response built with content=: httpx already decoded it
            if len(response.content) > limit:
                raise _err(TooLargeError, "too-large", f"body over {limit} bytes for {url}")
            return response.content
        decoder = _Decoder(encoding, limit)
        parts: list[bytes] = []
        try:
            for chunk in response.iter_raw():
                parts.append(decoder.feed(chunk))
                if self._clock() > deadline.at:
                    raise _err(TooLargeError, "timeout", f"time bound spent reading {url}")
        except httpx.TimeoutException as exc:
            raise _err(TooLargeError, "timeout", f"timed out reading {url}") from exc
        except httpx.HTTPError as exc:
            raise _err(FetchError, "network", f"{type(exc).__name__} reading {url}: {exc}") from exc
        return b"".join(parts)
