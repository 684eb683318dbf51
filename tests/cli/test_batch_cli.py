"""``newsdesk batch``: shards, a rerun that adds nothing, the load into a store, the missing extra."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsdesk.cli.main import cli, main


def test_importing_newsdesk_and_the_verb_needs_no_extra():
    code = ("import sys, newsdesk, newsdesk.cli.main, newsdesk.cli.batch, newsdesk.pipeline.batch, "
            "newsdesk.pipeline.batch_dask, newsdesk.pipeline.batch_load; "
            "print(sorted(m for m in ('pyarrow', 'dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_without_the_extra_batch_says_which_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(b"")
    with pytest.raises(SystemExit) as exc:
        main(["batch", str(warc), "--out", str(tmp_path / "o"), "--workers", "1", "-q"])
    assert exc.value.code != 0
    assert "pip install 'newsdesk[batch]'" in capsys.readouterr().err


def test_batch_then_load_then_rerun(tmp_path):
    pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")
    from warcshards import fixture_shards

    paths, truth = fixture_shards(tmp_path, n=3)
    glob = str(tmp_path / "shards" / "shard-*.warc.gz")
    db = str(tmp_path / "b.db")
    args = ["batch", glob, "--out", str(tmp_path / "out"), "--workers", "0", "--db", db, "--json"]
    res = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["shards"] == 3 and out["done"] == 3 and out["load"]["articles"] == len(truth["articles"])
    assert out["load"]["stories"] > 1 and out["records"] == out["articles"] + out["dropped"]
    again = json.loads(CliRunner().invoke(cli, args, catch_exceptions=False).output)
    assert again["skipped"] == 3 and again["done"] == 0 and again["load"]["seen"] == 0
    assert again["load"]["articles"] == len(truth["articles"])
    text = CliRunner().invoke(cli, args[:-1] + ["-q"], catch_exceptions=False).output
    assert "3 shards: 0 done, 3 already done, 0 failed" in text and f"{len(truth['articles'])} articles" in text


def test_a_failed_shard_fails_the_command_and_is_not_loaded(tmp_path):
    pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")
    arc = tmp_path / "old.arc.gz"  # ARC files are refused with a clear error: the shard fails
    arc.write_bytes(b"filedesc://old.arc 0.0.0.0 20260101000000 text/plain 10\n")
    db = tmp_path / "b.db"
    res = CliRunner().invoke(cli, ["batch", str(arc), "--out", str(tmp_path / "o"), "--workers", "0", "-q",
                                   "--db", str(db)])
    assert res.exit_code == 1
    assert "failed: " in res.output and "ARC files are not read" in res.output and "not loaded" in res.output
    assert not db.exists()
    missing = CliRunner().invoke(cli, ["batch", str(tmp_path / "gone.warc.gz"), "--out", str(tmp_path / "o")])
    assert missing.exit_code != 0
