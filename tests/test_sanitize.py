"""The HTML sanitiser: only safe tags, attributes and URLs survive."""

from __future__ import annotations

import pytest

from newsdesk.sanitize import sanitize_html

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.mark.parametrize(
    "dirty, banned",
    [
        ("<p>hi<script>alert(1)</script></p>", ["<script", "alert(1)"]),
        ("<p onclick='steal()'>x</p>", ["onclick", "steal"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', ["alert(1)"]),
        ('<a href="java&#x09;script:alert(1)">x</a>', ["alert(1)"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["data:"]),
        ('<img src="data:text/html,<script>1</script>">', ["data:text"]),
        ("<svg><script>alert(1)</script><circle onload=x /></svg>", ["<svg", "alert", "onload"]),
        ("<style>body{display:none}</style><p>t</p>", ["<style", "display:none"]),
        ('<p style="background:url(javascript:x)">t</p>', ["style=", "javascript"]),
        ("<iframe src='https://evil.example'></iframe>", ["<iframe", "evil"]),
        ("<form action='/x'><input name=a></form>", ["<form", "<input"]),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ["onerror", "alert"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed"]),
    ],
)
def test_strips_dangerous_markup(dirty, banned):
    out = sanitize_html(dirty).lower()
    for b in banned:
        assert b.lower() not in out


def test_keeps_safe_structure_and_marks_links():
    out = sanitize_html(
        '<h2>Head</h2><p>A <a href="/next">link</a> and <em>em</em></p><ul><li>one</li></ul>'
        "<blockquote>quote</blockquote>",
        base_url="https://news.example/a/b.html",
    )
    assert "<h2>Head</h2>" in out
    assert 'href="https://news.example/next"' in out
    assert 'rel="nofollow noopener noreferrer"' in out
    assert "<em>em</em>" in out and "<li>one</li>" in out and "<blockquote>" in out


def test_data_image_allowed_on_img_only():
    png = "data:image/png;base64,iVBORw0KGgo="
    assert png in sanitize_html(f'<img src="{png}" alt="x">')
    assert "data:" not in sanitize_html(f'<a href="{png}">x</a>')


def test_empty():
    assert sanitize_html("") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnoprstuvwxyz:;&#()")), max_size=200))
def test_never_raises_and_no_handlers(s):
    out = sanitize_html(s)
    assert "<script" not in out.lower()
    low = out.lower()
    # no attribute named on* can survive
    import re

    assert not re.search(r"<[^>]*\son\w+\s*=", low)
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', low))


@pytest.mark.parametrize("href, kept", [
    ("https://example.org/a?b=1#c", 'href="https://example.org/a?b=1#c"'),
    ("http://example.org/x", 'href="http://example.org/x"'),
    ("  https://example.org/padded  ", 'href="https://example.org/padded"'),
    ("/relative/path", 'href="https://base.example/relative/path"'),
    ("java\tscript:alert(1)", None),
    ("HTTPS://EXAMPLE.ORG/UPPER", 'href="HTTPS://EXAMPLE.ORG/UPPER"'),
])
def test_link_urls_absolute_fast_path_agrees_with_the_checks(href, kept):
    from newsdesk.sanitize import _safe_url

    out = sanitize_html(f'<p><a href="{href}">x</a></p>', base_url="https://base.example/page")
    if kept:
        assert kept in out
    else:
        assert "href" not in out and "script" not in out
    slow = _safe_url(" " + href, "https://base.example/page", image=False)  # leading space: no fast path
    assert _safe_url(href, "https://base.example/page", image=False) == slow


def test_deep_nesting_costs_linear_time_in_both_sanitisers():
    """Found by benchmarks/fuzz.py: 47,000 nested <div>s took 5 s in sanitize_html and 10 s in the
    portal's clean_html (html5ever is quadratic in block nesting). Tags past 256 levels are removed,
    their text kept."""
    import time

    from newsdesk.sanitize import MAX_NESTING, cap_nesting
    from newsdesk.web.safe import clean_html

    for tag in ("div", "blockquote", "section", "ul"):
        html = f"<{tag}>" * 50_000 + "deep text" + f"</{tag}>" * 50_000
        t0 = time.process_time()
        out = sanitize_html(html)
        page = clean_html(html)
        assert time.process_time() - t0 < 1.0, tag
        assert "deep text" in out and "deep text" in page
        assert out.count(f"<{tag}") <= MAX_NESTING
    normal = "<div><p>a<p>b<ul><li>c<li>d</ul></div>" * 200  # many tags, little nesting: untouched
    assert cap_nesting(normal) == normal
    assert cap_nesting("<div>" * 300 + "x" + "</div>" * 300, 10) == "<div>" * 10 + "x" + "</div>" * 10
