"""The demo builders: a real store from the fixture web (what `serve` shows), and generated items."""

from __future__ import annotations

from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.testing.demo import build_demo_store, generate, seed_demo


def test_demo_store_from_the_fixture_web(tmp_path):
    store = build_demo_store(Settings(db=str(tmp_path / "unused.db")), tmp_path / "demo", n_articles=40)
    try:
        assert store.count_articles() > 30  # a few may be dropped as duplicates (wire copies)
        assert store.sections() and store.latest_articles(None, 5)
        assert store.list_sources() == []  # it follows nothing: the WARC was read once and is gone
    finally:
        store.close()
    assert sorted(p.name for p in (tmp_path / "demo").iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
        ["demo.db"]


def test_seed_demo_writes_articles_enrichment_and_stories(tmp_path):
    items = generate(6, seed=2)
    with open_store(path=str(tmp_path / "s.db")) as store:
        assert seed_demo(store, items) == len(items)
        assert store.count_articles() == len(items)
        stories = {a.story_id for a in store.latest_articles(None, 100)}
        assert None not in stories and len(stories) == len({it.story_key for it in items}) == 6
        assert store.top_entities(limit=5)
