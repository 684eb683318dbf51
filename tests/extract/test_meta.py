"""Metadata reading: JSON-LD repair, title choice, site, canonical, section, tags, image, language."""

from __future__ import annotations

import newsdesk
from newsdesk.extract.html.jsonld import load_jsonld, parse_block
from newsdesk.extract.html.meta import strip_site
from htmlpages import BODY, doc, ld


def test_parse_block_repairs():
    assert parse_block('{"a": 1,}') == [{"a": 1}]
    assert parse_block('{"a": "x\ty"}') == [{"a": "x\ty"}]
    assert parse_block("{&quot;a&quot;: 1}") == [{"a": 1}]
    assert parse_block('<!--{"a": 1}-->') == [{"a": 1}]
    assert parse_block('{"a": 1}{"b": 2}') == [{"a": 1}, {"b": 2}]
    assert parse_block("{not json at all") == []


def test_graph_with_id_references_and_article_choice():
    j = load_jsonld(['{"@graph": [{"@type": "WebPage", "@id": "#wp", "name": "Page"},'
                     '{"@type": "Person", "@id": "#p", "name": "Ana Silva"},'
                     '{"@type": ["BlogPosting"], "headline": "H", "author": {"@id": "#p"}}]}'])
    art = j.article()
    assert art["headline"] == "H"
    assert j.resolve(art["author"])["name"] == "Ana Silva"


def test_jsonld_fields_and_provenance():
    head = ld('[{"@type": "ReportageNews", "headline": "Floods hit the valley",'
              '"author": [{"@type": "Person", "name": "Ana Silva"}, {"@type": "Person", "name": "Li Wei"}],'
              '"datePublished": "2024-04-01T08:00:00+02:00", "dateModified": "2024-04-02T09:00:00+02:00",'
              '"image": [{"@type": "ImageObject", "url": "/i/flood.jpg", "caption": "Water in the square"}],'
              '"publisher": {"@type": "Organization", "name": "Valley Post"}, "keywords": "floods, weather"}]')
    a = newsdesk.extract(doc(head, "<h1>Floods hit the valley</h1>"), url="https://valley.example/news/floods")
    assert a.title == "Floods hit the valley"
    assert a.authors == ["Ana Silva", "Li Wei"] and a.author == "Ana Silva; Li Wei"
    assert a.published == "2024-04-01T08:00:00+02:00" and a.modified == "2024-04-02T09:00:00+02:00"
    assert a.site_name == "Valley Post"
    assert a.image.url == "https://valley.example/i/flood.jpg" and a.image.caption == "Water in the square"
    assert a.tags == ["floods", "weather"]
    assert a.provenance == {"title": "heading", "authors": "json-ld", "published": "json-ld",
                            "modified": "json-ld", "image": "json-ld"}


def test_title_drops_the_site_suffix():
    assert strip_site("Budget passes after long night | The Daily Bugle", ["The Daily Bugle"]) == (
        "Budget passes after long night", "The Daily Bugle")
    assert strip_site("Jobs report: what it means - Example News", ["example.com"])[0] == "Jobs report: what it means"
    a = newsdesk.extract(doc("<title>Budget passes after long night | The Daily Bugle</title>"))
    assert a.title == "Budget passes after long night" and a.provenance["title"] == "title-element"


def test_logo_h1_does_not_become_the_title():
    head = '<meta property="og:title" content="Council approves the harbour plan">'
    a = newsdesk.extract(doc(head, "<header><h1>The Daily Bugle</h1></header><h2>x</h2>"))
    assert a.title == "Council approves the harbour plan"


def test_h1_wins_when_it_resembles_the_seo_title():
    head = '<meta property="og:title" content="Best Budget Earbuds 2025: 9 Picks Under $50">'
    a = newsdesk.extract(doc(head, "<h1>The 9 best budget earbuds under $50 in 2025</h1>"))
    assert a.title == "The 9 best budget earbuds under $50 in 2025" and a.provenance["title"] == "heading"


