"""``newsdesk reextract [SOURCE]``: run the current extractor again over the stored raw pages."""

from __future__ import annotations

import json

import click

from ..settings import Settings
from ..store import open_store


@click.command("reextract")
@click.argument("source", required=False)
@click.option("--db", default=None, help="SQLite file of the store (default: NEWSDESK_DB or ./newsdesk.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--limit", type=int, default=None, help="At most this many pages per source.")
@click.option("--understand/--no-understand", default=True, show_default=True,
              help="Enrich changed articles again (and place new ones in stories).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def reextract_cmd(source: str | None, db: str | None, as_json: bool, limit: int | None, understand: bool,
              quiet: bool) -> None:
    """Re-extract stored pages: a changed article becomes a new version, an unchanged one stays."""
    from ..pipeline.ingest import IngestOptions, reextract

    settings = Settings.from_env(db=db)
    with open_store(settings) as store:
        src = None
        if source:
            src = store.get_source(source)
            if src is None:
                raise click.ClickException(f"no source named {source!r}")
        opts = IngestOptions(progress=not quiet and not as_json, limit=limit, understand=understand)
        counts = reextract(store, settings, opts, src)
        stored = store.count_articles()
    if as_json:
        click.echo(json.dumps({**counts.to_dict(), "articles": stored}))
    else:
        click.echo(f"reextract: {counts.summary()}; {stored} articles stored")
