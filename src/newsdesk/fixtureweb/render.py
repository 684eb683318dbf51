"""Render the fixture web: article pages in each outlet's template, listings, feeds, sitemaps,
robots.txt, images, JSON, and the hostile routes. ``respond(site, outlet, target, root)`` is the
one entry point; the server and the WARC writer both use it."""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

from .outlets import Outlet, format_byline, format_date, section_slug
from .site import SECTIONS, TRACKED_FEEDS, TRACKING_QUERY, FixtureArticle, FixtureWeb

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
FEED_PATHS = {"rss": "/feed.xml", "atom": "/atom.xml", "json": "/feed.json"}


@dataclass(slots=True)
class Resp:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[bytes] | None = None  # served chunk by chunk (huge and slow pages)


def feed_path(outlet: Outlet) -> str:
    return FEED_PATHS[outlet.feed_format]


def _e(s: str) -> str:
    return escape(s, quote=True)


def _http_date(d: datetime) -> str:
    return format_datetime(d.astimezone(timezone.utc), usegmt=True)


def respond(site: FixtureWeb, slug: str, target: str, root: str) -> Resp:
    """The response for ``target`` (path and query) on outlet ``slug`` whose site root is ``root``."""
    outlet = site.outlets.get(slug)
    if outlet is None:
        return Resp(404, b"<h1>Not found</h1>", {"content-type": "text/html; charset=utf-8"})
    path = urlsplit(target).path or "/"
    key = (slug, path)
    site.hits[key] = site.hits.get(key, 0) + 1
    art = site.by_path.get(key)
    if art is not None:
        return _article(site, outlet, art, root, amp=False)
    if path.startswith("/amp/") and (slug, path[4:]) in site.by_path:
        return _article(site, outlet, site.by_path[(slug, path[4:])], root, amp=True)
    if path == "/robots.txt":
        text = f"User-agent: *\nDisallow: /private/\nDisallow: /search\n\nSitemap: {root}/sitemap.xml\n"
        return Resp(200, text.encode(), {"content-type": "text/plain"})
    if path == feed_path(outlet):
        return _feed(site, outlet, root)
    if path == "/sitemap.xml" or path.startswith("/sitemaps/"):
        return _sitemap(site, outlet, path, root)
    if path.startswith("/img/"):
        return Resp(200, PNG_1PX, {"content-type": "image/png", "cache-control": "max-age=86400"})
    if path == "/api/latest.json":
        items = [{"id": a.id, "title": a.title, "url": root + a.path} for a in site.by_outlet(slug)[-10:]]
        return Resp(200, json.dumps({"items": items}).encode(), {"content-type": "application/json"})
    hostile = _hostile(site, outlet, path, root)
    if hostile is not None:
        return hostile
    if path.startswith("/private/"):
        return _html(f"<html><body><h1>Members only</h1><p>{_e(outlet.name)}</p></body></html>")
    return _listing(site, outlet, path, root)


def _html(text: str, charset: str = "utf-8", headers: dict[str, str] | None = None) -> Resp:
    h = {"content-type": f"text/html; charset={charset}"}
    h.update(headers or {})
    return Resp(200, text.encode(charset, "replace"), h)


def _nav(outlet: Outlet, root: str) -> str:
    items = "".join(f'<li><a href="{root}/{section_slug(s)}">{s}</a></li>' for s in SECTIONS)
    return f'<nav class="{outlet.slug}-nav" aria-label="Sections"><ul><li><a href="{root}/">Home</a></li>{items}</ul></nav>'


def _chrome_top(outlet: Outlet, root: str, title: str, head_extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)} | {_e(outlet.name)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head_extra}'
        f'<style>body{{font-family:Georgia,serif;margin:0}} header{{background:{outlet.color};color:#fff}}</style>'
        f'</head><body class="site-{outlet.slug}"><div class="cookie-banner" role="dialog">We use cookies to improve '
        f'your experience. <button>Accept all</button> <a href="{root}/privacy">Manage preferences</a></div>'
        f'<header><a class="logo" href="{root}/">{_e(outlet.name)}</a>'
        f'<a class="subscribe" href="{root}/subscribe">Subscribe</a></header>{_nav(outlet, root)}'
    )


