"""A polite site crawl from a start URL: same host, breadth first, depth and page limits.

Every fetched page is followed for links; pages whose URL looks like an article
(``looks_like_article``) are yielded as ``Page`` records, the others (home, sections, tag and
author listings) as ``Drop(reason="listing-page")``; failed fetches as ``Drop`` with the fetch
reason. Politeness (robots.txt, per-host spacing, bounds) comes from the ``Fetcher``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lhtml

from ..errors import InputError, NewsdeskError
from ..model import Drop, Page
from ..urlid import normalize_url

_DATE_PATH = re.compile(r"/(19|20)\d{2}([/-])(0?[1-9]|1[0-2])(\2(0?[1-9]|[12]\d|3[01]))?(/|-|$)|/(19|20)\d{6}(/|-|$)")
_SLUG_WORD = re.compile(r"^[^\W\d_]{1,30}$")
_LISTING = frozenset(
    "tag tags category categories author authors page topic topics search section sections archive archives "
    "login signin register subscribe newsletter about contact privacy terms feed feeds rss atom user users "
    "profile account cart shop video-gallery gallery galleries live index".split()
)
_SKIP_EXT = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|avi|mov|webm|pdf|zip|gz|tgz|rar|7z|exe|dmg|css|js|json|xml|"
    r"rss|atom|txt|csv|woff2?|ttf|eot)$",
    re.I,
)


def looks_like_article(url: str) -> bool:
    """Article-URL heuristic: a date in the path, or a final slug of at least three hyphenated
    words (an ``.html`` suffix or a numeric id allowed), and no listing segment (tag, category,
    author, page, ...)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    if _SKIP_EXT.search(path):
        return False
    segments = [s for s in path.lower().split("/") if s]
    if not segments:
        return False
    if any(s in _LISTING for s in segments):
        return False
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1])
    if last.isdigit() and len(segments) >= 2 and segments[-2] in ("page", "p"):
        return False
    words = [w for w in re.split(r"[-_]", last) if w]
    slug_words = [w for w in words if _SLUG_WORD.match(w)]
    if len(slug_words) >= 3 and 2 * len(slug_words) >= len(words):
        return True
    return bool(_DATE_PATH.search(path)) and (len(words) >= 2 or last.isdigit() and len(last) >= 4)


def extract_links(content: bytes, base_url: str) -> list[str]:
    """Absolute http(s) links of an HTML page, honouring ``<base href>``; garbage yields []."""
    if not content.strip():
        return []
    try:
        doc = lhtml.document_fromstring(content)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return []
    base = base_url
    for b in doc.iter("base"):
        if b.get("href"):
            base = urljoin(base_url, b.get("href").strip())
            break
    out: list[str] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
            continue
        if "nofollow" in (a.get("rel") or "").lower():
            continue
        try:
            out.append(urljoin(base, href))
        except ValueError:
            continue
    return out


@dataclass(slots=True)
class CrawlOptions:
    max_depth: int = 3
    max_pages: int = 500  # fetches, of any kind
    same_host: bool = True
    follow_articles: bool = False  # also follow the links found on article pages


@dataclass(slots=True)
class CrawlStats:
    fetched: int = 0
    articles: int = 0
    listings: int = 0
    failed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # links not followed, by reason

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def crawl(fetcher, start_url: str, options: CrawlOptions | None = None, stats: CrawlStats | None = None,  # type: ignore[no-untyped-def]
          source: str | None = None, seeds: Iterable[str] = ()) -> Iterator[Page | Drop]:
    """Breadth-first crawl; see the module doc. ``stats`` (if given) is filled as it goes. ``seeds``:
    pages to visit right after the start page, at depth 1 (the site's sitemap entries: ``site_seeds``)."""
    opts = options or CrawlOptions()
    st = stats if stats is not None else CrawlStats()
    src = source or f"crawl:{urlsplit(start_url).hostname}"
    try:
        start = normalize_url(start_url, strip_trailing_slash=False)
    except InputError as exc:
        yield Drop(reason="bad-url", detail=str(exc), url=start_url, source=src)
        return
    host = urlsplit(start).hostname
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    seen = {normalize_url(start)}
    for url in seeds:
        try:
            norm = normalize_url(url)
        except InputError:
            st.skip("bad-url")
            continue
        if norm not in seen and (not opts.same_host or urlsplit(norm).hostname == host):
            seen.add(norm)
            queue.append((url, 1))
    while queue:
        url, depth = queue.popleft()
        if st.fetched >= opts.max_pages:
            st.skip("page-limit")
            continue
        st.fetched += 1
        try:
            page = fetcher.get(url)
        except NewsdeskError as exc:
            st.failed += 1
            yield Drop(reason=exc.reason, detail=str(exc)[:500], url=url, source=src)
            continue
        page.source = src
        final = page.url or url
        is_article = looks_like_article(final)
        ctype = (page.content_type or "").lower()
        is_html = not ctype or "html" in ctype
        if is_article and is_html:
            st.articles += 1
            yield page
        else:
            st.listings += 1
            yield Drop(reason="listing-page" if is_html else "not-html", detail=ctype, url=final, source=src)
        if depth >= opts.max_depth or not is_html or (is_article and not opts.follow_articles):
            continue
        for link in extract_links(page.content, final):
            try:
                norm = normalize_url(link)
            except InputError:
                st.skip("bad-url")
                continue
            if norm in seen:
                continue
            seen.add(norm)
            if opts.same_host and urlsplit(norm).hostname != host:
                st.skip("other-host")
                continue
            if _SKIP_EXT.search(urlsplit(norm).path):
                st.skip("not-page")
                continue
            queue.append((link, depth + 1))
