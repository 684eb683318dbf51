"""Small pure pieces: passwords, CSRF tokens, URL forms, routing, snippets, dates, CLI wiring."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsdesk.web.auth import check_public_csrf, hash_password, public_csrf, verify_password
from newsdesk.web.data import MARK_END, MARK_START
from newsdesk.web.render import human_time
from newsdesk.web.safe import safe_url, snippet_html


def test_password_hash_roundtrip_and_salt():
    h1, h2 = hash_password("correct horse"), hash_password("correct horse")
    assert h1 != h2 and h1.startswith("scrypt$")
    assert verify_password("correct horse", h1) and not verify_password("wrong horse", h1)
    assert not verify_password("x", "garbage")
    with pytest.raises(Exception):
        hash_password("short")


def test_public_csrf_expires_and_is_bound_to_key_and_purpose():
    t = public_csrf(b"k", "subscribe", now=1_000_000)
    assert check_public_csrf(b"k", "subscribe", t, now=1_000_100)
    assert not check_public_csrf(b"other", "subscribe", t, now=1_000_100)
    assert not check_public_csrf(b"k", "login", t, now=1_000_100)
    assert not check_public_csrf(b"k", "subscribe", t, now=1_000_000 + 3 * 86400)
    assert not check_public_csrf(b"k", "subscribe", "nonsense")


def test_snippet_marks_are_the_only_markup():
    s = f"a <b>x</b> {MARK_START}border{MARK_END} & more"
    assert snippet_html(s) == "a &lt;b&gt;x&lt;/b&gt; <mark>border</mark> &amp; more"


def test_safe_url():
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url("/demo-img/1.svg") == "/demo-img/1.svg"
    for bad in ("javascript:alert(1)", " JaVa\tscript:x", "data:text/html,x", "//evil.example/x", ""):
        assert safe_url(bad) is None


def test_human_time():
    # the publisher's own zone is kept; a date alone stays a date; UTC says so
    assert human_time("2025-09-27T12:40:24+05:30") == "27 September 2025, 12:40 UTC+05:30"
    assert human_time("2019-11-19T03:05:46-05:00") == "19 November 2019, 03:05 UTC-05:00"
    assert human_time("2025-08-04") == "4 August 2025"
    assert human_time("2025-08-04T10:00:00Z") == "4 August 2025, 10:00 UTC"
    assert human_time("2025-12-20T11:59:00") == "20 December 2025, 11:59 (time zone not given)"  # not UTC
    assert human_time("not a date") == "" and human_time(None) == ""


def test_coverage_words_and_outlet_names():
    from newsdesk.web.ranking import outlet_name
    from newsdesk.web.render import coverage, plural

    assert coverage(1, ["Firstpost"]) == "1 report from 1 outlet"
    assert coverage(3, ["A", "B"]) == "3 reports from 2 outlets"
    assert coverage(1, []) == "1 report"  # never "from" with nothing after it
    assert plural(0, "report") == "0 reports"
    assert outlet_name("https://www.newsnation.in") == "newsnation.in"  # never a bare URL
    assert outlet_name("www.wday.ru") == "wday.ru"
    assert outlet_name(None, "https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert outlet_name("BBC News", "https://www.bbc.co.uk/news/x") == "BBC News"
    assert outlet_name(None, None) == "unknown outlet"


def test_routing_formats(store_data, settings):
    from newsdesk.web import create_app

    app = create_app(store_data, settings)
    assert app.resolve("/")[3] == "html"
    assert app.resolve("/index.json")[3] == "json"
    assert app.resolve("/feed.json")[3] == "jsonfeed"
    assert app.resolve("/section/world/feed.atom")[2] == {"slug": "world"}
    assert app.resolve("/story/3.json")[2] == {"id": "3"}
    assert app.resolve("/article/3/feed.rss") is None
    assert app.resolve("/section/../etc/passwd") is None


def test_cli_admin_create_user_then_login(tmp_path, monkeypatch):
    from newsdesk.cli.main import cli
    from newsdesk.store import open_store
    from newsdesk.web.auth import login
    from newsdesk.web.store_data import StoreData

    db = str(tmp_path / "c.db")
    r = CliRunner().invoke(cli, ["admin", "create-user", "editor", "--password", "longenough", "--db", db])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["admin", "create-user", "editor", "--password", "otherpass1", "--db", db])
    assert r.exit_code == 0, r.output  # resets the password
    with open_store(path=db) as store:
        data = StoreData(store)
        assert login(data, "editor", "otherpass1") is not None
        assert login(data, "editor", "longenough") is None
    r = CliRunner().invoke(cli, ["admin", "create-user", "bad name!", "--password", "longenough", "--db", db])
    assert r.exit_code != 0


def test_memoised_facets_follow_writes_from_outside_the_portal(store_data):
    from newsdesk.testing.demo import generate, seed_demo

    if not store_data.store._kept_counts:
        pytest.skip("the store's write version is kept by SQLite triggers; PostgreSQL memos live out their minute")
    before = store_data.counts()["articles"]
    assert store_data.counts()["articles"] == before  # memoised
    n = seed_demo(store_data.store, generate(3, seed=99))  # another writer (an ingest), not the portal
    assert store_data.counts()["articles"] == before + n


def test_story_card_and_timeline_alone_are_the_full_storys(store_data):
    """``story(full=False)`` (what an article page shows of its story) is the full story's card and
    timeline, without the names, chart and short; within one render the store's rows are read once."""
    sids = {c.story_id for c in store_data.latest(None, 100) if c.story_id is not None}
    assert sids
    for sid in sids:
        whole, brief = store_data.story(sid), store_data.story(sid, full=False)
        assert (brief.card, brief.timeline) == (whole.card, whole.timeline)
        assert brief.reasons == brief.entities == brief.short == [] and brief.chart is None
    aid = store_data.latest(None, 1)[0].id
    calls = []
    real = store_data.store.get_article
    store_data.store.get_article = lambda i: calls.append(i) or real(i)
    with store_data.one_render():
        store_data.article(aid), store_data.related(aid)
    store_data.article(aid)
    assert calls == [aid, aid]  # once in the render, again outside it


def test_safe_url_drops_what_a_browser_skips_before_the_scheme():
    for evil in ("java\tscript:alert(1)", " javascript:x", "\x00javascript:x", "//evil.example/x", "data:x"):
        assert safe_url(evil) is None
    assert safe_url(" https://a.example/x ") == "https://a.example/x" and safe_url("/p\x01ath") == "/p\x01ath"
    assert safe_url("ht\ttps://a.example/") == "ht\ttps://a.example/"  # a browser reads https: here


def test_prefilled_related_documents_change_no_pick(store_data):
    """``related.prefill`` (run by ``serve``'s warm-up) makes the newest articles' documents ahead of
    time; the related articles picked are the same with the cache cold or filled."""
    from newsdesk.web import related

    ids = [c.id for c in store_data.latest(None, 100, news_only=False)]
    related._doc.cache_clear(), related._tf.cache_clear()
    cold = [store_data.related(i) for i in ids]
    related._doc.cache_clear(), related._tf.cache_clear()
    assert related.prefill(store_data.store) == len(ids) and related._doc.cache_info().currsize == len(ids)
    assert [store_data.related(i) for i in ids] == cold
    assert related._doc.cache_info().misses == len(ids)  # every page found its candidates made
    assert related._tf.cache_info().misses == len(ids)  # and their term frequencies
