"""Feed renderers: well-formed XML whatever the text, and text that stays text (issue 18)."""

from __future__ import annotations

from lxml import etree

from newsdesk.web.data import ArticleCard
from newsdesk.web.render import render_atom, render_rss
from newsdesk.web.views import WebPage as Page

HOSTILE = 'Tech" onx="1\' <b>&amp;\x00'


def _page() -> Page:
    card = ArticleCard(id=1, title=f"T {HOSTILE}", url="https://o.example/a", outlet=f"O {HOSTILE}",
                       section=HOSTILE, published="2026-01-02T03:04:05Z",
                       description="before <script>alert(1)</script> after & more", authors=[HOSTILE])
    return Page("list.html", f"Search {HOSTILE}", {}, description=HOSTILE, items=[card])


def test_quotes_in_attributes_and_forbidden_characters_keep_feeds_well_formed():
    feed_url = 'http://h/search/feed.atom?q=a"/><x y="'
    for render in (render_atom, render_rss):
        root = etree.fromstring(render(_page(), "http://h", '/search?q=a"/><x y="', feed_url))
        assert not root.xpath("//*[local-name()='x']")  # the query did not become an element
    atom = etree.fromstring(render_atom(_page(), "http://h", "/", feed_url))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (cat,) = atom.xpath("//a:category", namespaces=ns)
    assert cat.attrib == {"term": HOSTILE.replace("\x00", "")}  # one attribute, the whole name
    assert atom.xpath("//a:link[@rel='self']/@href", namespaces=ns) == [feed_url]


def test_rss_description_is_text_for_a_reader_that_decodes_html():
    rss = etree.fromstring(render_rss(_page(), "http://h", "/", "http://h/feed.rss"))
    (desc,) = rss.xpath("//item/description")
    # the XML text is HTML: a reader decodes it once more and must see the tags as text, never as markup
    assert desc.text == "before &lt;script&gt;alert(1)&lt;/script&gt; after &amp; more"
    assert "<script" not in desc.text
