"""The demo store `serve` shows on an empty store: the fixture web run through the real pipeline."""

from __future__ import annotations

from newsdesk.pipeline.demo import build_demo_store
from newsdesk.settings import Settings


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
