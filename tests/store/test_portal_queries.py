"""The portal's bounded queries: kept counts agree with counting, capped search counts, ranking window."""

from __future__ import annotations

import random

import pytest

from newsdesk.model import Article
from newsdesk.store.records import SearchFilters
from newsdesk.store import open_store
from newsdesk.store import portal as q
from newsdesk.store import search as search_mod
from newsdesk.testing.demo import generate, seed_demo


@pytest.fixture()
def store(db_url):
    with open_store(path=db_url) as s:
        seed_demo(s, generate(30, seed=4))
        yield s


def _counted(store, column):
    rows = store._rows(f"SELECT {column}, COUNT(*) FROM articles WHERE {column} IS NOT NULL AND hidden=0 "
                       f"GROUP BY {column}")
    return {r[0]: r[1] for r in rows}


def _check(store):
    for col in ("section", "site_name", "language"):
        assert dict(q.facet_counts(store, col)) == _counted(store, col), col
    assert q.count_articles(store) == store.count_articles()
    live = store._scalar("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND size > 0")
    assert q.count_stories(store) == live
    assert q.distinct_values(store, "site_name") == sorted(_counted(store, "site_name"))
    kept = {r[0]: r[1] for r in store._rows("SELECT id, articles FROM entities")}
    counted = {r[0]: r[1] for r in store._rows("SELECT e.id, COUNT(ae.article_id) FROM entities e "
                                               "LEFT JOIN article_entities ae ON ae.entity_id=e.id GROUP BY e.id")}
    assert kept == counted


def test_kept_counts_follow_every_kind_of_write(store):
    _check(store)
    rng = random.Random(1)
    ids = [a.id for a in store.latest_articles(None, 200)]
    for aid in rng.sample(ids, 10):
        store.set_article_fields(aid, hidden=True)
    for aid in rng.sample(ids, 10):
        store.set_article_fields(aid, section="Weather", section_source="operator")
    store.set_article_fields(ids[0], hidden=False)
    stories = [s.id for s in store.stories(limit=50)]
    store.merge_stories(stories[0], stories[1:3])
    members = [m.article_id for m in store.story(stories[3]).members]
    if len(members) > 1:
        store.split_story(stories[3], members[:1])
    with store._tx() as c:
        c.execute("DELETE FROM articles WHERE id=?", (ids[5],))
    from newsdesk.model import Enrichment, Entity

    store.save_enrichment(ids[6], Enrichment(entities=[Entity("Zed Quill", "zed quill", "person")]))
    _check(store)
    assert "Weather" in [s for s, _ in q.facet_counts(store, "section")]


def test_capped_count_skips_hidden_matches(db_url, monkeypatch):
    with open_store(path=db_url) as s:
        with s.batch():
            ids = [s.upsert_article(Article(title=f"Harbour news {i}", body=f"harbour story number {i}",
                                            url=f"https://h.example/{i}")).article_id for i in range(30)]
        for aid in ids[-8:]:
            s.set_article_fields(aid, hidden=True)
        assert s.count_search("harbour") == 22
        assert s.count_search("harbour", cap=10) == 10
        assert s.count_search("harbour", cap=25) == 22
        # ranking covers the newest RANK_WINDOW matches; with every match inside it, nothing changes
        full = [h.article_id for h in s.search("harbour", limit=50)]
        assert len(full) == 22 and not set(full) & set(ids[-8:])
        monkeypatch.setattr(search_mod, "RANK_WINDOW", 12)
        monkeypatch.setattr(search_mod, "PG_RANK_WINDOW", 12)
        window = [h.article_id for h in s.search("harbour", limit=50)]
        assert set(window) == set(ids[-12:-8])  # the 12 newest matches, less the 8 hidden ones
        assert s.search("harbour", offset=12) == []


