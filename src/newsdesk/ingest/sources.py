"""Source adapters by kind, and how a command-line target names a source.

Every kind has one adapter signature::

    items(location, settings, checkpoint, *, source=None, options=None, fetcher=None) -> Iterator[Item]

``source`` is the source's name (stamped on its pages and drops), ``options``
its per-source options (e.g. a crawl's ``max_depth``), ``fetcher`` a shared
``newsdesk.ingest.fetch.Fetcher`` (the adapter opens its own when None). An
adapter only yields records: pages, drops, and notes (``Fetched``,
``SourceUpdate``) for the sink; the checkpoint after each item rides in
``Item.cursor``. Each adapter lives in ``newsdesk.ingest`` and is imported only
when used; ``total(location)`` sizes the progress bar.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, InputError
from ..model import Item


@dataclass(frozen=True, slots=True)
class Adapter:
    items: str  # "module:function"
    unit: str = "rec"  # progress unit: "B" (bytes) or "file" or "page"
    total: str | None = None  # "module:function" location -> int, for the progress bar

    def load(self) -> Callable[..., Iterator[Item]]:
        return _resolve(self.items)

    def size(self, location: str) -> int | None:
        if self.total is None:
            return None
        try:
            return int(_resolve(self.total)(location))
        except (OSError, ValueError):
            return None


ADAPTERS: dict[str, Adapter] = {
    "warc": Adapter("newsdesk.ingest.warc:warc_items", "B", "newsdesk.ingest.sources:file_size"),
    "folder": Adapter("newsdesk.ingest.files:file_items", "file", "newsdesk.ingest.files:folder_total"),
    "url": Adapter("newsdesk.ingest.web_sources:url_items", "page"),
    "feed": Adapter("newsdesk.ingest.web_sources:feed_items", "page"),
    "sitemap": Adapter("newsdesk.ingest.web_sources:sitemap_items", "page"),
    "site": Adapter("newsdesk.ingest.web_sources:site_items", "page"),
    "urls": Adapter("newsdesk.ingest.web_sources:url_list_items", "page", "newsdesk.ingest.urls:url_list_total"),
}

#: archive name endings that mean a WARC/ARC file
ARCHIVE_ENDINGS = (".warc", ".warc.gz", ".warc.zst", ".arc", ".arc.gz")


def file_size(location: str) -> int:
    return os.path.getsize(location)


def _resolve(target: str) -> Callable[..., Any]:
    mod, attr = target.split(":")
    try:
        return getattr(importlib.import_module(mod), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"this source kind needs {target}, which is not available: {exc}") from exc


def adapter(kind: str) -> Adapter:
    try:
        return ADAPTERS[kind]
    except KeyError:
        raise ConfigError(f"no adapter for source kind {kind!r}") from None


def guess_kind(target: str) -> tuple[str, str]:
    """(kind, location) for a path or URL given on the command line."""
    if "://" in target:
        low = target.lower().split("?", 1)[0]
        if low.endswith((".rss", ".atom", "/rss", "/feed", "/atom", ".rdf", "feed.xml", "rss.xml", "atom.xml",
                         "feed.json")):
            return "feed", target
        if "sitemap" in low and low.endswith((".xml", ".xml.gz")):
            return "sitemap", target
        return "url", target
    path = os.path.abspath(os.path.expanduser(target))
    if os.path.isdir(path):
        return "folder", path
    if os.path.isfile(path):
        if path.lower().endswith(ARCHIVE_ENDINGS):
            return "warc", path
        from .urls import is_url_list

        if is_url_list(path):
            return "urls", path  # a list of URLs to fetch, one per line
        return "folder", path  # one saved page
    raise InputError(f"no such source, file or folder: {target}")
