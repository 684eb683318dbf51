"""Property tests where untrusted bytes enter the extractor.

Any bytes give an ``Article`` or a ``NewsdeskError``, never another exception,
and never a hang: hostile shapes (deep nesting, multi-megabyte pages, NUL bytes,
huge attributes, binary junk) finish within a bounded CPU time.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsdesk
from newsdesk.errors import NewsdeskError
from newsdesk.extract.html.authors import split_authors
from newsdesk.extract.dates import parse_date, parse_text_date
from newsdesk.extract.html.decode import decode_html
from newsdesk.extract.html.jsonld import load_jsonld, parse_block
from newsdesk.model import Article

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?$")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _extract_ok(data: bytes | str, url: str | None = None) -> Article | None:
    try:
        a = newsdesk.extract(data, url=url)
    except NewsdeskError:
        return None
    assert isinstance(a, Article)
    a.to_dict()  # serialisable
    if a.published:
        assert ISO.match(a.published), a.published
    return a


TAGS = ["html", "head", "body", "div", "p", "span", "a", "h1", "h2", "article", "time", "meta", "script",
        "title", "ul", "li", "table", "td", "br", "img", "figure", "figcaption", "aside", "footer"]
ATTRS = ["class", "id", "itemprop", "property", "name", "content", "datetime", "rel", "href", "src", "type"]
VALUES = ["byline", "author", "date", "og:title", "article:published_time", "application/ld+json",
          "2024-01-02", "comment", "related", "", "x" * 50, "By Jane Doe", "javascript:alert(1)"]


@st.composite
def markup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            tag = draw(st.sampled_from(TAGS))
            attrs = " ".join(f'{draw(st.sampled_from(ATTRS))}="{draw(st.sampled_from(VALUES))}"'
                             for _ in range(draw(st.integers(0, 3))))
            parts.append(f"<{tag} {attrs}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=80)))
        else:
            parts.append(draw(st.sampled_from([
                '{"@type": "NewsArticle", "headline": "H", "author": [{"name": "A"}],}',
                '{"@graph": [{"@id": "#p", "name": "P"}, {"@type": "Article", "author": {"@id": "#p"}}]}',
                "<!-- c -->", "&amp;&#0;&#xD800;&bogus;", "\x00\x01\x0c", "<![CDATA[x]]>", "<?php ?>",
            ])))
    return "".join(parts)


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_give_an_article_or_our_error(data):
    _extract_ok(data)


@FAST
@given(markup(), st.sampled_from([None, "https://news.example/2024/01/02/a", "not a url", "http://[::1"]))
def test_random_markup_gives_an_article_or_our_error(text, url):
    _extract_ok(text, url)
    _extract_ok(text.encode("utf-8", "surrogatepass"), url)


@FAST
@given(st.binary(max_size=3000), st.one_of(st.none(), st.text(max_size=60)))
def test_decode_never_raises(data, content_type):
    assert isinstance(decode_html(data, content_type), str)


@FAST
@given(st.text(max_size=300))
def test_dates_are_iso_or_none(s):
    for d in (parse_date(s), parse_text_date(s, numeric=True)):
        assert d is None or ISO.match(d), d


@FAST
@given(st.text(max_size=300))
def test_authors_are_clean_names(s):
    for name in split_authors(s):
        assert name and name == name.strip()
        assert "@" not in name and not name.lower().startswith("by ")


@FAST
@given(st.text(max_size=500))
def test_jsonld_repair_never_raises(s):
    assert isinstance(parse_block(s), list)
    load_jsonld([s, "{" + s])


# ----------------------------------------------------------------------------- hostile shapes

HOSTILE = {
    "deep-nesting-100k": lambda: ("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000).encode(),
    "deep-inline-100k": lambda: ("<p>" + "<b><i>" * 50_000 + "x").encode(),
    "multi-megabyte": lambda: (
        "<html><head><title>Big</title></head><body><h1>Big page</h1>"
        + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>" * 60_000
        + "</body></html>"
    ).encode(),
    "one-huge-text-node": lambda: b"<html><body><p>" + b"a" * 12_000_000 + b"</p></body></html>",
    "huge-attribute": lambda: b'<html><body><div class="' + b"x " * 3_000_000 + b'">hi</div><p>text</p></body></html>',
    "nul-bytes": lambda: b"<html>\x00<body>\x00<h1>Title\x00</h1><p>para\x00graph text here</p>\x00</body></html>",
    "binary-junk": lambda: bytes(range(256)) * 20_000,
    "many-jsonld": lambda: (
        "<html><head>" + '<script type="application/ld+json">{"@type":"NewsArticle","headline":"h",}</script>' * 5000
        + "</head><body><p>x</p></body></html>"
    ).encode(),
    "many-metas": lambda: ("<html><head>" + '<meta property="article:tag" content="t">' * 100_000 + "</head></html>").encode(),
    "only-whitespace": lambda: b" \n\t " * 1000,
    "utf16-no-bom": lambda: "<html><body><h1>Wide</h1><p>wide text here</p></body></html>".encode("utf-16-le"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_are_bounded(name):
    data = HOSTILE[name]()
    t0 = time.process_time()
    _extract_ok(data, "https://hostile.example/page")
    spent = time.process_time() - t0
    assert spent < 30, f"{name} took {spent:.1f}s of CPU"  # typically under 5 s; CI cores are shared