def test_canonical_section_description_and_language():
    head = ('<link rel="canonical" href="/politics/budget-vote">'
            '<meta name="description" content="Lawmakers approved the plan.">')
    a = newsdesk.extract(doc(head, "<h1>Budget vote</h1>", lang="en-GB"), url="https://n.example/politics/budget-vote?x=1")
    assert a.canonical_url == "https://n.example/politics/budget-vote"
    assert a.section == "Politics"
    assert a.description == "Lawmakers approved the plan."
    assert a.language == "en"


def test_language_detected_from_the_body_when_undeclared():
    text = "<p>" + "Le conseil municipal a voté le budget de l'année prochaine après un long débat. " * 5 + "</p>"
    a = newsdesk.extract(f"<html><body><h1>Le budget</h1>{text}</body></html>")
    assert a.language == "fr"


def test_og_image_with_figure_caption_and_url_date():
    head = '<meta property="og:image" content="//cdn.example/p.jpg">'
    a = newsdesk.extract(doc(head, "<h1>Hello there world</h1>"), url="https://n.example/2023/07/09/hello")
    assert a.image.url == "https://cdn.example/p.jpg" and a.provenance["image"] == "opengraph"
    assert a.published == "2023-07-09" and a.provenance["published"] == "url"


def test_microdata_and_time_element():
    body = ('<h1>Storm closes schools</h1><div itemprop="author" itemscope><span itemprop="name">Omar Haddad</span></div>'
            '<time datetime="2022-12-01T07:00:00Z">Dec 1</time>')
    a = newsdesk.extract(doc("", body))
    assert a.authors == ["Omar Haddad"]
    assert a.published == "2022-12-01T07:00:00+00:00" and a.provenance["published"] == "time-element"


def test_lead_figure_caption_and_credit():
    head = '<meta property="og:image" content="https://cdn.example/up/harbour-1200x630.jpg">'
    body = ('<article><h1>Harbour reopens to ferries</h1><figure><img src="/up/harbour.jpg" alt="x">'
            '<figcaption>Ferries return to the harbour on Monday. <span class="credit">Photo: Ida Berg</span>'
            '</figcaption></figure>' + BODY + '</article>'
            '<aside class="related"><figure><img src="/other.jpg"><figcaption>Other story</figcaption></figure></aside>')
    a = newsdesk.extract(doc(head, body), url="https://n.example/harbour")
    assert a.image.url == "https://cdn.example/up/harbour-1200x630.jpg"
    assert a.image.caption == "Ferries return to the harbour on Monday."
    assert a.image.credit == "Photo: Ida Berg"


def test_figure_is_the_image_when_no_metadata_names_one():
    body = '<h1>Night market opens</h1><figure><img src="m.jpg"><figcaption>Stalls at dusk (Photo: Sam Ng)</figcaption></figure>'
    a = newsdesk.extract(doc("", body), url="https://n.example/city/market")
    assert a.image.url == "https://n.example/city/m.jpg"
    assert a.image.caption == "Stalls at dusk" and a.image.credit == "Sam Ng"
    assert a.provenance["image"] == "visible-text"


def test_standfirst_is_the_description_when_metadata_has_none():
    body = ('<h1>Tram line opens</h1><p class="article-standfirst">The first trams ran on the new line through '
            'the east side on Monday morning.</p>')
    a = newsdesk.extract(doc("", body))
    assert a.description == "The first trams ran on the new line through the east side on Monday morning."


def test_dateline_under_the_headline_against_machine_dates():
    head = ld('{"@type": "Article", "headline": "Old paper, new page", "datePublished": "2025-06-01T10:00:00Z",'
              '"dateModified": "2025-07-01T10:00:00Z"}')
    a = newsdesk.extract(doc(head, '<h1>Old paper, new page</h1><p class="post-date">Published March 3, 2001</p>'))
    assert a.published == "2001-03-03" and a.provenance["published"] == "visible-text"
    assert a.modified == "2025-07-01T10:00:00+00:00"
    b = newsdesk.extract(doc(head, '<h1>Old paper, new page</h1><p class="post-date">Updated July 1, 2025</p>'))
    assert b.published == "2025-06-01T10:00:00+00:00" and b.provenance["published"] == "json-ld"


