"""``newsdesk status [--json]``: per source, last fetch, new articles, errors and drops by reason."""

from __future__ import annotations

import json

import click

from ..settings import Settings
from ..store import open_store


#: dropped records listed under each source (reason, file or URL, detail)
RECENT_DROPS = 3


@click.command()
@click.option("--db", default=None,
              help="SQLite file or postgresql:// URL of the store (default: NEWSDESK_DB or ./newsdesk.db).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the total of stored articles is `articles`).")
@click.option("--examples", "reason", default=None, metavar="REASON",
              help="Also list recent dropped records with this reason (or 'all').")
def status(db: str | None, as_json: bool, reason: str | None) -> None:
    """Show what the store holds and how each source is doing."""
    with open_store(Settings.from_env(db=db)) as store:
        rows = store.status()
        total, pages, drops = store.count_articles(), store.count_pages(), store.drop_counts()
        examples = [] if reason is None else store.drop_samples(reason=None if reason == "all" else reason)
        recent = {r.source.name: store.drop_samples(source_id=r.source.id, limit=RECENT_DROPS) for r in rows
                  if r.drops or r.fetch_errors}
    sources = [{
        "name": r.source.name, "kind": r.source.kind, "location": r.source.location, "paused": r.source.paused,
        "articles": r.articles, "last_fetch_at": r.source.last_fetch_at,
        "last_fetch": None if r.last_fetch is None else {
            "url": r.last_fetch.url, "ok": r.last_fetch.ok, "status": r.last_fetch.status,
            "at": r.last_fetch.fetched_at, "error": r.last_fetch.error_reason},
        "last_run": r.last_run, "errors": r.fetch_errors, "drops": r.drops,
    } for r in rows]
    samples = [{"reason": d.reason, "source": d.source, "url": d.url, "detail": d.detail} for d in examples]
    if as_json:
        out = {"articles": total, "pages": pages, "drops": drops, "sources": sources}
        if reason is not None:
            out["examples"] = samples
        click.echo(json.dumps(out, indent=1))
        return
    for s in sources:
        run = s["last_run"] or {}
        new = (run.get("counts") or {}).get("new", 0)
        drops_txt = ", ".join(f"{k} {v}" for k, v in s["drops"].items()) or "none"
        errors = ", ".join(f"{k} {v}" for k, v in s["errors"].items()) or "none"
        click.echo(f"{s['name']} [{s['kind']}{', paused' if s['paused'] else ''}]: {s['articles']} articles; "
                   f"last run {run.get('started_at', 'never')} ({run.get('status', '-')}, {new} new); "
                   f"errors: {errors}; drops: {drops_txt}")
        if reason is None:  # what went wrong, where: the latest drops with their file or URL
            for d in recent.get(s["name"], []):
                click.echo(f"  {d.reason}  {d.url or '-'}  {d.detail}")
    for d in samples:
        click.echo(f"  {d['reason']}  {d['source'] or '-'}  {d['url'] or '-'}  {d['detail']}")
    click.echo(f"{total} articles, {pages} raw pages, {len(sources)} sources")
