"""The body extractor on small pages written for these tests."""

from __future__ import annotations

import lxml.html
import pytest

from newsdesk.extract.html.body import Body, extract_body
from newsdesk.extract.html.body_blocks import BIT, attr_bits, segment
from newsdesk.extract.html import parse_html

LOREM = [
    "The city council voted on Tuesday to approve a new budget for the coming year, after months of "
    "debate about spending on roads, schools and public transport across the region.",
    "Supporters said the plan, which raises spending by four percent, would repair ageing bridges and "
    "hire more teachers, while critics warned that it relied on optimistic forecasts of tax revenue.",
    "The mayor, who had campaigned on a promise to fix the roads, said she was pleased with the result "
    "and thanked council members for what she called a constructive and careful debate.",
    "Opponents plan to raise the issue again in the spring, when the council reviews how much money "
    "has actually been collected, and several said they would push for deeper cuts elsewhere.",
    "Residents who attended the meeting were divided, with some applauding the vote and others saying "
    "that their neighbourhoods had been overlooked once again in favour of the downtown districts.",
]


def _page(article: str, before: str = "", after: str = "") -> str:
    nav = ('<header class="site-header"><nav class="main-nav"><ul><li><a href="/">Home</a></li>'
           '<li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>'
           '<li><a href="/sport">Sport</a></li></ul></nav></header>')
    foot = ('<footer class="site-footer"><p>© 2024 Example News. All rights reserved.</p>'
            '<ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li></ul>'
            "</footer>")
    return (f"<html><head><title>Budget approved | Example News</title></head><body>{nav}"
            f'<main><article class="article"><h1>Council approves budget</h1>{before}'
            f'<div class="article-body">{article}</div>{after}</article></main>{foot}</body></html>')


def _extract(html: str, title: str | None = "Council approves budget") -> Body:
    tree = parse_html(html)
    return extract_body(tree, url="https://news.example/2024/budget", title=title)


def _paras(n: int = 5) -> str:
    return "".join(f"<p>{t}</p>" for t in LOREM[:n])


def test_keeps_paragraphs_drops_navigation_and_footer():
    body = _extract(_page(_paras()))
    for t in LOREM:
        assert t in body.text
    assert "Politics" not in body.text
    assert "All rights reserved" not in body.text
    assert body.text.count("\n\n") >= 4


def test_headline_not_in_body():
    body = _extract(_page(_paras()))
    assert not body.text.startswith("Council approves budget")


def test_share_bar_newsletter_and_advertisement_removed():
    share = ('<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Share on Twitter</a>'
             '<a href="#">Email</a></div>')
    news = ('<div class="newsletter-signup"><h3>Get our morning briefing</h3>'
            "<p>Sign up for our newsletter to get the top stories in your inbox every day.</p></div>")
    ad = '<div class="ad-slot"><span>Advertisement</span></div>'
    art = "".join(f"<p>{t}</p>" + (ad if i == 1 else "") for i, t in enumerate(LOREM)) + news
    body = _extract(_page(art, before=share))
    assert LOREM[0] in body.text and LOREM[4] in body.text
    assert "Share on Facebook" not in body.text
    assert "Sign up for our newsletter" not in body.text
    assert "Advertisement" not in body.text


def test_related_list_and_comments_removed():
    related = ('<aside class="related-stories"><h2>More stories</h2><ul>'
               + "".join(f'<li><a href="/story{i}">Another headline about something else number {i}</a></li>'
                         for i in range(6))
               + "</ul></aside>")
    comments = ('<section id="comments" class="comments"><h3>12 comments</h3>'
                '<div class="comment"><p class="comment-author">jdoe</p><p>I completely disagree with this '
                "decision and the council should be ashamed of itself, honestly.</p></div></section>")
    body = _extract(_page(_paras(), after=related + comments))
    assert LOREM[2] in body.text
    assert "Another headline" not in body.text
    assert "completely disagree" not in body.text


def test_headings_lists_quotes_are_paragraphs():
    art = (f"<p>{LOREM[0]}</p><h2>What happens next</h2><p>{LOREM[1]}</p>"
           "<ul><li>Roads get four million for repairs this year</li>"
           "<li>Schools receive two hundred new teachers</li></ul>"
           f"<blockquote>We did what we promised to do, said the mayor.</blockquote><p>{LOREM[2]}</p>"
           f"<p>{LOREM[3]}</p>")
    body = _extract(_page(art))
    paras = body.text.split("\n\n")
    assert "What happens next" in paras
    assert "Roads get four million for repairs this year" in paras
    assert "Schools receive two hundred new teachers" in paras
    assert any("We did what we promised" in p for p in paras)
    assert "<h2>What happens next</h2>" in body.html or "<h3>What happens next</h3>" in body.html
    assert "<li>Roads get four million" in body.html
    assert "<blockquote>" in body.html


def test_br_div_only_text_kept():
    art = "<div>" + "<br><br>".join(LOREM) + "</div>"
    body = _extract(_page(art))
    for t in LOREM:
        assert t in body.text


def test_hidden_elements_ignored():
    art = _paras() + '<div style="display:none"><p>Secret hidden text that nobody should see.</p></div>'
    body = _extract(_page(art))
    assert "Secret hidden" not in body.text


def test_html_is_sanitised_and_node_found():
    art = _paras() + "<p>Click <a href=\"javascript:alert(1)\" onclick='x()'>here</a> now.</p>"
    body = _extract(_page(art))
    assert "javascript" not in body.html and "onclick" not in body.html and "<script" not in body.html
    assert body.node is not None and body.node.tag in ("div", "article", "main")


