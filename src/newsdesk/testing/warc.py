"""Small WARC files for tests and benchmarks: ``warc_record`` (one response record) and
``write_records`` (a list of them, one gzip member each). The fixture web as a whole crawl is
``newsdesk.fixtureweb.write_warc``; the reader is ``newsdesk.ingest.warc``.
"""

from __future__ import annotations

import gzip
import os
import uuid
from collections.abc import Iterable


def warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
                date: str = "2026-01-01T00:00:00Z", extra_http: dict[str, str] | None = None) -> bytes:
    """One WARC/1.1 response record (uncompressed bytes)."""
    reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 500: "Internal Server Error"}.get(status, "X")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    for k, v in (extra_http or {}).items():
        head += f"{k}: {v}\r\n"
    http = head.encode("latin-1") + b"\r\n" + body
    warc = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode("latin-1")
    return warc + http + b"\r\n\r\n"


def write_records(path: str | os.PathLike[str], records: Iterable[bytes], compress: bool = True) -> int:
    """Write records (from ``warc_record``), one gzip member each when ``compress``; returns the count."""
    n = 0
    with open(path, "wb") as out:
        for rec in records:
            out.write(gzip.compress(rec, compresslevel=6) if compress else rec)
            n += 1
    return n
