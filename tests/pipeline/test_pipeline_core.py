"""The step runner and the store sink: drops with reasons, counts, one transaction per batch, reliability."""

from __future__ import annotations

import gzip

import pytest

from newsdesk.errors import ExtractionError
from newsdesk.testing.warc import warc_record, write_records
from newsdesk.model import Article, Drop, Page
from newsdesk.pipeline import Counts, Extracted, Item, run, run_stages
from newsdesk.pipeline.ingest import IngestOptions, ingest_target, reextract, resolve_target
from newsdesk.pipeline.sink import StoreSink
from newsdesk.settings import Settings
from newsdesk.store import open_store


def story(i: int, charset: str = "utf-8", encode_as: str | None = None) -> bytes:
    """An article page; ``encode_as`` other than ``charset`` makes a page that lies about its charset."""
    text = " ".join(f"Der Bürgermeister sagte am Montag {i}, die Brücke {j} werde repariert." for j in range(10))
    return (f"<html><head><meta charset='{charset}'><title>Brücke {i}</title></head><body><h1>Brücke {i}</h1>"
            f"<p>{text}</p></body></html>").encode(encode_as or charset)


@pytest.fixture
def store(tmp_path):
    s = open_store(path=str(tmp_path / "t.db"))
    yield s
    s.close()


def test_run_stages_turns_errors_into_drops():
    def boom(_):
        raise ExtractionError("no article here")

    def bug(_):
        raise KeyError("x")

    page = Page(url="https://e.example/1", content=b"x")
    assert run_stages(page, [boom]) == Drop("no-article", "no article here", url="https://e.example/1")
    assert run_stages(page, [bug]).reason == "stage-error"
    assert run_stages(page, [lambda p: Drop("nope"), bug]).reason == "nope"


class ListSink:
    def __init__(self, counts):
        self.out, self.counts = [], counts

    def write(self, result, cursor):
        self.out.append((result, cursor))
        if isinstance(result, Drop):
            self.counts.drops[result.reason] += 1

    def flush(self):
        pass


def test_run_streams_and_counts():
    counts = Counts()
    sink = ListSink(counts)
    items = [Item(Page(url=str(i), content=b"x"), cursor={"n": i}) for i in range(5)]
    run(items, [lambda p: Drop("odd") if int(p.url) % 2 else p], sink, counts=counts)
    assert counts.seen == 5 and counts.drops == {"odd": 2} and sink.out[-1][1] == {"n": 4}


def test_sink_commits_checkpoint_with_results(store):
    src = store.add_source("warc", "/x.warc")
    counts = Counts()
    sink = StoreSink(store, counts, source_id=src.id, batch_size=3)
    art = Article(title="T", url="https://e.example/a", body="body words " * 30)
    sink.write(Extracted(Page(url="https://e.example/a", content=b"<p>a</p>"), art), {"offset": 1})
    sink.write(Drop("not-html"), {"offset": 2})
    assert store.count_articles() == 0 and store.get_source(src.id).checkpoint == {}
    sink.write(Drop("not-html"), {"offset": 3})  # third write: the batch commits
    assert store.count_articles() == 1 and store.get_source(src.id).checkpoint == {"offset": 3}
    assert store.drop_counts(src.id) == {"not-html": 2} and counts.stored == {"new": 1}


def test_reliability_malformed_huge_and_wrong_charset_in_one_warc(tmp_path, store):
    big = b"<html><body><p>" + b"spam " * 11_000_000 + b"</p></body></html>"  # ~55 MB
    lying = story(2, "utf-8", encode_as="cp1252")  # cp1252 bytes; header and meta say utf-8
    parts = [
        warc_record("https://city.example/1", story(1)),
        b"NOT A WARC RECORD AT ALL\r\n\r\n",
        warc_record("https://city.example/huge", big),
        warc_record("https://city.example/2", lying, "text/html; charset=utf-8"),
        warc_record("https://city.example/3", story(3, "iso-8859-1"), "text/html; charset=iso-8859-1"),
    ]
    path = tmp_path / "city.warc.gz"
    path.write_bytes(b"".join(gzip.compress(p, 1) for p in parts))
    _, counts = ingest_target(store, str(path), Settings(), IngestOptions(progress=False))
    drops = store.drop_counts()
    assert drops.get("too-large") == 1 and drops.get("warc-malformed", 0) >= 1
    assert counts.stored["new"] == 3
    by_url = {a.article.url: a.article for a in store.iter_articles()}
    assert "Brücke" in by_url["https://city.example/3"].body
    assert "Montag 2" in by_url["https://city.example/2"].body  # stored; decoding is the extractor's job
    st = store.status()[0]
    assert st.drops["too-large"] == 1 and st.last_run["status"] == "done"


