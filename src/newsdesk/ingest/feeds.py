"""Feeds: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed 1.x (by hand) -> ``model.Feed``.

``parse_feed(content, url=None, content_type=None)`` never raises anything but ``ParseError``:
a feed with recoverable damage keeps what parsed and lists the damage in ``Feed.problems``; one
with nothing usable raises ``ParseError`` with the reason. Entry links are resolved against the
feed URL. ``feed_pages`` fetches the entries' pages as ``Page``/``Drop`` records.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import NewsdeskError, ParseError
from ..model import Drop, Feed, FeedEntry, Page
from .opml import refuse_entity_declarations

_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WS = re.compile(r"\s+")
_BENIGN = {"CharacterEncodingOverride", "NonXMLContentType"}
_SY_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}


def _text(value: Any, limit: int = 4000) -> str | None:
    """Plain text from a feed field that may hold HTML."""
    if not isinstance(value, str):
        return None
    out = _WS.sub(" ", html.unescape(_TAG.sub(" ", value)).replace("\x00", "")).strip()
    return out[:limit] or None


def entry_url(link: str, base: str | None) -> str:
    """An entry's absolute http(s) URL: control characters removed, resolved against ``base``;
    ``ParseError`` when it is not one (``urljoin`` raises ``ValueError`` on e.g. ``http://[x/a``)."""
    clean = _CONTROL.sub("", link).strip()
    try:
        out = urljoin(base, clean) if base else clean
        host = urlsplit(out).hostname
    except ValueError as exc:
        raise ParseError(f"malformed URL: {exc}") from exc
    if not out.lower().startswith(("http://", "https://")):
        raise ParseError("no http(s) link")
    if not host:
        raise ParseError("no host in URL")
    return out


def _entry_drop(n: int, link: str, exc: ParseError, problems: list[str], drops: list[Drop]) -> None:
    problems.append(f"entry {n}: {exc} ({link[:80]!r})")
    drops.append(Drop("bad-entry-url", f"feed entry {n}: {exc}", url=link[:2000]))


def iso_date(raw: Any, parsed: Any = None) -> str | None:
    """ISO 8601 from an RFC 822 / ISO date string (keeping its offset), else from feedparser's
    UTC ``struct_time``; None when neither parses."""
    if isinstance(raw, str) and raw.strip():
        value = raw.strip()
        for parse in (parsedate_to_datetime, lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))):
            try:
                dt = parse(value)
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
            if dt is not None:
                return dt.isoformat()
    if isinstance(parsed, time.struct_time):
        try:
            return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
        except (ValueError, OverflowError):
            return None
    return None


def is_json_feed(content: bytes, content_type: str | None = None) -> bool:
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or bool(content_type and "json" in content_type.lower() and not head.startswith(b"<"))


def parse_feed(content: bytes, url: str | None = None, content_type: str | None = None) -> Feed:
    """Parse feed bytes of any supported format; ``ParseError`` when nothing usable is there."""
    if not content or not content.strip():
        raise ParseError("empty feed")
    if is_json_feed(content, content_type):
        return parse_json_feed(content, url)
    return _parse_xml_feed(content, url, content_type)


