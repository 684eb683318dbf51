"""The CLI verbs: source add/list/remove, ingest, status --json (``articles``), reextract, --db."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.testing.warc import warc_record, write_records


def page(i: int) -> bytes:
    text = " ".join(f"The festival opened its doors on day {i} with concert number {j}." for j in range(10))
    return f"<html><head><title>Festival {i}</title></head><body><h1>Festival {i}</h1><p>{text}</p></body></html>".encode()


def invoke(*args: str):
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res


def test_source_ingest_status_reextract(tmp_path):
    db = str(tmp_path / "n.db")
    warc = tmp_path / "fest.warc.gz"
    write_records(warc, [warc_record(f"https://fest.example/{i}", page(i)) for i in range(4)]
               + [warc_record("https://fest.example/x.css", b"body{}", "text/css")])

    res = invoke("source", "add", "warc", str(warc), "--name", "fest", "--db", db)
    assert res.exit_code == 0 and "added warc fest" in res.output
    res = invoke("source", "add", "feed", "https://fest.example/rss.xml", "--db", db, "--json")
    assert json.loads(res.output)[0]["kind"] == "feed"
    listed = json.loads(invoke("source", "list", "--db", db, "--json").output)
    assert {s["name"] for s in listed} == {"fest", "fest.example/rss.xml"}
    assert invoke("source", "pause", "fest.example/rss.xml", "--db", db).exit_code == 0

    res = invoke("ingest", "fest", "--db", db, "--json")
    out = json.loads(res.output)
    assert out["new"] == 4 and out["drops"] == {"not-html": 1} and out["articles"] == 4
    assert out["notes"] == {"second-looks-at-end": 4}  # the run ended: its articles' second looks taken

    status = json.loads(invoke("status", "--db", db, "--json").output)
    assert status["articles"] == 4
    fest = next(s for s in status["sources"] if s["name"] == "fest")
    assert fest["articles"] == 4 and fest["drops"] == {"not-html": 1} and fest["last_run"]["counts"]["new"] == 4
    text = invoke("status", "--db", db).output
    assert "fest [warc]: 4 articles" in text and "not-html 1" in text
    ex = json.loads(invoke("status", "--db", db, "--json", "--examples", "not-html").output)["examples"]
    assert ex == [{"reason": "not-html", "source": "fest", "url": "https://fest.example/x.css", "detail": "text/css"}]

    again = json.loads(invoke("ingest", str(warc), "--db", db, "--json", "--restart").output)
    assert again["duplicate"] == 4 and again["articles"] == 4 and "notes" not in again  # nothing new: none

    re = json.loads(invoke("reextract", "fest", "--db", db, "--json").output)
    assert re["duplicate"] == 4 and re["articles"] == 4

    assert invoke("source", "remove", "fest", "--db", db).exit_code == 0
    assert invoke("source", "remove", "fest", "--db", db).exit_code != 0


def test_db_from_environment_and_bad_target(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    assert json.loads(invoke("status", "--json").output)["articles"] == 0
    assert (tmp_path / "env.db").exists()
    from newsdesk.cli.main import main
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(tmp_path / "missing.warc.gz")])
    assert exc.value.code == 1


def test_source_add_opml_imports_every_feed(tmp_path):
    db = str(tmp_path / "o.db")
    opml = tmp_path / "feeds.opml"
    rows = "".join(f'<outline type="rss" text="F{i}" xmlUrl="https://f{i}.example/rss.xml"/>' for i in range(3))
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="News">{rows}'
                    "</outline></body></opml>")
    res = invoke("source", "add", "opml", str(opml), "--db", db)
    assert "3 source(s) added" in res.output
    again = invoke("source", "add", "opml", str(opml), "--db", db)  # idempotent
    assert again.exit_code == 0
    kinds = {s["kind"] for s in json.loads(invoke("source", "list", "--db", db, "--json").output)}
    assert kinds == {"feed"} and len(json.loads(invoke("source", "list", "--db", db, "--json").output)) == 3


def test_source_list_opml_exports_the_feeds_and_another_store_imports_them(tmp_path):
    db, other = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    for i in range(2):
        invoke("source", "add", "feed", f"https://f{i}.example/rss.xml", "--name", f"feed-{i}", "--db", db)
    invoke("source", "add", "site", "https://s.example/", "--db", db)  # not a feed: not exported
    res = CliRunner().invoke(cli, ["source", "list", "--opml", "--db", db], catch_exceptions=False)
    assert res.stdout.startswith("<?xml") and "2 feed(s) exported" in res.stderr
    path = tmp_path / "export.opml"
    path.write_text(res.stdout, encoding="utf-8")
    assert "2 source(s) added" in invoke("source", "add", "opml", str(path), "--db", other).output
    got = json.loads(invoke("source", "list", "--db", other, "--json").output)
    assert {(s["kind"], s["location"]) for s in got} == {("feed", f"https://f{i}.example/rss.xml") for i in range(2)}
