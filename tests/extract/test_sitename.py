"""The outlet's name from a page's title or copyright notice, when it declares none."""

from __future__ import annotations

from lxml import html as lhtml

import newsdesk
from newsdesk.extract.html.sitename import copyright_holder, title_site
from htmlpages import BODY, doc


def test_title_site_is_what_the_title_adds_around_the_shown_headline():
    assert title_site(["The Space Review: Seeking a bigger role"], "Seeking a bigger role") == "The Space Review"
    assert title_site(["Weekend Coding Agent | TheFocus.AI Labs"], "WEEKEND CODING AGENT") == "TheFocus.AI Labs"
    assert title_site(["The Fold-and-Cut Problem (Erik Demaine)"], "The Fold-and-Cut Problem") == "Erik Demaine"
    assert title_site(["Garnix Blog: Hardware-Attested Builds"], "Hardware-Attested Builds") == "Garnix Blog"


def test_title_site_takes_no_kicker_place_or_headline_part():
    assert title_site(["Exclusive: Minister resigns"], "Minister resigns") is None
    assert title_site(["Venezuela: Maduro speaks"], "Maduro speaks") is None  # a dateline place, not an outlet
    assert title_site(["Budget passes | Night vote"], "Budget passes tonight") is None  # the rest is not the headline
    assert title_site(["Budget passes"], "Budget passes") is None
    assert title_site([None, ""], "Budget passes") is None


def test_copyright_holder_from_the_footer_not_from_the_article():
    page = lhtml.fromstring(
        "<html><body><main><article><p>Photo ©Viva Technology 2025</p>" + BODY + "</article></main>"
        "<div class='site-wrap'><footer><span>© 2017-2025 - Antoni Boucher</span></footer></div></body></html>")
    assert copyright_holder(page) == "Antoni Boucher"
    for notice, holder in [("©2019 Ascom", "Ascom"), ("Copyright © 2025, The Objective Dad", "The Objective Dad"),
                           ("© 2025 Christopher S. Penn. All rights reserved.", "Christopher S. Penn"),
                           ("© 2001-2024 Blogarama.com | All rights reserved", "Blogarama.com"),
                           ("© 2024 Designed by Some Agency", None), ("Copyright notice", None),
                           ("Copyright © {{ year }} All rights reserved.", None)]:
        page = lhtml.fromstring(f"<html><body>{BODY}<footer><p>{notice}</p></footer></body></html>")
        assert copyright_holder(page) == holder, notice


def test_extract_names_the_outlet_from_title_or_copyright():
    a = newsdesk.extract(doc("<title>Keep Your Teeth Healthy | BlueCross of Carolina</title>",
                             "<h1>Keep Your Teeth Healthy</h1>"))
    assert a.site_name == "BlueCross of Carolina" and a.title == "Keep Your Teeth Healthy"
    a = newsdesk.extract("<html><head><title>Ascom announces a partnership</title></head><body>"
                         f"<h1>Ascom announces a partnership</h1>{BODY}<div class='copyright'>©2019 Ascom</div>"
                         "</body></html>")
    assert a.site_name == "Ascom" and a.provenance["site_name"] == "copyright"
    a = newsdesk.extract(doc('<meta property="og:site_name" content="Valley Post"><title>A | B</title>',
                             "<footer>© 2025 Someone Else</footer>"))
    assert a.site_name == "Valley Post"  # a declared name wins