def _parse_xml_feed(content: bytes, url: str | None, content_type: str | None) -> Feed:
    refuse_entity_declarations(content, "feed")
    headers = {"content-type": content_type or "application/xml"}
    try:  # a stream, never a str: feedparser would fetch a str that looks like a URL
        d = feedparser.parse(io.BytesIO(content), response_headers=headers, sanitize_html=False,
                             resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser's internals raise anything on hostile bytes
        raise ParseError(f"feed parser failed: {type(exc).__name__}: {exc}") from exc
    meta = d.get("feed", {}) or {}
    problems: list[str] = []
    exc = d.get("bozo_exception")
    if d.get("bozo") and type(exc).__name__ not in _BENIGN:
        problems.append(f"{type(exc).__name__}: {exc}"[:300] if exc else "malformed feed")
    if not d.get("version") and not d.get("entries"):
        raise ParseError("not a feed: " + (problems[0] if problems else "no RSS/Atom root element"))
    base = _base(url or meta.get("link"))
    entries: list[FeedEntry] = []
    drops: list[Drop] = []
    for n, e in enumerate(d.get("entries", [])):
        link = e.get("link") or _alternate(e.get("links")) or _permalink_id(e)
        if not link:
            problems.append(f"entry {n} has no link")
            drops.append(Drop("no-entry-url", f"feed entry {n} has no link", url=url))
            continue
        try:
            link = entry_url(link, base)
        except ParseError as exc:
            _entry_drop(n, link, exc, problems, drops)
            continue
        raw = dict.get  # plain lookups: feedparser's key aliases (updated -> published) are deprecated
        published = iso_date(raw(e, "published"), raw(e, "published_parsed"))
        updated = iso_date(raw(e, "updated"), raw(e, "updated_parsed"))
        detail = e.get("author_detail") or {}
        names = [a.get("name") for a in (e.get("authors") or []) if isinstance(a, dict) and a.get("name")]
        entries.append(
            FeedEntry(
                url=link,
                title=_text(e.get("title"), 500),
                published=published or updated,
                updated=updated if updated != published else None,
                summary=_text(e.get("summary")),
                categories=[t for t in (_text(x.get("term"), 200) for x in e.get("tags", []) or []) if t],
                author=_text("; ".join(names), 300)
                or _text(detail.get("name") if isinstance(detail, dict) else None, 300)
                or _text(e.get("author"), 300),
                guid=e.get("id") or None,
            )
        )
    if not entries and not meta.get("title") and problems:
        raise ParseError("malformed feed: " + problems[0])
    return Feed(
        title=_text(meta.get("title"), 500),
        link=_link(meta.get("link")),
        entries=entries,
        format=d.get("version") or "unknown",
        ttl_minutes=_ttl(meta),
        skip_hours=_skip_hours(content),
        problems=problems,
        drops=drops,
    )


def _base(candidate: Any) -> str | None:
    """The URL entries resolve against, or None when the feed's own link is unusable."""
    if not isinstance(candidate, str):
        return None
    try:
        return entry_url(candidate, None)
    except ParseError:
        return None


def _link(value: Any) -> str | None:
    return _CONTROL.sub("", value).strip() or None if isinstance(value, str) else None


_SKIP = re.compile(rb"<skipHours>(.{0,2000}?)</skipHours>", re.S | re.I)
_HOUR = re.compile(rb"<hour>\s*(\d{1,2})\s*</hour>", re.I)


def _skip_hours(content: bytes) -> list[int]:
    """RSS ``<skipHours>``: hours (GMT) a poller may skip (feedparser does not expose them)."""
    m = _SKIP.search(content[:200_000])
    return sorted({int(h) for h in _HOUR.findall(m.group(1)) if int(h) < 24}) if m else []


def _alternate(links: Any) -> str | None:
    for link in links or []:
        if isinstance(link, dict) and link.get("href") and link.get("rel", "alternate") == "alternate":
            return str(link["href"])
    return None


def _permalink_id(e: Any) -> str | None:
    guid = e.get("id")
    return guid if isinstance(guid, str) and guid.startswith(("http://", "https://")) else None


def _ttl(meta: Any) -> int | None:
    raw = meta.get("ttl")
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    period = meta.get("sy_updateperiod")
    if isinstance(period, str) and period.strip().lower() in _SY_MINUTES:
        freq_raw = str(meta.get("sy_updatefrequency") or "1").strip()
        freq = int(freq_raw) if freq_raw.isdigit() and int(freq_raw) > 0 else 1
        return max(1, _SY_MINUTES[period.strip().lower()] // freq)
    return None


def parse_json_feed(content: bytes, url: str | None = None) -> Feed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(content.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"malformed JSON feed: {exc}") from exc
    if not isinstance(doc, dict):
        raise ParseError("malformed JSON feed: top level is not an object")
    version = str(doc.get("version") or "")
    if "jsonfeed.org" not in version and "items" not in doc:
        raise ParseError("not a JSON feed: no version or items")
    base = _base(url or _str(doc.get("home_page_url")))
    problems: list[str] = []
    drops: list[Drop] = []
    entries: list[FeedEntry] = []
    items = doc.get("items")
    if not isinstance(items, list):
        problems.append("items is not a list")
        items = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"item {n} is not an object")
            drops.append(Drop("bad-entry", f"feed item {n} is not an object", url=url))
            continue
        link = _str(item.get("url")) or _str(item.get("external_url"))
        if not link:
            problems.append(f"item {n} has no url")
            drops.append(Drop("no-entry-url", f"feed item {n} has no url", url=url))
            continue
        try:
            link = entry_url(link, base)
        except ParseError as exc:
            _entry_drop(n, link, exc, problems, drops)
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(
            FeedEntry(
                url=link,
                title=_text(item.get("title"), 500),
                published=iso_date(item.get("date_published")),
                updated=iso_date(item.get("date_modified")),
                summary=_text(item.get("summary")) or _text(item.get("content_text")) or _text(item.get("content_html")),
                categories=[t for t in (_text(x, 200) for x in tags) if t],
                author="; ".join(x for x in names if x) or None,
                guid=_str(item.get("id")),
            )
        )
    fmt = "json11" if version.endswith("1.1") else "json1"
    return Feed(title=_text(doc.get("title"), 500), link=_link(doc.get("home_page_url")), entries=entries,
                format=fmt, problems=problems, drops=drops)


def _str(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def fetch_feed(fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None):  # type: ignore[no-untyped-def]
    """Fetch and parse a feed: ``(Feed | None, Page)``; the feed is None on a 304 Not Modified.
    Fetch failures raise the fetcher's errors; unusable feeds raise ``ParseError``."""
    page = fetcher.get(url, etag=etag, last_modified=last_modified)
    if page.status == 304:
        return None, page
    return parse_feed(page.content, page.url or url, page.content_type), page


def poll_interval(feed: Feed | None, page: Page | None = None, *, default: float = 900.0, minimum: float = 300.0,
                  maximum: float = 86_400.0) -> float:
    """Seconds until a feed should be polled again: the feed's own hint (``<ttl>``,
    ``sy:updatePeriod``) or the response's ``Cache-Control: max-age``, else ``default``; clamped."""
    hint: float | None = None
    if feed is not None and feed.ttl_minutes:
        hint = feed.ttl_minutes * 60.0
    if page is not None:
        cc = (page.headers or {}).get("cache-control", "")
        m = re.search(r"max-age=(\d+)", cc)
        if m:
            hint = max(hint or 0.0, float(m.group(1)))
    return max(minimum, min(maximum, hint if hint is not None else default))


def feed_pages(entries: Iterable[FeedEntry], fetcher, source: str | None = None, workers: int = 4) -> Iterator[Page | Drop]:  # type: ignore[no-untyped-def]
    """The entries' article pages: one ``Page`` or ``Drop`` per entry, in order."""
    yield from fetcher.fetch_many([e.url for e in entries], workers=workers, source=source)


def feed_drop(url: str, exc: NewsdeskError, source: str | None = None) -> Drop:
    """The ``Drop`` for a feed that could not be fetched or parsed."""
    return Drop(reason=exc.reason if exc.reason != "parse" else "bad-feed", detail=str(exc)[:500], url=url, source=source)
