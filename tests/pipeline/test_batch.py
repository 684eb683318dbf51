"""The per-shard batch step (no Dask): outputs, stats, marker, skip and redo after a crash."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")

from warcshards import fixture_shards  # noqa: E402

from newsdesk.errors import InputError, MissingExtraError  # noqa: E402
from newsdesk.pipeline import batch as batch_mod  # noqa: E402
from newsdesk.pipeline.batch import BatchOptions, process_shard  # noqa: E402
from newsdesk.pipeline.batch_io import ShardFiles, read_rows, record_of  # noqa: E402
from newsdesk.pipeline.core import Counts, run  # noqa: E402
from newsdesk.ingest.sources import adapter  # noqa: E402
from newsdesk.pipeline.stages import default_stages  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return fixture_shards(tmp_path_factory.mktemp("b"), n=4)


def _rows(files: ShardFiles) -> list[dict]:
    return list(read_rows(files.parquet))


def test_a_shard_holds_what_the_pipeline_extracts(shards, tmp_path):
    paths, truth = shards
    out = str(tmp_path / "out")
    stats = [process_shard(p, out) for p in paths]
    assert not any(s["skipped"] for s in stats)
    assert sum(s["articles"] for s in stats) >= len(truth["articles"])  # updated articles come twice
    for p, st in zip(paths, stats):
        files = ShardFiles.of(out, p)
        assert st["records"] == st["articles"] + st["dropped"]
        assert sum(st["drops"].values()) == st["dropped"] == len(st["drop_list"])
        assert all(d["reason"] and "url" in d for d in st["drop_list"])
        assert json.load(open(files.marker))["articles"] == st["articles"]
        assert st["worker"]["OMP_NUM_THREADS"] == "1"
        # the same records as the ingest pipeline's stages give, in the same order
        items = adapter("warc").load()(p, Settings(), {})
        expect = []

        class Collect:
            def write(self, r, c):
                expect.append(r)

            def flush(self):
                pass

        run(items, default_stages(Settings()), Collect(), None, Counts())
        got = [record_of(r) for r in _rows(files)]
        arts = [r for r in expect if hasattr(r, "article")]
        assert [g.article.to_dict() for g in got] == [a.article.to_dict() for a in arts]
        assert all(g.enrichment is not None and g.enrichment.language for g in got)
        assert [g.page.url for g in got] == [a.page.url for a in arts]
    assert not [n for n in os.listdir(out) if ".tmp-" in n]


def test_a_finished_shard_is_skipped_and_an_unmarked_one_redone(shards, tmp_path):
    paths, _ = shards
    out = str(tmp_path / "out")
    first = process_shard(paths[0], out)
    files = ShardFiles.of(out, paths[0])
    mtime = os.stat(files.parquet).st_mtime_ns
    again = process_shard(paths[0], out)
    assert again["skipped"] and again["articles"] == first["articles"]
    assert os.stat(files.parquet).st_mtime_ns == mtime  # not rewritten
    # a worker killed after the Parquet file but before the marker: the shard is redone whole
    os.unlink(files.marker)
    redo = process_shard(paths[0], out)
    assert not redo["skipped"] and redo["articles"] == first["articles"]
    # a marker for another input of the same name does not vouch for this one
    with open(files.marker, "w") as f:
        json.dump({"input": paths[0], "size": 1}, f)
    assert not process_shard(paths[0], out)["skipped"]


def test_a_crash_mid_shard_leaves_no_marker_and_the_rerun_loses_nothing(shards, tmp_path, monkeypatch):
    paths, _ = shards
    out = str(tmp_path / "out")
    whole = process_shard(paths[1], str(tmp_path / "ref"))
    calls = {"n": 0}
    real = batch_mod.row_of

    def dying(*a, **k):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # stands in for the worker's death (not an Exception: nothing catches it)
        return real(*a, **k)

    monkeypatch.setattr(batch_mod, "row_of", dying)
    with pytest.raises(KeyboardInterrupt):
        process_shard(paths[1], out)
    files = ShardFiles.of(out, paths[1])
    assert not os.path.exists(files.marker) and not os.path.exists(files.parquet)
    assert [n for n in os.listdir(out) if ".tmp-" in n]  # the partial file, under its temporary name
    monkeypatch.setattr(batch_mod, "row_of", real)
    redo = process_shard(paths[1], out)
    assert not redo["skipped"] and redo["articles"] == whole["articles"] and redo["drops"] == whole["drops"]
    assert not [n for n in os.listdir(out) if ".tmp-" in n]
    ref = [r["url"] for r in read_rows(ShardFiles.of(str(tmp_path / "ref"), paths[1]).parquet)]
    assert [r["url"] for r in _rows(files)] == ref


def test_keep_pages_and_bad_input(shards, tmp_path):
    paths, _ = shards
    out = str(tmp_path / "out")
    process_shard(paths[2], out, options=BatchOptions(keep_pages=True))
    rows = _rows(ShardFiles.of(out, paths[2]))
    assert rows and all(r["content"] and b"<" in r["content"] for r in rows)
    with pytest.raises(InputError):
        process_shard(str(tmp_path / "missing.warc.gz"), out)
    assert not os.path.exists(ShardFiles.of(out, str(tmp_path / "missing.warc.gz")).marker)


def test_without_pyarrow_the_message_names_the_extra(monkeypatch, tmp_path, shards):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"newsdesk\[batch\]"):
        process_shard(shards[0][0], str(tmp_path / "o"))


def test_the_shard_sink_counts_notes_and_numbers_records(tmp_path):
    from newsdesk.model import Drop, Fetched
    from newsdesk.pipeline.batch import ShardSink
    from newsdesk.pipeline.batch_io import ShardWriter

    counts = Counts()
    writer = ShardWriter(str(tmp_path / "x.parquet"))
    sink = ShardSink(writer, counts, keep_pages=False)
    sink.write(Fetched("https://a.example/", ok=True, status=200), None)
    sink.write(Drop("not-html", "text/css", url="https://a.example/x.css"), {"offset": 10, "done": True})
    sink.write(object(), {"offset": 20, "done": True})
    writer.close()
    assert counts.notes == {"Fetched": 1} and counts.drops == {"not-html": 1, "unknown-record": 1}
    assert [(d["idx"], d["offset"], d["reason"]) for d in sink.drops] == [(0, 10, "not-html"), (1, 20, "unknown-record")]
