"""``newsdesk article``: look at one stored article's page type and override it.

    newsdesk article show ID            title, outlet, section, page type and the reason for it
    newsdesk article set-type ID KIND   news | not-news | recipe, shop, guide, listing, notice, about, blog, other

An operator's verdict is kept when the article is enriched again; pages judged not news stay
stored and searchable but are left off the home page, top stories, trending and the digest.
"""

from __future__ import annotations

import json

import click

from ..enrich.pagetype import PAGE_TYPES
from ..errors import InputError
from ..settings import Settings
from ..store import open_store

_KINDS = ("news", "not-news", *[k for k in PAGE_TYPES if k != "news"])


@click.group()
def article() -> None:
    """One stored article: show it, or set whether it is news."""


@article.command("show")
@click.argument("article_id", type=int)
@click.option("--db", default=None, help="SQLite file of the store (default: NEWSDESK_DB or ./newsdesk.db).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(article_id: int, db: str | None, as_json: bool) -> None:
    """Title, outlet, section and page type of one article."""
    with open_store(Settings.from_env(db=db)) as store:
        a = store.get_article(article_id)
    if a is None:
        raise InputError(f"no article {article_id}")
    out = {"id": a.id, "title": a.article.title, "outlet": a.article.site_name, "url": a.article.url,
           "published": a.article.published, "section": a.article.section, "section_source": a.section_source,
           "page_type": a.page_type or "news", "page_type_reason": a.page_type_reason or "not judged yet"}
    if as_json:
        click.echo(json.dumps(out, indent=1))
        return
    for k, v in out.items():
        click.echo(f"{k}: {v if v is not None else '-'}")


@article.command("set-type")
@click.argument("article_id", type=int)
@click.argument("kind", type=click.Choice(_KINDS))
@click.option("--reason", default="", help="Why (kept with the verdict).")
@click.option("--db", default=None, help="SQLite file of the store (default: NEWSDESK_DB or ./newsdesk.db).")
def set_type(article_id: int, kind: str, reason: str, db: str | None) -> None:
    """Mark an article as news or not news (an operator's verdict, kept on re-enrichment)."""
    page_type = "other" if kind == "not-news" else kind
    with open_store(Settings.from_env(db=db)) as store:
        if store.get_article(article_id) is None:
            raise InputError(f"no article {article_id}")
        verdict = "news" if page_type == "news" else f"not news ({page_type})"
        store.set_page_type(article_id, page_type, f"{verdict}: set by an operator" + (f" ({reason})" if reason else ""))
    click.echo(f"article {article_id}: {verdict}")
