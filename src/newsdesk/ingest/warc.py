"""WARC archives (gzipped or not) -> Page records, streamed.

``warc_items(path, settings, checkpoint)`` reads one record at a time with
FastWARC (half the CPU time of warcio on the same archive, see
``benchmarks/ingest_bench.py``), so memory stays flat over a 1 GB CC-NEWS
file. Only HTTP responses that are HTML (by Content-Type, or by sniffing when
the type is missing or generic) become pages; every other response is a
``Drop`` with its reason: ``not-html``, ``http-3xx``/``http-4xx``/``http-5xx``,
``too-large`` (over ``settings.extract_max_bytes``, never read into memory),
``revisit``, ``bad-encoding`` (a Content-Encoding that is corrupt or unsupported; gzip, deflate and
br payloads are decoded, within the size bound), ``warc-malformed`` (unparseable bytes), ``warc-truncated`` (a block
shorter than its declared length). Request, metadata and warcinfo records are
not pages and are skipped without a count.

A malformed record does not end the archive: the reader records it and
resynchronises on the next record start (``WARC/1.`` line, or the next gzip
member). Each item's cursor is ``{"offset": <start of that record>, "done": true}``;
resuming seeks there and skips that record (``"done": false``: starts there).

ARC files are refused with a clear message: FastWARC reads WARC only, and
the old format is rare enough that converting once (warcio's arc2warc) is
cheaper than a second reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ..errors import InputError, NewsdeskError
from ..model import Drop, Item, Page
from ..settings import Settings
from .fetch import decode_body

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+html"})
#: types whose payload may still be HTML: sniffed
GENERIC_TYPES = frozenset({"", "application/octet-stream", "text/plain", "unk", "unknown", "no-type", "text/*"})
_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<article", b"<div", b"<p>")
_RESYNC_CHUNK = 1 << 20
MAX_DECODED = 50_000_000  # a compressed payload's bound when settings set none
_KEEP_HEADERS = frozenset({
    "content-type", "content-language", "last-modified", "etag", "date", "link", "x-robots-tag", "location",
    "content-encoding",
})


def looks_like_html(head: bytes) -> bool:
    h = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in h for marker in _SNIFF)


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_arc(path: str) -> bool:
    name = os.path.basename(path).lower()
    return name.endswith((".arc", ".arc.gz"))


def warc_items(path: str | os.PathLike[str], settings: Settings, checkpoint: dict[str, Any] | None = None, *,
               source: str | None = None, options: Mapping[str, Any] | None = None,
               fetcher: Any = None) -> Iterator[Item]:
    """Items (Page or Drop) of one WARC/ARC file, resuming after ``checkpoint["offset"]``."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise InputError(f"no such archive: {path}")
    cp = checkpoint or {}
    offset, done = int(cp.get("offset", 0)), bool(cp.get("done", False))
    if is_arc(path):
        raise InputError(f"ARC files are not read (FastWARC reads WARC only): convert {path} with "
                         "warcio's `warcio recompress` / arc2warc first")
    with open(path, "rb") as f:
        yield from _warc_stream(f, settings, offset, done, source)


def _warc_stream(f: BinaryIO, settings: Settings, offset: int, done: bool, source: str | None) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
    skip = done  # the record at ``offset`` was done before
    while True:
        f.seek(offset)
        last_good = -1
        try:
            for rec in ArchiveIterator(f, record_types=wanted, parse_http=True, stream_detect=True):
                pos = int(rec.stream_pos)
                if skip and pos == offset:
                    skip = False
                    continue
                skip = False
                record = _record_to(rec, settings, source)
                if isinstance(record, Page) and len(record.content) < int(rec.content_length or 0):
                    # the block ends before its declared length: a truncated or mis-sized record that may
                    # hide the records after it; look for them from inside this one
                    raise _Truncated(pos, f"{len(record.content)} of {rec.content_length} bytes", record.url)
                if isinstance(record, Page):
                    record = _decoded(record, settings)
                last_good = pos
                yield Item(record, cursor={"offset": pos, "done": True}, pos=pos)
            return
        except (OSError, _Truncated) as exc:
            if isinstance(exc, _Truncated):
                bad, reason, url = exc.pos + 1, "warc-truncated", exc.url
            else:
                bad, reason, url = (last_good + 1 if last_good >= 0 else offset + 1), "warc-malformed", None
            nxt = _resync(f, bad)
            end = nxt if nxt is not None else f.seek(0, os.SEEK_END)
            yield Item(Drop(reason, f"near byte {bad - 1}: {exc}"[:300], url=url, source=source),
                       cursor={"offset": end, "done": False}, pos=end)
            if nxt is None:
                return
            offset, skip = nxt, False


