"""Choosing published / modified dates from a page's evidence: one golden page per rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import newsdesk
from newsdesk.extract.dates import text_dates
from newsdesk.extract.html.dating import roled_dates
from htmlpages import doc, ld


def test_text_dates_split_glued_words():
    assert text_dates("Mental HealthDECEMBER 22, 2022Updated: JANUARY 02, 2026") == [
        (14, "2022-12-22"), (41, "2026-01-02")]
    assert [d for _, d in text_dates("Tom2024-04-18T13:00:39+00:00March 22nd, 2024")] == [
        "2024-04-18T13:00:39+00:00", "2024-03-22"]
    assert text_dates("November 25, 2025 5:00 am PST")[0][1] == "2025-11-25T05:00:00-08:00"


def test_roles_read_from_the_label_before_each_date():
    got = [(d, r) for _, d, r in roled_dates("Published March 2, 2024 · Last updated: April 9, 2024")]
    assert got == [("2024-03-02", "published"), ("2024-04-09", "updated")]
    got = [(d, r) for _, d, r in roled_dates("Updated onFebruary 16, 2026 by Ann. May 1, 2025")]
    assert got == [("2026-02-16", "updated"), ("2025-05-01", "")]


def test_dateline_wrapper_shows_the_date_before_its_update():
    # one wrapper glues "HealthDECEMBER 22, 2022Updated: ..."; the update is not the dateline
    body = ('<h1>Ten benefits of meditation</h1><div class="article-dateline-wrapper">'
            '<a href="/c/mental-health">Mental Health</a><span class="dateline">DECEMBER 22, 2022</span>'
            '<span class="dateline updated">Updated: JANUARY 02, 2026</span></div>')
    a = newsdesk.extract(doc("", body))
    assert a.published == "2022-12-22" and a.provenance["published"] == "visible-text"


def test_a_last_published_key_or_a_modified_stamp_in_a_bare_date_meta_is_not_publication():
    head = ('<meta property="og:updated_time" content="2024-07-05T14:20:08-04:00">'
            '<meta name="DC.date" content="2024-07-05T14:20:08Z">'
            '<meta name="cdc:last_published" content="2024-07-05T14:27:23Z">')
    body = ('<time class="title-bar__date" datetime="2024-03-01">March 1, 2024</time>'
            '<h1>Healthy eating tips</h1>')
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2024-03-01" and a.provenance["published"] == "time-element"
    assert a.modified == "2024-07-05T14:20:08-04:00"


def test_url_and_dateline_agree_against_a_utc_stamp_one_day_off():
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    body = '<h1>Comfort watches, day eighteen</h1><p class="post-date">Posted on December 18, 2025</p>'
    a = newsdesk.extract(doc(head, body), url="https://blog.example/2025/12/18/comfort-watches/")
    assert a.published == "2025-12-18" and a.provenance["published"] == "visible-text"
    # without the URL's word the machine stamp stands (one source against one)
    b = newsdesk.extract(doc(head, body), url="https://blog.example/comfort-watches/")
    assert b.published == "2025-12-19T02:41:41+00:00" and b.provenance["published"] == "meta"


def test_header_date_long_before_the_machine_date_is_the_original():
    head = '<meta property="article:published_time" content="2024-08-07T12:01:51.460Z">'
    body = ('<h1>Lessons from a failed startup</h1><p>What two years and 300 users taught me.</p>'
            '<div><span>Jo Writer</span> <span>7 min read</span> · <span>Dec 30, 2013</span></div>'
            '<footer><p>Last published Apr 8, 2024</p></footer>')
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2013-12-30" and a.provenance["published"] == "visible-text"


def test_an_older_date_in_the_story_text_is_not_the_dateline():
    head = '<meta property="article:published_time" content="2024-08-07T12:01:51Z">'
    body = ('<h1>Four years on</h1><p>' + "The town has rebuilt most of what the flood took. " * 5
            + 'The water rose on March 3, 2020, and the council met the next day.</p>')
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2024-08-07T12:01:51+00:00" and a.provenance["published"] == "meta"


def test_an_earlier_update_label_is_no_original_date():
    head = '<meta property="article:published_time" content="2024-08-07T12:01:51Z">'
    body = '<h1>Best kettles</h1><p class="byline">By Jo Writer · Updated March 3, 2024</p>'
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2024-08-07T12:01:51+00:00"


def _shown(body: str, head: str = ""):
    from newsdesk.extract.html import parse_html
    from newsdesk.extract.html.meta import choose, collect
    from newsdesk.extract.html.dating import shown_date

    ev = collect(parse_html(doc(head, body)), None)
    choose(ev, None)  # settles the headline
    return shown_date(ev)


def test_the_label_before_an_element_names_its_role():
    s = _shown('<h1>Ten days in Japan</h1><p class="meta"><span class="updated-on">Updated'
               '<time class="entry-date published updated" datetime="2026-01-25T12:56:29-07:00">'
               'January 25, 2026</time></span> <span class="tip">Originally published '
               '<span>November 9, 2022</span></span></p>')
    assert (s.date, s.role) == ("2022-11-09", "published")


def test_a_wrapper_with_two_dates_yields_to_the_marked_up_ones_inside():
    s = _shown('<h1>Espresso under $500</h1><div class="entry-meta"><span class="posted-on">'
               '<time class="updated" datetime="2025-05-21T14:06:47+00:00">May 21, 2025</time>'
               '<time class="entry-date published" datetime="2025-04-24T16:12:49+00:00">April 24, 2025</time>'
               '</span> by The Ritualist</div>')
    assert (s.date, s.role, s.under) == ("2025-04-24T16:12:49+00:00", "published", True)


def test_an_update_alone_is_shown_as_an_update():
    s = _shown('<h1>Best kettles</h1><div class="date">Last updated: '
               '<time datetime="2025-09-04">Sep 4, 2025</time></div>')
    assert (s.date, s.role) == ("2025-09-04", "updated")


def test_an_update_under_the_headline_beats_dates_in_cards_below():
    tags = "".join(f'<span class="x{j}">tag</span>' for j in range(6))
    cards = "".join(f'<div class="card"><h3>Story {i}</h3><div class="field-date">0{i}/12/2021</div>'
                    f"{tags}</div>" for i in range(1, 8))
    s = _shown('<h1>Internet of Things</h1><p class="hub--update">Updated on 09/10/2025</p>'
               + '<div class="intro"><p>' + "Objects get a digital identity. " * 3 + "</p></div>"
               + "".join(f'<span class="pad{j}">x</span>' for j in range(40)) + cards)
    assert (s.date, s.role) == ("2025-09-10", "updated")


def test_forms_only_the_mail_parser_reads_still_count():
    s = _shown('<div class="date"><div class="calendar-date">November 20</div>'
               '<div class="calendar-time">15:23 2019</div></div><h1>Deportees return home</h1>')
    assert s.date == "2019-11-20T15:23:00"


def test_a_time_element_after_an_update_label_is_no_publication_date():
    head = '<meta property="article:modified_time" content="2026-01-12T16:29:48+00:00">'
    body = ('<h1>Beginner telescopes</h1><p class="post-meta-note">Last updated: '
            '<time datetime="2026-01-12">January 12, 2026</time>. Links may earn a commission.</p>')
    a = newsdesk.extract(doc(head, body))
    # no publication date anywhere: the modified stamp stands in, and provenance says so
    assert a.published == a.modified == "2026-01-12T16:29:48+00:00"
    assert a.provenance["published"] == "meta" and a.provenance["modified"] == "meta"

_PIECES = st.sampled_from(["Updated", "Published", "on", ":", " ", "May", "DECEMBER", "3", "21,", "2025",
                           "12/03/2024", "2024-05-06T07:08:09Z", "Last", "posted", "·", "x"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=30).map("".join)))
def test_roled_dates_never_raise_and_stay_in_order(text):
    got = roled_dates(text)
    starts = [s for s, _, _ in got]
    assert starts == sorted(starts) and len(got) <= 8
    assert all(r in ("", "updated", "published") and len(d) >= 10 for _, d, r in got)


def test_expiry_headers_cookies_and_script_variables_never_give_a_date():
    head = ('<meta http-equiv="expires" content="Tue, 31 Dec 2030 23:59:59 GMT">'
            '<meta name="cache-expiry" content="2030-12-31">'
            '<script>document.cookie = "seen=1; expires=Fri, 01 Jan 2027 00:00:00 GMT";'
            ' var publishDate = "2019-01-01";</script>')
    body = ('<h1>Harbour ferry returns</h1><footer><p>Updated January 2, 2020</p>'
            '<p>© 2024 Gazette</p></footer>')
    a = newsdesk.extract(doc(head, body))
    assert a.published is None and a.modified is None and "published" not in a.provenance


def test_a_date_in_the_standfirst_sentence_is_no_dateline():
    head = '<meta property="article:published_time" content="2025-03-11T08:00:00Z">'
    body = ('<h1>Five years on</h1><p class="standfirst">The WHO declared a pandemic on March 11, 2020. '
            'We went back to the wards.</p>')
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2025-03-11T08:00:00+00:00" and a.provenance["published"] == "meta"


def test_a_publication_stamp_after_the_modified_one_yields_to_one_before_it():
    # a CMS that writes its render time as "published-time": a page is not modified before it
    # is published, so the stamp days after "modified-date" is not the publication date
    head = ('<meta name="published-time" content="2026-03-09T08:45:32.183Z">'
            '<meta name="modified-date" content="2024-07-30">'
            '<meta name="published-date" content="2021-02-16">')
    body = '<h1>Emerging technologies to tackle climate change</h1><p>Text of the story.</p>'
    a = newsdesk.extract(doc(head, body))
    assert a.published == "2021-02-16" and a.provenance["published"] == "meta"
    assert a.modified == "2024-07-30"
    # alone, the late stamp is still read (nothing contradicts it)
    b = newsdesk.extract(doc(head.split("<meta name=\"modified-date\"")[0], body))
    assert b.published == "2026-03-09T08:45:32+00:00"


def test_a_publication_stamp_a_day_after_the_modified_one_is_a_time_zone_matter():
    head = ('<meta property="article:published_time" content="2025-06-02T01:10:00+09:00">'
            '<meta property="article:modified_time" content="2025-06-01T16:10:00Z">'
            '<meta name="publish-date" content="2025-05-01">')
    a = newsdesk.extract(doc(head, "<h1>Rainy season opens</h1><p>Story text.</p>"))
    assert a.published == "2025-06-02T01:10:00+09:00"


def test_modified_meta_keys_beyond_the_usual_names_are_read():
    head = '<meta name="article_date_updated" content="2025-02-03T10:00:00Z">'
    a = newsdesk.extract(doc(head, "<h1>Wine for beginners</h1><p>Story text.</p>"))
    assert a.modified == "2025-02-03T10:00:00+00:00" and a.provenance["modified"] == "meta"
