"""Folders of saved pages -> Page records: HTML (.html/.htm/.xhtml, optionally .gz) and text dumps (.txt).

A ``.txt`` file is a flattened page dump (menus and all) and becomes a Page of
``kind="text"`` for ``newsdesk.extract_text``; the HTML files go to
``newsdesk.extract``. Files are read in sorted path order, one at a time;
files over ``settings.extract_max_bytes`` (after decompression, read in
bounded steps so a gzip bomb costs nothing) are dropped as ``too-large``,
unreadable ones as ``unreadable``, other extensions as ``unsupported-file``.

The cursor is ``{"last": <relative path of the last file done>}``; a rerun
skips every file up to and including it.
"""

from __future__ import annotations

import gzip
import os
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
    if base.is_file():
        names, base = [base.name], base.parent
    elif base.is_dir():
        names = list_files(base)
    else:
        raise InputError(f"no such file or folder: {root}")
    last = (checkpoint or {}).get("last")
    for i, rel in enumerate(names):
        if last is not None and rel <= last:
            continue
        yield Item(_one(base / rel, rel, settings, source), cursor={"last": rel}, pos=i + 1)


def _one(path: Path, rel: str, settings: Settings, source: str | None) -> Page | Drop:
    kind = page_kind(path.name)
    if kind is None:
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
    return Page(url=None, content=data, content_type=None, fetched_at=mtime, source=source, kind=kind,
                headers={"x-newsdesk-path": rel})