class _Truncated(Exception):
    def __init__(self, pos: int, detail: str, url: str | None) -> None:
        super().__init__(detail)
        self.pos, self.url = pos, url


def _resync(f: BinaryIO, at: int) -> int | None:
    """Offset of the next plausible record start at or after ``at`` (a gzip member or a WARC line)."""
    f.seek(at)
    base = at
    carry = b""
    while True:
        chunk = f.read(_RESYNC_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        cands = [i for i in (data.find(b"\x1f\x8b\x08"), data.find(b"WARC/1.")) if i >= 0]
        if cands:
            return base - len(carry) + min(cands)
        carry = data[-8:]
        base += len(chunk)


def _record_to(rec: Any, settings: Settings, source: str | None) -> Page | Drop:
    """The record as a Page (its payload as stored, Content-Encoding kept in the headers) or a Drop."""
    url = rec.headers.get("WARC-Target-URI")
    rtype = rec.record_type
    from fastwarc.warc import WarcRecordType

    if rtype == WarcRecordType.revisit:
        return Drop("revisit", "payload stored elsewhere in the archive", url=url, source=source)
    date = rec.headers.get("WARC-Date")
    headers: dict[str, str] = {}
    status: int | None = None
    if rec.is_http:
        status = rec.http_headers.status_code
        for k, v in rec.http_headers.items():
            lk = k.lower()
            if lk in _KEEP_HEADERS and lk not in headers:
                headers[lk] = v
        content_type = headers.get("content-type")
    else:  # a resource record: the block is the document
        content_type = rec.headers.get("Content-Type")
    if status is not None and status != 200:
        return Drop(f"http-{status // 100}xx", f"HTTP {status}", url=url, source=source)
    length = int(rec.content_length or 0)
    limit = settings.extract_max_bytes
    if limit and length > limit:
        return Drop("too-large", f"{length} bytes over {limit}", url=url, source=source)
    mime = _mime(content_type)
    if mime not in HTML_TYPES and mime not in GENERIC_TYPES:
        return Drop("not-html", mime, url=url, source=source)
    body = rec.reader.read(limit + 1 if limit else -1)
    if limit and len(body) > limit:
        return Drop("too-large", f"over {limit} bytes", url=url, source=source)
    if not headers.get("content-encoding"):  # else sniffed once decoded (_decoded)
        if mime not in HTML_TYPES and not looks_like_html(body):
            return Drop("not-html", mime or "no content type", url=url, source=source)
        if not body.strip():
            return Drop("empty", "empty payload", url=url, source=source)
    return Page(url=url, content=body, content_type=content_type, fetched_at=date, source=source, status=status,
                headers=headers, kind="html")


def _decoded(page: Page, settings: Settings) -> Page | Drop:
    """The page with its payload decoded from the response's Content-Encoding (gzip, deflate, br), so
    the extractor reads the document, not the compressed bytes; a bad or unsupported one is a Drop."""
    encoding = (page.headers or {}).pop("content-encoding", "").strip().lower()
    if not encoding:
        return page
    if encoding != "identity":
        try:
            page.content = decode_body(page.content, encoding, settings.extract_max_bytes or MAX_DECODED)
        except NewsdeskError as exc:
            reason = "too-large" if exc.reason == "too-large" else "bad-encoding"
            return Drop(reason, str(exc)[:300], url=page.url, source=page.source)
    mime = _mime(page.content_type)
    if mime not in HTML_TYPES and not looks_like_html(page.content):
        return Drop("not-html", mime or "no content type", url=page.url, source=page.source)
    if not page.content.strip():
        return Drop("empty", "empty payload", url=page.url, source=page.source)
    return page

