"""In-process page cache: rendered bytes per URL, short TTL, dropped when the data version moves.

Served straight from the ASGI front door (``app.py``) with an ETag, so a hit costs one dict
lookup and never reaches routing, the views or the database.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(slots=True)
class Entry:
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]  # includes content-type, etag, cache-control
    etag: bytes
    version: int
    expires: float


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


class PageCache:
    def __init__(self, ttl: float = 10.0, max_entries: int = 4000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._d: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: bytes, version: int) -> Entry | None:
        e = self._d.get(key)
        if e is None or e.version != version or e.expires < time.monotonic():
            self.misses += 1
            return None
        self.hits += 1
        return e

    def put(self, key: bytes, entry: Entry) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._d[key] = entry
            self._d.move_to_end(key)
            while len(self._d) > self.max_entries:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()

    def expiry(self) -> float:
        return time.monotonic() + self.ttl
