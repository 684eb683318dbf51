"""JSON lines of articles already extracted -> ``Extracted`` records (``newsdesk cluster``'s input).

Each line is an object with ``id``, ``title``, ``body`` and optional ``published`` and
``source``. The record's page is empty (``kind="article"``) and carries the document id in the
``x-newsdesk-id`` header (``line-<n>`` when the line has none, flagged by
``x-newsdesk-id-missing``). Blank lines are skipped; a line that is not a JSON object is a
``Drop`` with reason ``bad-json`` and its line number. ``-`` reads standard input.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from ..errors import InputError
from ..model import Article, Drop, Extracted, Item, Page
from ..settings import Settings

ID_HEADER = "x-newsdesk-id"
NO_ID_HEADER = "x-newsdesk-id-missing"


def article_items(location: str, settings: Settings, checkpoint: dict[str, Any] | None = None, *,
                  source: str | None = None, options: Mapping[str, Any] | None = None,
                  fetcher: Any = None) -> Iterator[Item]:
    """One ``Extracted`` (or ``bad-json`` Drop) per non-blank line, after ``checkpoint["line"]``."""
    after = int((checkpoint or {}).get("line", 0))
    if location == "-":
        yield from _lines(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), after, source)
        return
    try:
        fh = open(location, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {location}: {exc}") from exc
    with fh:
        yield from _lines(fh, after, source)


def _lines(fh: TextIO, after: int, source: str | None) -> Iterator[Item]:
    for lineno, line in enumerate(fh, 1):
        if lineno <= after or not line.strip():
            continue
        cursor = {"line": lineno}
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise InputError("not a JSON object")
        except (ValueError, InputError) as exc:
            yield Item(Drop("bad-json", f"line {lineno}: {exc}", source=source), cursor=cursor, pos=lineno)
            continue
        given = rec.get("id") is not None
        headers = {ID_HEADER: str(rec["id"] if given else f"line-{lineno}")}
        if not given:
            headers[NO_ID_HEADER] = "1"
        article = Article(title=str(rec.get("title") or ""), body=str(rec.get("body") or ""),
                          published=rec.get("published"), site_name=rec.get("source"))
        page = Page(url=None, content=b"", source=source, headers=headers, kind="article")
        yield Item(Extracted(page, article), cursor=cursor, pos=lineno)