def test_folder_ingest_html_and_text_dumps(tmp_path, store):
    root = tmp_path / "dump"
    root.mkdir()
    (root / "a.html").write_bytes(story(1))
    (root / "b.html.gz").write_bytes(gzip.compress(story(2, "iso-8859-1")))
    (root / "c.txt").write_text("Brücke 3\n\n" + "\n\n".join(
        f"Der Bürgermeister sagte, die Brücke {j} werde im Frühjahr repariert und die Kosten seien hoch." for j in range(8)
    ))
    (root / "d.png").write_bytes(b"\x89PNG")
    src = resolve_target(store, str(root))
    assert src.kind == "folder"
    _, counts = ingest_target(store, str(root), Settings(), IngestOptions(progress=False))
    assert counts.stored["new"] == 3 and store.drop_counts() == {"unsupported-file": 1}
    # nothing new on a second run: the checkpoint says every file is done
    _, again = ingest_target(store, str(root), Settings(), IngestOptions(progress=False))
    assert again.seen == 0
    # forced from the start: all duplicates, still three articles
    _, forced = ingest_target(store, str(root), Settings(), IngestOptions(progress=False, restart=True))
    assert forced.stored["duplicate"] == 3 and store.count_articles() == 3


def test_reextract_makes_versions_only_when_the_body_changes(tmp_path, store):
    path = tmp_path / "a.warc.gz"
    write_records(path, [warc_record(f"https://city.example/{i}", story(i)) for i in range(3)])
    ingest_target(store, str(path), Settings(), IngestOptions(progress=False))
    counts = reextract(store, Settings(), IngestOptions(progress=False))
    assert counts.stored == {"duplicate": 3} and store.count_articles() == 3

    def louder(rec):
        rec.article.body += "\n\nCorrection appended."
        return rec

    counts = reextract(store, Settings(), IngestOptions(progress=False, hooks=[louder]))
    assert counts.stored == {"updated": 3}
    a = next(store.iter_articles())
    assert a.version == 2 and len(store.article_versions(a.id)) == 1


def test_follow_polls_due_sources_and_picks_up_new_files(tmp_path, store):
    root = tmp_path / "drop"
    root.mkdir()
    (root / "a.html").write_bytes(story(1))
    src = resolve_target(store, str(root))
    waits = []

    def next_cycle(sources, counts):
        # a new file arrives, and the source is due again at once
        (root / f"b{len(waits)}.html").write_bytes(story(10 + len(waits)))
        store.update_source(src.id, next_fetch_at="2000-01-01T00:00:00Z")

    from newsdesk.pipeline.ingest import follow

    total = follow(store, Settings(), IngestOptions(progress=False), max_cycles=3, sleep=waits.append,
                   on_cycle=next_cycle)
    assert total.stored["new"] == 3 and store.count_articles() == 3
    assert len(waits) == 3 and all(w >= 1.0 for w in waits)


def test_notes_skip_the_stages_and_the_store_sink_logs_them(store):
    from newsdesk.model import Fetched, SourceUpdate
    from newsdesk.pipeline.core import limit_records

    src = store.add_source("feed", "https://e.example/feed.xml")
    counts = Counts()
    sink = StoreSink(store, counts, source_id=src.id, batch_size=100)
    page = Page(url="https://e.example/a", content=b"x")
    items = [Item(Fetched("https://e.example/feed.xml", ok=True, status=200, bytes=10)),
             Item(SourceUpdate({"etag": '"v2"'})),
             Item(Fetched("https://e.example/a", ok=False, error_reason="timeout")), Item(page, {"seen": ["a"]}),
             Item(Fetched("https://e.example/b", ok=True)), Item(page, {"seen": ["a", "b"]})]
    touched = []
    run(limit_records(items, 1), [lambda p: touched.append(p) or Drop("judged")], sink, counts=counts)
    assert counts.seen == 1 and touched == [page]  # the limit counts records, never notes
    st = store.status()[0]
    assert st.last_fetch.url == "https://e.example/a" and st.fetch_errors == {"timeout": 1}
    got = store.get_source(src.id)
    assert got.etag == '"v2"' and got.checkpoint == {"seen": ["a"]}
