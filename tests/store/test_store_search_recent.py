"""SQLite's search indexes: the newest articles' (migration 16), what bm25 ranks a full window from, and
the filters' (17)."""

from __future__ import annotations

import pytest

from newsdesk.model import Article
from newsdesk.store import open_store
from newsdesk.store import search as search_mod


@pytest.fixture
def store(tmp_path):
    s = open_store(path=str(tmp_path / "t.db"))
    yield s
    s.close()


def add(store, i, body):
    return store.upsert_article(Article(title=f"Report {i}", body=body, url=f"https://r.example/{i}",
                                        description=f"standfirst {i}")).article_id


def recent_ids(store, word):
    return {r[0] for r in store._rows("SELECT rowid FROM articles_fts_recent WHERE articles_fts_recent MATCH ?",
                                      (word,))}


def full_ranking(store, text, limit):
    """The page as ranked from the whole index (the window, scores and order before migration 16)."""
    w = ", ".join(str(x) for x in search_mod._WEIGHTS)
    q = search_mod.fts_query(text)
    return [r[0] for r in store._rows(
        f"SELECT rowid, score FROM (SELECT rowid, bm25(articles_fts, {w}) AS score FROM articles_fts "
        "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid DESC LIMIT ?",
        (q, search_mod.RANK_WINDOW, limit))]


def test_the_recent_index_holds_every_article_above_the_cutoff_as_it_moves(store):
    with store._tx() as c:
        c.execute("UPDATE search_recent SET keep=10, step=4")
    ids = [add(store, i, f"harbour tide {i}") for i in range(40)]
    cutoff = store._recent_cutoff()
    assert 0 < cutoff and 10 <= ids[-1] - cutoff <= 14  # trimmed once every 4 inserts past 14
    assert recent_ids(store, "harbour") == {i for i in ids if i > cutoff}
    # an edit and a removal reach it; an edit below the cutoff does not put the article back
    newest, old = ids[-1], ids[0]
    with store._tx() as c:
        c.executemany("UPDATE articles SET body='estuary tide' WHERE id=?", [(newest,), (old,)])
    assert recent_ids(store, "estuary") == {newest}
    assert recent_ids(store, "harbour") == {i for i in ids[:-1] if i > cutoff}
    with store._tx() as c:
        c.execute("DELETE FROM articles WHERE id=?", (ids[-2],))
    assert recent_ids(store, "harbour") == {i for i in ids[:-2] if i > cutoff}
    assert {h.article_id for h in store.search("estuary")} == {newest, old}  # the whole index still
    store.optimize_search_index()
    assert recent_ids(store, "tide") == {i for i in ids if i > cutoff and i != ids[-2]}


def test_a_window_in_the_recent_index_ranks_the_same_matches(store, monkeypatch):
    with store._tx() as c:
        c.execute("UPDATE search_recent SET keep=20, step=5")
    for i in range(60):  # 'harbour' in every article, once to four times; 'lighthouse' in 1 of 6
        add(store, i, " ".join(["harbour"] * (1 + i % 4) + ["lighthouse"] * (i % 6 == 0) + ["quay"] * (i % 7)))
    cutoff = store._recent_cutoff()
    assert cutoff > 0
    monkeypatch.setattr(search_mod, "RANK_WINDOW", 12)
    # 'harbour': its newest 12 matches are all recent; the recent index ranks them, in the same order
    assert store._window_is_recent(search_mod.fts_query("harbour"), cutoff)
    got = [h.article_id for h in store.search("harbour", limit=12)]
    assert got == full_ranking(store, "harbour", 12)
    assert all(h.snippet.count("<mark>") for h in store.search("harbour", limit=12))
    # 'lighthouse': fewer than 12 recent matches, so the window reaches below the cutoff: the whole index
    assert not store._window_is_recent(search_mod.fts_query("lighthouse"), cutoff)
    got = store.search("lighthouse", limit=12)
    assert [h.article_id for h in got] == full_ranking(store, "lighthouse", 12)
    assert any(h.article_id <= cutoff for h in got) and all("<mark>" in h.snippet for h in got)


def test_a_store_smaller_than_the_recent_index_ranks_from_it_alone(store):
    for i in range(5):
        add(store, i, f"harbour {i}")
    assert store._recent_cutoff() == 0
    assert recent_ids(store, "harbour") == {h.article_id for h in store.search("harbour")}


def test_a_big_bulk_load_pauses_the_recent_index_and_refills_it_after(store, monkeypatch):
    from newsdesk.store import bulk
    from newsdesk.testing.demo import iter_generate, seed_demo_bulk

    with store._tx() as c:
        c.execute("UPDATE search_recent SET keep=30, step=5")
    first = add(store, 0, "harbour before the load")
    load_chunk, seen = bulk._load_chunk, []

    def watched(c, chunk, *rest):  # what searches see after each chunk: every match, from the whole index
        n = load_chunk(c, chunk, *rest)
        seen.append((c.execute("SELECT cutoff FROM search_recent").fetchone()[0],
                     {h.article_id for h in store.search("harbour", limit=100)}))
        return n
    monkeypatch.setattr(bulk, "_load_chunk", watched)
    seed_demo_bulk(store, list(iter_generate(30, seed=3)), batch=20)
    assert len(seen) > 2 and all(cut == search_mod._PAUSED and hits == {first} for cut, hits in seen)
    top = store._scalar("SELECT MAX(id) FROM articles")
    assert store._recent_cutoff() == top - 30
    indexed = {r[0] for r in store._rows("SELECT id FROM articles_fts_recent_docsize")}
    assert indexed == set(range(top - 29, top + 1))
    new = add(store, 999, "harbour after the load")  # kept by the triggers again
    assert recent_ids(store, "harbour") == {new}


def test_a_filtered_search_reads_its_filters_from_the_index_not_the_rows(store):
    from newsdesk.store import SearchFilters

    ids = [store.upsert_article(Article(title=f"Tide {i}", body="harbour tide", url=f"https://f.example/{i}",
                                        section="World" if i % 3 else "Sport", language="en")).article_id
           for i in range(12)]
    plans = []
    rows = store._rows

    def planned(sql, params=()):
        if "CROSS JOIN articles a" in sql:
            plans.append(" ".join(r[-1] for r in rows("EXPLAIN QUERY PLAN " + sql, params)))
        return rows(sql, params)
    store._rows = planned
    f = SearchFilters(section="Sport", language="en")
    assert {h.article_id for h in store.search("harbour", f)} == {i for k, i in enumerate(ids) if k % 3 == 0}
    assert store.count_search("harbour", f, cap=100) == 4
    assert len(plans) == 2 and all("COVERING INDEX articles_search_filters" in p for p in plans)
