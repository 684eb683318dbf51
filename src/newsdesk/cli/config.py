"""``newsdesk config``: every setting with its default, environment variable and help."""

from __future__ import annotations

import json

import click

from ..settings import Settings


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def config(as_json: bool) -> None:
    """Show every setting, its current value and where to change it."""
    current = Settings.from_env()
    rows = Settings.describe()
    for r in rows:
        r["value"] = getattr(current, r["name"])
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    for r in rows:
        click.echo(f"{r['name']} = {r['value']!r}  [env {r['env']}]  {r['help']}")
    click.echo(f"{len(rows)} settings")
