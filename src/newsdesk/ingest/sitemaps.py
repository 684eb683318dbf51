"""Sitemaps: ``<urlset>``, ``<sitemapindex>`` (walked recursively, bounded), Google News tags,
gzipped files, plain-text URL lists, and discovery through robots.txt ``Sitemap:`` lines.

``parse_sitemap(content, url)`` is a pure function raising only ``ParseError``;
``walk_sitemaps(fetcher, roots)`` yields ``SitemapUrl`` records and ``Drop`` records for sitemaps
that failed; ``sitemap_pages`` turns the URLs into ``Page`` / ``Drop`` records; ``site_seeds`` finds a
site's sitemaps and gives the article URLs they list to its crawl.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..errors import NewsdeskError, ParseError
from ..model import Drop, FeedEntry, Page
from .feeds import entry_url, iso_date
from .opml import refuse_entity_declarations, safe_xml_parser

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit, uncompressed
_NOT_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


@dataclass(slots=True)
class SitemapUrl:
    """One ``<url>`` of a urlset, with its Google News fields when present."""

    loc: str
    lastmod: str | None = None
    news_title: str | None = None
    news_published: str | None = None
    news_publication: str | None = None
    news_language: str | None = None
    news_keywords: list[str] = field(default_factory=list)

    def to_entry(self) -> FeedEntry:
        return FeedEntry(url=self.loc, title=self.news_title, published=self.news_published or self.lastmod,
                         categories=list(self.news_keywords))


@dataclass(slots=True)
class Sitemap:
    kind: str  # "urlset", "index" or "text"
    urls: list[SitemapUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of an index
    drops: list[Drop] = field(default_factory=list)  # <loc>s that are not usable URLs, with their reason


def gunzip_bounded(content: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip bytes, refusing output over ``limit`` (a bomb costs nothing)."""
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(content, limit + 1)
    except zlib.error as exc:
        raise ParseError(f"corrupt gzip sitemap: {exc}") from exc
    if len(out) > limit or d.unconsumed_tail:
        raise ParseError(f"sitemap over {limit} bytes uncompressed")
    return out


