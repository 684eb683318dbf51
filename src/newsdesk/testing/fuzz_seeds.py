"""Seeds for the fuzz targets (``fuzz.py``): real samples by family.

* the fixture web (a generated site): its RSS, Atom and JSON feeds, sitemaps and index, robots.txt,
  OPML, article pages, a WARC of it, and its HTTP responses;
* the repository's golden pages and text pages (``tests/extract``), when the repository is there;
* the shared benchmark pages (``../shared/benchmarks/extraction/*/{html,text}``), when present;
* small hand-written samples of each format, the damaged ones this project has met included;
* the crash corpus (``tests/fuzz/corpus/<target>/``), added per target by ``target_seeds``.
"""

from __future__ import annotations

import gzip
import tempfile
from functools import lru_cache
from pathlib import Path

from .fuzz import TARGETS, corpus_files, gz

MAX_SEED = 100_000
SHARED_PER_SET = 12

_RSS = [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://example.org/</link>'
    b"<ttl>15</ttl><item><title>One &amp; two</title><link>/a</link><guid>urn:1</guid>"
    b"<pubDate>Mon, 02 Mar 2026 10:00:00 +0100</pubDate><description>&lt;p&gt;x&lt;/p&gt;</description>"
    b'<category>World</category></item><item><link>http://[x/a</link></item></channel></rss>',
    b'<rss version="0.91"><channel><title>Old</title><skipHours><hour>1</hour></skipHours><item>'
    b"<title>a\x00b</title><link>http://old.example/a</link></item></channel></rss>",
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
    b'<channel rdf:about="http://r.example/"><title>R</title></channel><item rdf:about="http://r.example/x">'
    b"<title>X</title><link>http://r.example/x</link></item></rdf:RDF>",
]
_ATOM = [
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;b&gt;feed</title><entry><title>Rel'
    b'</title><link href="/news/rel"/><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated><author><name>K'
    b'</name></author><category term="Tech"/></entry><entry><title>No link</title><id>urn:y</id></entry></feed>',
]
_JSON = [
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",'
    b' "items": [{"id": 1, "url": "/a", "title": "T", "date_published": "2026-01-02T03:04:05-05:00",'
    b' "authors": [{"name": "Kim"}], "tags": ["x"]}, {"id": "2", "url": "http://[y/b"}, "junk", {"id": "3"}]}',
]
_OPML = [
    b'<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body><outline text="News">'
    b'<outline type="rss" text="A" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/></outline>'
    b'<outline text="B" xmlUrl="/relative.xml"/></body></opml>',
]
_SITEMAP = [
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/'
    b'sitemap-news/0.9"><url><loc>https://e.example/a</loc><lastmod>2026-01-02</lastmod><news:news>'
    b"<news:publication><news:name>E</news:name><news:language>en</news:language></news:publication>"
    b"<news:title>T</news:title><news:publication_date>2026-01-02T10:00:00Z</news:publication_date>"
    b"<news:keywords>a, b</news:keywords></news:news></url></urlset>",
    b"<sitemapindex><sitemap><loc>https://e.example/s1.xml</loc></sitemap><sitemap><loc>/s2.xml.gz</loc>"
    b"</sitemap></sitemapindex>",
    b"<urlset><url><loc>http://a.org/x</loc><news:news/></url><url><loc>http://[x/a</loc></url></urlset>",
    b"https://e.example/one\nhttps://e.example/two\n",
]
_ROBOTS = [
    b"User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nCrawl-delay: 2\nSitemap: https://e.example/s.xml\n",
    b"User-agent: newsdesk\nDisallow: /*.pdf$\nDisallow: /search?\n\nUser-agent: *\nDisallow: /\n",
]
_DATES = [
    b"Mon, 02 Mar 2026 10:00:00 +0100", b"2026-03-02T10:00:00Z", b"2026-03-02T10:00:00.123+05:30", b"2026-03-02",
    b"March 2, 2026", b"2 March 2026, 10:00 GMT", b"12/03/2025", b"02.03.2026 10:00", b"1772445600",
    b"Updated: Tuesday 3rd March 2026 at 9:15am EST", b"/2026/03/02/story", b"yesterday", b"20260302T100000Z",
]
_URLS = [
    b"https://www.example.org/news/2026/03/02/story-title?utm_source=x&id=7#frag", b"HTTP://EXAMPLE.org:80/a/../b/./c",
    b"//cdn.example.org/img.png", b"/relative/path?q=1", b"http://[x/a", b"https://user:pw@h\xc3\xa9.example/%7e/",
    b"javascript:alert(1)", b"data:text/html,<script>x</script>", b"https://example.org:99999/", b"mailto:a@b.c",
]


