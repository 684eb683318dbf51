"""``newsdesk source add|list|remove|pause|resume``: the sources ingest reads."""

from __future__ import annotations

import json
import os

import click

from ..settings import Settings
from ..store import SOURCE_KINDS, open_store

_db = click.option("--db", default=None, help="SQLite file of the store (default: NEWSDESK_DB or ./newsdesk.db).")
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _store(db: str | None):  # type: ignore[no-untyped-def]
    return open_store(Settings.from_env(db=db))


def _row(s) -> dict:  # type: ignore[no-untyped-def]
    return {"id": s.id, "name": s.name, "kind": s.kind, "location": s.location, "schedule_s": s.schedule_s,
            "paused": s.paused, "last_fetch_at": s.last_fetch_at, "next_fetch_at": s.next_fetch_at}


@click.group()
def source() -> None:
    """Add, list and remove the sources that `newsdesk ingest` reads."""


@source.command("add")
@click.argument("kind", type=click.Choice([*SOURCE_KINDS, "opml"]))
@click.argument("location")
@click.option("--name", default=None, help="Short name (default: from the URL or path).")
@click.option("--schedule", "schedule_s", type=int, default=None, help="Seconds between polls (feeds; default 1800).")
@_db
@_json
def add(kind: str, location: str, name: str | None, schedule_s: int | None, db: str | None, as_json: bool) -> None:
    """Add a source: feed, sitemap, site, url (URLs); warc, folder, urls (paths; urls: a file of URLs, one
    per line); opml (a feed list file)."""
    with _store(db) as store:
        if kind == "opml":
            from ..ingest.opml import read_opml

            added = [store.add_source("feed", ref.url, None, schedule_s=schedule_s, exist_ok=True)
                     for ref in read_opml(location)]
        else:
            if kind in ("warc", "folder", "urls"):
                location = os.path.abspath(os.path.expanduser(location))
            added = [store.add_source(kind, location, name, schedule_s=schedule_s)]
    if as_json:
        click.echo(json.dumps([_row(s) for s in added], indent=1))
    else:
        for s in added:
            click.echo(f"added {s.kind} {s.name}: {s.location}")
        click.echo(f"{len(added)} source(s) added")


@source.command("list")
@click.option("--opml", "as_opml", is_flag=True, help="Print the feed sources as an OPML 2.0 document (for a "
              "feed reader, or `source add opml` on another newsdesk).")
@_db
@_json
def list_(db: str | None, as_json: bool, as_opml: bool) -> None:
    """List the sources."""
    with _store(db) as store:
        rows = [_row(s) for s in store.list_sources()]
    if as_opml:
        from ..ingest.opml import FeedRef, write_opml

        feeds = [FeedRef(r["location"], r["name"]) for r in rows if r["kind"] == "feed"]
        click.echo(write_opml(feeds).decode("utf-8"), nl=False)
        click.echo(f"{len(feeds)} feed(s) exported", err=True)
        return
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    for r in rows:
        flag = " (paused)" if r["paused"] else ""
        click.echo(f"{r['name']}  {r['kind']}  {r['location']}  every {r['schedule_s']}s{flag}")
    click.echo(f"{len(rows)} source(s)")


@source.command("remove")
@click.argument("name")
@_db
def remove(name: str, db: str | None) -> None:
    """Remove a source (its articles stay)."""
    with _store(db) as store:
        if not store.remove_source(name):
            raise click.ClickException(f"no source named {name!r}")
    click.echo(f"removed {name}")


@source.command("pause")
@click.argument("name")
@_db
def pause(name: str, db: str | None) -> None:
    """Stop polling a source."""
    _set_paused(name, db, True)


@source.command("resume")
@click.argument("name")
@_db
def resume(name: str, db: str | None) -> None:
    """Poll a paused source again."""
    _set_paused(name, db, False)


def _set_paused(name: str, db: str | None, paused: bool) -> None:
    with _store(db) as store:
        src = store.get_source(name)
        if src is None:
            raise click.ClickException(f"no source named {name!r}")
        store.update_source(src.id, paused=paused)
    click.echo(f"{'paused' if paused else 'resumed'} {name}")