def _local(tag: object) -> str:
    """The local name of an element tag: ``{ns}name`` and, for an undeclared prefix that the
    recovering parser keeps as written, ``prefix:name`` (``etree.QName`` refuses those)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def _child_text(node: etree._Element, name: str) -> str | None:
    for c in node:
        if _local(c.tag) == name:
            text = (c.text or "").strip()
            return text or None
    return None


def parse_sitemap(content: bytes, url: str | None = None) -> Sitemap:
    """Parse sitemap bytes (gzip detected by magic number); ``ParseError`` when unusable."""
    if content[:2] == b"\x1f\x8b":
        content = gunzip_bounded(content)
    if len(content) > MAX_SITEMAP_BYTES:
        raise ParseError(f"sitemap over {MAX_SITEMAP_BYTES} bytes")
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError("empty sitemap")
    if not head.startswith(b"<"):
        return _parse_text(content, url)
    refuse_entity_declarations(content, "sitemap")
    # C0 controls are not XML: the recovering parser would drop the element holding one, and its URL
    # with it, without a word (sitemaps are UTF-8, where these bytes are never part of another character)
    content = content.translate(None, _NOT_XML_BYTES)
    try:
        root = etree.fromstring(content, safe_xml_parser(recover=True))
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed sitemap: {exc}") from exc
    if root is None:
        raise ParseError("malformed sitemap: no root element")
    kind = _local(root.tag)
    drops: list[Drop] = []
    if kind == "sitemapindex":
        locs = [_child_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        children = [_usable(loc, url, drops) for loc in locs if loc]
        return Sitemap("index", sitemaps=[c for c in children if c], drops=drops)
    if kind != "urlset":
        raise ParseError(f"not a sitemap: root element <{kind[:80]}>")
    out: list[SitemapUrl] = []
    for node in root:
        if _local(node.tag) != "url":
            continue
        raw = _child_text(node, "loc")
        if not raw:
            drops.append(Drop("bad-url", "sitemap <url> without a <loc>", url=url))
            continue
        loc = _usable(raw, url, drops)
        if not loc:
            continue
        item = SitemapUrl(loc, lastmod=iso_date(_child_text(node, "lastmod")))
        for c in node:
            if _local(c.tag) == "news":
                pub = next((p for p in c if _local(p.tag) == "publication"), None)
                if pub is not None:
                    item.news_publication = _child_text(pub, "name")
                    item.news_language = _child_text(pub, "language")
                item.news_title = _child_text(c, "title")
                item.news_published = iso_date(_child_text(c, "publication_date"))
                kw = _child_text(c, "keywords")
                item.news_keywords = [k.strip() for k in kw.split(",") if k.strip()] if kw else []
        out.append(item)
    return Sitemap("urlset", urls=out, drops=drops)


def _usable(loc: str | None, base: str | None, drops: list[Drop]) -> str | None:
    """The absolute http(s) URL of a ``<loc>``; one that is not becomes a ``bad-url`` drop."""
    if not loc:
        return None
    try:
        return entry_url(loc, base)
    except ParseError as exc:
        drops.append(Drop("bad-url", f"sitemap <loc>: {exc}", url=loc[:2000]))
        return None


def _parse_text(content: bytes, url: str | None) -> Sitemap:
    lines = content.decode("utf-8", "replace").splitlines()
    drops: list[Drop] = []
    found = [_usable(line.strip(), url, drops) for line in lines if line.strip().startswith(("http://", "https://"))]
    urls = [SitemapUrl(u) for u in found if u]
    if not urls and not drops:
        raise ParseError("not a sitemap: neither XML nor a list of URLs")
    return Sitemap("text", urls=urls, drops=drops)


def site_seeds(fetcher, site_url: str, *, source: str | None = None,  # type: ignore[no-untyped-def]
               max_sitemaps: int = 50, max_urls: int = 100_000) -> tuple[list[str], list[Drop]]:
    """The article URLs a site's sitemaps list within the crawl's scope (``site_url``'s host and folder),
    newest first, and the drops of the declared sitemaps that failed.

    The sitemaps are those robots.txt declares under that folder (all it declares when none is), else
    the guesses ``sitemap.xml`` in that folder and at the root, whose absence is no failure. An entry
    is kept when it is a Google News entry or its URL looks like an article
    (``crawl.looks_like_article``): a general sitemap lists every page of a site, and the crawl's page
    budget is better spent on articles. The walk is bounded (``max_sitemaps``, ``max_urls``; a cut is
    a drop): a whole archive is the sitemap source's job, not a crawl's.
    """
    from .crawl import looks_like_article

    try:
        declared = fetcher.robots_sitemaps(site_url)
    except NewsdeskError:
        declared = []
    parts = urlsplit(site_url)
    folder = parts.path[: parts.path.rfind("/") + 1] or "/"

    def in_scope(url: str) -> bool:
        u = urlsplit(url)
        return u.hostname == parts.hostname and (u.path or "/").startswith(folder)

    roots = [u for u in declared if in_scope(u)] or declared
    if not roots:
        try:
            roots = list(dict.fromkeys(urljoin(site_url, f + "sitemap.xml") for f in (folder, "/")))
        except ValueError:
            return [], []
    found: dict[str, float] = {}
    drops: list[Drop] = []
    for it in walk_sitemaps(fetcher, roots, max_sitemaps=max_sitemaps, max_urls=max_urls, source=source):
        if isinstance(it, Drop):
            if declared or it.url not in roots:  # a guessed /sitemap.xml that is not there: no sitemap
                drops.append(it)
            continue
        if in_scope(it.loc) and (it.news_title or looks_like_article(it.loc)):
            found[it.loc] = max(found.get(it.loc, 0.0), _epoch(it.news_published), _epoch(it.lastmod))
    return sorted(found, key=lambda u: -found[u]), drops


def _epoch(iso: str | None) -> float:
    """Seconds since 1970 of an ISO date or time (a date alone: its midnight UTC); 0 when absent or unreadable."""
    if not iso:
        return 0.0
    try:
        t = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
        return (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).timestamp()
    except (ValueError, OverflowError, OSError):  # not ISO; or a year the platform's clock cannot hold
        return 0.0


def walk_sitemaps(
    fetcher, roots: Iterable[str], *, max_depth: int = 3, max_sitemaps: int = 500, max_urls: int = 1_000_000,  # type: ignore[no-untyped-def]
    source: str | None = None,
) -> Iterator[SitemapUrl | Drop]:
    """Every URL of the sitemaps (indexes followed depth-first, each sitemap once, within the
    bounds); a sitemap that fails or a bound that cuts the walk becomes a ``Drop``."""
    stack = [(u, 0) for u in reversed(list(roots))]
    seen: set[str] = set()
    done = urls = 0
    while stack:
        url, depth = stack.pop()
        if url in seen:
            continue
        seen.add(url)
        if done >= max_sitemaps:
            yield Drop(reason="sitemap-limit", detail=f"more than {max_sitemaps} sitemaps", url=url, source=source)
            return
        done += 1
        try:
            page = fetcher.get(url)
            sm = parse_sitemap(page.content, page.url or url)
        except NewsdeskError as exc:
            reason = "bad-sitemap" if isinstance(exc, ParseError) else exc.reason
            yield Drop(reason=reason, detail=str(exc)[:500], url=url, source=source)
            continue
        for drop in sm.drops:
            drop.source = source
            yield drop
        if sm.kind == "index":
            if depth >= max_depth:
                yield Drop(reason="sitemap-depth", detail=f"index nested deeper than {max_depth}", url=url, source=source)
                continue
            stack.extend((child, depth + 1) for child in reversed(sm.sitemaps))
            continue
        for item in sm.urls:
            if urls >= max_urls:
                yield Drop(reason="sitemap-limit", detail=f"more than {max_urls} URLs", url=item.loc, source=source)
                return
            urls += 1
            yield item


def sitemap_pages(items: Iterable[SitemapUrl | Drop], fetcher, source: str | None = None, workers: int = 4) -> Iterator[Page | Drop]:  # type: ignore[no-untyped-def]
    """Fetch the pages of sitemap URLs; ``Drop`` items pass through in place."""
    from .urls import fetch_urls

    yield from fetch_urls((i if isinstance(i, Drop) else i.loc for i in items), fetcher, source=source or "sitemap",
                          workers=workers)
