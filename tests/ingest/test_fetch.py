"""Fetcher bounds, retries, conditional GET, robots and address policy, over a mock transport."""

from __future__ import annotations

import gzip
import random
import threading
import time
import zlib

import httpx
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.errors import BlockedError, FetchError, NewsdeskError, TooLargeError
from newsdesk.ingest.fetch import Fetcher, HostScheduler, is_public_address
from newsdesk.model import Drop, Page
from newsdesk.settings import Settings

PUBLIC = {"news.example": ["93.184.216.34"], "evil.example": ["10.0.0.7"], "mixed.example": ["93.184.216.34", "127.0.0.1"]}


class Raw(httpx.SyncByteStream):
    """A response body streamed in chunks, as the network delivers it (not pre-read by httpx)."""

    def __init__(self, data: bytes, chunk: int = 8192) -> None:
        self.data, self.chunk = data, chunk

    def __iter__(self):
        for i in range(0, len(self.data), self.chunk):
            yield self.data[i : i + self.chunk]


def resolver(host: str) -> list[str]:
    return PUBLIC.get(host, ["93.184.216.34"])


class FakeTime:
    """A clock that advances only when slept on; records the sleeps."""

    def __init__(self, sleeps: list[float]) -> None:
        self.now, self.sleeps = 1000.0, sleeps

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.sleeps.append(s)
        self.now += s


def make(handler, sleeps=None, **kw) -> Fetcher:
    base = dict(fetch_host_delay=0.0, fetch_robots=False, fetch_retries=3, fetch_timeout=5.0)
    base.update(kw)
    extra = {}
    if sleeps is not None:
        fake = FakeTime(sleeps)
        extra = {"sleep": fake.sleep, "clock": fake.clock}
    return Fetcher(
        Settings(**base), transport=httpx.MockTransport(handler), resolver=resolver, rng=random.Random(1), **extra
    )


def test_plain_get_sends_user_agent_and_returns_page():
    seen = {}

    def handler(req: httpx.Request) -> httpx.Response:
        seen["ua"] = req.headers["user-agent"]
        return httpx.Response(200, content=b"<html>hi</html>", headers={"content-type": "text/html"})

    with make(handler) as f:
        page = f.get("http://news.example/a")
    assert isinstance(page, Page)
    assert page.content == b"<html>hi</html>" and page.status == 200 and page.content_type == "text/html"
    assert page.url == "http://news.example/a" and page.fetched_at
    assert seen["ua"].startswith("newsdesk/")


def test_size_bound_declared_and_streamed():
    big = b"x" * 5000

    def handler(req):
        if req.url.path == "/declared":
            return httpx.Response(200, stream=Raw(big), headers={"content-length": str(len(big))})
        return httpx.Response(200, stream=Raw(big, 100))

    with make(handler, fetch_max_bytes=1000) as f:
        for path in ("/declared", "/streamed"):
            with pytest.raises(TooLargeError) as ei:
                f.get("http://news.example" + path)
            assert ei.value.reason == "too-large"
        assert f.counts["too-large"] == 2


def test_gzip_bomb_refused_after_decompression_with_bounded_memory():
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire

    def handler(req):
        return httpx.Response(200, stream=Raw(bomb), headers={"content-encoding": "gzip"})

    with make(handler, fetch_max_bytes=1_000_000) as f:
        with pytest.raises(TooLargeError) as ei:
            f.get("http://news.example/bomb")
    assert "decompression" in str(ei.value)


def test_gzip_and_deflate_bodies_decoded():
    text = b"<p>" + b"news " * 1000 + b"</p>"

    def handler(req):
        if req.url.path == "/gz":
            return httpx.Response(200, stream=Raw(gzip.compress(text)), headers={"content-encoding": "gzip"})
        if req.url.path == "/zlib":
            return httpx.Response(200, stream=Raw(zlib.compress(text)), headers={"content-encoding": "deflate"})
        raw = zlib.compressobj(wbits=-15)
        return httpx.Response(200, stream=Raw(raw.compress(text) + raw.flush()), headers={"content-encoding": "deflate"})

    with make(handler) as f:
        for path in ("/gz", "/zlib", "/raw"):
            assert f.get("http://news.example" + path).content == text


