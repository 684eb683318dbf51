"""The page cache is bounded by bytes, and query-string variants of one page share one body (issue 18)."""

from __future__ import annotations

import os

from newsdesk.web.cache import Entry, PageCache, etag_of


def _entry(body: bytes, cache: PageCache) -> Entry:
    return Entry(200, body, [(b"etag", etag_of(body))], etag_of(body), 1, cache.expiry())


def test_query_string_variants_of_one_page_hold_one_body():
    cache = PageCache(ttl=60, max_bytes=64 << 20)
    article = os.urandom(10 << 20)  # a 10 MB article
    for i in range(12):
        cache.put(f"h|/a/1?v={i}".encode(), _entry(bytes(article), cache))
    assert cache.bytes < len(article) + (64 << 10)  # one copy, where 12 were held before
    assert all(cache.get(f"h|/a/1?v={i}".encode(), 1).body == article for i in range(12))


def test_the_cache_stays_under_its_byte_budget_and_forgets_oldest_first():
    cache = PageCache(ttl=60, max_bytes=8 << 20)
    for i in range(40):
        cache.put(f"h|/p/{i}".encode(), _entry(os.urandom(1 << 20), cache))
        assert cache.bytes <= cache.max_bytes
    assert cache.get(b"h|/p/39", 1) is not None and cache.get(b"h|/p/0", 1) is None
    cache.put(b"h|/huge", _entry(os.urandom(3 << 20), cache))  # over a quarter of the budget: not cached
    assert cache.get(b"h|/huge", 1) is None
    # replacing and clearing keep the count exact
    cache.put(b"h|/p/39", _entry(b"small", cache))
    assert cache.get(b"h|/p/39", 1).body == b"small"
    cache.clear()
    assert cache.bytes == 0
