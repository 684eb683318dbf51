"""Fuzz targets for every parser of untrusted bytes: their seeds, a mutator, and the property.

Each ``Target`` reads bytes the way newsdesk meets them (a feed, a sitemap, an HTTP response, a WARC
file, a page ...) and checks what came out. The property, for any input:

* only newsdesk's own errors (``NewsdeskError``) escape; anything else is a crash;
* no record is lost silently: what a parser returns is well formed (an entry has an http(s) URL, a
  drop has a reason and says where it came from, a sanitised fragment holds nothing active);
* bounded time (a run over ``HANG_S`` seconds is a hang) and memory (measured by the runner).

Inputs are seeds (real samples: the fixture web, the golden pages, the shared benchmark pages when
present, the crash corpus) changed by ``mutate``: a list of small edit operations, so a property
test can draw the operations and shrink them. Used by ``tests/fuzz`` (a bounded sample on every test
run) and ``benchmarks/fuzz.py`` (10,000+ inputs per parser).
"""

from __future__ import annotations

import gzip
import os
import random
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NewsdeskError

HANG_S = 5.0
MAX_INPUT = 300_000
#: tokens that break parsers: markup edges, entities, NULs, bad URLs, encodings, huge numbers, nesting
TOKENS: tuple[bytes, ...] = (
    b"<", b">", b"</", b"/>", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&lt;script&gt;", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b"\xed\xa0\x80", b"]]>", b"<![CDATA[", b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;",
    b"xmlns:", b"<news:news>", b"http://[x/a", b"https://", b"//", b"%00", b"%", b"\r\n", b"\n\n", b'"', b"'",
    b"{", b"}", b"[", b"]", b":", b",", b"null", b"1e999", b"-1", b"99999999999999999999", b"\\u0000",
    b"\\ud800", b"javascript:alert(1)", b"data:text/html,x", b"<script>", b"<div>" * 40, b"<p>" * 40,
    b"Content-Length: 99999999\r\n", b"Content-Encoding: gzip\r\n", b"WARC/1.1\r\n", b"\x1f\x8b\x08",
    "é".encode(), "\u202e".encode(), b"Z", b"+25:00", b"0000-00-00", b"2026-02-30T25:61:61Z", b"\t", b" " * 64,
    b"<link>", b"<item>", b"<entry>", b"<loc>", b"Disallow: /*$", b"Sitemap: ", b"Allow: ", b"User-agent: *",
)
#: one edit: (operation, position, length or token, another seed / a byte)
Op = tuple[int, int, int, int]
N_OPS = 8


def apply_ops(data: bytes, ops: Sequence[Op], pool: Sequence[bytes]) -> bytes:
    """``data`` changed by each operation in turn; positions wrap, so any integers are valid."""
    buf = bytearray(data)
    for kind, pos, arg, other in ops:
        n = len(buf)
        at = pos % (n + 1)
        k = kind % N_OPS
        if k == 0 and n:  # flip one byte
            buf[at % n] = (buf[at % n] ^ (1 + other % 255)) & 0xFF
        elif k == 1:  # insert a token
            buf[at:at] = TOKENS[arg % len(TOKENS)]
        elif k == 2:  # delete a range
            del buf[at:at + 1 + arg % 256]
        elif k == 3 and n:  # duplicate a range
            buf[at:at] = buf[at:at + 1 + arg % 512]
        elif k == 4 and pool:  # splice with another seed
            src = pool[other % len(pool)]
            buf = buf[:at] + bytearray(src[(arg * 7919) % (len(src) + 1):])
        elif k == 5:  # truncate
            del buf[at:]
        elif k == 6:  # random bytes
            rng = random.Random(arg * 31 + other)
            buf[at:at + arg % 16] = rng.randbytes(1 + arg % 16)
        else:  # repeat a token (nesting, long runs)
            buf[at:at] = TOKENS[arg % len(TOKENS)] * (1 + other % 2000)
        if len(buf) > MAX_INPUT:
            del buf[MAX_INPUT:]
    return bytes(buf)


def random_ops(rng: random.Random) -> list[Op]:
    return [(rng.randrange(N_OPS), rng.randrange(1 << 30), rng.randrange(1 << 16), rng.randrange(1 << 16))
            for _ in range(rng.choice((1, 1, 2, 3, 5)))]


class PropertyViolation(AssertionError):
    """The parser returned, but what it returned loses or hides something."""


def _require(ok: object, what: str) -> None:
    if not ok:
        raise PropertyViolation(what)


_HTTP = re.compile(r"^https?://", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_drop(d: Any) -> None:
    _require(d.reason and isinstance(d.reason, str), f"drop without a reason: {d!r}"[:300])
    _require(d.detail or d.url, f"drop that says neither what nor where: {d!r}"[:300])


# -- the targets ---------------------------------------------------------------------------------

def run_feed(data: bytes) -> None:
    from ..ingest.feeds import parse_feed

    feed = parse_feed(data, url="https://example.org/feed")
    for e in feed.entries:
        _require(_HTTP.match(e.url) and not _CONTROL.search(e.url), f"entry URL {e.url!r}"[:300])
        _require("\x00" not in (e.title or ""), "NUL in a title")
    for d in feed.drops:
        _check_drop(d)


def run_opml(data: bytes) -> None:
    from ..ingest.opml import parse_opml

    for ref in parse_opml(data):
        _require(ref.url, "an OPML feed without its URL")


def run_sitemap(data: bytes) -> None:
    from ..ingest.sitemaps import parse_sitemap

    sm = parse_sitemap(data, url="https://example.org/sitemap.xml")
    for u in [x.loc for x in sm.urls] + sm.sitemaps:
        _require(_HTTP.match(u), f"sitemap URL {u!r}"[:300])
    for d in sm.drops:
        _check_drop(d)


def run_robots(data: bytes) -> None:
    from ..ingest.robots import parse_robots, sitemaps_in

    text = data.decode("utf-8", "replace")
    rules = parse_robots(text)
    for url in ("https://example.org/", "https://example.org/a/b?c=d", "https://example.org/%E2%82%AC/x.html"):
        _require(isinstance(rules.can_fetch(url, "newsdesk"), bool), "can_fetch is not a yes or no")
    rules.crawl_delay("newsdesk")
    sitemaps_in(text)


def run_warc(data: bytes) -> None:
    from ..ingest.warc import warc_items
    from ..model import Drop, Page
    from ..settings import Settings

    fd, path = tempfile.mkstemp(suffix=".warc")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        for item in warc_items(path, Settings(extract_max_bytes=2_000_000)):
            rec = item.record
            _require(isinstance(rec, (Page, Drop)), f"WARC item {type(rec).__name__}")
            if isinstance(rec, Drop):
                _require(rec.reason, "WARC drop without a reason")
            else:
                _require(rec.content, "a WARC page without content")
    finally:
        os.unlink(path)


def run_http(data: bytes) -> None:
    """An HTTP response (status line, headers, body) from the fuzz bytes, through the fetcher; and the
    header values through every helper that reads one."""
    import httpx

    from ..extract.html.decode import decode_html
    from ..ingest.feeds import poll_interval
    from ..ingest.fetch import Fetcher, _retry_after, decode_body
    from ..model import Page
    from ..settings import Settings

    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0])
    status = int(m.group(1)) if m and 100 <= int(m.group(1)) <= 599 else 200
    headers = [tuple(x.strip() for x in ln.split(b":", 1)) for ln in lines[1:] if b":" in ln]
    headers = [(k, v) for k, v in headers if re.fullmatch(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+", k)
               and not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", v)]
    for k, v in headers:
        value = v.decode("latin-1")
        name = k.decode().lower()
        if name == "retry-after":
            _retry_after(value)
        elif name == "content-type":
            decode_html(body[:4096], value)
        elif name == "content-encoding":
            try:
                decode_body(body, value, 1_000_000)
            except NewsdeskError:
                pass
        elif name == "cache-control":
            poll_interval(None, Page(url="https://example.org/", content=b"", headers={name: value}))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/next":
            return httpx.Response(200, content=b"ok")
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))

    settings = Settings(fetch_host_delay=0.0, fetch_robots=False, fetch_retries=1, fetch_timeout=2.0,
                        fetch_max_bytes=1_000_000)
    with Fetcher(settings, transport=httpx.MockTransport(handler), resolver=lambda h: ["93.184.216.34"],
                 sleep=lambda s: None) as f:
        page = f.get("https://example.org/page")
        _require(isinstance(page, Page), "fetch returned no page")


