"""``newsdesk extract``: files, folders, stdin, a local URL; formats; failures counted, never fatal."""

from __future__ import annotations

import gzip
import http.server
import json
import threading

import pytest
from click.testing import CliRunner

import newsdesk
from newsdesk.cli.main import cli

PARA = "The river rose two metres overnight and the old bridge was closed to traffic until further notice. "


def page(title: str, author: str = "Mina Park") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title} | Valley News</title></head><body>"
            f"<article><h1>{title}</h1><p class='byline'>By {author}</p><p>{PARA * 4}</p><p>{PARA * 3}</p>"
            "</article></body></html>").encode()


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["extract", *args], input=input, catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.html").write_bytes(page("Flood closes the old bridge"))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.html.gz").write_bytes(gzip.compress(page("Volunteers fill sandbags", "Raj Patel")))
    (sub / "c.txt").write_text("Just a plain text note.\n\n" + PARA * 3, encoding="utf-8")
    (sub / "broken.htm").write_bytes(b"\x00\x00  \x00")
    (sub / "bad.html.gz").write_bytes(b"not gzip at all")
    (sub / "ignored.png").write_bytes(b"\x89PNG")
    return tmp_path


def test_single_file_json(folder):
    res = run(str(folder / "a.html"), "--url", "https://valley.example/news/flood")
    assert res.exit_code == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["title"] == "Flood closes the old bridge" and d["authors"] == ["Mina Park"]
    assert d["url"] == "https://valley.example/news/flood" and "two metres" in d["body"]
    assert "1 pages, 1 extracted, 0 failed" in res.stderr


def test_folder_jsonl_counts_failures_and_goes_on(folder):
    res = run(str(folder), "--format", "jsonl")
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    titles = {r["title"] for r in rows}
    assert {"Flood closes the old bridge", "Volunteers fill sandbags"} <= titles
    assert all(r["source"] for r in rows)
    assert "5 pages" in res.stderr and "failed" in res.stderr
    assert "broken.htm: failed (parse)" in res.stderr and "bad.html.gz: failed (unreadable)" in res.stderr


def test_folder_json_is_one_array(folder):
    res = run(str(folder), "--format", "json", "-q")
    arr = json.loads(res.stdout)
    assert isinstance(arr, list) and len(arr) >= 2


def test_stdin_text_and_markdown():
    res = run("-", "--format", "text", input=page("Rain returns to the valley"))
    assert res.exit_code == 0 and res.stdout.startswith("Rain returns to the valley\n")
    res = run("-", "--format", "markdown", input=page("Rain returns to the valley"))
    assert res.stdout.startswith("# Rain returns to the valley") and "*By Mina Park" in res.stdout


def test_text_input_goes_to_the_text_extractor(monkeypatch, tmp_path):
    seen = []

    def fake_extract_text(text, url=None, site=None):
        seen.append(text)
        return newsdesk.Article(title=text.splitlines()[0], body=text)

    monkeypatch.setattr(newsdesk, "extract_text", fake_extract_text)
    res = run("-", "--input", "text", "--format", "jsonl", input=b"<p>Headline here</p>\n\nBody text.")
    assert res.exit_code == 0 and json.loads(res.stdout)["title"] == "<p>Headline here</p>"
    (tmp_path / "dump.txt").write_text("Plain headline\n\nBody text.", encoding="utf-8")
    res = run(str(tmp_path / "dump.txt"), "--format", "jsonl")  # auto: .txt is a text dump
    assert json.loads(res.stdout)["title"] == "Plain headline" and len(seen) == 2
    res = run("-", "--format", "jsonl", input=b"no markup at all, just words")  # auto: not markup
    assert len(seen) == 3


def test_nothing_extracted_is_an_error(tmp_path):
    (tmp_path / "x.html").write_bytes(b"   ")
    res = run(str(tmp_path / "x.html"))
    assert res.exit_code == 1 and "0 extracted" in res.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(str(empty)).exit_code == 1


def test_missing_path_is_a_user_error(tmp_path):
    res = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "no such file" in res.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/story":
            body = page("Bridge reopens after the flood").replace(b"Valley News", b"Valley News \xe9t\xe9")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=iso-8859-1")
        else:
            body = b"not found"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def test_url_through_the_fetcher(monkeypatch):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        res = run(f"{base}/story", "--format", "jsonl")
        assert res.exit_code == 0, res.stderr
        d = json.loads(res.stdout)
        assert d["title"] == "Bridge reopens after the flood" and d["url"] == f"{base}/story"
        res = run(f"{base}/missing")
        assert res.exit_code == 1 and "failed" in res.stderr
    finally:
        srv.shutdown()


def test_private_url_refused_by_default(monkeypatch):
    monkeypatch.delenv("NEWSDESK_ALLOW_PRIVATE", raising=False)
    res = run("http://127.0.0.1:9/x")
    assert res.exit_code == 1 and ("blocked" in res.stderr.lower() or "private" in res.stderr.lower()), res.stderr
