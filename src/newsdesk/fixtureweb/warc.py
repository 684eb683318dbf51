"""Write a fixture web as a WARC/1.1 file, shaped like a CC-NEWS crawl.

Records: one ``warcinfo``; per URL a ``request`` and its ``response`` (HTTP/1.1 message,
identity body, block and payload digests); non-HTML responses too (robots.txt, feeds, images,
JSON); ``revisit`` records (identical-payload-digest profile) for pages crawled twice; a second
``response`` for articles that got a minor update; a redirect and a 404. Gzipped per record (as
Common Crawl does) when ``gzip=True``.

Written by hand rather than through FastWARC's writer: the format is a few header lines per
record, FastWARC 2's writer API is sparsely documented, and tests read the output back with
FastWARC's reader, which is what the ingest side uses.
"""

from __future__ import annotations

import base64
import gzip as gz
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random

from .render import Resp, feed_path, respond
from .site import FixtureWeb

_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 404: "Not Found", 500: "Error"}


@dataclass(slots=True)
class WarcStats:
    records: dict[str, int] = field(default_factory=dict)
    responses_html: int = 0
    responses_other: int = 0
    bytes: int = 0


def warc_root(site: FixtureWeb, slug: str) -> str:
    return f"https://{site.outlets[slug].domain}"


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _date(d: datetime) -> str:
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    def __init__(self, fh, use_gzip: bool, rng: Random, stats: WarcStats) -> None:  # type: ignore[no-untyped-def]
        self.fh, self.gzip, self.rng, self.stats = fh, use_gzip, rng, stats

    def record_id(self) -> str:
        return f"<urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}>"

    def write(self, wtype: str, block: bytes, headers: dict[str, str]) -> str:
        rid = headers.pop("WARC-Record-ID", None) or self.record_id()
        lines = ["WARC/1.1", f"WARC-Type: {wtype}", f"WARC-Record-ID: {rid}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines += [f"WARC-Block-Digest: {_digest(block)}", f"Content-Length: {len(block)}"]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"
        out = gz.compress(data, compresslevel=6, mtime=0) if self.gzip else data
        self.fh.write(out)
        self.stats.records[wtype] = self.stats.records.get(wtype, 0) + 1
        self.stats.bytes += len(out)
        return rid


def _http_head(resp: Resp, body_len: int) -> bytes:
    lines = [f"HTTP/1.1 {resp.status} {_REASONS.get(resp.status, 'Status')}"]
    for k, v in resp.headers.items():
        if k.lower() not in ("content-length", "content-encoding", "transfer-encoding"):
            lines.append(f"{k.title()}: {v}")
    lines.append(f"Content-Length: {body_len}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _targets(site: FixtureWeb) -> Iterator[tuple[str, str, datetime, int]]:
    """(outlet, target, crawl time, phase) for every URL the crawl visits, oldest first."""
    for o in site.outlets.values():
        first = min((a.published for a in site.articles if a.outlet == o.slug), default=datetime.now(timezone.utc))
        yield o.slug, "/robots.txt", first, 0
        yield o.slug, feed_path(o), first, 0
        yield o.slug, "/api/latest.json", first, 0
    for a in site.articles:
        when = a.published + timedelta(minutes=30)
        yield a.outlet, a.path, when, 0
        if a.update_paragraph and a.modified:
            yield a.outlet, a.path, a.modified + timedelta(minutes=30), 1


def write_warc(site: FixtureWeb, path: str | Path, gzip: bool = True, images_every: int = 5,
               revisit_every: int = 7) -> WarcStats:
    """Write ``site`` to ``path`` (see the module doc); returns record counts."""
    rng = Random(site.seed)
    stats = WarcStats()
    phase_before = site.phase
    with open(path, "wb") as fh:
        w = _Writer(fh, gzip, rng, stats)
        info = (f"software: newsdesk fixtureweb\r\nformat: WARC File Format 1.1\r\n"
                f"description: generated fixture web, seed {site.seed}\r\n").encode()
        w.write("warcinfo", info, {"WARC-Date": "2026-03-01T00:00:00Z", "WARC-Filename": Path(path).name,
                                   "Content-Type": "application/warc-fields"})
        n = 0
        for slug, target, when, phase in _targets(site):
            site.phase = phase
            root = warc_root(site, slug)
            url = root + target
            resp = respond(site, slug, target, root)
            if resp.stream is not None:
                continue
            _pair(w, url, resp, when, stats)
            n += 1
            art = site.by_path.get((slug, target))
            if art is None:
                continue
            if images_every and n % images_every == 0:
                img = root + f"/img/{art.id}.png"
                _pair(w, img, respond(site, slug, f"/img/{art.id}.png", root), when + timedelta(seconds=2), stats)
            if revisit_every and n % revisit_every == 0 and phase == 0:
                block = _http_head(resp, len(resp.body))
                w.write("revisit", block, {
                    "WARC-Date": _date(when + timedelta(days=1)), "WARC-Target-URI": url,
                    "WARC-Profile": "http://netpreserve.org/warc/1.1/revisions/identical-payload-digest",
                    "WARC-Refers-To-Target-URI": url, "WARC-Refers-To-Date": _date(when),
                    "WARC-Payload-Digest": _digest(resp.body), "Content-Type": "application/http; msgtype=response"})
        hostile = next(iter(site.hostile), None)
        if hostile is not None:  # a redirect and a 404, as real crawls hold them
            root = warc_root(site, hostile.outlet)
            when = datetime(2026, 3, 1, tzinfo=timezone.utc)
            for target in ("/hostile/loop-a", "/hostile/missing-article"):
                _pair(w, root + target, respond(site, hostile.outlet, target, root), when, stats)
    site.phase = phase_before
    return stats


def _pair(w: _Writer, url: str, resp: Resp, when: datetime, stats: WarcStats) -> None:
    host = url.split("/")[2]
    req = (f"GET /{url.split('/', 3)[3] if url.count('/') >= 3 else ''} HTTP/1.1\r\nHost: {host}\r\n"
           "User-Agent: newsdesk-fixture/1.0\r\nAccept: */*\r\n\r\n").encode()
    date = _date(when)
    rid = w.write("response", _http_head(resp, len(resp.body)) + resp.body, {
        "WARC-Date": date, "WARC-Target-URI": url, "WARC-IP-Address": "192.0.2.10",
        "WARC-Payload-Digest": _digest(resp.body), "Content-Type": "application/http; msgtype=response",
    })
    w.write("request", req, {"WARC-Date": date, "WARC-Target-URI": url, "WARC-Concurrent-To": rid,
                             "Content-Type": "application/http; msgtype=request"})
    if "html" in resp.headers.get("content-type", ""):
        stats.responses_html += 1
    else:
        stats.responses_other += 1
