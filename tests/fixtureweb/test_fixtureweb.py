"""The fixture web: deterministic, fast, realistic enough, with exact truth; server and WARC."""

from __future__ import annotations

import json
from html import escape
import time
from collections import Counter, defaultdict

import httpx
import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType

from fixtureweb import fixture_site, fixture_web, local_settings  # noqa: F401
from newsdesk.errors import BlockedError, FetchError, TooLargeError
from newsdesk.ingest.fetch import Fetcher
from newsdesk.fixtureweb import OUTLETS, SECTIONS, build_site, opml, respond, write_warc
from newsdesk.fixtureweb.site import END


def test_deterministic_for_a_seed_and_different_across_seeds():
    a, b, c = build_site(3, 80).truth(), build_site(3, 80).truth(), build_site(4, 80).truth()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert [x["title"] for x in a["articles"]] != [x["title"] for x in c["articles"]]


def test_days_spreads_the_same_events_over_a_longer_time_and_leaves_the_default_alone():
    default, longer = build_site(2, 400), build_site(2, 400, days=100)
    same = build_site(2, 400, days=21.2)  # the default span at 400 articles: 21 days + 400 / 2000
    assert json.dumps(default.truth(), sort_keys=True) == json.dumps(same.truth(), sort_keys=True)

    def span_days(site):
        return (max(e.when for e in site.events) - min(e.when for e in site.events)).total_seconds() / 86400

    assert span_days(default) < 23 < 90 < span_days(longer) <= 100
    assert len(longer.events) == len(default.events) and len(longer.articles) == 400
    assert max(e.when for e in longer.events) <= END


def test_generator_is_fast_and_scales():
    t0 = time.process_time()
    site = build_site(1, 3000)
    per_second = 3000 / max(time.process_time() - t0, 1e-6)
    assert len(site.articles) == 3000
    assert per_second > 500, per_second
    assert len({(a.outlet, a.path) for a in site.articles}) == 3000  # unique URLs


def test_truth_shape(fixture_site):
    truth = fixture_site.truth()
    json.dumps(truth)  # plain data
    arts = truth["articles"]
    assert len(arts) == 150 and len(truth["outlets"]) >= 5
    assert {a["section"] for a in arts} <= set(SECTIONS) and len({a["section"] for a in arts}) >= 7
    assert Counter(a["outlet"] for a in arts).keys() == {o.slug for o in OUTLETS}
    # stories: most events covered by several outlets, each article in exactly one story
    stories = truth["stories"]
    assert sum(len(v) for v in stories.values()) == len(arts)
    assert sum(1 for v in stories.values() if len({m.split("-")[0] for m in v}) >= 2) >= len(stories) // 2
    # near-duplicate groups: a wire original plus copies at other outlets, near-identical text
    groups = truth["duplicate_groups"]
    assert groups
    by_id = {a["id"]: a for a in arts}
    for original, members in groups.items():
        assert original in members and by_id[original]["kind"] == "wire"
        for m in members:
            if m != original:
                assert by_id[m]["kind"] == "syndicated" and by_id[m]["outlet"] != "metrowire"
                assert by_id[m]["paragraphs"][1:4] == by_id[original]["paragraphs"][1:4]
    # hard negatives: events come in pairs on the same topic, other people
    events = truth["events"]
    assert events[0]["topic"] == events[1]["topic"] and events[0]["slots"]["P1"] != events[1]["slots"]["P1"]
    assert all(a["published"] < END.isoformat() or a["published"][:10] <= "2026-03-02" for a in arts)
    assert {h["expect"] for h in truth["hostile"]} >= {"too-large", "redirect-loop", "timeout", "http-404", "bad-feed"}
    assert sum(1 for a in arts if a["kind"] == "charset") == 1


def test_text_reads_like_news_and_differs_between_outlets(fixture_site):
    truth = fixture_site.truth()
    by_id = {a["id"]: a for a in truth["articles"]}
    story = next(v for v in truth["stories"].values() if len([m for m in v if by_id[m]["kind"] == "original"]) >= 2)
    a, b = [by_id[m] for m in story if by_id[m]["kind"] == "original"][:2]
    assert a["paragraphs"] != b["paragraphs"]
    for art in (a, b):
        assert len(art["paragraphs"]) >= 4 and "{" not in " ".join(art["paragraphs"])
        assert art["title"][0].isupper() and art["authors"]