def test_redirects_followed_loops_and_counts_bounded():
    def handler(req):
        p = req.url.path
        if p == "/start":
            return httpx.Response(301, headers={"location": "/middle"})
        if p == "/middle":
            return httpx.Response(302, headers={"location": "http://news.example/end"})
        if p == "/end":
            return httpx.Response(200, content=b"done")
        if p == "/loop-a":
            return httpx.Response(302, headers={"location": "/loop-b"})
        if p == "/loop-b":
            return httpx.Response(302, headers={"location": "/loop-a"})
        if p == "/bad-location":
            return httpx.Response(302, headers={"location": "http://[oops/"})
        n = int(p.rsplit("/", 1)[1])
        return httpx.Response(302, headers={"location": f"/chain/{n + 1}"})

    with make(handler, fetch_max_redirects=3) as f:
        page = f.get("http://news.example/start")
        assert page.url == "http://news.example/end" and page.content == b"done"
        with pytest.raises(TooLargeError) as ei:
            f.get("http://news.example/loop-a")
        assert ei.value.reason == "redirect-loop"
        with pytest.raises(TooLargeError) as ei:
            f.get("http://news.example/chain/0")
        assert ei.value.reason == "too-many-redirects"
        with pytest.raises(FetchError) as ei:
            f.get("http://news.example/bad-location")
        assert ei.value.reason in ("bad-redirect", "bad-url", "network")


def test_private_addresses_refused_by_default_and_on_redirect_hops():
    def handler(req):
        if req.url.path == "/to-private":
            return httpx.Response(302, headers={"location": "http://127.0.0.1/admin"})
        return httpx.Response(200, content=b"ok")

    with make(handler) as f:
        for url in ("http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest", "http://evil.example/",
                    "http://mixed.example/", "http://news.example/to-private", "http://224.0.0.1/"):
            with pytest.raises(BlockedError) as ei:
                f.get(url)
            assert ei.value.reason == "private-address", url
        with pytest.raises(BlockedError) as ei:
            f.get("file:///etc/passwd")
        assert ei.value.reason == "scheme"
    with make(handler, allow_private=True) as f:
        assert f.get("http://127.0.0.1/").content == b"ok"
        assert f.get("http://news.example/to-private").url == "http://127.0.0.1/admin"


def test_is_public_address():
    assert is_public_address("93.184.216.34")
    for a in ("10.1.2.3", "192.168.0.1", "172.16.5.5", "127.0.0.1", "::1", "fe80::1", "0.0.0.0", "::ffff:127.0.0.1",
              "100.64.0.1", "240.0.0.1", "ff02::1"):
        assert not is_public_address(a), a


def test_retries_with_backoff_on_503_then_success():
    calls = []

    def handler(req):
        calls.append(1)
        if len(calls) < 3:
            return httpx.Response(503)
        return httpx.Response(200, content=b"finally")

    sleeps: list[float] = []
    with make(handler, sleeps=sleeps) as f:
        assert f.get("http://news.example/").content == b"finally"
    assert len(calls) == 3 and len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0  # exponential with jitter


def test_retry_after_honoured_and_gives_up_after_retries():
    def handler(req):
        return httpx.Response(429, headers={"retry-after": "2"})

    sleeps: list[float] = []
    with make(handler, sleeps=sleeps, fetch_retries=2, fetch_timeout=30.0) as f:
        with pytest.raises(FetchError) as ei:
            f.get("http://news.example/")
    assert ei.value.reason == "http-429" and ei.value.status == 429
    assert sleeps == [2.0, 2.0]


def test_retry_after_beyond_time_bound_not_waited():
    def handler(req):
        return httpx.Response(503, headers={"retry-after": "3600"})

    sleeps: list[float] = []
    with make(handler, sleeps=sleeps, fetch_timeout=5.0) as f:
        with pytest.raises(FetchError) as ei:
            f.get("http://news.example/")
    assert ei.value.reason == "http-503" and sleeps == []


def test_network_errors_retried_then_reported():
    calls = []

    def handler(req):
        calls.append(1)
        raise httpx.ConnectError("refused", request=req)

    with make(handler, sleeps=[], fetch_retries=2) as f:
        with pytest.raises(FetchError) as ei:
            f.get("http://news.example/")
    assert ei.value.reason == "network" and len(calls) == 3


def test_404_is_a_fetch_error_not_retried():
    calls = []

    def handler(req):
        calls.append(1)
        return httpx.Response(404)

    with make(handler) as f:
        with pytest.raises(FetchError) as ei:
            f.get("http://news.example/gone")
    assert ei.value.reason == "http-404" and len(calls) == 1


def test_conditional_get_304():
    def handler(req):
        if req.headers.get("if-none-match") == '"v1"' or req.headers.get("if-modified-since"):
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(200, content=b"feed", headers={"etag": '"v1"', "last-modified": "Sat, 01 Jan 2026 00:00:00 GMT"})

    with make(handler) as f:
        first = f.get("http://news.example/feed")
        assert first.status == 200 and first.headers["etag"] == '"v1"'
        again = f.get("http://news.example/feed", etag=first.headers["etag"])
        assert again.status == 304 and again.content == b""
        again = f.get("http://news.example/feed", last_modified=first.headers["last-modified"])
        assert again.status == 304
        assert f.counts["not-modified"] == 2 and f.counts["ok"] == 1