def _chrome_bottom(outlet: Outlet, root: str) -> str:
    return (
        f'<footer><p>&copy; 2026 {_e(outlet.name)}. All rights reserved.</p><ul><li><a href="{root}/about">About us</a>'
        f'</li><li><a href="{root}/contact">Contact</a></li><li><a href="{root}/terms">Terms</a></li></ul></footer>'
        "</body></html>"
    )


def _ad(n: int) -> str:
    return (f'<div class="ad-slot ad-{n}"><span class="ad-label">Advertisement</span>'
            f'<a href="https://ads.example/click?slot={n}">Save 40% on premium mattresses today</a></div>')


def _jsonld(outlet: Outlet, art: FixtureArticle, url: str, modified: datetime | None) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title,
        "description": art.standfirst, "datePublished": art.published.isoformat(),
        "author": [{"@type": "Person", "name": n} for n in art.authors],
        "publisher": {"@type": "Organization", "name": outlet.name}, "articleSection": art.section,
        "mainEntityOfPage": url, "image": [url.rsplit("/", 1)[0] + f"/img/{art.id}.png"],
    }
    if modified:
        data["dateModified"] = modified.isoformat()
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _related(site: FixtureWeb, art: FixtureArticle, root: str) -> str:
    same = site.related(art)
    items = "".join(f'<li><a href="{root}{a.path}">{_e(a.title)}</a></li>' for a in same)
    return f'<aside class="related"><h3>More from {art.section}</h3><ul>{items}</ul></aside>'


def _article(site: FixtureWeb, outlet: Outlet, art: FixtureArticle, root: str, amp: bool) -> Resp:
    version = 1 if site.phase >= 1 and art.update_paragraph else 0
    modified = art.modified if version else None
    paragraphs = art.paragraphs_at(version)
    url = root + art.path
    head = f'<link rel="canonical" href="{url}">' + ("" if amp else f'<link rel="amphtml" href="{root}/amp{art.path}">')
    if outlet.opengraph:
        head += (f'<meta property="og:title" content="{_e(art.title)}"><meta property="og:url" content="{url}">'
                 f'<meta property="og:type" content="article"><meta property="og:site_name" content="{_e(outlet.name)}">'
                 f'<meta property="article:published_time" content="{art.published.isoformat()}">'
                 f'<meta property="article:section" content="{art.section}">')
    else:
        head += f'<meta name="description" content="{_e(art.standfirst)}">'
    if outlet.jsonld:
        head += _jsonld(outlet, art, url, modified)
    body_parts = []
    for i, p in enumerate(paragraphs):
        body_parts.append(f"<p>{_e(p)}</p>")
        if i == 1:
            body_parts.append(_ad(i))
        if i == 3 and outlet.slug in ("ledger", "courier"):
            body_parts.append(f'<div class="newsletter-box"><h4>Get the morning briefing</h4><form action="{root}/newsletter">'
                              '<input type="email" name="email" placeholder="Your email"><button>Sign up</button></form></div>')
    date_line = format_date(outlet, art.published)
    if modified:
        date_line += f" | Updated {format_date(outlet, modified)}"
    byline = format_byline(outlet, art.authors)
    crumbs = (f'<ol class="breadcrumb"><li><a href="{root}/">Home</a></li><li><a href="{root}/{section_slug(art.section)}">'
              f"{art.section}</a></li></ol>") if outlet.slug in ("harbour", "courier", "gazette") else ""
    comments = ""
    if outlet.comments:
        comments = ('<section class="comments"><h3>Comments (2)</h3><div class="comment"><b>reader42</b>'
                    '<p>Finally some proper reporting on this.</p></div><div class="comment"><b>skeptic_pete</b>'
                    "<p>I will believe it when I see it.</p></div></section>")
    time_el = f'<time datetime="{art.published.isoformat()}">{_e(date_line)}</time>' if outlet.slug != "gazette" else (
        f'<span class="date">{_e(date_line)}</span>')
    tags = "".join(f'<a class="tag" href="{root}/tag/{t.lower().replace(" ", "-")}">{_e(t)}</a>' for t in art.tags)
    page = (
        _chrome_top(outlet, root, art.title, head).replace('<meta charset="utf-8">', f'<meta charset="{art.declared_charset}">')
        + f'{crumbs}<main><article class="story{" amp" if amp else ""}"><h1 class="headline">{_e(art.title)}</h1>'
        f'<p class="standfirst">{_e(art.standfirst)}</p><div class="byline">{_e(byline)}</div>{time_el}'
        f'<figure><img src="{root}/img/{art.id}.png" alt=""><figcaption>{_e(art.tags[0] if art.tags else art.section)}.'
        f' Photo: {_e(outlet.name)}</figcaption></figure><div class="article-body">{"".join(body_parts)}</div>'
        f'<div class="tags">{tags}</div><div class="share"><a href="https://social.example/share?u={url}">Share</a></div>'
        f"</article>{_ad(9)}{_related(site, art, root)}{comments}</main>"
        + _chrome_bottom(outlet, root)
    )
    etag = '"' + hashlib.sha1(f"{art.id}:{version}".encode()).hexdigest()[:16] + '"'
    headers = {"etag": etag, "last-modified": _http_date(modified or art.published)}
    return _html(page, art.charset, headers) if art.charset == art.declared_charset else Resp(
        200, page.encode(art.charset, "replace"), {"content-type": f"text/html; charset={art.declared_charset}", **headers})


