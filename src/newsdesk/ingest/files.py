"""Folders of saved pages -> Page records: HTML (.html/.htm/.xhtml, optionally .gz) and text dumps (.txt).

A ``.txt`` file is a flattened page dump (menus and all) and becomes a Page of
``kind="text"`` for ``newsdesk.extract_text``; the HTML files go to
``newsdesk.extract``. Files are read in sorted path order, one at a time;
files over ``settings.extract_max_bytes`` (after decompression, read in
bounded steps so a gzip bomb costs nothing) are dropped as ``too-large``,
unreadable ones as ``unreadable``, other extensions as ``unsupported-file``.

The cursor is ``{"last": <relative path of the last file done>}``; a rerun
skips every file up to and including it. One file named on its own is read
whatever its extension: HTML when it looks like markup, else a text dump
(``sniff_kind``). ``stdin_items`` reads one page from standard input the same way.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import zlib
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Drop, Item, Page
from ..settings import Settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
_SKIP_NAMES = frozenset({".DS_Store", "Thumbs.db"})
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|section|span|a)\b", re.I)


def page_kind(name: str) -> str | None:
    """"html", "text" or None for a file name (``.gz`` is looked through)."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def sniff_kind(name: str, data: bytes) -> str:
    """"html" or "text": by the name's extension, else by whether the first 4 KB hold markup."""
    return page_kind(name) or ("html" if _MARKUP.search(data[:4096]) else "text")


def list_files(root: Path) -> list[str]:
    """Relative POSIX paths of every file under ``root`` (hidden files and folders skipped), sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or name in _SKIP_NAMES:
                continue
            out.append(Path(dirpath, name).relative_to(root).as_posix())
    out.sort()
    return out


def read_bounded(path: Path, limit: int) -> bytes | None:
    """File bytes (gunzipped for .gz), or None when over ``limit``."""
    if path.name.lower().endswith(".gz"):
        out = bytearray()
        with gzip.open(path, "rb") as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                out += chunk
                if limit and len(out) > limit:
                    return None
        return bytes(out)
    if limit and path.stat().st_size > limit:
        return None
    return path.read_bytes()


def folder_total(root: str | os.PathLike[str]) -> int:
    p = Path(root)
    return len(list_files(p)) if p.is_dir() else 1


def file_items(root: str | os.PathLike[str], settings: Settings, checkpoint: dict[str, Any] | None = None, *,
               source: str | None = None, options: Mapping[str, Any] | None = None,
               fetcher: Any = None) -> Iterator[Item]:
    """Items (Page or Drop) for every file in a folder (or one file), after ``checkpoint["last"]``."""
    base = Path(root)
    single = base.is_file()
    if single:
        names, base = [base.name], base.parent
    elif base.is_dir():
        names = list_files(base)
    else:
        raise InputError(f"no such file or folder: {root}")
    last = (checkpoint or {}).get("last")
    for i, rel in enumerate(names):
        if last is not None and rel <= last:
            continue
        yield Item(_one(base / rel, rel, settings, source, single), cursor={"last": rel}, pos=i + 1)


def stdin_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
                source: str | None = None, options: Mapping[str, Any] | None = None,
                fetcher: Any = None) -> Iterator[Item]:
    """One page read from standard input (``location`` is ``-``), its kind sniffed."""
    limit = settings.extract_max_bytes
    data = sys.stdin.buffer.read(limit + 1 if limit else -1)
    if limit and len(data) > limit:
        yield Item(Drop("too-large", f"over {limit} bytes", source=source), pos=1)
        return
    yield Item(Page(url=None, content=data, source=source, kind=sniff_kind("", data)), pos=1)


def _one(path: Path, rel: str, settings: Settings, source: str | None, single: bool = False) -> Page | Drop:
    kind = page_kind(path.name)
    if kind is None and not single:
        return Drop("unsupported-file", path.suffix.lower() or "no extension", url=rel, source=source)
    limit = settings.extract_max_bytes
    try:
        data = read_bounded(path, limit)
        mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OSError, EOFError, zlib.error) as exc:
        return Drop("unreadable", f"{type(exc).__name__}: {exc}"[:300], url=rel, source=source)
    if data is None:
        return Drop("too-large", f"over {limit} bytes", url=rel, source=source)
    if not data.strip():
        return Drop("empty", "empty file", url=rel, source=source)
    return Page(url=None, content=data, content_type=None, fetched_at=mtime, source=source,
                kind=kind or sniff_kind(rel, data),
                headers={"x-newsdesk-path": rel})