def test_write_version_moves_with_every_kind_of_write(store):
    v = q.write_version(store)
    aid = store.latest_articles(None, 1)[0].id
    store.set_article_fields(aid, hidden=True)
    assert q.write_version(store) > v
    v = q.write_version(store)
    store.update_story(store.stories(limit=1)[0].id, pinned=True)
    assert q.write_version(store) > v
    v = q.write_version(store)
    seed_demo(store, generate(2, seed=77))
    assert q.write_version(store) > v
    v = q.write_version(store)
    store.search("border")  # reads leave it
    assert q.write_version(store) == v


def test_latest_articles_pages_skip_hidden_and_keep_their_order(store):
    every = store.latest_articles(None, 1000)
    hidden = {a.id for a in every[3:9]}
    for aid in hidden:
        store.set_article_fields(aid, hidden=True)
    shown = [a.id for a in every if a.id not in hidden]
    pages = [a.id for k in range(0, len(shown), 7) for a in store.latest_articles(None, 7, k)]
    assert pages == shown
    section = every[0].article.section
    in_section = [a.id for a in every if a.id not in hidden and a.article.section == section]
    assert [a.id for a in store.latest_articles(section, 500)] == in_section
    assert len(store.latest_articles(None, 500, include_hidden=True)) == len(every)


def test_rank_window_holds_the_newest_matches_wherever_they_are(db_url, monkeypatch):
    """Sparse matches (1 in 5 articles): the window still holds the newest ``window`` of them (on
    PostgreSQL the scanned id range widens until it does)."""
    with open_store(path=db_url) as s:
        with s.batch():
            ids = [s.upsert_article(Article(title=f"Note {i}", body=("harbour " if i % 5 == 4 else "inland ") +
                                            f"report {i}", url=f"https://w.example/{i}", section="World")).article_id
                   for i in range(40)]
        matching = [aid for i, aid in enumerate(ids) if i % 5 == 4]
        monkeypatch.setattr(search_mod, "RANK_WINDOW", 5)
        monkeypatch.setattr(search_mod, "PG_RANK_WINDOW", 5)
        assert {h.article_id for h in s.search("harbour", limit=50)} == set(matching[-5:])
        filtered = s.search("harbour", SearchFilters(section="World"), limit=50)
        assert {h.article_id for h in filtered} == set(matching[-5:])
        assert s.search("harbour", SearchFilters(section="Sport")) == []


def test_batched_reads_answer_as_the_one_by_one_ones(store):
    """Each article's entities in one query, neighbours from entities already read, newsworthiness
    from the row: the same answers as the per-article queries they replace on the portal's pages."""
    ids = [a.id for a in store.latest_articles(None, 200)]
    store.set_article_fields(ids[0], hidden=True)
    store.set_page_type(ids[1], "other", "not news: a test")
    batched = q.articles_entities(store, ids, 8)
    for aid in ids:
        one = store.article_entities(aid)
        assert batched[aid] == one[:8]
        for news_only in (True, False):
            assert q.entity_neighbours(store, aid, news_only=news_only, named=one) == \
                q.entity_neighbours(store, aid, news_only=news_only)
        row = store.get_article(aid)
        assert q.is_newsworthy_row(row) == q.is_newsworthy(store, aid)
    assert not q.is_newsworthy_row(store.get_article(ids[0])) and not q.is_newsworthy_row(store.get_article(ids[1]))
    assert any(len(v) > 1 for v in batched.values()) and q.articles_entities(store, []) == {}


