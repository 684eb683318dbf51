"""The fictional outlets of the fixture web: names, URL shapes, time zones, date and byline styles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone


@dataclass(frozen=True, slots=True)
class Outlet:
    slug: str
    name: str
    domain: str  # the host it has in a WARC
    offset_minutes: int  # its time zone
    tz_label: str
    url_style: str  # see ``article_path``
    date_style: str  # see ``format_date``
    byline_style: str
    feed_format: str  # "rss", "atom", "json"
    jsonld: bool
    opengraph: bool
    comments: bool
    color: str
    gzip_sitemap: bool = False
    is_wire: bool = False

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(minutes=self.offset_minutes))


OUTLETS: tuple[Outlet, ...] = (
    Outlet("ledger", "The Daily Ledger", "www.dailyledger.example", -300, "EST", "section-date-slug", "us-long",
           "by-and", "rss", True, True, True, "#1a3d6d"),
    Outlet("harbour", "Harbour Times", "harbourtimes.example", 0, "GMT", "news-section-slug-id", "uk-numeric",
           "reporting-by", "atom", False, True, False, "#7a1f1f"),
    Outlet("northstar", "Northern Star Tribune", "www.northernstar.example", 330, "IST", "date-section-slug-html",
           "in-updated", "plain", "rss", True, False, True, "#0d5c46"),
    Outlet("metrowire", "Metro Wire", "metrowire.example", 0, "UTC", "article-slug-hex", "iso", "wire", "json",
           True, True, False, "#333333", is_wire=True),
    Outlet("courier", "Pacific Courier", "www.pacificcourier.example", 660, "AEDT", "section-id-slug", "au-long",
           "words-by", "atom", False, False, True, "#b35900", gzip_sitemap=True),
    Outlet("gazette", "Lakeside Gazette", "lakesidegazette.example", 60, "CET", "stories-date-slug", "eu-published",
           "staff", "rss", True, False, False, "#4b2c7a"),
)
BY_SLUG = {o.slug: o for o in OUTLETS}
WIRE = BY_SLUG["metrowire"]


def path_slug(text: str, words: int = 9) -> str:
    """A title's slug in an outlet's article path (its own shape: at most ``words`` words)."""
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    return "-".join(parts[:words]) or "story"


def section_slug(section: str) -> str:
    return section.lower()


def article_path(outlet: Outlet, section: str, title: str, published: datetime, serial: int) -> str:
    """The article's path on its outlet's site (each outlet has its own URL shape)."""
    s, slug, d = section_slug(section), path_slug(title), published
    style = outlet.url_style
    if style == "section-date-slug":
        return f"/{s}/{d:%Y/%m/%d}/{slug}"
    if style == "news-section-slug-id":
        return f"/news/{s}/{slug}-{serial:06d}"
    if style == "date-section-slug-html":
        return f"/{d:%Y/%m/%d}/{s}/{slug}.html"
    if style == "article-slug-hex":
        return f"/article/{slug}-{serial * 2654435761 % 16**8:08x}"
    if style == "section-id-slug":
        return f"/{s}/{serial:07d}/{slug}"
    return f"/stories/{d:%Y%m%d}/{slug}"


def format_date(outlet: Outlet, when: datetime) -> str:
    """The visible date line in the outlet's own style and time zone."""
    d = when.astimezone(outlet.tz)
    style = outlet.date_style
    if style == "us-long":
        return f"{d:%B} {d.day}, {d.year} {d:%I:%M %p} {outlet.tz_label}".replace(" 0", " ")
    if style == "uk-numeric":
        return f"{d:%d/%m/%Y %H:%M} {outlet.tz_label}"
    if style == "in-updated":
        return f"Updated: {d:%b %d, %Y, %H:%M} {outlet.tz_label}"
    if style == "iso":
        return d.strftime("%Y-%m-%dT%H:%MZ")
    if style == "au-long":
        hour = d.hour % 12 or 12
        return f"{d:%A} {d.day} {d:%B %Y} {hour}.{d:%M}{'am' if d.hour < 12 else 'pm'} {outlet.tz_label}"
    return f"Published {d:%Y-%m-%d %H:%M} {outlet.tz_label}"


def format_byline(outlet: Outlet, authors: list[str]) -> str:
    style = outlet.byline_style
    if style == "by-and":
        return "By " + (" and ".join(authors) if len(authors) < 3 else ", ".join(authors[:-1]) + " and " + authors[-1])
    if style == "reporting-by":
        return "Reporting by " + "; ".join(authors)
    if style == "words-by":
        return "Words by " + " & ".join(authors)
    if style == "wire":
        return ", ".join(authors) + " | Metro Wire"
    if style == "staff":
        return " · ".join(authors)
    return ", ".join(authors)
