"""``newsdesk serve``: the portal over the store in the working directory."""

from __future__ import annotations

import click

from ..settings import Settings


@click.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--db", default=None,
              help="SQLite file or postgresql:// URL of the store (default ./newsdesk.db).")
@click.option("--demo", type=click.Choice(["auto", "on", "off"]), default=None,
              help="Demo content: when the store is empty (auto), always, never.")
@click.option("--no-background", is_flag=True, help="Do not ingest or send digests while serving.")
def serve(host: str | None, port: int | None, db: str | None, demo: str | None, no_background: bool) -> None:
    """Serve the news portal, its JSON API and feeds."""
    from ..web.runner import serve as run

    settings = Settings.from_env(host=host, port=port, db=db, demo=demo)
    run(settings, background=not no_background, digest=not no_background)