def _listing(site: FixtureWeb, outlet: Outlet, path: str, root: str) -> Resp:
    parts = [p for p in path.split("/") if p]
    arts = site.by_outlet(outlet.slug)
    page_n = 1
    if len(parts) >= 3 and parts[-2] == "page" and parts[-1].isdigit():
        page_n = int(parts[-1])
        parts = parts[:-2]
    if not parts:
        title, chosen = outlet.name, arts
    elif len(parts) == 1 and parts[0] in {section_slug(s) for s in SECTIONS}:
        title = parts[0].capitalize()
        chosen = site.by_section(outlet.slug, title)
    elif len(parts) == 2 and parts[0] == "tag":
        title = parts[1].replace("-", " ").title()
        chosen = [a for a in arts if parts[1] in {t.lower().replace(" ", "-") for t in a.tags}]
    else:
        return Resp(404, (_chrome_top(outlet, root, "Page not found") + "<main><h1>Page not found</h1></main>"
                          + _chrome_bottom(outlet, root)).encode(), {"content-type": "text/html; charset=utf-8"})
    per = 20
    end = len(chosen) - (page_n - 1) * per
    chosen = chosen[max(0, end - per) : max(0, end)][::-1]
    items = "".join(
        f'<li class="teaser"><a href="{root}{a.path}">{_e(a.title)}</a><p>{_e(a.standfirst)}</p></li>' for a in chosen)
    base = root + "/" + "/".join(parts) if parts else root
    nxt = f'<a class="next" href="{base}/page/{page_n + 1}">Next page</a>' if len(chosen) == per else ""
    extra = ""
    if outlet.slug == "gazette" and not parts:
        extra = f'<p class="archive"><a href="{root}/hostile/missing-article">From the archive</a></p>'
    html = (_chrome_top(outlet, root, title) + f'<main><h1>{_e(title)}</h1><ul class="teasers">{items}</ul>{nxt}{extra}'
            f"{_ad(1)}</main>" + _chrome_bottom(outlet, root))
    return _html(html)


