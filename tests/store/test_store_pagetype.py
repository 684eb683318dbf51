"""Page type in the store: saved with its reason, an operator's verdict kept, non-news off the home lists."""

from __future__ import annotations

import pytest

from newsdesk.errors import StoreError
from newsdesk.model import Article, Enrichment, Entity
from newsdesk.store import open_store


@pytest.fixture
def store(db_url):  # SQLite, and PostgreSQL where a server can be had
    s = open_store(path=db_url)
    yield s
    s.close()


def add(store, i, title, page_type):
    aid = store.upsert_article(Article(title=title, body=f"Body {i} " * 30, url=f"https://p.example/{i}",
                                       site_name="Paper", published=f"2025-01-0{i}T10:00:00Z")).article_id
    store.save_enrichment(aid, Enrichment(page_type=page_type, page_type_reason=f"because {i}",
                                          entities=[Entity(f"Thing {i}", f"thing {i}", "org")]))
    return aid


def test_non_news_is_kept_searchable_but_off_the_home_lists(store):
    news = add(store, 1, "Volcano erupts", "news")
    guide = add(store, 2, "Volcano guide", "guide")
    assert store.get_article(guide).page_type == "guide"
    assert store.get_article(guide).page_type_reason == "because 2"
    assert {a.id for a in store.latest_articles()} == {news, guide}
    assert [a.id for a in store.latest_articles(news_only=True)] == [news]
    assert {h.article_id for h in store.search("volcano")} == {news, guide}
    assert [e.norm for e in store.top_entities(news_only=True)] == ["thing 1"]


def test_an_operator_verdict_survives_re_enrichment(store):
    aid = add(store, 1, "Wine regions of the world", "news")
    store.set_page_type(aid, "other", "not news (other): set by an operator")
    store.save_enrichment(aid, Enrichment(page_type="news", page_type_reason="auto"))
    assert store.get_article(aid).page_type == "other"
    with pytest.raises(StoreError):
        store.set_page_type(99999, "news", "x")
