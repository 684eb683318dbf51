"""The shards on dask.distributed: a LocalCluster of two single-thread worker processes."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")
pytest.importorskip("distributed", reason="the batch extra (dask.distributed) is not installed")

from warcshards import fixture_shards  # noqa: E402

from newsdesk.errors import InputError, MissingExtraError  # noqa: E402
from newsdesk.pipeline.batch_dask import BatchRun, expand_inputs, run_batch  # noqa: E402
from newsdesk.pipeline.batch_io import ShardFiles, read_rows  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402


@pytest.mark.slow
def test_a_local_cluster_writes_the_same_shards_as_the_local_step(tmp_path):
    paths, _ = fixture_shards(tmp_path, n=4)
    local = run_batch(paths, str(tmp_path / "local"), Settings(), BatchRun(workers=0, progress=False))
    bad = str(tmp_path / "shards" / "broken.warc.gz")
    with open(bad, "wb") as f:
        f.write(b"this is not a WARC file at all" * 10)
    lines: list[str] = []
    on = run_batch([*paths, bad], str(tmp_path / "dask"), Settings(),
                   BatchRun(workers=2, dashboard=":0", progress=False), echo=lines.append)
    assert any(line.startswith("dask dashboard: http://") for line in lines)
    assert on.done == 5 and not on.failed and on.articles == local.articles and on.records == local.records + 1
    assert {s["worker"]["pid"] for s in on.stats} != {os.getpid()}
    for p in paths:
        a = [r["url"] for r in read_rows(ShardFiles.of(str(tmp_path / "local"), p).parquet)]
        b = [r["url"] for r in read_rows(ShardFiles.of(str(tmp_path / "dask"), p).parquet)]
        assert a == b
    again = run_batch(paths, str(tmp_path / "dask"), Settings(), BatchRun(workers=0, progress=False))
    assert again.skipped == 4 and again.done == 0


def test_a_failing_shard_is_reported_and_the_others_go_on(tmp_path):
    paths, _ = fixture_shards(tmp_path, n=2)
    missing = str(tmp_path / "gone.warc.gz")
    s = run_batch([paths[0], missing, paths[1]], str(tmp_path / "o"), Settings(), BatchRun(workers=0, progress=False))
    assert s.done == 2 and list(s.failed) == [missing] and "InputError" in s.failed[missing]


def test_inputs_expand_globs_and_refuse_what_matches_nothing(tmp_path):
    paths, _ = fixture_shards(tmp_path, n=3)
    assert expand_inputs([str(tmp_path / "shards" / "*.warc.gz")]) == sorted(paths)
    with pytest.raises(InputError, match="no WARC file"):
        expand_inputs([str(tmp_path / "nothing-*.warc.gz")])


def test_without_distributed_the_message_names_the_extra(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"newsdesk\[batch\]"):
        run_batch([], str(tmp_path), Settings(), BatchRun(workers=1, progress=False))


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    import socket

    from newsdesk.errors import ConfigError

    with socket.socket() as so:  # a port nobody listens on
        so.bind(("127.0.0.1", 0))
        port = so.getsockname()[1]
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        run_batch([], str(tmp_path), Settings(), BatchRun(scheduler=f"tcp://127.0.0.1:{port}", progress=False,
                                                          connect_timeout="2s"))
