"""The ``newsdesk`` command group.

Each verb lives in its own module under ``newsdesk.cli`` and is imported only
when used, so ``newsdesk --help`` stays fast. To add a verb, add one line to
``COMMANDS``: name -> "module:attribute".
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import NewsdeskError

COMMANDS: dict[str, str] = {
    "extract": "newsdesk.cli.extract:extract_cmd",
    "config": "newsdesk.cli.config:config",
    "source": "newsdesk.cli.source:source",
    "ingest": "newsdesk.cli.ingest:ingest",
    "status": "newsdesk.cli.status:status",
    "reextract": "newsdesk.cli.reextract:reextract_cmd",
    "serve": "newsdesk.cli.serve:serve",
    "admin": "newsdesk.cli.admin:admin",
    "digest": "newsdesk.cli.digest:digest",
    "cluster": "newsdesk.cli.cluster:cluster_cmd",
    "article": "newsdesk.cli.article:article",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        mod, attr = target.split(":")
        return getattr(importlib.import_module(mod), attr)


@click.group(cls=LazyGroup)
@click.version_option(package_name="newsdesk")
def cli() -> None:
    """newsdesk: news pages in, a clean news site out."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps newsdesk's own errors to one line and an exit code."""
    try:
        cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except NewsdeskError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