def _feed(site: FixtureWeb, outlet: Outlet, root: str) -> Resp:
    arts = site.by_outlet(outlet.slug)[-50:][::-1]
    tracking = TRACKING_QUERY if outlet.slug in TRACKED_FEEDS else ""
    if outlet.feed_format == "json":
        doc = {"version": "https://jsonfeed.org/version/1.1", "title": outlet.name, "home_page_url": root + "/",
               "feed_url": root + feed_path(outlet), "items": [
                   {"id": a.id, "url": root + a.path + tracking, "title": a.title, "summary": a.standfirst,
                    "date_published": a.published.isoformat(), "authors": [{"name": n} for n in a.authors],
                    "tags": [a.section]} for a in arts]}
        return Resp(200, json.dumps(doc).encode(), {"content-type": "application/feed+json"})
    if outlet.feed_format == "atom":
        entries = "".join(
            f"<entry><id>tag:{outlet.domain},2026:{a.id}</id><title>{_e(a.title)}</title>"
            f'<link rel="alternate" href="{root}{a.path}{_e(tracking)}"/><published>{a.published.isoformat()}</published>'
            f"<updated>{(a.modified if site.phase and a.modified else a.published).isoformat()}</updated>"
            + "".join(f"<author><name>{_e(n)}</name></author>" for n in a.authors)
            + f'<category term="{a.section}"/><summary>{_e(a.standfirst)}</summary></entry>' for a in arts)
        xml = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{_e(outlet.name)}'
               f'</title><link href="{root}/"/><id>{root}/</id><updated>{arts[0].published.isoformat() if arts else ""}'
               f"</updated>{entries}</feed>")
        return Resp(200, xml.encode(), {"content-type": "application/atom+xml"})
    items = "".join(
        f"<item><title>{_e(a.title)}</title><link>{root}{a.path}{_e(tracking)}</link><guid isPermaLink=\"false\">{a.id}</guid>"
        f"<pubDate>{format_datetime(a.published)}</pubDate><category>{a.section}</category>"
        + "".join(f"<dc:creator>{_e(n)}</dc:creator>" for n in a.authors)
        + f"<description>{_e(a.standfirst)}</description></item>" for a in arts)
    xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f"<channel><title>{_e(outlet.name)}</title><link>{root}/</link><ttl>15</ttl>"
           f"<description>Latest news</description>{items}</channel></rss>")
    return Resp(200, xml.encode(), {"content-type": "application/rss+xml"})


def _sitemap(site: FixtureWeb, outlet: Outlet, path: str, root: str) -> Resp:
    arts = site.by_outlet(outlet.slug)
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ext = ".xml.gz" if outlet.gzip_sitemap else ".xml"
    months = sorted({f"{a.published:%Y-%m}" for a in arts})
    if path == "/sitemap.xml":
        locs = [f"{root}/sitemaps/{m}{ext}" for m in months] + [f"{root}/sitemaps/news.xml"]
        xml = f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {ns}>' + "".join(
            f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs) + "</sitemapindex>"
        return Resp(200, xml.encode(), {"content-type": "application/xml"})
    name = path.rsplit("/", 1)[1]
    if name == "news.xml":
        recent = arts[-30:]
        urls = "".join(
            f"<url><loc>{root}{a.path}</loc><news:news><news:publication><news:name>{_e(outlet.name)}</news:name>"
            f"<news:language>en</news:language></news:publication><news:publication_date>{a.published.isoformat()}"
            f"</news:publication_date><news:title>{_e(a.title)}</news:title></news:news></url>" for a in recent)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns} '
               f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
        return Resp(200, xml.encode(), {"content-type": "application/xml"})
    month = name.replace(".xml.gz", "").replace(".xml", "")
    if month not in months or not name.endswith(ext):
        return Resp(404, b"not found", {"content-type": "text/plain"})
    urls = "".join(f"<url><loc>{root}{a.path}</loc><lastmod>{a.published.date().isoformat()}</lastmod></url>"
                   for a in arts if f"{a.published:%Y-%m}" == month)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns}>{urls}</urlset>'.encode()
    if outlet.gzip_sitemap:
        return Resp(200, gzip.compress(xml, mtime=0), {"content-type": "application/gzip"})
    return Resp(200, xml, {"content-type": "application/xml"})


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """200 MB of zeros as 200 gzip members of 1 MB each (about 200 KB on the wire)."""
    return gzip.compress(b"\0" * 1_000_000, compresslevel=9, mtime=0) * 200