def test_time_datetime_beats_its_text_and_british_pages_read_day_first():
    a = newsdesk.extract(doc("", '<h1>Shop opens on the high street</h1><time datetime="2024-12-20">Aug 28</time>'))
    assert a.published == "2024-12-20"
    b = newsdesk.extract(doc("", '<h1>Shop opens on the high street</h1><p>03/10/2023 by the editors</p>',
                             lang="en-GB"))
    assert b.published == "2023-10-03"


def test_numeric_dates_follow_the_order_the_page_proves():
    # lang "en" reads month first by default; the page's own "16 February 2026" says day first
    a = newsdesk.extract(doc("", '<h1>Wine styles explained</h1><p class="date">03/10/2023</p>'
                                 '<aside><span class="post-date">16 February 2026</span></aside>'))
    assert a.published == "2023-10-03"
    # a date that only reads month first ("11/24/2025") settles "09/10/2024" too
    b = newsdesk.extract(doc("", '<h1>Renovation phases</h1><p class="date">09/10/2024</p>'
                                 '<p class="date">11/24/2025</p>', lang="de"))
    assert b.published == "2024-09-10"


def test_machine_date_read_the_other_way_is_not_overridden():
    head = ld('{"@type": "Article", "headline": "Renovation phases", "datePublished": "2024-09-10T16:07:00Z"}')
    a = newsdesk.extract(doc(head, '<h1>Renovation phases</h1><p class="date">09.10.2024</p>'))
    assert a.published == "2024-09-10T16:07:00+00:00"


def test_stated_publication_date():
    # an ambiguous numeric meta date loses to the same day stated in words
    head = '<meta name="article:published_time" content="03-09-2026">'
    a = newsdesk.extract(doc(head, '<h1>Fasting and the brain</h1><div>Published March 9, 2026</div>'))
    assert a.published == "2026-03-09"
    # "originally published on" beats a shown republication date
    body = ('<h1>Tiny homes</h1><p class="date">30 Sep 2022</p>'
            '<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been updated.</p>')
    assert newsdesk.extract(doc("", body)).published[:10] == "2019-09-26"


def test_a_date_standing_alone_is_the_last_resort():
    body = '<div><p class="text-t600">Kate Shokurova</p><p class="text-t600">April 8, 2024</p></div>'
    a = newsdesk.extract(doc("", body))
    assert a.published == "2024-04-08" and a.provenance["published"] == "visible-text"


def test_script_json_publication_key_is_a_low_trust_fallback():
    blob = ('<script id="__NEXT_DATA__" type="application/json">{"props": {"post": '
            '{"title": "Go mocks", "publishedAt": "2025-12-17T09:30:00Z"}}}</script>')
    a = newsdesk.extract(doc("", "<h1>Go mocks</h1>" + blob))
    assert a.published == "2025-12-17T09:30:00+00:00" and a.provenance["published"] == "script"
    js = '<script>var publishedAt = "2025-12-17"; window.cfg = {"date": "2020-01-01"};</script>'
    assert newsdesk.extract(doc("", "<h1>Go mocks</h1>" + js)).published is None  # JS variables: never
    meta = '<meta property="article:published_time" content="2024-01-02T00:00:00Z">'
    assert newsdesk.extract(doc(meta, "<h1>Go mocks</h1>" + blob)).published.startswith("2024-01-02")


def test_dateline_does_not_override_a_published_time_meta():
    head = ('<meta property="article:published_time" content="2016-02-25T23:48:16+00:00">'
            '<meta property="article:modified_time" content="2026-01-04T19:07:10+00:00">')
    a = newsdesk.extract(doc(head, '<h1>Pest control</h1><p class="post-date">April 1, 2025</p>'))
    assert a.published == "2016-02-25T23:48:16+00:00" and a.provenance["published"] == "meta"