def test_every_article_route_renders_its_title(fixture_site):
    for art in fixture_site.articles[:60]:
        resp = respond(fixture_site, art.outlet, art.path + "?utm_source=x", "http://h/" + art.outlet)
        assert resp.status == 200
        charset = resp.headers["content-type"].split("charset=")[1]
        html = resp.body.decode(art.charset)
        from html import escape

        assert escape(art.title, quote=True) in html, art.id
        assert "Advertisement" in html and 'rel="canonical"' in html
        if art.charset != charset:  # the declared-wrong page really is not UTF-8
            with pytest.raises(UnicodeDecodeError):
                resp.body.decode(charset)


def test_updates_change_the_page_in_phase_one():
    site = build_site(0, 400)
    art = next(a for a in site.articles if a.update_paragraph)
    before = respond(site, art.outlet, art.path, "http://h")
    site.set_phase(1)
    after = respond(site, art.outlet, art.path, "http://h")
    assert before.headers["etag"] != after.headers["etag"]
    assert art.update_paragraph.encode() not in before.body and art.update_paragraph.encode() in after.body


def test_server_routes_and_conditional_get(fixture_web):
    site, base = fixture_web
    with httpx.Client() as c:
        assert c.get(base + "/").status_code == 200
        art = site.articles[10]
        r = c.get(f"{base}/{art.outlet}{art.path}")
        assert r.status_code == 200 and escape(art.title).encode() in r.content
        r2 = c.get(f"{base}/{art.outlet}{art.path}", headers={"If-None-Match": r.headers["etag"]})
        assert r2.status_code == 304 and r2.content == b""
        r3 = c.get(f"{base}/{art.outlet}{art.path}", headers={"If-Modified-Since": r.headers["last-modified"]})
        assert r3.status_code == 304
        assert c.get(f"{base}/{art.outlet}/no/such/page").status_code == 404
        assert b"Sitemap:" in c.get(f"{base}/ledger/robots.txt").content
        assert c.get(f"{base}/ledger/img/x.png").headers["content-type"] == "image/png"
        assert b"xmlUrl" in c.get(f"{base}/opml.xml").content


def test_hostile_routes_through_the_fetcher(fixture_web):
    site, base = fixture_web
    expect = {h.path: h for h in site.hostile}
    with Fetcher(local_settings(fetch_timeout=1.0, fetch_retries=0)) as f:
        for path in ("/hostile/huge-page", "/hostile/gzip-bomb", "/hostile/loop-a", "/hostile/slow-page",
                     "/hostile/missing-article"):
            h = expect[path]
            with pytest.raises(FetchError) as ei:
                f.get(f"{base}/{h.outlet}{path}")
            assert ei.value.reason == h.expect, path
            if h.expect in ("too-large", "timeout", "redirect-loop"):
                assert isinstance(ei.value, TooLargeError)
        with pytest.raises(BlockedError) as ei:  # robots.txt of every outlet disallows /private/
            Fetcher(local_settings(fetch_robots=True)).get(f"{base}/ledger/private/x")
        assert ei.value.reason == "robots"


def test_private_address_policy_against_the_local_server(fixture_web):
    site, base = fixture_web
    with Fetcher(local_settings(allow_private=False)) as f:
        with pytest.raises(BlockedError) as ei:
            f.get(base + "/")
    assert ei.value.reason == "private-address"


def test_flaky_route_recovers_after_retry_after(fixture_web):
    site, base = fixture_web
    slug = site.hostile[0].outlet
    site.hits.pop((slug, "/hostile/flaky"), None)
    with Fetcher(local_settings(fetch_retries=2, fetch_timeout=5.0)) as f:
        page = f.get(f"{base}/{slug}/hostile/flaky")
    assert page.status == 200 and b"Recovered" in page.content


def test_opml_lists_every_outlet_feed(fixture_site):
    doc = opml(fixture_site, lambda s: "http://h/" + s)
    assert doc.count(b"xmlUrl") == len(fixture_site.outlets)


