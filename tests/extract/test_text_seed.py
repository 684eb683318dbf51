"""Golden tests of the text extractor: the shared seed page and a page of our own making.

The seed (``../shared/seed``) is a flattened Firstpost page with its truth file;
the test skips with a clear reason when ../shared is absent. The Harbour
Gazette page under ``text_pages/`` is invented for this project, in the same
shape (menus twice, trending list, ads and related blocks cut into the body).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import newsdesk
from tests.conftest import shared_path

PAGES = Path(__file__).with_name("text_pages")
_W = re.compile(r"\w+")


def bow_f1(pred: str, truth: str) -> float:
    """The reference scorer's body metric: bag of lowercased \\w+ tokens, multiset overlap."""
    pt, tt = _W.findall(pred.lower()), _W.findall(truth.lower())
    if not pt or not tt:
        return float(pt == tt)
    ov = sum((Counter(pt) & Counter(tt)).values())
    p, r = ov / len(pt), ov / len(tt)
    return 2 * p * r / (p + r) if ov else 0.0


def test_seed_page_fields_and_body():
    seed = shared_path("seed", "firstpost-maduro-2025-09-27.txt")
    truth = json.loads(seed.with_name("firstpost-maduro-2025-09-27.truth.json").read_text(encoding="utf-8"))
    a = newsdesk.extract_text(seed.read_bytes())
    assert a.title == truth["title"]
    assert a.author == truth["author"]
    assert a.published == truth["date"]
    assert a.section == truth["section"]
    assert a.image is not None and a.image.caption == truth["image_caption"]
    assert a.description == truth["standfirst"]
    assert bow_f1(a.body, "\n\n".join(truth["body_paragraphs"])) >= 0.98
    assert a.paragraphs == truth["body_paragraphs"]
    assert a.related == truth["related"]
    assert a.trending == truth["trending"]
    assert a.provenance["published"] == "visible-text"
    for junk in ("STORY CONTINUES BELOW THIS AD", "More from World", "Impact Shorts", "Advertisement"):
        assert junk not in a.body
    # first-class: the body as sanitised HTML, the outlet named by the dump itself (header, logo, copyright)
    assert a.site_name == truth["site_name"]
    assert a.body_html.count("<p>") == len(truth["body_paragraphs"])
    assert a.body_html.startswith("<p>Venezuelan President Nicolás Maduro")


def test_own_page_golden():
    page = PAGES / "harbour-gazette-ferry.txt"
    want = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    a = newsdesk.extract_text(page.read_bytes(), url=want["url"])
    assert a.title == want["title"]
    assert a.authors == want["authors"]
    assert a.published == want["published"]
    assert a.section == want["section"]
    assert a.description == want["description"]
    assert a.image is not None and a.image.caption == want["caption"]
    assert a.related == want["related"]
    assert a.trending == want["trending"]
    assert bow_f1(a.body, "\n\n".join(want["body_paragraphs"])) >= 0.97
    for junk in want["not_in_body"]:
        assert junk not in a.body


def test_text_body_html_is_escaped_and_site_name_needs_two_signs():
    from newsdesk.extract.text.extractor import body_html
    from newsdesk.extract.text.lines import split_lines
    from newsdesk.extract.text.meta import find_site_name

    assert body_html("A <b>bold</b> & risky line\n\n<script>x()</script>") == (
        "<p>A &lt;b&gt;bold&lt;/b&gt; &amp; risky line</p><p>&lt;script&gt;x()&lt;/script&gt;</p>")
    assert body_html("") == ""
    dump = "Harbour Gazette\nHome\nNews\n" + "Some story text here.\n" * 50 + "Harbour Gazette Logo\n"
    assert find_site_name(split_lines(dump)) == "Harbour Gazette"
    one_sign = "Menu\n" + "Some story text here.\n" * 50 + "© 2019 Parent Media Holdings, Inc. All rights reserved.\n"
    assert find_site_name(split_lines(one_sign)) is None  # a parent company's copyright alone is not the outlet
    credit = "Harbour Gazette\n" + "Some story text here.\n" * 50 + "© Harbour Gazette\n"
    assert find_site_name(split_lines(credit)) is None  # a credit with no year or rights is not a copyright line
