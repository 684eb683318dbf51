"""In-process page cache: rendered bytes per URL, short TTL, dropped when the data version moves.

Served straight from the ASGI front door (``app.py``) with an ETag, so a hit costs one dict
lookup and never reaches routing, the views or the database.

Bounded by bytes, not entries: the bodies held (plus a small per-entry overhead) stay under
``max_bytes``, least recently stored first out, and a body too big for a quarter of the budget is
not cached at all. Bodies are shared by ETag, so URLs that render the same bytes (the same article
under any number of query strings, ``?v=1``, ``?v=2`` ...) hold one copy, not one each.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

#: default budget of the cache: bodies + per-entry overhead
MAX_BYTES = 64 * 1024 * 1024
#: what an entry costs besides its (shared) body: key, headers, bookkeeping
ENTRY_OVERHEAD = 512


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
    def __init__(self, ttl: float = 10.0, max_bytes: int = MAX_BYTES, max_entries: int = 100_000) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._d: OrderedDict[bytes, Entry] = OrderedDict()
        self._bodies: dict[bytes, list] = {}  # etag -> [body, number of entries sharing it]
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        #: bytes held now: distinct bodies + entry overheads
        self.bytes = 0

    def get(self, key: bytes, version: int) -> Entry | None:
        e = self._d.get(key)
        if e is None or e.version != version or e.expires < time.monotonic():
            self.misses += 1
            return None
        self.hits += 1
        return e

    def put(self, key: bytes, entry: Entry) -> None:
        if self.ttl <= 0 or len(entry.body) + ENTRY_OVERHEAD > self.max_bytes // 4:
            return
        with self._lock:
            old = self._d.pop(key, None)
            if old is not None:
                self._release(key, old)
            shared = self._bodies.get(entry.etag)
            if shared is not None and shared[0] == entry.body:
                entry.body = shared[0]  # one copy for every URL with these bytes
                shared[1] += 1
            else:
                if shared is not None:  # an ETag collision with other bytes: keep it uncached
                    return
                self._bodies[entry.etag] = [entry.body, 1]
                self.bytes += len(entry.body)
            self._d[key] = entry
            self.bytes += len(key) + ENTRY_OVERHEAD
            while self._d and (self.bytes > self.max_bytes or len(self._d) > self.max_entries):
                self._release(*self._d.popitem(last=False))

    def _release(self, key: bytes, e: Entry) -> None:
        self.bytes -= len(key) + ENTRY_OVERHEAD
        shared = self._bodies.get(e.etag)
        if shared is not None:
            shared[1] -= 1
            if shared[1] <= 0:
                del self._bodies[e.etag]
                self.bytes -= len(shared[0])

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self._bodies.clear()
            self.bytes = 0

    def expiry(self) -> float:
        return time.monotonic() + self.ttl