def test_html_keeps_inline_links_and_emphasis():
    art = (f"<p>{LOREM[0]} See <a href='/report.pdf'>the <em>full</em> report</a>.</p>"
           + "".join(f"<p>{t}</p>" for t in LOREM[1:]))
    body = _extract(_page(art))
    assert '<a href="https://news.example/report.pdf" rel="nofollow noopener noreferrer">the <em>full</em> report</a>' \
        in body.html
    assert body.node is not None and body.node.tag in ("div", "article", "main")


def test_empty_and_textless_pages():
    assert _extract("<html><body></body></html>").text == ""
    assert _extract("<html><body><div><img src='x.png'></div></body></html>").text == ""


def test_unclosed_button_does_not_swallow_page():
    html = _page(_paras()).replace("<main>", "<button class='menu'>Menu<main>")
    body = _extract(html)
    assert LOREM[1] in body.text


def test_deep_nesting_is_fine():
    html = "<html><body>" + "<div><span>" * 400 + _paras() + "</span></div>" * 400 + "</body></html>"
    body = _extract(html)
    assert LOREM[0] in body.text


@pytest.mark.parametrize("s, group, hit", [
    ("share-bar", "share", True), ("social-links", "share", True), ("padding-top", "ad", False),
    ("ad-slot", "ad", True), ("article-content", "positive", True), ("headline", "title", True),
    ("relatedStories", "related", True),
])
def test_class_vocabulary(s, group, hit):
    assert bool(attr_bits(s) & BIT[group]) is hit


def test_class_vocabulary_is_per_token():
    """Whole-string bits equal the OR of the tokens' bits, and match the pattern within each token only."""
    s = "relatedStories  padding-top\tad-slot post-12345 sign-up"
    assert attr_bits(s) == (attr_bits("relatedStories") | attr_bits("padding-top") | attr_bits("ad-slot")
                            | attr_bits("post-12345") | attr_bits("sign-up"))
    assert attr_bits(s) & BIT["subscribe"] and not attr_bits("sign up") & BIT["subscribe"]
    assert not attr_bits("pad ding") & BIT["ad"] and attr_bits("pad ad") & BIT["ad"]


def test_segment_counts_links():
    tree = lxml.html.document_fromstring("<html><body><p>one <a href='#'>two three</a> four</p></body></html>")
    page = segment(tree)
    assert len(page.blocks) == 1
    b = page.blocks[0]
    assert b.text == "one two three four" and b.tokens == 4 and b.link_tokens == 2


def test_fallback_without_weights(monkeypatch):
    import importlib

    body_mod = importlib.import_module("newsdesk.extract.html.body")
    monkeypatch.setattr(body_mod, "load_model", lambda: None)
    body = _extract(_page(_paras(), after='<ul class="related"><li><a href="/x">Other story</a></li></ul>'))
    assert LOREM[0] in body.text and "Other story" not in body.text


def test_shipped_model_loads():
    from newsdesk.extract.html.body_model import load_model

    m = load_model()
    assert m is not None and 0.0 < m.threshold < 1.0


@pytest.mark.slow
@pytest.mark.shared
def test_dev_sample_quality(shared):
    """A sample of the shared dev pages (the model saw them: a smoke floor, not a held-out score)."""
    import gzip
    import json
    import re
    from collections import Counter

    import newsdesk

    d = shared("benchmarks", "extraction", "wcxb-dev-article")
    rows = [json.loads(x) for x in (d / "truth.jsonl").read_text(encoding="utf-8").split("\n") if x.strip()]
    w = re.compile(r"\w+")
    f1s = []
    for t in rows[::25]:
        a = newsdesk.extract(gzip.decompress((d / "html" / f"{t['id']}.html.gz").read_bytes()), url=t["url"])
        pt, tt = w.findall((a.body or "").lower()), w.findall(t["body"].lower())
        ov = sum((Counter(pt) & Counter(tt)).values())
        f1s.append(2 * ov / (len(pt) + len(tt)) if pt and tt else 0.0)
    assert sum(f1s) / len(f1s) >= 0.9


def test_cjk_paragraphs_kept():
    paras = ["北京今天迎来入冬以来的第一场雪，部分道路出现拥堵，多条公交线路临时调整，市民出行受到一定影响。",
             "气象部门提醒市民出行注意安全，预计降雪将持续到明天上午，气温将明显下降，请注意防寒保暖。",
             "机场方面表示，已有数十个航班延误，旅客可通过官方渠道查询最新的航班信息，并合理安排行程。"]
    html = ("<html><body><nav><a href='/'>首页</a><a href='/news'>新闻</a></nav><article><h1>北京首场雪</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    body = _extract(html, title="北京首场雪")
    for p in paras:
        assert p in body.text
    assert "首页" not in body.text


def test_small_signup_box_dropped_but_embedded_tweet_kept():
    signup = ('<div class="inline-newsletter"><p>Get the best of our journalism in your inbox every '
              "morning, free of charge.</p></div>")
    tweet = ('<blockquote class="twitter-tweet"><p>The bridge will reopen on Monday after the repairs, the '
             "transport department confirmed this afternoon.</p>&mdash; City Transport (@citytransport)</blockquote>")
    art = "".join(f"<p>{t}</p>" for t in LOREM[:3]) + tweet + signup + "".join(f"<p>{t}</p>" for t in LOREM[3:])
    body = _extract(_page(art))
    assert LOREM[0] in body.text and LOREM[4] in body.text
    assert "The bridge will reopen on Monday" in body.text
    assert "journalism in your inbox" not in body.text
