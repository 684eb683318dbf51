"""URL-list sources: a text file of URLs, and fetching a list of URLs.

URL normalisation itself is ground (``newsdesk.urlid``): ingest and the store share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Drop, Page
from ..urlid import normalize_url


def read_url_list(path: str | Path) -> Iterator[str | Drop]:
    """URLs of a text file, one per line (blank lines and ``#`` comments skipped); a line that is
    not an http(s) URL becomes a ``Drop`` with reason ``bad-url``."""
    source = f"urls:{Path(path).name}"
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read URL list {path}: {exc}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            try:
                normalize_url(text)
            except InputError as exc:
                yield Drop(reason="bad-url", detail=f"line {n}: {exc}", url=text[:500], source=source)
                continue
            yield text


def fetch_urls(urls: Iterable[str | Drop], fetcher, source: str = "urls", workers: int = 4) -> Iterator[Page | Drop]:  # type: ignore[no-untyped-def]
    """Fetch each URL (``Drop`` items pass through): one ``Page`` or ``Drop`` per input."""
    pending: list[str] = []
    for item in urls:
        if isinstance(item, Drop):
            yield from fetcher.fetch_many(pending, workers=workers, source=source)
            pending = []
            yield item
        else:
            pending.append(item)
            if len(pending) >= 64:
                yield from fetcher.fetch_many(pending, workers=workers, source=source)
                pending = []
    yield from fetcher.fetch_many(pending, workers=workers, source=source)
