"""Adapters for web sources (url, a list of URLs, feed, sitemap, site) over the fetch layer.

The fetching and parsing live beside this module (``fetch``, ``feeds``,
``sitemaps``, ``crawl``); these adapters add what a resumable run needs, as
records in the stream (nothing here writes anywhere):

* every fetch becomes a ``Fetched`` record (status, bytes, elapsed time, error
  reason) just before the page or drop it gave; the pipeline's sink logs it;
* a feed, sitemap or URL list keeps the keys of the entries it has done in its
  checkpoint (``{"seen": [...]}``, the last ``MAX_SEEN``), committed with the
  articles, so a rerun fetches only what is new; a feed's ETag / Last-Modified
  ride in the same checkpoint, so a crash can never turn into a 304 that hides
  entries that were not stored yet (and in a ``SourceUpdate`` for the source row).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..errors import NewsdeskError
from ..model import Drop, Fetched, Item, Page, SourceUpdate
from ..settings import Settings
from ..urlid import url_key

MAX_SEEN = 5000
FETCH_CHUNK = 32
#: drop reasons that are not failed fetches (the page was fetched, then judged)
_NOT_FETCH_FAILURES = frozenset({"listing-page", "bad-url", "sitemap-limit", "sitemap-depth", "bad-entry-url",
                                 "no-entry-url", "bad-entry"})


@contextmanager
def _fetcher(settings: Settings, fetcher: Any = None) -> Iterator[Any]:
    if fetcher is not None:
        yield fetcher
        return
    from .fetch import Fetcher

    with Fetcher(settings) as f:
        yield f


def _key(url: str) -> str:
    try:
        return url_key(url)
    except NewsdeskError:
        return url


def fetch_note(rec: Page | Drop, url: str | None = None, elapsed_s: float | None = None) -> Item | None:
    """The ``Fetched`` note for one fetch outcome (None for a drop that is no failed fetch)."""
    ms = round(elapsed_s * 1000, 1) if elapsed_s is not None else None
    if isinstance(rec, Page):
        return Item(Fetched(url=rec.url or url or "", ok=True, status=rec.status, bytes=len(rec.content),
                            elapsed_ms=ms))
    if rec.reason in _NOT_FETCH_FAILURES:
        return None
    return Item(Fetched(url=rec.url or url or "", ok=False, error_reason=rec.reason, error_detail=rec.detail,
                        elapsed_ms=ms))


def _with_note(rec: Page | Drop, url: str | None = None, elapsed_s: float | None = None) -> Iterator[Item]:
    note = fetch_note(rec, url, elapsed_s)
    if note is not None:
        yield note


def url_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
              source: str | None = None, options: Mapping[str, Any] | None = None,
              fetcher: Any = None) -> Iterator[Item]:
    """One URL, fetched (conditionally when its ETag / Last-Modified are known)."""
    cp = checkpoint or {}
    with _fetcher(settings, fetcher) as f:
        t0 = time.perf_counter()
        try:
            page = f.get(location, etag=cp.get("etag"), last_modified=cp.get("last_modified"))
        except NewsdeskError as exc:
            drop = Drop(exc.reason, str(exc)[:300], url=location, source=source)
            yield from _with_note(drop, elapsed_s=time.perf_counter() - t0)
            yield Item(drop, cursor={})
            return
        yield from _with_note(page, location, time.perf_counter() - t0)
        if page.status == 304:
            return
        page.source = source
        yield Item(page, cursor=_validators(page), pos=1)


def _validators(page: Page) -> dict[str, Any]:
    h = {k.lower(): v for k, v in (page.headers or {}).items()}
    return {"etag": h.get("etag"), "last_modified": h.get("last-modified")}


def _add_new(todo: list[tuple[str, str]], done: set[str], url: str) -> None:
    """Queue ``url`` (with its key) unless its key is done already; the key is then done."""
    key = _key(url)
    if key not in done:
        done.add(key)
        todo.append((key, url))


def _fetch_keyed(f: Any, todo: Iterable[tuple[str, str]], seen: list[str], source: str | None,
                 final: dict[str, Any] | None = None) -> Iterator[Item]:
    """Fetch (key, url) pairs in chunks; each item's cursor records its key as seen."""
    chunk: list[tuple[str, str]] = []

    def flush(last: bool) -> Iterator[Item]:
        pages = f.fetch_many([u for _, u in chunk], workers=4, source=source)
        for n, ((key, url), rec) in enumerate(zip(chunk, pages)):
            yield from _with_note(rec, url)
            seen.append(key)
            cursor: dict[str, Any] = {"seen": seen[-MAX_SEEN:]}
            if last and final and n == len(chunk) - 1:
                cursor.update(final)
            yield Item(rec, cursor=cursor, pos=len(seen))

    items = list(todo)
    for i, pair in enumerate(items):
        chunk.append(pair)
        if len(chunk) >= FETCH_CHUNK or i == len(items) - 1:
            yield from flush(i == len(items) - 1)
            chunk = []


