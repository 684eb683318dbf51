"""``newsdesk digest``: the email digest of top stories."""

from __future__ import annotations

import click

from ..settings import Settings


@click.group()
def digest() -> None:
    """The daily digest."""


@digest.command("send")
@click.option("--db", default=None, help="SQLite file of the store.")
@click.option("--base-url", default=None, help="Portal address used in links (default: settings.public_url).")
def send(db: str | None, base_url: str | None) -> None:
    """Mail the digest to every confirmed subscriber now."""
    from ..store import open_store
    from ..web.digest import send_digest
    from ..web.store_data import StoreData

    settings = Settings.from_env(db=db)
    with open_store(settings) as store:
        report = send_digest(StoreData(store), settings, base=base_url)
    click.echo(f"digest: {report.stories} stories, {report.sent} sent, {report.failed} failed")
