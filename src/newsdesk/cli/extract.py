"""``newsdesk extract PATH|URL|-``: pages in, articles out (wiring only).

A file, a folder (recursive: ``*.html``, ``*.htm``, ``*.html.gz``, ``*.txt``), a URL
(through the project's bounded fetcher) or ``-`` for stdin. HTML goes to
``newsdesk.extract``; ``.txt`` files or input that is not markup go to
``newsdesk.extract_text`` (``--input`` overrides the guess). A page that fails is
reported on stderr with its reason and never stops the run; a summary line of
counts ends it. Exit status is non-zero only when nothing could be extracted
or on a user error.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from ..errors import ConfigError, NewsdeskError
from ..model import Article
from ..settings import Settings

SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|section|span|a)\b", re.I)


def _is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


def _read(path: Path, limit: int) -> bytes:
    """File bytes, gunzipped in bounded steps; over ``limit`` is an InputError-like failure."""
    from ..errors import InputError

    try:
        if path.name.lower().endswith(".gz"):
            out = bytearray()
            with gzip.open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    out += chunk
                    if limit and len(out) > limit:
                        break
            return bytes(out[:limit] if limit else out)
        with open(path, "rb") as f:
            return f.read(limit + 1 if limit else -1)[: limit or None]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _kind(name: str, data: bytes, forced: str) -> str:
    if forced != "auto":
        return forced
    low = name.lower().removesuffix(".gz")
    if low.endswith(".txt"):
        return "text"
    if low.endswith((".html", ".htm")):
        return "html"
    return "html" if _MARKUP.search(data[:4096]) else "text"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def extract_one(data: bytes, name: str, *, url: str | None, kind: str, settings: Settings,
                content_type: str | None = None) -> Article:
    """One page's bytes -> Article, raising only NewsdeskError."""
    import newsdesk

    if _kind(name, data, kind) == "text":
        try:
            from ..extract import text as _text  # noqa: F401 - present only once the text extractor exists
        except ImportError as exc:
            raise NewsdeskError(f"the text extractor is not available: {exc}") from exc
        text = data.decode("utf-8", errors="replace")
        return newsdesk.extract_text(text, url=url)
    return newsdesk.extract(data, url=url, content_type=content_type, settings=settings)


def _fetch(url: str, settings: Settings):
    try:
        from ..ingest.fetch import Fetcher
    except ImportError as exc:
        raise ConfigError(f"URL input needs newsdesk.ingest.fetch, which is not available: {exc}") from exc
    with Fetcher(settings) as f:
        return f.get(url)


def _sources(source: str, settings: Settings, url: str | None, progress: bool
             ) -> tuple[int, Iterator[tuple[str, bytes | None, str | None, str | None, Exception | None]]]:
    """(count, iterator of (name, data, url, content_type, error))."""
    if source == "-":
        data = sys.stdin.buffer.read(settings.extract_max_bytes or -1)
        return 1, iter([("<stdin>", data, url, None, None)])
    if _is_url(source):
        def one_url():
            try:
                page = _fetch(source, settings)
            except ConfigError:
                raise
            except NewsdeskError as exc:
                yield source, None, source, None, exc
                return
            yield source, page.content, page.url or source, page.content_type, None
        return 1, one_url()
    path = Path(source)
    if not path.exists():
        raise click.BadParameter(f"no such file, folder or URL: {source}", param_hint="SOURCE")
    files = _files(path) if path.is_dir() else [path]

    def gen():
        from tqdm import tqdm

        for p in tqdm(files, unit="page", file=sys.stderr, disable=not progress or len(files) < 2):
            try:
                yield str(p), _read(p, settings.extract_max_bytes), url, None, None
            except NewsdeskError as exc:
                yield str(p), None, url, None, exc

    return len(files), gen()


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


@click.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text", "markdown"]), default=None,
              help="Output format (default: json for one page, jsonl for a folder).")
@click.option("--input", "kind", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
              help="HTML page, flattened text dump, or guess from the name and content.")
@click.option("--url", default=None, help="The page's URL (for a file or stdin): resolves links, dates in paths.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-page failure lines.")
def extract(source: str, fmt: str | None, kind: str, url: str | None, quiet: bool) -> None:
    """Extract articles from SOURCE: a file, a folder, a URL, or - for stdin."""
    settings = Settings.from_env()
    total, items = _sources(source, settings, url, progress=not quiet)
    fmt = fmt or ("jsonl" if total > 1 or Path(source).is_dir() else "json")
    counts: Counter[str] = Counter()
    first = True
    if fmt == "json" and total > 1:
        click.echo("[")
    for name, data, page_url, ctype, err in items:
        counts["pages"] += 1
        if err is None:
            try:
                article = extract_one(data or b"", name, url=page_url, kind=kind, settings=settings,
                                      content_type=ctype)
            except NewsdeskError as exc:
                err = exc
            except Exception as exc:  # noqa: BLE001 - one bad page never stops the run; counted
                err = exc
        if err is not None:
            reason = getattr(err, "reason", None) or f"internal-{type(err).__name__}"
            counts[f"failed:{reason}"] += 1
            if not quiet:
                from tqdm import tqdm

                tqdm.write(f"{name}: failed ({reason}): {err}", file=sys.stderr)
            continue
        counts["extracted"] += 1
        out = render(article, fmt, name)
        if fmt == "json" and total > 1:
            out = ("" if first else ",\n") + out
            click.echo(out, nl=False)
        else:
            click.echo(out)
        first = False
    if fmt == "json" and total > 1:
        click.echo("\n]")
    failed = {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("failed:")}
    summary = f"extract: {counts['pages']} pages, {counts['extracted']} extracted, {sum(failed.values())} failed"
    if failed:
        summary += " (" + ", ".join(f"{k}: {v}" for k, v in failed.items()) + ")"
    click.echo(summary, err=True)
    if counts["extracted"] == 0:
        click.get_current_context().exit(1)