def feed_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
               source: str | None = None, options: Mapping[str, Any] | None = None,
               fetcher: Any = None) -> Iterator[Item]:
    """The feed's entries not seen before, as fetched article pages."""
    from .feeds import feed_drop, fetch_feed

    cp = checkpoint or {}
    seen = list(cp.get("seen", []))
    with _fetcher(settings, fetcher) as f:
        t0 = time.perf_counter()
        try:
            feed, page = fetch_feed(f, location, etag=cp.get("etag"), last_modified=cp.get("last_modified"))
        except NewsdeskError as exc:
            drop = feed_drop(location, exc, source)
            yield from _with_note(drop, elapsed_s=time.perf_counter() - t0)
            yield Item(drop)
            return
        yield from _with_note(page, location, time.perf_counter() - t0)
        if feed is None:  # 304 Not Modified
            return
        yield Item(SourceUpdate(_validators(page)))
        for drop in feed.drops:  # entries that could not be kept: counted, with their URL
            drop.source = source
            yield Item(drop)
        done = set(seen)
        todo = []
        for e in feed.entries:
            key = e.guid or _key(e.url)
            if key not in done and e.url:
                done.add(key)
                todo.append((key, e.url))
        yield from _fetch_keyed(f, todo, seen, source, final=_validators(page))


def sitemap_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
                  source: str | None = None, options: Mapping[str, Any] | None = None,
                  fetcher: Any = None) -> Iterator[Item]:
    """The sitemap's (or sitemap index's) URLs not seen before, as fetched pages."""
    from .sitemaps import walk_sitemaps

    seen = list((checkpoint or {}).get("seen", []))
    done = set(seen)
    with _fetcher(settings, fetcher) as f:
        todo: list[tuple[str, str]] = []
        for it in walk_sitemaps(f, [location], source=source):
            if isinstance(it, Drop):
                yield from _with_note(it)
                yield Item(it)
                continue
            _add_new(todo, done, it.loc)
        yield from _fetch_keyed(f, todo, seen, source)


def url_list_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
                   source: str | None = None, options: Mapping[str, Any] | None = None,
                   fetcher: Any = None) -> Iterator[Item]:
    """The URLs of a text file (one per line, ``#`` comments) not fetched before, as pages; a line that is
    no URL is a drop with its line number. The file is read again on every run, so URLs appended to it
    are fetched by the next."""
    from .urls import read_url_list

    seen = list((checkpoint or {}).get("seen", []))
    done = set(seen)
    todo: list[tuple[str, str]] = []
    for it in read_url_list(location):
        if isinstance(it, Drop):
            it.source = source
            yield Item(it)
            continue
        _add_new(todo, done, it)
    with _fetcher(settings, fetcher) as f:
        yield from _fetch_keyed(f, todo, seen, source)


def site_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
               source: str | None = None, options: Mapping[str, Any] | None = None,
               fetcher: Any = None) -> Iterator[Item]:
    """A polite crawl from the start URL (options: max_depth, max_pages, sitemaps); article pages become pages.

    The articles the site's sitemaps list (``sitemaps.site_seeds``; option ``sitemaps``, default on) are
    visited first, right after the start page, newest first: a sitemap reaches the articles that no
    listing links any more, with one fetch per article and none per listing page.
    """
    from .crawl import CrawlOptions, crawl
    from .sitemaps import site_seeds

    opts = dict(options or {})
    known = {k: opts[k] for k in ("max_depth", "max_pages", "same_host", "follow_articles") if k in opts}
    with _fetcher(settings, fetcher) as f:
        seeds: list[str] = []
        if opts.get("sitemaps", True):
            seeds, drops = site_seeds(f, location, source=source)
            for drop in drops:  # a declared sitemap that failed: counted with its reason and URL
                yield from _with_note(drop)
                yield Item(drop)
        for n, rec in enumerate(crawl(f, location, CrawlOptions(**known), source=source, seeds=seeds), 1):
            yield from _with_note(rec)
            yield Item(rec, pos=n)