def test_entity_stories_walk_the_window_as_grouping_it_would(store, monkeypatch):
    """Stories by their latest article among the entity's window: the walk down the window's head
    (and, when the head runs out, the whole window) picks what grouping every row picks."""
    from newsdesk.store.enrichment import ENTITY_WINDOW

    def grouped(eid, limit):
        return [r[0] for r in store._rows(
            "SELECT m.story_id, MAX(a.sort_time) AS t, MAX(a.id) AS i FROM (SELECT article_id FROM article_entities "
            "WHERE entity_id=? ORDER BY article_id DESC LIMIT ?) ae JOIN story_members m ON m.article_id=ae.article_id "
            "JOIN articles a ON a.id=ae.article_id JOIN stories s ON s.id=m.story_id WHERE a.hidden=0 AND s.hidden=0 "
            "AND s.merged_into IS NULL GROUP BY m.story_id ORDER BY t DESC, i DESC LIMIT ?", (eid, ENTITY_WINDOW, limit))]

    ents = [r[0] for r in store._rows("SELECT id FROM entities WHERE articles > 2 ORDER BY articles DESC LIMIT 12")]
    assert ents
    store.set_article_fields(store.latest_articles(None, 1)[0].id, hidden=True)
    for eid in ents:
        window = q.entity_window_ids(store, eid)
        assert window[:5] == [a.id for a in store.entity_articles(eid, 5)]
        for limit in (1, 3, 10):
            want = grouped(eid, limit)
            assert q.entity_story_ids(store, eid, limit) == want
            monkeypatch.setattr(q, "WINDOW_HEAD", 2)  # a head of 2 that runs out: the whole window is read
            assert q.entity_story_ids(store, eid, limit, window_ids=q.entity_window_ids(store, eid, head=2)) == want
            monkeypatch.undo()


def test_entity_page_reads_its_window_once(store):
    from newsdesk.web.store_data import StoreData

    data = StoreData(store)
    norm = store._scalar("SELECT norm FROM entities ORDER BY articles DESC LIMIT 1")
    calls = []
    real = q.entity_window_ids
    try:
        q.entity_window_ids = lambda *a, **k: calls.append(a) or real(*a, **k)
        with data.one_render():
            arts, stories = data.entity_articles(norm, 30), data.entity_stories(norm, 8)
    finally:
        q.entity_window_ids = real
    assert len(calls) == 1 and arts and stories
    assert [c.id for c in arts] == [a.id for a in store.entity_articles(q.entity_by_slug(store, norm).id, 30)]


def test_reads_sharing_one_connection_still_see_every_commit(store, db_url):
    """A page's reads share one pooled connection on PostgreSQL (``store.reading``); each statement
    still sees what another writer committed before it, and a write on the thread goes on as before."""
    from contextlib import nullcontext

    with open_store(path=db_url) as other, getattr(store, "reading", nullcontext)():
        before = q.write_version(store)
        n = store.count_articles()
        other.upsert_article(Article(title="Written elsewhere", body="x " * 50, url="https://else.example/1"))
        assert q.write_version(store) != before and store.count_articles() == n + 1
        store.upsert_article(Article(title="Written here", body="y " * 50, url="https://here.example/1"))
        assert store.count_articles() == n + 2
        with getattr(store, "reading", nullcontext)():  # nested: the same connection
            assert store.count_articles() == n + 2


def test_undated_lists_come_from_their_own_index(store):
    """A section's undated pages, newest first, read from the partial indexes of undated visible
    articles (migration 15) rather than by walking every visible article of the section."""
    for i in range(12):
        store.upsert_article(Article(title=f"Undated {i}", body="words " * 40, url=f"https://undated.example/{i}",
                                     site_name="Undated Daily", section=("World", "Business")[i % 2]))
    rows = store._rows("SELECT id, section, sort_time, hidden, page_type, published FROM articles")
    hide = [r[0] for r in rows if r[5] is None][:2]
    for aid in hide:
        store.set_article_fields(aid, hidden=True)

    def expected(section):
        keep = [r for r in store._rows("SELECT id, section, sort_time FROM articles WHERE published IS NULL "
                                       "AND hidden=0 AND COALESCE(page_type, 'news')='news'")
                if section is None or r[1] == section]
        return [r[0] for r in sorted(keep, key=lambda r: (r[2], r[0]), reverse=True)][:5]

    for section in (None, "World", "Business", "Nowhere"):
        assert [a.id for a in q.latest_dated(store, section, 5, dated=False)] == expected(section)
    if getattr(store, "dialect", "sqlite") == "sqlite":
        plan = " ".join(str(r[3]) for r in store._rows(
            "EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE a.published IS NULL AND a.hidden=0 AND "
            "COALESCE(a.page_type, 'news')='news' AND a.section=? ORDER BY a.sort_time DESC, a.id DESC LIMIT 5",
            ("World",)))
        assert "articles_undated_section" in plan
