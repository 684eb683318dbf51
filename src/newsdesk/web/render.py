"""Renderers: one ``WebPage`` in, HTML / JSON / RSS 2.0 / Atom 1.0 / JSON Feed 1.1 out."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from html import escape as html_escape
from xml.sax.saxutils import escape as _sax_escape

import jinja2

from ..slug import slugify
from ..timeutil import parse_iso
from .data import ArticleCard
from .safe import safe_url
from .views import WebPage

TEMPLATES = Path(__file__).parent / "templates"

#: format name -> media type
MEDIA = {
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "jsonfeed": "application/feed+json",
}


parse_time = parse_iso


def has_zone(iso: str | None) -> bool:
    """Whether an ISO 8601 time carries its offset (a date alone or a naive time does not)."""
    try:
        return datetime.fromisoformat((iso or "").strip().replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def human_time(iso: str | None) -> str:
    """"27 September 2025, 12:40 UTC+05:30": in the zone the page gave (a date alone stays a date).

    The page's own offset is kept, so a reader sees the publisher's local time; a time the page
    gave without a zone says so instead of passing for UTC. A small script adds "3 hours ago" for
    recent times and the reader's own time as a tooltip.
    """
    dt = parse_time(iso)
    if dt is None:
        return ""
    if len((iso or "").strip()) <= 10:  # "2025-08-04": the page gave a day, not a time
        return f"{dt.day} {dt:%B %Y}"
    if not has_zone(iso):
        return f"{dt.day} {dt:%B %Y, %H:%M} (time zone not given)"
    off = dt.utcoffset()
    if not off:
        zone = "UTC"
    else:
        mins = int(off.total_seconds() // 60)
        zone = f"UTC{'+' if mins >= 0 else '-'}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"
    return f"{dt.day} {dt:%B %Y, %H:%M} {zone}"


def plural(n: int | None, word: str) -> str:
    """"1 report", "3 reports"."""
    n = int(n or 0)
    return f"{n} {word}{'' if n == 1 else 's'}"


def coverage(reports: int | None, outlets: list[str] | int | None) -> str:
    """"3 reports from 2 outlets"; "1 report" when no outlet is known (never "from" and nothing)."""
    k = outlets if isinstance(outlets, int) else len(outlets or [])
    return plural(reports, "report") + (f" from {plural(k, 'outlet')}" if k else "")


def ago(iso: str | None, now: datetime | None = None) -> str:
    dt = parse_time(iso)
    if dt is None:
        return ""
    secs = ((now or datetime.now(timezone.utc)) - dt).total_seconds()
    if secs < 90:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if secs >= size:
            n = int(secs // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return ""


def _default(o: Any) -> Any:
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}
    raise TypeError(f"not JSON: {type(o).__name__}")


def render_json(page: WebPage, base: str, path: str) -> bytes:
    doc = {"title": page.title, "description": page.description, "url": base + path, **page.data}
    return json.dumps(doc, default=_default, ensure_ascii=False, separators=(",", ":")).encode()


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["human_time"] = human_time
    env.filters["ago"] = ago
    env.filters["plural"] = plural
    env.tests["zoned"] = has_zone
    env.globals["coverage"] = coverage
    env.filters["slug"] = slugify
    env.filters["safe_url"] = lambda u: safe_url(u) or ""
    env.filters["urlq"] = lambda s: quote(str(s or ""), safe="")
    return env


def render_page(env: jinja2.Environment, page: WebPage, ctx: dict[str, Any]) -> bytes:
    tpl = env.get_template(page.template)
    return tpl.render(page=page, d=page.data, **page.extra, **ctx).encode()


# -- feeds ---------------------------------------------------------------------------------------
def _item_link(base: str, c: ArticleCard) -> str:
    return f"{base}/article/{c.id}" if c.url is not None else f"{base}/story/{c.story_id}"


def feed_time(iso: str | None) -> str | None:
    """An RFC 3339 time for a feed: the page's own, a day alone at 00:00 UTC (feeds need a time)."""
    dt = parse_time(iso)
    if dt is None:
        return None
    if len((iso or "").strip()) <= 10:
        return dt.strftime("%Y-%m-%dT00:00:00Z")
    return dt.isoformat().replace("+00:00", "Z")


