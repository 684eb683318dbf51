"""Generated demo items with known enrichment and stories, written straight into a store."""

from __future__ import annotations

from newsdesk.store import open_store
from newsdesk.testing.demo import generate, seed_demo


def test_seed_demo_writes_articles_enrichment_and_stories(tmp_path):
    items = generate(6, seed=2)
    with open_store(path=str(tmp_path / "s.db")) as store:
        assert seed_demo(store, items) == len(items)
        assert store.count_articles() == len(items)
        stories = {a.story_id for a in store.latest_articles(None, 100)}
        assert None not in stories and len(stories) == len({it.story_key for it in items}) == 6
        assert store.top_entities(limit=5)
