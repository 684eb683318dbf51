"""``newsdesk extract PATH|URL|-``: pages in, articles out (wiring only).

A file, a folder (recursive: ``*.html``, ``*.htm``, ``*.xhtml``, ``*.txt``, optionally ``.gz``), a
URL (through the project's bounded fetcher) or ``-`` for stdin. HTML goes to
``newsdesk.extract``; ``.txt`` files or input that is not markup go to
``newsdesk.extract_text`` (``--input`` overrides the guess). The run is the pipeline's
(``newsdesk.pipeline.extract_run``): ingest's readers, the extraction stage, a sink that
renders. A page that fails is reported on stderr with its reason and never stops the run; a
summary line of counts ends it. Exit status is non-zero only when nothing could be extracted
or on a user error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..settings import Settings


@click.command("extract")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text", "markdown"]), default=None,
              help="Output format (default: json for one page, jsonl for a folder).")
@click.option("--input", "kind", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
              help="HTML page, flattened text dump, or guess from the name and content.")
@click.option("--url", default=None, help="The page's URL (for a file or stdin): resolves links, dates in paths.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-page failure lines.")
def extract_cmd(source: str, fmt: str | None, kind: str, url: str | None, quiet: bool) -> None:
    """Extract articles from SOURCE: a file, a folder, a URL, or - for stdin."""
    from ..pipeline.extract_run import extract_target, is_url, page_count

    if source != "-" and not is_url(source) and not Path(source).exists():
        raise click.BadParameter(f"no such file, folder or URL: {source}", param_hint="SOURCE")
    fmt = fmt or ("jsonl" if page_count(source) > 1 or Path(source).is_dir() else "json")
    sink = extract_target(source, Settings.from_env(), sys.stdout, fmt=fmt, kind=kind, url=url, quiet=quiet)
    click.echo(sink.summary(), err=True)
    if sink.extracted == 0:
        click.get_current_context().exit(1)