#: characters XML 1.0 does not allow at all (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/F)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text for an XML element *or attribute*: ``& < > " '`` escaped, characters XML forbids removed
    (``xml.sax.saxutils.escape`` leaves the quotes, so ``term="Tech" onx="1"`` broke out)."""
    return _sax_escape(_NOT_XML.sub("", text), {'"': "&quot;", "'": "&apos;"})


def _updated(items: list[ArticleCard]) -> str:
    times = [t for c in items if (t := parse_time(c.published or c.first_seen))]
    return max(times).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if times else "1970-01-01T00:00:00Z"


def render_rss(page: WebPage, base: str, path: str, feed_url: str) -> bytes:
    items = page.items or []
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
        f"<title>{xml_escape(page.title)} · newsdesk</title>",
        f"<link>{xml_escape(base + path)}</link>",
        f"<description>{xml_escape(html_escape(page.description or page.title, quote=False))}</description>",
        f'<atom:link href="{xml_escape(feed_url)}" rel="self" type="application/rss+xml"/>',
    ]
    for c in items:
        link = _item_link(base, c)
        dt = parse_time(c.published)
        out.append("<item>")
        out.append(f"<title>{xml_escape(c.title)}</title><link>{xml_escape(link)}</link>")
        out.append(f'<guid isPermaLink="true">{xml_escape(link)}</guid>')
        if c.description:
            # RSS <description> is HTML: the text is escaped as HTML, then as XML, so a reader that decodes it
            # shows "<script>" as text instead of running it
            out.append(f"<description>{xml_escape(html_escape(c.description, quote=False))}</description>")
        if dt:
            out.append(f"<pubDate>{format_datetime(dt)}</pubDate>")
        if c.section:
            out.append(f"<category>{xml_escape(c.section)}</category>")
        out.append(f"<source url=\"{xml_escape(feed_url)}\">{xml_escape(c.outlet)}</source></item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def render_atom(page: WebPage, base: str, path: str, feed_url: str) -> bytes:
    items = page.items or []
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{xml_escape(page.title)} · newsdesk</title>",
        f"<id>{xml_escape(feed_url)}</id>",
        f"<updated>{_updated(items)}</updated>",
        f'<link rel="self" href="{xml_escape(feed_url)}"/>',
        f'<link rel="alternate" type="text/html" href="{xml_escape(base + path)}"/>',
        "<author><name>newsdesk</name></author>",
    ]
    for c in items:
        link = _item_link(base, c)
        out.append("<entry>")
        out.append(f"<title>{xml_escape(c.title)}</title><id>{xml_escape(link)}</id>")
        out.append(f'<link rel="alternate" href="{xml_escape(link)}"/>')
        out.append(f"<updated>{xml_escape(feed_time(c.published) or feed_time(c.first_seen) or _updated(items))}</updated>")
        if c.published:  # an undated page has no <published>: its first-seen time is only its <updated>
            out.append(f"<published>{xml_escape(feed_time(c.published) or '')}</published>")
        out.append(f"<author><name>{xml_escape(', '.join(c.authors) or c.outlet)}</name></author>")
        if c.description:
            out.append(f"<summary>{xml_escape(c.description)}</summary>")
        if c.section:
            out.append(f'<category term="{xml_escape(c.section)}"/>')
        out.append("</entry>")
    out.append("</feed>")
    return "".join(out).encode()


def render_jsonfeed(page: WebPage, base: str, path: str, feed_url: str) -> bytes:
    items = []
    for c in page.items or []:
        it: dict[str, Any] = {"id": _item_link(base, c), "url": _item_link(base, c), "title": c.title}
        if c.url:
            it["external_url"] = c.url
        it["content_text"] = c.description or c.title
        if c.description:
            it["summary"] = c.description
        if c.published:
            it["date_published"] = feed_time(c.published)
        if c.image_url:
            it["image"] = c.image_url if c.image_url.startswith("http") else base + c.image_url
        it["authors"] = [{"name": a} for a in c.authors] or [{"name": c.outlet}]
        if c.section:
            it["tags"] = [c.section]
        items.append(it)
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{page.title} · newsdesk",
        "home_page_url": base + path,
        "feed_url": feed_url,
        "description": page.description or page.title,
        "language": "en",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


FEEDS = {"rss": render_rss, "atom": render_atom, "jsonfeed": render_jsonfeed}
