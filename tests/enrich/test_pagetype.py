"""Page-type judgement: news vs recipe, shop, guide, listing, about... with a reason."""

from __future__ import annotations

from newsdesk.enrich import enrich
from newsdesk.enrich.pagetype import PAGE_TYPES, judge_page
from newsdesk.extract.html import extract_html
from newsdesk.model import Article

REPORT = ("WASHINGTON (AP) — The Senate voted on Tuesday to extend the program, officials said. "
          "The bill was passed after a long debate, and the president said he would sign it. "
          "Critics told reporters the measure had been rushed. " * 6)
GUIDE = ("If you want a better garden, you should start with the soil. You can add compost, and your "
         "plants will thank you. Water is important, and you may need to water twice a day in summer. " * 8)


def test_a_dated_signed_report_is_news():
    a = Article(title="Senate extends the program", body=REPORT, published="2025-03-04T10:00:00Z",
                authors=["A. Writer"], url="https://paper.example/politics/2025/03/04/senate-extends")
    j = judge_page(a)
    assert j.is_news and j.page_type == "news"
    assert j.reason.startswith("news:") and "dateline" in j.reason


def test_a_how_to_guide_is_not_news_and_says_why():
    a = Article(title="How to start a vegetable garden: a beginner's guide", body=GUIDE,
                url="https://garden.example/guides/start-a-vegetable-garden/", published="2025-01-01")
    j = judge_page(a)
    assert not j.is_news and j.page_type == "guide"
    assert j.reason.startswith("not news (guide):") and "how-to" in j.reason


def test_declared_types_decide_recipe_shop_and_about():
    body = "Mix the flour and the water. Preheat the oven. Add two teaspoons of salt and bake. " * 10
    recipe = Article(title="Sourdough bread", body=body, page_signals={"json-ld": "recipe"})
    assert judge_page(recipe).page_type == "recipe"
    shop = Article(title="Kettle 1.7 l", body="A kettle. " * 30, page_signals={"og:type": "product"},
                   url="https://shop.example/products/kettle")
    assert judge_page(shop).page_type == "shop"
    about = Article(title="Privacy policy", body="We keep your data safe. " * 30,
                    url="https://site.example/privacy/")
    assert judge_page(about).page_type == "about"


def test_every_verdict_is_a_known_type():
    for a in (Article(), Article(title="x"), Article(body="word " * 500), Article(url="not a url")):
        j = judge_page(a)
        assert j.page_type in PAGE_TYPES and j.reason


def test_extract_records_the_pages_own_signals():
    html = ('<html><head><meta property="og:type" content="article">'
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            '"headline":"Senate extends the program"}</script></head><body><h1>Senate extends the program</h1>'
            f'<p>{REPORT}</p></body></html>')
    a = extract_html(html, "https://paper.example/politics/2025/03/04/senate-extends")
    assert a.page_signals == {"json-ld": "newsarticle", "og:type": "article"}


def test_enrich_carries_the_page_type():
    e = enrich(Article(title="How to start a vegetable garden", body=GUIDE))
    assert e.page_type == "guide" and e.page_type_reason.startswith("not news")


ESSAY = ("I spent the weekend rebuilding my home server. My first attempt failed, and I was annoyed, "
         "but I learned a lot about my network. The old machine was slow and the disks were full, so "
         "I moved everything to a new box and it worked. " * 8)


def test_a_first_person_essay_that_quotes_no_one_is_not_news():
    a = Article(title="Rebuilding my home server", body=ESSAY, published="2025-12-18T10:00:00Z",
                authors=["A. Blogger"])
    j = judge_page(a)
    assert not j.is_news and j.page_type == "blog"
    assert "first person" in j.reason and "attributes nothing" in j.reason
    # the same past-tense story told by a reporter who attributes and quotes is news
    quoted = ESSAY.replace("I ", "the engineer ").replace("my ", "the ").replace("My ", "The ")
    report = Article(title="Engineer rebuilds the council's server", published="2025-12-18T10:00:00Z",
                     body=quoted + ' "It was slow," the engineer said. "We had to move," she told reporters. ' * 3)
    assert judge_page(report).is_news


def test_listicle_and_evergreen_headlines_read_as_such():
    body = REPORT  # the text alone reads like a report: the headline decides
    for title, kind in [("From one film to another, 10 movies to stream now", "listing"),
                        ("Five innovative solutions to climate change", "listing"),
                        ("Green gifts for gardeners", "listing"),
                        ("The history of coffee", "blog"),
                        ("Do you need 14 USB ports on your computer?", "guide")]:
        ev = judge_page(Article(title=title, body=body)).evidence
        assert any(w < 0 and k == kind for w, k, _ in ev), title
    plain = judge_page(Article(title="Senate passes the budget", body=body)).evidence
    assert not [k for w, k, _ in plain if w < 0 and k != "other"]  # only "no date, no byline"
