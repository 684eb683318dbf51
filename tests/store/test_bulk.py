"""The bulk loader writes what the per-article path writes."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.store import open_store
from newsdesk.store import portal as q
from newsdesk.testing.demo import generate, seed_demo, seed_demo_bulk

NOW = None


def _snapshot(store):
    arts = [(a.article.url, a.article.title, a.article.section, a.article.language, a.sort_time, a.content_hash,
             a.norm_url, a.source_id is not None) for a in store.latest_articles(None, 1000)]
    by_url = {a.article.url: a.id for a in store.latest_articles(None, 1000)}
    ents = sorted((url, tuple(e.norm for e in store.article_entities(aid))) for url, aid in by_url.items())
    stories = sorted(tuple(sorted(m.title for m in store.story(store.story_of(aid)).members)) for aid in by_url.values())
    shorts = sorted((url, store.get_short(aid).text) for url, aid in by_url.items())
    story_rows = sorted((s.size, s.outlets, s.first_seen, s.last_update) for s in store.stories(limit=1000))
    facets = [q.facet_counts(store, c) for c in ("section", "site_name", "language")]
    return arts, ents, stories, shorts, story_rows, facets, q.count_articles(store), q.count_stories(store)


def test_bulk_load_matches_seed_demo(tmp_path, db_url):
    """The per-article path on SQLite against the bulk loader on each backend."""
    from datetime import datetime, timezone

    now = datetime(2026, 1, 10, 12, tzinfo=timezone.utc)
    with open_store(path=str(tmp_path / "a.db")) as a, open_store(path=db_url) as b:
        assert seed_demo(a, generate(25, seed=9, now=now)) == seed_demo_bulk(b, generate(25, seed=9, now=now), batch=7)
        sa, sb = _snapshot(a), _snapshot(b)
        for x, y in zip(sa, sb):
            assert x == y
        url = a.latest_articles(None, 1)[0].article.url
        assert b.find_article(url) is not None and b.search("border") == b.search("border")
        same = sorted if getattr(b, "dialect", "sqlite") != "sqlite" else list  # ts_rank orders ties its way
        assert same(h.title for h in a.search("budget vote")) == same(h.title for h in b.search("budget vote"))
        # the ids written explicitly are behind the next ones (PostgreSQL's identity sequence moved)
        new = b.upsert_article(Article(title="After the load", body="one more", url="https://after.example/1"))
        assert new.article_id > max(x.id for x in b.latest_articles(None, 1000) if x.id != new.article_id)
