"""The fixture web: fictional news outlets generated with exact truth, for end-to-end tests.

    site = build_site(seed=0, n_articles=200)
    site.truth()                       # JSON-able: articles, events (stories), duplicate groups, hostile routes
    with serve_fixture_web(site) as base:    # http://127.0.0.1:PORT ; outlet roots are base + "/" + slug
        ...
    write_warc(site, "web.warc.gz")    # the same web as WARC/1.1 records

Outlet roots: on the server ``{base}/{slug}``; in a WARC ``https://{outlet.domain}``.
"""

from __future__ import annotations

from collections.abc import Callable

from .outlets import OUTLETS, Outlet
from .render import feed_path, opml, respond
from .server import serve_fixture_web
from .site import END, SECTIONS, FixtureArticle, FixtureWeb, Hostile, build_site
from .warc import write_warc

__all__ = ["OUTLETS", "END", "SECTIONS", "FixtureArticle", "FixtureWeb", "Hostile", "Outlet", "build_site",
           "feed_urls", "hostile_feed_url", "opml", "respond", "feed_path", "serve_fixture_web", "write_warc"]


def feed_urls(site: FixtureWeb, root_of: Callable[[str], str], hostile: bool = False) -> list[str]:
    """Each outlet's main feed URL (plus the broken and truncated feeds when ``hostile``)."""
    urls = [root_of(o.slug) + feed_path(o) for o in site.outlets.values()]
    if hostile:
        urls += [root_of(h.outlet) + h.path for h in site.hostile if h.path.startswith("/feeds/")]
    return urls


def hostile_feed_url(site: FixtureWeb, root_of: Callable[[str], str]) -> str:
    """A valid feed whose entries are the hostile pages (50 MB page, gzip bomb, redirect loop, slow
    page, 404, flaky 503, robots-blocked page, wrong-charset article); expected reasons in
    ``truth()["hostile"]``. Not part of ``feed_urls``: the slow page costs a whole fetch timeout."""
    h = next(x for x in site.hostile if x.path == "/hostile/feed.xml")
    return root_of(h.outlet) + h.path