def _fixture() -> dict[str, list[bytes]]:
    from .. import fixtureweb
    from ..fixtureweb.render import feed_path, respond
    from ..fixtureweb.warc import write_warc

    site = fixtureweb.build_site(seed=0, n_articles=12)
    out: dict[str, list[bytes]] = {k: [] for k in ("rss", "atom", "json", "sitemap", "robots", "html", "http",
                                                    "urls", "opml", "warc", "dates")}
    for slug, outlet in site.outlets.items():
        root = f"https://{slug}.example"
        feed = respond(site, slug, feed_path(outlet), root)
        out[{"rss": "rss", "atom": "atom", "json": "json"}[outlet.feed_format]].append(feed.body)
        out["robots"].append(respond(site, slug, "/robots.txt", root).body)
        index = respond(site, slug, "/sitemap.xml", root).body
        out["sitemap"].append(index)
        for art in site.by_outlet(slug)[:2]:
            page = respond(site, slug, art.path, root)
            out["html"].append(page.body)
            out["urls"].append((root + art.path).encode())
            out["dates"].append(art.published.isoformat().encode())
            head = "".join(f"{k}: {v}\r\n" for k, v in page.headers.items()).encode()
            out["http"].append(b"HTTP/1.1 200 OK\r\n" + head + b"\r\n" + page.body)
    out["opml"].append(fixtureweb.opml(site, lambda s: f"https://{s}.example"))
    small = fixtureweb.build_site(seed=1, n_articles=3)
    with tempfile.TemporaryDirectory() as tmp:
        for packed in (False, True):
            path = Path(tmp) / f"w{int(packed)}.warc"
            write_warc(small, path, gzip=packed, images_every=0, revisit_every=2)
            out["warc"].append(path.read_bytes())
    return out


def _http_samples(pages: list[bytes]) -> list[bytes]:
    body = pages[0] if pages else b"<html><body><p>x</p></body></html>"
    return [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Encoding: gzip\r\n"
        b"Cache-Control: max-age=600\r\nETag: \"x\"\r\n\r\n" + gz(body),
        b"HTTP/1.1 301 Moved\r\nLocation: /next\r\n\r\n",
        b"HTTP/1.1 302 Found\r\nLocation: http://[x/a\r\n\r\n",
        b"HTTP/1.1 503 Busy\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n",
        b"HTTP/1.1 429 Slow\r\nRetry-After: 1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Encoding: deflate\r\n\r\n" + gzip.compress(b"hello")[10:],
    ]


def _warc_samples(pages: list[bytes]) -> list[bytes]:
    from .warc import warc_record

    body = pages[0] if pages else b"<html><body><p>x</p></body></html>"
    recs = [warc_record("https://e.example/a", body),
            warc_record("https://e.example/gz", gz(body), extra_http={"Content-Encoding": "gzip"}),
            warc_record("https://e.example/404", b"<h1>no</h1>", status=404)]
    return [b"".join(recs), b"".join(gz(r) for r in recs)]


def _files(folder: Path, pattern: str, limit: int | None = None) -> list[bytes]:
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob(pattern))[:limit]
    out = []
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        out.append(data[:MAX_SEED])
    return out


@lru_cache(maxsize=4)
def family_seeds(root: Path | None = None, shared: Path | None = None) -> dict[str, list[bytes]]:
    """Seeds by family; ``root`` is the repository (for its test pages), ``shared`` the shared data."""
    out = _fixture()
    out["rss"] += _RSS
    out["atom"] += _ATOM
    out["json"] += _JSON
    out["opml"] += _OPML
    out["sitemap"] += _SITEMAP + [gz(_SITEMAP[0])]
    out["robots"] += _ROBOTS
    out["dates"] += _DATES
    out["urls"] += _URLS
    out["text"] = []
    if root is not None:
        out["html"] += _files(root / "tests" / "extract" / "golden", "*.html")
        out["text"] += _files(root / "tests" / "extract" / "text_pages", "*.txt")
    if shared is not None:
        for name in ("scrapinghub", "wcxb-dev-article"):
            base = shared / "benchmarks" / "extraction" / name
            out["html"] += _files(base / "html", "*.html*", SHARED_PER_SET)
            out["text"] += _files(base / "text", "*.txt", SHARED_PER_SET)
        out["text"] += _files(shared / "seed", "*.txt")
    if not out["text"]:  # flattened text of the fixture pages, when no text page is at hand
        import re

        out["text"] = [re.sub(rb"<[^>]*>", b"\n", p) for p in out["html"][:6]]
    out["http"] += _http_samples(out["html"])
    out["warc"] += _warc_samples(out["html"])
    return {k: [s[:MAX_SEED] if k != "warc" else s for s in v if s] for k, v in out.items()}


def target_seeds(name: str, root: Path | None = None, shared: Path | None = None) -> list[bytes]:
    """The seeds of one target: its families' seeds, then its crash corpus."""
    fam = family_seeds(root, shared)
    seeds = [s for k in TARGETS[name].kinds for s in fam.get(k, [])]
    if root is not None:
        seeds += [p.read_bytes() for p in corpus_files(root, name)]
    return seeds
