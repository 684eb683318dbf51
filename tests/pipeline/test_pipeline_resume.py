"""Resume: kill -9 in the middle of an ingest, run again: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from newsdesk.testing.warc import warc_record, write_records
from newsdesk.pipeline.ingest import IngestOptions, ingest_target
from newsdesk.settings import Settings
from newsdesk.store import open_store

N = 160


def article_page(i: int) -> bytes:
    words = " ".join(f"w{i}x{j}" for j in range(60))
    return (f"<html><head><title>Report {i}</title><link rel=canonical href='https://paper.example/n/{i}'>"
            f"</head><body><h1>Report {i}</h1><p>Council meeting number {i} decided many things. {words}</p>"
            f"<p>Second paragraph of report {i} with more detail on the vote and its results.</p></body></html>"
            ).encode()


def build_warc(path) -> None:
    recs = []
    for i in range(N):
        recs.append(warc_record(f"https://paper.example/n/{i}?utm_source=feed", article_page(i)))
        if i % 10 == 0:
            recs.append(warc_record(f"https://paper.example/img/{i}.jpg", b"\xff\xd8jpeg", "image/jpeg"))
        if i % 25 == 0:  # the same article again under a tracking URL
            recs.append(warc_record(f"https://www.paper.example/n/{i}", article_page(i)))
    write_records(path, recs)


def snapshot(db: str) -> tuple:
    with open_store(path=db) as store:
        arts = sorted((a.norm_url, a.content_hash, a.version) for a in store.iter_articles())
        return arts, store.drop_counts(), store.count_pages()


SCRIPT = textwrap.dedent("""
    import sys, time
    from newsdesk.pipeline.ingest import IngestOptions, ingest_target
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    def slow(rec):
        time.sleep(0.004)
        return rec

    store = open_store(path=sys.argv[2])
    ingest_target(store, sys.argv[1], Settings(), IngestOptions(progress=False, batch_size=7, hooks=[slow]))
""")


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_equals_clean_run(tmp_path):
    warc = str(tmp_path / "paper.warc.gz")
    build_warc(warc)
    clean = str(tmp_path / "clean.db")
    with open_store(path=clean) as store:
        ingest_target(store, warc, Settings(), IngestOptions(progress=False))
    expected = snapshot(clean)
    assert len(expected[0]) == N and expected[1] == {"not-html": N // 10}

    killed = str(tmp_path / "killed.db")
    open_store(path=killed).close()
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, warc, killed], env={**os.environ, "OMP_NUM_THREADS": "1"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            conn = sqlite3.connect(killed, timeout=5)
            try:
                n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                n = 0
            conn.close()
            if n >= N // 4:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = snapshot(killed)
    assert 0 < len(partial[0]) < N, "the kill did not land mid-way"

    with open_store(path=killed) as store:
        _, counts = ingest_target(store, warc, Settings(), IngestOptions(progress=False))
        runs = store.status()[0]
    assert snapshot(killed) == expected
    # the rerun started after the checkpoint: it did not read the whole archive again
    assert counts.seen < N + N // 10 + N // 25 + 1
    assert runs.articles == N