def run_html(data: bytes) -> None:
    import newsdesk

    art = newsdesk.extract(data, url="https://example.org/news/2026/01/02/story")
    _require(isinstance(art.body, str), "no body text")
    _active(art.body_html or "")


def run_text(data: bytes) -> None:
    import newsdesk

    art = newsdesk.extract_text(data, url="https://example.org/news/story")
    _require(isinstance(art.body, str), "no body text")


def run_dates(data: bytes) -> None:
    from datetime import datetime

    from ..extract.dates import date_from_url, parse_date, parse_text_date
    from ..ingest.feeds import iso_date
    from ..timeutil import parse_iso

    text = data.decode("utf-8", "replace")[:2000]
    for out in (parse_date(text), parse_text_date(text, numeric=True), iso_date(text),
                date_from_url("https://example.org/" + text[:200])):
        if out is not None:
            datetime.fromisoformat(out.replace("Z", "+00:00"))  # ValueError here: a date that is no date
    parse_iso(text)


def run_urls(data: bytes) -> None:
    from ..extract.urls import absolutise, host_of, section_from_url
    from ..ingest.feeds import entry_url
    from ..urlid import normalize_url, url_key
    from ..web.safe import safe_url

    text = data.decode("utf-8", "replace")[:4000]
    for fn in (normalize_url, url_key, lambda u: entry_url(u, "https://example.org/a/")):
        try:
            out = fn(text)
        except NewsdeskError:
            continue
        _require(_HTTP.match(out), f"normalised URL {out!r}"[:300])
    absolutise(text, "https://example.org/a/")
    host_of(text)
    section_from_url(text)
    out = safe_url(text)
    _require(out is None or not out.strip().lower().startswith(("javascript:", "data:text", "vbscript:")),
             f"unsafe URL passed: {out!r}"[:300])


_ACTIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "frame", "frameset", "base", "meta",
                          "link", "form"})


def _active(html: str) -> None:
    """Parse the fragment as a browser would and look for anything that runs: active elements,
    ``on*`` handlers, ``javascript:`` / ``vbscript:`` URLs."""
    if not html.strip():
        return
    import lxml.html

    try:
        nodes = lxml.html.fragments_fromstring(html)
    except Exception:  # noqa: BLE001 - what lxml cannot parse, a browser reads as text
        return
    for top in nodes:
        if isinstance(top, str):
            continue
        for el in top.iter():
            if not isinstance(el.tag, str):
                continue
            _require(el.tag.lower() not in _ACTIVE_TAGS, f"active element <{el.tag}> left")
            for k, v in el.attrib.items():
                _require(not k.lower().startswith("on"), f"event handler {k}= left")
                url = re.sub(r"[\x00-\x20]", "", v).lower()
                _require(not url.startswith(("javascript:", "vbscript:")), f"script URL {v[:60]!r} left")


def run_sanitiser(data: bytes) -> None:
    from ..sanitize import sanitize_html
    from ..web.safe import clean_html

    text = data.decode("utf-8", "replace")
    _active(sanitize_html(text, "https://example.org/"))
    _active(clean_html(text, "https://example.org/"))


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    run: Callable[[bytes], None]
    kinds: tuple[str, ...]  # which seed families feed it


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("rss", run_feed, ("rss",)), Target("atom", run_feed, ("atom",)), Target("jsonfeed", run_feed, ("json",)),
    Target("opml", run_opml, ("opml",)), Target("sitemap", run_sitemap, ("sitemap",)),
    Target("robots", run_robots, ("robots",)), Target("warc", run_warc, ("warc",)),
    Target("http", run_http, ("http",)), Target("html", run_html, ("html",)), Target("text", run_text, ("text",)),
    Target("dates", run_dates, ("dates",)), Target("urls", run_urls, ("urls",)),
    Target("sanitiser", run_sanitiser, ("html",)),
)}


@dataclass(slots=True)
class Outcome:
    kind: str  # "ok", "error" (a NewsdeskError), "crash"
    seconds: float  # CPU
    detail: str = ""
    wall: float = 0.0


def check(target: Target, data: bytes) -> Outcome:
    """Run one input; a crash is any exception that is not a NewsdeskError, or a PropertyViolation.
    ``seconds`` is CPU time (a loaded machine's waits are not the parser's), ``wall`` the clock's."""
    t0, w0 = time.process_time(), time.perf_counter()
    try:
        target.run(data)
        kind, detail = "ok", ""
    except NewsdeskError:
        kind, detail = "error", ""
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        kind, detail = "crash", f"{type(exc).__name__}: {exc}"[:500]
    return Outcome(kind, time.process_time() - t0, detail, time.perf_counter() - w0)


def corpus_files(root: Path, target: str) -> list[Path]:
    d = root / "tests" / "fuzz" / "corpus" / target
    return sorted(p for p in d.iterdir() if p.is_file()) if d.is_dir() else []


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1, mtime=0)
