"""The cores' state kept incrementally: logged with each batch, replayed on load, shared by writers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.ingest.warc import warc_items
from newsdesk.model import Page
from newsdesk.pipeline.ingest import IngestOptions, ingest_target
from newsdesk.pipeline.understand import Understanding
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.testing.warc import warc_record

fixtureweb = pytest.importorskip("newsdesk.fixtureweb")
REPO = Path(__file__).resolve().parents[2]


def _write(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    import gzip

    path.write_bytes(b"".join(gzip.compress(warc_record(url, body)) for url, body in pages))
    return path


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    """Two halves of a fixture web's pages (a, b), and every page again under a new URL, one word
    left out: near-duplicates of both halves (copies)."""
    folder = tmp_path_factory.mktemp("corelog")
    web = folder / "web.warc.gz"
    fixtureweb.write_warc(fixtureweb.build_site(seed=3, n_articles=60), web)
    pages = [(it.record.url, it.record.content) for it in warc_items(web, Settings())
             if isinstance(it.record, Page) and b"<p>" in it.record.content]
    half = len(pages) // 2
    # one word less (a copy no fuller than its original), its own canonical URL: another article
    copies = [(f"{u}?copy=1", re.sub(rb"<p>[^<\s]+\s", b"<p>", c, count=1).replace(u.encode(), f"{u}?copy=1".encode()))
              for u, c in pages]
    return (_write(folder / "a.warc.gz", pages[:half]), _write(folder / "b.warc.gz", pages[half:]),
            _write(folder / "copies.warc.gz", copies))


def _ingest(db: str, warc: Path, **kw) -> None:
    with open_store(path=db) as store:
        ingest_target(store, str(warc), Settings(), IngestOptions(progress=False, understand=True, **kw))


def _groups(db: str) -> tuple[set, set]:
    """(story partitions, near-duplicate groups) by article URL: comparable across stores."""
    with open_store(path=db) as store:
        arts = list(store.iter_articles())
        url = {a.id: a.article.url for a in arts}
        stories = {frozenset(url[m.article_id] for m in store.story(s.id).members) for s in store.stories(limit=5000)}
        dups = {frozenset(url[i] for i in ids) for _, ids in (store.duplicates_of(a.id) for a in arts) if ids}
    return stories, dups


def _loaded(db: str) -> Understanding:
    store = open_store(path=db)
    u = Understanding(store, Settings())
    u._load()
    return u


def test_resume_from_log_or_snapshot_gives_the_one_run_result(warcs, tmp_path, monkeypatch):
    from newsdesk.pipeline import understand

    a, _, _ = warcs
    one = str(tmp_path / "one.db")
    _ingest(one, a, batch_size=10)
    for compact in (7, 10**9):  # snapshots in between, or the log alone (no snapshot at the end either)
        monkeypatch.setattr(understand, "COMPACT_EVERY", compact)
        if compact > 100:
            monkeypatch.setattr(Understanding, "finish", lambda self: None)
        db = str(tmp_path / f"two-{compact}.db")
        _ingest(db, a, batch_size=10, limit=15)  # stopped, then resumed by a new run
        _ingest(db, a, batch_size=10)
        assert _groups(db) == _groups(one)
    with open_store(path=str(tmp_path / "two-7.db")) as store:
        assert store.core_snapshot_seq() > 0 and len(store.core_log_since(0)) <= 2
    with open_store(path=str(tmp_path / f"two-{10**9}.db")) as store:
        assert store.core_snapshot_seq() == 0 and len(store.core_log_since(0)) >= 3


def test_a_run_ends_with_a_snapshot_when_replaying_would_cost_more(warcs, tmp_path):
    a, _, _ = warcs
    db = str(tmp_path / "end.db")
    _ingest(db, a)
    with open_store(path=db) as store:
        seq = store.core_snapshot_seq()
        assert seq > 0 and [s for s, _, _ in store.core_log_since(0)] == [seq]  # the last entry stays


def _copies_grouped(db: str) -> tuple[int, int]:
    """(copies stored, copies grouped with an article of an earlier ingest)."""
    with open_store(path=db) as store:
        arts = {x.id: x.article.url for x in store.iter_articles()}
        copies = [i for i, u in arts.items() if u and "copy=1" in u]
        grouped = sum(1 for i in copies if any("copy=1" not in (arts[j] or "") for j in store.duplicates_of(i)[1]))
    return len(copies), grouped


def test_a_load_racing_another_writers_compaction_misses_no_entry(warcs, tmp_path, monkeypatch):
    """Another writer compacts between this writer's snapshot read and its log read (deleting the
    entries its new snapshot holds): the load reads the pair again and ends with every document."""
    from newsdesk.pipeline import understand

    a, _, _ = warcs
    monkeypatch.setattr(understand, "COMPACT_EVERY", 10**9)
    monkeypatch.setattr(Understanding, "finish", lambda self: None)
    db = str(tmp_path / "race.db")
    _ingest(db, a, batch_size=10)  # the log alone, no snapshot
    whole = _loaded(db).cores.dedup.state()
    other = _loaded(db)
    u = Understanding(open_store(path=db), Settings())
    real, raced = u.store.load_core_snapshot, []

    def snapshot_then_compaction():
        got = real()
        if not raced:  # the other writer compacts right after this read
            raced.append(1)
            with other.store.batch():
                other.begin()
                other.compact()
        return got

    monkeypatch.setattr(u.store, "load_core_snapshot", snapshot_then_compaction)
    u._load()
    assert raced and u.store.core_snapshot_seq() > 0
    assert u.cores.dedup.state() == whole


def test_a_later_ingest_dedups_against_both_earlier_ones(warcs, tmp_path):
    a, b, copies = warcs
    db = str(tmp_path / "seq.db")
    for w in (a, b, copies):
        _ingest(db, w)
    n, grouped = _copies_grouped(db)
    assert n >= 40 and grouped == n


def test_concurrent_ingests_keep_both_and_share_one_story_numbering(warcs, tmp_path):
    a, b, copies = warcs
    db = str(tmp_path / "conc.db")
    open_store(path=db).close()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NEWSDESK_PURE": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "newsdesk", "ingest", str(w), "--db", db, "--batch", "5",
                               "--quiet"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for w in (a, b)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()[-2000:]
    with open_store(path=db) as store:
        ids = {str(x.id) for x in store.iter_articles()}
        keys = [r[0] for r in store._rows("SELECT key FROM stories")]
    assert len(ids) == 60 and len(keys) == len(set(keys))
    u = _loaded(db)
    assert set(u.cores.dedup.parent) == ids  # every article of both runs in the near-duplicate index
    assert len(u.cores.clusterer.doc_story) == 60  # and in the clusterer, which numbered the stories once
    u.store.close()
    _ingest(db, copies)
    n, grouped = _copies_grouped(db)
    assert n >= 40 and grouped == n  # the later ingest dedups against both concurrent ones


def test_a_crash_mid_batch_leaves_the_state_of_the_committed_articles(warcs, tmp_path):
    a, _, _ = warcs
    db = str(tmp_path / "crash.db")
    seen = []

    class Crash(BaseException):
        """The process dies here (no handler of the ingest's runs: it is not an Exception)."""

    def boom(article_id, status, rec):
        seen.append(article_id)
        if len(seen) == 15:  # in the second batch of 10
            raise Crash

    with open_store(path=db) as store, pytest.raises(Crash):
        ingest_target(store, str(a), Settings(), IngestOptions(progress=False, understand=True, batch_size=10,
                                                                after_store=[boom]))
    with open_store(path=db) as store:
        committed = {str(x.id) for x in store.iter_articles()}
    assert 0 < len(committed) < 15  # the first batch only
    u = _loaded(db)
    assert set(u.cores.dedup.parent) == committed
    assert set(u.cores.clusterer.doc_story) <= committed and u.cores.clusterer.arrivals == len(committed)
    u.store.close()
    _ingest(db, a, batch_size=10)  # the rerun completes it like one run
    one = str(tmp_path / "one.db")
    _ingest(one, a, batch_size=10)
    assert _groups(db) == _groups(one)


def test_a_batch_that_fails_and_is_retried_is_placed_once(warcs, tmp_path):
    """A hook error fails the batch's transaction; the ingest flushes again: the articles are placed
    by cores reloaded from what was committed, and logged once."""
    a, _, _ = warcs
    db = str(tmp_path / "retry.db")
    seen = []

    def fail_once(article_id, status, rec):
        seen.append(article_id)
        if len(seen) == 15:
            raise RuntimeError("one failure")

    with open_store(path=db) as store:
        ingest_target(store, str(a), Settings(), IngestOptions(progress=False, understand=True, batch_size=10,
                                                                after_store=[fail_once]))
        committed = {str(x.id) for x in store.iter_articles()}
    u = _loaded(db)
    assert set(u.cores.dedup.parent) == committed and u.cores.clusterer.arrivals == len(committed)
    u.store.close()


def _store_matches_clusterer(db: str) -> None:
    """Every stored article sits in the story the clusterer (loaded from the snapshot and log) holds it in."""
    u = _loaded(db)
    c = u.clusterer
    for a in u.store.iter_articles():
        sid = c.doc_story.get(str(a.id))
        if sid is not None:
            assert u.store.story_by_key(c.resolve(sid)) == a.story_id
    u.store.close()


def test_the_looks_at_the_end_of_a_run_are_logged_and_replayed(warcs, tmp_path, monkeypatch):
    a, b, _ = warcs
    monkeypatch.setattr(Understanding, "finish", lambda self: None)  # the log alone: the settle is replayed
    db = str(tmp_path / "settle.db")
    with open_store(path=db) as store:
        _, counts = ingest_target(store, str(a), Settings(), IngestOptions(progress=False, understand=True,
                                                                           batch_size=10, settle=True))
        entries = store.core_log_since(0)
    assert counts.notes["second-looks-at-end"] == counts.stored["new"]  # each new article, its first look
    assert entries[-1][2].get("settle") and not entries[-1][2]["stories"]
    u = _loaded(db)
    assert not u.clusterer.revisit and u.clusterer.later  # replayed: the first looks taken, the next queued
    u.store.close()
    _store_matches_clusterer(db)
    with open_store(path=db) as store:  # a later run continues from the settled state
        _, again = ingest_target(store, str(b), Settings(), IngestOptions(progress=False, understand=True,
                                                                          batch_size=10, settle=True))
    assert again.notes["second-looks-at-end"] == again.stored["new"]
    _store_matches_clusterer(db)


def test_nothing_new_no_settle(warcs, tmp_path):
    a, _, _ = warcs
    db = str(tmp_path / "quiet.db")
    _ingest(db, a, settle=True)
    with open_store(path=db) as store:
        before = store.core_log_since(0)
        _, counts = ingest_target(store, str(a), Settings(), IngestOptions(progress=False, understand=True,
                                                                           settle=True))
        assert "second-looks-at-end" not in counts.notes and store.core_log_since(0) == before
