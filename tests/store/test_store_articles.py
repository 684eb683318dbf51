"""The SQLite store: migrations, idempotent upsert, versions, pages, sources, drops."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from newsdesk.errors import ConfigError, StoreError
from newsdesk.model import Article, Drop, Image, Page
from newsdesk.settings import Settings
from newsdesk.store import DUPLICATE, NEW, UPDATED, FetchRecord, open_store
from newsdesk.store.migrations import MIGRATIONS

BODY = "\n\n".join(f"Paragraph {i} of the report on the harbour strike and its effects on trade." for i in range(8))


def art(url="https://www.example.com/news/strike?utm_source=x", body=BODY, **kw) -> Article:
    return Article(title=kw.pop("title", "Harbour strike"), url=url, body=body, site_name="Example", **kw)


@pytest.fixture
def store(db_url):
    s = open_store(path=db_url)
    yield s
    s.close()


def test_open_store_from_settings_and_wal(tmp_path):
    s = open_store(Settings(db=str(tmp_path / "x.db")))
    assert s.schema_version() == len(MIGRATIONS)
    s.close()
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # reopening does not re-run migrations
    assert open_store(path=str(tmp_path / "x.db")).schema_version() == len(MIGRATIONS)


def test_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store(path=str(tmp_path / "nope" / "x.db"))


def test_same_article_through_other_urls_is_one(store):
    a = store.upsert_article(art())
    assert a.status == NEW
    # tracking params, www., http, trailing slash: same normalised URL
    b = store.upsert_article(art(url="http://example.com/news/strike/"))
    assert (b.article_id, b.status) == (a.article_id, DUPLICATE)
    # another URL whose canonical is known
    c = store.upsert_article(art(url="https://m.example.com/x?id=1", canonical_url="https://example.com/news/strike"))
    assert (c.article_id, c.status) == (a.article_id, DUPLICATE)
    # same body from the same outlet under an unrelated URL: content hash
    d = store.upsert_article(art(url="https://example.com/amp/12345"))
    assert (d.article_id, d.status) == (a.article_id, DUPLICATE)
    assert store.count_articles() == 1
    assert store.find_article("https://example.com/amp/12345").id == a.article_id


def test_same_body_on_another_outlet_stays_separate(store):
    a = store.upsert_article(art())
    b = store.upsert_article(art(url="https://other-paper.org/wire/strike"))
    assert a.article_id != b.article_id and b.status == NEW


def test_site_root_canonical_is_no_identity(store):
    a = store.upsert_article(art(url="https://example.com/a", canonical_url="https://example.com/", body="one " * 80))
    b = store.upsert_article(art(url="https://example.com/b", canonical_url="https://example.com/", body="two " * 80))
    assert a.article_id != b.article_id


def test_changed_body_keeps_versions(store):
    a = store.upsert_article(art(section="World"))
    b = store.upsert_article(art(body=BODY + "\n\nUpdate: the strike ended at noon."))
    assert (b.article_id, b.status, b.version) == (a.article_id, UPDATED, 2)
    cur = store.get_article(a.article_id)
    assert "strike ended" in cur.article.body and cur.version == 2
    assert cur.article.section == "World"  # kept when the new page says nothing
    old = store.article_versions(a.article_id)
    assert [v.version for v in old] == [1] and "strike ended" not in old[0].article.body
    # the old body seen again is a duplicate, not a third version
    assert store.upsert_article(art()).status == DUPLICATE
    assert store.get_article(a.article_id).version == 2


def test_all_fields_round_trip(store):
    a = Article(title="T", authors=["A. One", "B. Two"], published="2026-03-01T10:00:00+05:30", modified=None,
                site_name="S", url="https://s.example/a/1", canonical_url="https://s.example/a/1", language="en",
                section="World", tags=["x", "y"], description="Stand", image=Image("https://i/1.jpg", "cap", "cr"),
                body="B " * 120, body_html="<p>B</p>", provenance={"title": "opengraph"}, related=["r"],
                trending=["t"])
    res = store.upsert_article(a)
    got = store.get_article(res.article_id)
    assert got.article.to_dict() == a.to_dict()
    assert got.sort_time == "2026-03-01T04:30:00Z"


def test_latest_articles_order_and_section(store):
    for i in range(5):
        store.upsert_article(art(url=f"https://e.com/{i}", body=f"body {i} " * 50,
                                 published=f"2026-01-0{i + 1}T00:00:00Z", section="World" if i % 2 else "Sports"))
    got = store.latest_articles(limit=3)
    assert [g.article.published[:10] for g in got] == ["2026-01-05", "2026-01-04", "2026-01-03"]
    assert {g.article.section for g in store.latest_articles(section="World")} == {"World"}
    assert dict(store.sections()) == {"Sports": 3, "World": 2}


def test_pages_are_compressed_and_stored_once(store):
    p = Page(url="https://e.com/x", content=b"<html>" + b"x" * 10000, content_type="text/html; charset=utf-8",
             headers={"etag": "1"})
    i = store.save_page(p)
    assert store.save_page(p) == i and store.count_pages() == 1
    back = store.get_page(i)
    assert back.content == p.content and back.content_type == p.content_type and back.headers == {"etag": "1"}
    assert [pid for pid, _ in store.iter_pages()] == [i]


def test_sources_drops_fetches_status(store):
    src = store.add_source("feed", "https://e.com/rss.xml")
    assert src.name == "e.com/rss.xml"
    with pytest.raises(ConfigError):
        store.add_source("feed", "https://e.com/rss.xml")
    assert store.add_source("feed", "https://e.com/rss.xml", exist_ok=True).id == src.id
    with pytest.raises(ConfigError):
        store.add_source("gopher", "x")
    run = store.start_run(src.id)
    store.record_fetch(FetchRecord(url="https://e.com/rss.xml", ok=False, status=500, error_reason="fetch"),
                       src.id, run)
    for _ in range(30):
        store.record_drop(Drop("not-html", url="https://e.com/x.pdf"), src.id, run)
    store.record_drop(Drop("no-article"), src.id, run)
    store.upsert_article(art(), source_id=src.id)
    store.finish_run(run, {"new": 1})
    assert store.drop_counts(src.id) == {"not-html": 30, "no-article": 1}
    assert len(store.drop_samples(src.id, "not-html", limit=100)) == 20
    st = store.status()[0]
    assert st.articles == 1 and st.fetch_errors == {"fetch": 1} and st.drops["not-html"] == 30
    assert st.last_run["counts"] == {"new": 1} and st.last_fetch.status == 500
    store.save_checkpoint(src.id, {"offset": 5})
    assert store.get_source(src.name).checkpoint == {"offset": 5}
    assert [s.id for s in store.due_sources()] == [src.id]
    store.update_source(src.id, paused=True)
    assert store.due_sources() == []
    assert store.remove_source(src.name) and store.list_sources() == []
    assert store.drop_counts(src.id) == {}


def test_batch_is_one_transaction(store):
    with pytest.raises(RuntimeError):
        with store.batch():
            store.upsert_article(art())
            store.save_checkpoint(store.add_source("warc", "/x.warc").id, {"offset": 1})
            raise RuntimeError("crash")
    assert store.count_articles() == 0 and store.list_sources() == []


def test_reads_from_other_threads_while_writing(store):
    store.upsert_article(art())
    seen = []
    with store.batch():
        store.upsert_article(art(url="https://e.com/2", body="other " * 60))
        assert store.count_articles() == 2  # own batch sees its writes
        t = threading.Thread(target=lambda: seen.append(store.count_articles()))
        t.start()
        t.join()
    assert seen == [1]  # another reader sees only committed data
    assert store.count_articles() == 2
