"""URL-list sources: a text file of URLs, and fetching a list of URLs.

URL normalisation itself is ground (``newsdesk.urlid``): ingest and the store share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Drop, Page
from ..urlid import normalize_url


def is_url_list(path: str | Path, probe_lines: int = 20) -> bool:
    """Whether a file reads as a URL list: of its first ``probe_lines`` lines with text (``#`` comments
    aside), the first and at least four in five are single http(s) URLs (a typo among them is the list's
    drop, not a reason to read the list as a page). A saved page or a flattened text dump is not."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(65536)
            cut = bool(fh.read(1))
    except OSError:
        return False
    lines = raw.decode("utf-8", "replace").splitlines()
    if cut and len(lines) > 1:
        lines.pop()  # cut short by the probe: not a whole line
    lines = [t for t in (line.strip() for line in lines) if t and not t.startswith("#")][:probe_lines]
    urls = [t.lower().startswith(("http://", "https://")) and " " not in t for t in lines]
    return bool(urls) and urls[0] and 5 * sum(urls) >= 4 * len(urls)


def url_list_total(path: str | Path) -> int | None:
    """The lines with text a list holds (``#`` comments aside), for the progress bar (None when
    unreadable); the URLs are checked once, by ``read_url_list`` as the run reads them."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return sum(1 for line in fh if line.strip() and not line.lstrip().startswith("#"))
    except OSError:
        return None


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
