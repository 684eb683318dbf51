"""``newsdesk admin``: editor accounts for the portal's curation pages."""

from __future__ import annotations

import click

from ..settings import Settings


@click.group()
def admin() -> None:
    """Editor accounts."""


@admin.command("create-user")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 8 characters (prompted when not given).")
@click.option("--db", default=None, help="SQLite file of the store.")
def create_user_command(username: str, password: str, db: str | None) -> None:
    """Create an editor (or reset the password of an existing one)."""
    from ..store import open_store
    from ..web.auth import create_user as make
    from ..web.store_data import StoreData

    settings = Settings.from_env(db=db)
    with open_store(settings) as store:
        user = make(StoreData(store), username, password)
    click.echo(f"editor {user.username} ready (id {user.id}); log in at /admin/login")