def test_robots_disallow_blocks_with_reason_and_is_cached():
    robots_calls = []

    def handler(req):
        if req.url.path == "/robots.txt":
            robots_calls.append(req.url.host)
            if req.url.host == "down.example":
                return httpx.Response(503)
            if req.url.host == "none.example":
                return httpx.Response(404)
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\n"
                                  "Sitemap: http://news.example/sitemap.xml\n")
        return httpx.Response(200, content=b"ok")

    with make(handler, fetch_robots=True, fetch_retries=0) as f:
        assert f.get("http://news.example/public/a").content == b"ok"
        for url in ("http://news.example/private/x", "http://news.example/file.pdf"):
            with pytest.raises(BlockedError) as ei:
                f.get(url)
            assert ei.value.reason == "robots"
        assert f.get("http://news.example/file.pdf?x=1").content == b"ok"
        assert robots_calls == ["news.example"]
        assert f.robots_sitemaps("http://news.example/") == ["http://news.example/sitemap.xml"]
        assert f.get("http://none.example/anything").content == b"ok"  # 404 robots: all allowed
        with pytest.raises(FetchError) as ei:
            f.get("http://down.example/a")  # 5xx robots: nothing allowed (RFC 9309)
        assert ei.value.reason == "robots-unavailable"


def test_fetch_many_yields_pages_and_drops_in_order():
    def handler(req):
        if req.url.path == "/bad":
            return httpx.Response(404)
        return httpx.Response(200, content=req.url.path.encode())

    with make(handler) as f:
        out = list(f.fetch_many([f"http://news.example/{i}" for i in range(5)] + ["http://news.example/bad"],
                                workers=3, source="t"))
    assert [o.content for o in out[:5]] == [f"/{i}".encode() for i in range(5)]
    assert isinstance(out[5], Drop) and out[5].reason == "http-404" and out[5].source == "t"


def test_host_scheduler_limits_concurrency_and_spaces_starts():
    sched = HostScheduler(concurrency=2, delay=0.02)
    active, peak, starts = [0], [0], []
    lock = threading.Lock()

    def work():
        with sched.slot("h"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
                starts.append(time.monotonic())
            time.sleep(0.03)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert peak[0] <= 2
    assert starts[-1] - starts[0] >= 5 * 0.02 * 0.95  # six starts spaced by the delay


def test_total_time_bound_on_slow_trickle():
    class Slow(httpx.SyncByteStream):
        def __iter__(self):
            for _ in range(100):
                time.sleep(0.02)
                yield b"x"

    def handler(req):
        return httpx.Response(200, stream=Slow())

    with make(handler, fetch_timeout=0.2) as f:
        t0 = time.monotonic()
        with pytest.raises(TooLargeError) as ei:
            f.get("http://news.example/slow")
    assert ei.value.reason == "timeout" and time.monotonic() - t0 < 1.0


def test_robots_crawl_delay_spaces_requests_to_that_host():
    def handler(req):
        if req.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 7\n")
        return httpx.Response(200, content=b"ok")

    sleeps: list[float] = []
    with make(handler, sleeps=sleeps, fetch_robots=True) as f:
        for i in range(3):
            f.get(f"http://news.example/{i}")
    assert sum(sleeps) >= 14 - 1e-6  # three requests, two gaps of the crawl delay


@pytest.mark.parametrize("url", ["http://[oops/", "http:///nohost", "", "   ", "http://", None])
def test_unusable_urls_are_fetch_errors(url):
    with make(lambda req: httpx.Response(200)) as f:
        with pytest.raises(FetchError):
            f.get(url)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(max_size=40).map(lambda t: "http://" + t),
                 st.text(max_size=40).map(lambda t: "https://news.example/" + t)))
def test_fuzz_urls_only_raise_our_errors(url):
    sleeps: list[float] = []
    with make(lambda req: httpx.Response(200, content=b"x"), sleeps=sleeps) as f:
        try:
            f.get(url)
        except NewsdeskError:
            pass


