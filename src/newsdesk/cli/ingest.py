"""``newsdesk ingest [SOURCE|PATH|URL] [--follow]``: read sources into the store."""

from __future__ import annotations

import json

import click

from ..settings import Settings
from ..store import open_store


@click.command()
@click.argument("target", required=False)
@click.option("--follow", is_flag=True, help="Keep polling sources on their schedule (Ctrl-C stops).")
@click.option("--db", default=None,
              help="SQLite file or postgresql:// URL of the store (default: NEWSDESK_DB or ./newsdesk.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--limit", type=int, default=None, help="At most this many records per source.")
@click.option("--restart", is_flag=True, help="Ignore the saved checkpoint: read the source from its start.")
@click.option("--no-pages", is_flag=True, help="Do not keep raw pages (saves space; no reextract).")
@click.option("--batch", "batch_size", type=int, default=200, show_default=True, help="Records per transaction.")
@click.option("--understand/--no-understand", default=True, show_default=True,
              help="Enrich, group near-duplicates and cluster stories as articles arrive.")
@click.option("--settle/--no-settle", default=True, show_default=True,
              help="At the end, give the articles still waiting for their second look at their story that look "
                   "now (not with --follow, whose stream goes on).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(target: str | None, follow: bool, db: str | None, as_json: bool, limit: int | None, restart: bool,
           no_pages: bool, batch_size: int, understand: bool, settle: bool, quiet: bool) -> None:
    """Ingest a source by name, a WARC file, a folder of pages, or a URL (default: every due source).

    A rerun resumes where the last one stopped; the same article seen again is stored once.
    """
    from ..pipeline.ingest import IngestOptions, follow as follow_sources, ingest_target

    settings = Settings.from_env(db=db)
    opts = IngestOptions(progress=not quiet and not as_json, batch_size=batch_size, keep_pages=not no_pages,
                         limit=limit, restart=restart, understand=understand, settle=settle and not follow)
    with open_store(settings) as store:
        if follow:
            def report(sources, counts) -> None:  # type: ignore[no-untyped-def]
                if sources:
                    click.echo(counts.summary(), err=as_json)

            try:
                follow_sources(store, settings, opts, target=target, on_cycle=report)
            except KeyboardInterrupt:
                click.echo("stopped", err=True)
            return
        sources, counts = ingest_target(store, target, settings, opts)
        stored = store.count_articles()
    if as_json:
        click.echo(json.dumps({"sources": [s.name for s in sources], **counts.to_dict(), "articles": stored}))
    else:
        names = ", ".join(s.name for s in sources) or "no due sources"
        click.echo(f"{names}: {counts.summary()}; {stored} articles stored")