def test_published_label_heading_with_the_date_after_it():
    body = ('<div class="card"><time datetime="2019-01-17T12:00:00Z">17 Jan 2019</time></div>'
            '<h1>Small business guide</h1><aside><div><h4>Published</h4><h3>Publish date</h3>'
            '<time datetime="2018-11-15T12:00:00Z">15 November 2018</time></div></aside>')
    a = newsdesk.extract(doc("", body))
    assert a.published[:10] == "2018-11-15"


def test_a_headline_cut_at_a_length_limit_is_completed_from_another_title():
    full = ("Fix It Friday: Four Readers Ask How To Arrange A Small Living Room And We Answer Them All "
            "(Including One Trick That Nearly Always Works)")
    cut = full[:full.index("(Including") + len("(Including")]
    head = ld(f'{{"@type": "Article", "headline": "{cut}"}}') + f'<meta property="og:title" content="{full} - Jo Home">'
    assert newsdesk.extract(doc(head, "")).title == full


def test_a_heading_that_lost_characters_to_the_encoding_is_repaired():
    head = "<meta property=\"og:title\" content=\"The Basics Of Event Planning: A Beginner's Guide\">"
    a = newsdesk.extract(doc(head, "<h1>The Basics Of Event Planning? A Beginner? Guide</h1>"))
    assert a.title == "The Basics Of Event Planning: A Beginner's Guide"
    # a real question mark stays
    head = '<meta property="og:title" content="Is the ferry safe? Yes, mostly">'
    assert newsdesk.extract(doc(head, "<h1>Is the ferry safe? Yes, mostly</h1>")).title == "Is the ferry safe? Yes, mostly"


def test_a_paragraph_set_as_h1_is_not_the_headline():
    head = '<meta property="og:title" content="The 10 Best Home Improvement Projects of 2023">'
    para = ("Learn which of the 10 best home improvement projects of 2023 give the best return? Get expert tips "
            "on how to work out the return of a home project. We will help you learn all you need to know.")
    a = newsdesk.extract(doc(head, f"<h1>{para}</h1>"))
    assert a.title == "The 10 Best Home Improvement Projects of 2023"


def test_a_kicker_before_the_headline_goes_when_the_metadata_title_lacks_it():
    head = '<meta property="og:title" content="Best Ferry Routes in the North Sea (Ranked)">'
    a = newsdesk.extract(doc(head, "<h1>Blog: Best Ferry Routes in the North Sea (Ranked)</h1>"))
    assert a.title == "Best Ferry Routes in the North Sea (Ranked)"
    # a colon that belongs to the headline stays
    head = '<meta property="og:title" content="Fix It Friday: Three Readers Rearrange a Room">'
    a = newsdesk.extract(doc(head, "<h1>Fix It Friday: Three Readers Rearrange a Room</h1>"))
    assert a.title == "Fix It Friday: Three Readers Rearrange a Room"


def test_a_headline_that_starts_with_the_site_name_is_not_the_site_part():
    # "The Daily Bugle view on ..." is the headline; "Editorial" is a label, not the title
    assert strip_site("The Daily Bugle view on the harbour: a plan at last | Editorial", ["The Daily Bugle"]) == (
        "The Daily Bugle view on the harbour: a plan at last", "Editorial")
    assert strip_site("Harbour plan passes | The Daily Bugle Online", ["The Daily Bugle"]) == (
        "Harbour plan passes", "The Daily Bugle Online")
    head = ('<meta property="og:site_name" content="The Daily Bugle">'
            '<meta property="og:title" content="The Daily Bugle view on the harbour: a plan at last | Editorial">'
            "<title>The Daily Bugle view on the harbour: a plan at last | Editorial | Opinion | The Daily Bugle</title>")
    a = newsdesk.extract(doc(head, "<h1>The Daily Bugle view on the harbour: a plan at last</h1>"))
    assert a.title == "The Daily Bugle view on the harbour: a plan at last"