def test_warc_reads_back_with_fastwarc(tmp_path, fixture_site):
    path = tmp_path / "web.warc.gz"
    stats = write_warc(fixture_site, path)
    counts: Counter[str] = Counter()
    html_urls = set()
    by_type = defaultdict(int)
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, parse_http=False):
            assert rec.verify_block_digest()
            counts[str(rec.record_type)] += 1
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            ctype = rec.http_content_type or ""
            by_type["html" if "html" in ctype else "other"] += 1
            if "html" in ctype and rec.http_headers.status_code == 200:
                html_urls.add(rec.headers.get("WARC-Target-URI"))
    roots = {o.slug: f"https://{o.domain}" for o in fixture_site.outlets.values()}
    assert {roots[a.outlet] + a.path for a in fixture_site.articles} <= html_urls
    assert counts["revisit"] >= 1 and counts["request"] == counts["response"]
    assert by_type["other"] >= 10  # robots, feeds, JSON, images
    assert stats.responses_html == by_type["html"]
    plain = tmp_path / "web.warc"
    write_warc(fixture_site, plain, gzip=False)
    assert plain.read_bytes().startswith(b"WARC/1.1\r\n")


def test_aliases_serve_the_same_article_with_a_canonical_link(fixture_site):
    from newsdesk.urlid import url_key

    aliases = fixture_site.truth()["aliases"]
    for art in fixture_site.articles[:20]:
        root = "http://h/" + art.outlet
        for alias in aliases[art.id]:
            resp = respond(fixture_site, art.outlet, alias, root)
            assert resp.status == 200
            assert f'<link rel="canonical" href="{root}{art.path}">'.encode() in resp.body
            if "?" in alias:  # tracking parameters: the same identity key
                assert url_key(root + alias) == url_key(root + art.path)


def test_copies_are_near_duplicates_and_own_write_ups_are_not():
    """The truth is learnable: wire copies share most 5-word shingles with their original, while
    outlets writing the same event in their own words (house style) share few."""
    import re
    import statistics

    site = build_site(2, 600)
    by_id = {a.id: a for a in site.articles}

    def jaccard(a, b):
        sa, sb = ({" ".join(w[i : i + 5]) for i in range(len(w) - 4)}
                  for w in (re.findall(r"\w+", x.body.lower()) for x in (a, b)))
        return len(sa & sb) / max(1, len(sa | sb))

    copies = [jaccard(a, by_id[a.dup_group]) for a in site.articles if a.kind == "syndicated"]
    stories = defaultdict(list)
    for a in site.articles:
        if a.kind != "syndicated":
            stories[a.event].append(a)
    own = [jaccard(x, y) for v in stories.values() for i, x in enumerate(v) for y in v[i + 1 :]]
    assert copies and min(copies) >= 0.7
    assert statistics.median(own) < 0.35 and max(own) < min(copies)


def test_cli_writes_truth_cluster_lines_and_warc(tmp_path):
    from newsdesk.fixtureweb.__main__ import main

    assert main(["--n", "30", "--truth", str(tmp_path / "t.json"), "--cluster-jsonl", str(tmp_path / "d.jsonl"),
                 "--warc", str(tmp_path / "w.warc.gz")]) == 0
    truth = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    lines = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines] == [a["id"] for a in truth["articles"]]
    assert {k for d in lines for k in d} == {"id", "title", "body", "published", "source"}
    assert (tmp_path / "w.warc.gz").stat().st_size > 1000


def test_hostile_feed_every_failure_recorded_with_its_reason_and_the_batch_goes_on(fixture_web):
    from newsdesk.ingest.feeds import feed_pages, fetch_feed
    from newsdesk.model import Drop, Page
    from newsdesk.fixtureweb import hostile_feed_url

    site, base = fixture_web
    expect = {h.path: h.expect for h in site.hostile}
    site.hits.clear()
    with Fetcher(local_settings(fetch_timeout=2.0, fetch_retries=1, fetch_robots=True)) as f:
        feed, _ = fetch_feed(f, hostile_feed_url(site, lambda s: f"{base}/{s}"))
        out = list(feed_pages(feed.entries, f, workers=4))
    assert len(out) == len(feed.entries) == 8
    for entry, rec in zip(feed.entries, out):
        path = "/" + entry.url.split("/", 4)[4]
        want = expect.get(path, "ok")
        if want in ("ok", "ok-after-retry"):
            assert isinstance(rec, Page), (path, rec)
        else:
            assert isinstance(rec, Drop) and rec.reason == want, (path, rec)
