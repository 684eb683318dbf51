"""``newsdesk extract``'s run: pages from a file, folder, URL or stdin -> extraction -> rendered articles.

The same runner (``core.run``) and extraction stage (``stages.extract_stage``) as an ingest; the
sources are ingest's adapters (``file_items`` for a file or folder, ``url_items`` for a URL,
``stdin_items`` for ``-``) and the sink, instead of the store, renders each article to a stream
(json / jsonl / text / markdown) and reports each failure with its reason. Every page is kept,
however short (no ``no-article`` floor), and its URL is the one given, never guessed.

Files in a folder that are not pages (``unsupported-file``: images, PDFs...) are counted as
skipped, apart from the pages.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..ingest.files import file_items, list_files, page_kind, sniff_kind, stdin_items
from ..ingest.web_sources import url_items
from ..model import NOTE_RECORDS, Article, Drop, Extracted, Item, Page
from ..settings import Settings
from .core import Progress, Stage, run
from .stages import extract_stage

#: drop reasons of files that are not pages: skipped, not failures
SKIPPED = frozenset({"unsupported-file"})
FORMATS = ("json", "jsonl", "text", "markdown")


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def render(article: Article, fmt: str, source: str) -> str:
    """One article in the chosen output format (json / jsonl / text / markdown)."""
    if fmt in ("json", "jsonl"):
        d = {"source": source, **article.to_dict()}
        return json.dumps(d, ensure_ascii=False, indent=1 if fmt == "json" else None)
    if fmt == "text":
        head = [article.title or ""]
        byline = "; ".join(article.authors)
        meta = " | ".join(x for x in (byline, article.published, article.site_name) if x)
        if meta:
            head.append(meta)
        return "\n".join(head) + "\n\n" + article.body + "\n"
    lines = [f"# {article.title or 'Untitled'}", ""]
    meta = " · ".join(x for x in ("By " + ", ".join(article.authors) if article.authors else "",
                                  article.published or "", article.site_name or "") if x)
    if meta:
        lines += [f"*{meta}*", ""]
    if article.description:
        lines += [f"> {article.description}", ""]
    if article.image and article.image.url:
        lines += [f"![{article.image.caption or ''}]({article.image.url})", ""]
    lines.append(article.body)
    return "\n".join(lines) + "\n"


class ArticleWriter:
    """A sink that renders each article to ``out`` and counts pages, failures by reason, skips."""

    def __init__(self, out: TextIO, fmt: str, many: bool, quiet: bool) -> None:
        self.out, self.fmt, self.quiet = out, fmt, quiet
        self.array = fmt == "json" and many  # several pages as json: one array
        self.name = ""  # the display name of the record being written (set by the run)
        self.pages = self.extracted = self.skipped = 0
        self.failed: Counter[str] = Counter()
        self._first = True
        if self.array:
            out.write("[\n")

    def write(self, result: Any, cursor: dict[str, Any] | None) -> None:
        if isinstance(result, NOTE_RECORDS):
            return
        if isinstance(result, Drop) and result.reason in SKIPPED:
            self.skipped += 1
            return
        self.pages += 1
        if not isinstance(result, Extracted):
            reason = result.reason if isinstance(result, Drop) else "unknown-record"
            self.failed[reason] += 1
            if not self.quiet:
                from tqdm import tqdm

                tqdm.write(f"{self.name}: failed ({reason}): {getattr(result, 'detail', '')}", file=sys.stderr)
            return
        self.extracted += 1
        text = render(result.article, self.fmt, self.name)
        if self.array:
            self.out.write(("" if self._first else ",\n") + text)
        else:
            self.out.write(text + "\n")
        self._first = False

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        if self.array:
            self.out.write("\n]\n")
        self.out.flush()

    def summary(self) -> str:
        line = f"extract: {self.pages} pages, {self.extracted} extracted, {sum(self.failed.values())} failed"
        if self.failed:
            line += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(self.failed.items())) + ")"
        if self.skipped:
            line += f"; {self.skipped} skipped (not pages)"
        return line


def page_count(target: str) -> int:
    """How many pages ``target`` holds (the page files of a folder; 1 for anything else)."""
    p = Path(target)
    if target != "-" and not is_url(target) and p.is_dir():
        return sum(page_kind(name) is not None for name in list_files(p))
    return 1


def _sourced(target: str, settings: Settings, sink: ArticleWriter) -> Iterator[Item]:
    """The items of ``target`` by ingest's adapters, with each record's display name set on the sink."""
    if target == "-":
        items, label = stdin_items(target, settings, {}), (lambda item: "<stdin>")
    elif is_url(target):
        items, label = url_items(target, settings, {}), (lambda item: target)
    else:
        path = Path(target)
        base = path.parent if path.is_file() else path
        items = file_items(target, settings, {})
        label = (lambda item: str(base / item.cursor["last"]))  # noqa: E731
    for item in items:
        if not isinstance(item.record, NOTE_RECORDS):
            sink.name = label(item)
        yield item


def _prepare(target: str, kind: str, url: str | None) -> Stage:
    """Page -> Page: the kind asked for (or sniffed for a fetched page), the URL given for a file."""
    fetched = is_url(target)

    def stage(page: Page) -> Page:
        if kind != "auto":
            page.kind = kind
        elif fetched:
            page.kind = sniff_kind(target, page.content)
        if fetched:
            page.url = page.url or target
        elif url:
            page.url = url
        return page

    return stage


def extract_target(target: str, settings: Settings, out: TextIO, *, fmt: str, kind: str = "auto",
                   url: str | None = None, quiet: bool = False) -> ArticleWriter:
    """Extract every page of ``target`` (a file, a folder, a URL or ``-``) into ``out``; returns the sink."""
    total = page_count(target)
    sink = ArticleWriter(out, fmt, many=total > 1, quiet=quiet)
    stages = [_prepare(target, kind, url), extract_stage(settings, min_words=0, fill_url=False)]
    bar = Progress(total, desc="extract", unit="page", enabled=not quiet and total >= 2)
    try:
        run(_sourced(target, settings, sink), stages, sink, bar)
    finally:
        bar.close()
    sink.close()
    return sink
