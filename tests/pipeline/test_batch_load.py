"""Shards into a store: the same articles, stories, near-duplicates and enrichment as ``ingest``."""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")
pytest.importorskip("newsdesk.cluster")

from warcshards import fixture_shards  # noqa: E402

from newsdesk.pipeline import understand as understand_mod  # noqa: E402
from newsdesk.pipeline.batch import process_shard  # noqa: E402
from newsdesk.pipeline.batch_io import ShardFiles  # noqa: E402
from newsdesk.pipeline.batch_load import load_shards  # noqa: E402
from newsdesk.pipeline.ingest import IngestOptions, ingest_target, settle_run  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402
from newsdesk.store import open_store  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("load")
    paths, truth = fixture_shards(tmp, n=4)
    out = str(tmp / "out")
    for p in paths:
        process_shard(p, out)
    ref = str(tmp / "ingest.db")
    with open_store(path=ref) as store:
        for p in paths:
            ingest_target(store, p, Settings(), IngestOptions(progress=False, understand=True, keep_pages=False))
        settle_run(understand_mod.Understanding(store, Settings()))  # the shards one after the other, then the looks
    return paths, out, ref, truth


def snapshot(db: str) -> dict:
    """What a reader sees: articles, story partition, near-duplicate groups, enrichment, drops."""
    with open_store(path=db) as store:
        arts = list(store.iter_articles())
        url = {a.id: a.article.url for a in arts}
        stories: dict = {}
        for a in arts:
            stories.setdefault(a.story_id, set()).add(a.article.url)
        dups = {frozenset(url[i] for i in ids) for _, ids in (store.duplicates_of(a.id) for a in arts) if len(ids) > 1}
        return {
            "articles": sorted((a.article.url, a.article.title, a.article.body, a.article.published, a.version)
                               for a in arts),
            "stories": sorted(sorted(s) for s in stories.values()),
            "unassigned": sum(a.story_id is None for a in arts),
            "dups": dups,
            "enrichment": sorted((a.article.url, a.article.section, a.article.language, tuple(a.article.tags),
                                  store.get_short(a.id)) for a in arts),
            "drops": store.drop_counts(),
        }


def _load(db: str, paths: list[str], out: str, **kw) -> object:
    with open_store(path=db) as store:
        return load_shards(store, [(p, ShardFiles.of(out, p)) for p in paths], Settings(), progress=False, **kw)


def test_load_equals_ingest_and_a_rerun_adds_nothing(world, db_url):
    """On SQLite and on PostgreSQL (``db_url``), against ``ingest`` into SQLite."""
    paths, out, ref, truth = world
    db = db_url
    counts = _load(db, paths, out)
    got, want = snapshot(db), snapshot(ref)
    assert len(got["articles"]) == len(truth["articles"])
    assert got["unassigned"] == 0 and len(got["stories"]) > 1 and got["dups"]
    assert got == want
    again = _load(db, paths, out)
    assert again.seen == 0 and snapshot(db) == want
    assert counts.stored["new"] == len(truth["articles"])
    # the WARC sources carry the checkpoint: ingesting a loaded shard afterwards reads nothing new
    with open_store(path=db) as store:
        _, c = ingest_target(store, paths[-1], Settings(), IngestOptions(progress=False, understand=True))
    assert c.seen == 0


def test_the_load_finishes_the_shards_per_article_enrichment(world, tmp_path, monkeypatch):
    """The load does not compute language, section, short, page type, candidates again: it finishes the
    shard's part with the store's corpus state, to the same store as ``ingest`` (entities too)."""
    import newsdesk.enrich

    paths, out, ref, _ = world

    def not_again(*a, **kw):
        raise AssertionError("the per-article enrichment was computed again")

    monkeypatch.setattr(newsdesk.enrich, "enrich_article", not_again)
    db = str(tmp_path / "parts.db")
    counts = _load(db, paths, out)
    assert set(counts.notes) == {"second-looks-at-end"}  # no error
    assert snapshot(db) == snapshot(ref)
    with open_store(path=db) as got, open_store(path=ref) as want:
        assert [got.article_entities(a.id) for a in got.iter_articles()] == \
            [want.article_entities(a.id) for a in want.iter_articles()]


def test_a_load_killed_midway_resumes_to_the_same_store(world, tmp_path, monkeypatch):
    paths, out, ref, _ = world
    db = str(tmp_path / "killed.db")
    real = understand_mod.Understanding.enrich_stage
    calls = {"n": 0}

    def dying(self, rec):
        calls["n"] += 1
        if calls["n"] == 37:
            raise KeyboardInterrupt
        return real(self, rec)

    monkeypatch.setattr(understand_mod.Understanding, "enrich_stage", dying)
    with pytest.raises(KeyboardInterrupt):
        _load(db, paths, out, batch_size=10)
    monkeypatch.setattr(understand_mod.Understanding, "enrich_stage", real)
    with open_store(path=db) as store:
        partial = store.count_articles()
    assert 0 < partial < len(snapshot(ref)["articles"])
    _load(db, paths, out, batch_size=10)
    assert snapshot(db) == snapshot(ref)


def test_crawl_times_sort_in_time_order():
    from newsdesk.pipeline.batch_load import _time_key

    times = ["2026-03-01T00:00:01Z", "2026-03-01T00:00:00.500Z", "2026-03-01T01:00:00+02:00", None, "not a date"]
    assert sorted(times, key=_time_key) == [None, "not a date", "2026-03-01T01:00:00+02:00",
                                            "2026-03-01T00:00:00.500Z", "2026-03-01T00:00:01Z"]