def _huge(n_bytes: int) -> Iterator[bytes]:
    yield b"<!DOCTYPE html><html><head><title>Huge</title></head><body>"
    chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
    sent = 0
    while sent < n_bytes:
        yield chunk
        sent += len(chunk)
    yield b"</body></html>"


def _slow(seconds: float) -> Iterator[bytes]:
    end = time.monotonic() + seconds
    yield b"<html><body>"
    while time.monotonic() < end:
        time.sleep(0.2)
        yield b"."
    yield b"</body></html>"


def _hostile(site: FixtureWeb, outlet: Outlet, path: str, root: str) -> Resp | None:
    if outlet.slug not in {h.outlet for h in site.hostile}:
        return None
    html_t = {"content-type": "text/html; charset=utf-8"}
    if path == "/hostile/huge-page":
        return Resp(200, headers=html_t, stream=_huge(50_000_000))
    if path == "/hostile/gzip-bomb":
        return Resp(200, gzip_bomb(), {**html_t, "content-encoding": "gzip"})
    if path == "/hostile/loop-a":
        return Resp(302, headers={"location": f"{root}/hostile/loop-b"})
    if path == "/hostile/loop-b":
        return Resp(302, headers={"location": f"{root}/hostile/loop-a"})
    if path == "/hostile/slow-page":
        return Resp(200, headers=html_t, stream=_slow(60.0))
    if path == "/hostile/flaky":
        if site.hits[(outlet.slug, path)] % 2 == 1:
            return Resp(503, b"busy", {"retry-after": "1", "content-type": "text/plain"})
        return _html("<html><body><p>Recovered.</p></body></html>")
    if path == "/hostile/feed.xml":
        return _hostile_feed(site, outlet, root)
    if path == "/feeds/broken.xml":
        return Resp(200, b"<html><body><h1>500 Internal Server Error</h1>", {"content-type": "application/rss+xml"})
    if path == "/feeds/truncated.xml":
        good = _feed(site, outlet, root).body
        cut = good.find(b"</item>", good.find(b"</item>", good.find(b"</item>") + 1) + 1) + len(b"</item>")
        return Resp(200, good[:cut] + b"<item><title>Cut off mid", {"content-type": "application/rss+xml"})
    return None


def _hostile_feed(site: FixtureWeb, outlet: Outlet, root: str) -> Resp:
    """RSS linking every hostile page (and the wrong-charset article): an ingest of this one feed
    meets each failure once and must record each with its reason."""
    paths = [h.path for h in site.hostile if h.outlet == outlet.slug and not h.path.startswith("/feeds/")
             and h.path != "/hostile/feed.xml"]
    paths += [a.path for a in site.by_outlet(outlet.slug) if a.kind == "charset"]
    items = "".join(f"<item><title>Item {i}</title><link>{root}{p}</link><guid>{root}{p}</guid></item>"
                    for i, p in enumerate(paths))
    xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{_e(outlet.name)} (hostile)'
           f"</title><link>{root}/</link>{items}</channel></rss>")
    return Resp(200, xml.encode(), {"content-type": "application/rss+xml"})


def opml(site: FixtureWeb, root_of: Callable[[str], str]) -> bytes:
    """An OPML feed list of the fixture web's outlets."""
    rows = "".join(
        f'<outline type="rss" text="{escape(o.name)}" xmlUrl="{root_of(o.slug)}{feed_path(o)}" htmlUrl="{root_of(o.slug)}/"/>'
        for o in site.outlets.values()
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>Fixture web</title></head>'
            f'<body><outline text="News">{rows}</outline></body></opml>').encode()