def test_dns_pinning_connects_to_the_vetted_address_with_the_name_kept():
    seen = {}

    def handler(req):
        seen.update(host=req.url.host, header=req.headers["host"], sni=req.extensions.get("sni_hostname"))
        return httpx.Response(200, content=b"ok")

    f = Fetcher(Settings(fetch_host_delay=0.0, fetch_robots=False), transport=httpx.MockTransport(handler),
                resolver=resolver, pin_dns=True)
    page = f.get("http://news.example:8080/a?b=1")
    assert page.url == "http://news.example:8080/a?b=1"
    assert seen == {"host": "93.184.216.34", "header": "news.example:8080", "sni": None}
    f.get("https://news.example/a")  # https: the certificate check guards the name; not pinned
    assert seen == {"host": "news.example", "header": "news.example", "sni": None}


def test_decode_body_bounds_gzip_deflate_and_br():
    import gzip
    import zlib

    import brotli

    from newsdesk.errors import FetchError, TooLargeError
    from newsdesk.ingest.fetch import decode_body

    raw = b"<p>hello</p>" * 1000
    for enc, packed in (("gzip", gzip.compress(raw)), ("deflate", zlib.compress(raw)), ("br", brotli.compress(raw))):
        assert decode_body(packed, enc, 1_000_000) == raw
        with pytest.raises(TooLargeError):
            decode_body(packed, enc, 1000)
    with pytest.raises(TooLargeError):  # a 20 MB br bomb stops at the bound
        decode_body(brotli.compress(b"\0" * 20_000_000, quality=1), "br", 1_000_000)
    with pytest.raises(FetchError, match="corrupt br"):
        decode_body(b"\xff\xff not brotli", "br", 1000)


def test_ipv6_addresses_embedding_private_or_metadata_ipv4_are_refused():
    """Issue 18: the 6to4 address 2002:a9fe:a9fe::1 (169.254.169.254 inside) passed as public."""
    from newsdesk.ingest.fetch import is_metadata_address

    for a in ("2002:a9fe:a9fe::1", "2002:0a00:0001::1", "2001:0:4136:e378:8000:63bf:5601:5601",
              "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "::a9fe:a9fe", "::ffff:a9fe:a9fe", "::ffff:10.0.0.1",
              "fd00:ec2::254", "100.100.100.200", "192.0.0.192", "169.254.170.2"):
        assert not is_public_address(a), a
    assert is_public_address("2002:5db8:d822::1")  # 6to4 of a public address stays public
    assert is_public_address("2606:4700::1111")
    for a in ("169.254.169.254", "2002:a9fe:a9fe::1", "fd00:ec2::254", "::ffff:169.254.169.254",
              "2001:0:4136:e378:8000:63bf:5601:5601", "64:ff9b::a9fe:a9fe", "100.100.100.200"):
        assert is_metadata_address(a), a
    assert not is_metadata_address("127.0.0.1") and not is_metadata_address("10.0.0.1")


def test_allow_private_never_allows_cloud_metadata_redirects_included():
    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.path == "/to-metadata":
            return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})
        if req.url.path == "/to-6to4":
            return httpx.Response(302, headers={"location": "http://[2002:a9fe:a9fe::1]/"})
        if req.url.path == "/to-name":
            return httpx.Response(302, headers={"location": "http://metadata.internal/computeMetadata/v1/"})
        return httpx.Response(200, content=b"ok")

    def names(host: str) -> list[str]:
        return {"metadata.internal": ["169.254.169.254"], "aws6.internal": ["fd00:ec2::254"]}.get(host, ["10.0.0.5"])

    with Fetcher(Settings(allow_private=True, fetch_host_delay=0.0, fetch_robots=False),
                 transport=httpx.MockTransport(handler), resolver=names) as f:
        assert f.get("http://127.0.0.1/").content == b"ok" and f.get("http://intranet.local/").content == b"ok"
        for url in ("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://aws6.internal/",
                    "http://metadata.internal/", "http://127.0.0.1/to-metadata", "http://127.0.0.1/to-6to4",
                    "http://intranet.local/to-name", "http://[::ffff:169.254.169.254]/"):
            with pytest.raises(BlockedError) as ei:
                f.get(url)
            assert ei.value.reason == "private-address" and "metadata" in str(ei.value), url


def test_a_retry_after_date_beyond_any_calendar_is_ignored_not_a_crash():
    """Found by benchmarks/fuzz.py: Retry-After "Wed, 21 Oct 2999...9015 07:28:00 GMT" raised
    OverflowError out of the fetcher."""
    calls = []

    def handler(req: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(503, headers={"retry-after": "Wed, 21 Oct 2" + "9" * 30 + "015 07:28:00 GMT"})
        return httpx.Response(200, content=b"ok")

    with make(handler, sleeps=[]) as f:
        assert f.get("http://news.example/").content == b"ok" and len(calls) == 2
