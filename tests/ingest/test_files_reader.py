"""Folders of saved pages: HTML (plain or gzipped) and text dumps become pages; the rest is counted."""

from __future__ import annotations

import gzip

from newsdesk.ingest.files import file_items, page_kind
from newsdesk.model import Drop, Page
from newsdesk.settings import Settings

S = Settings()
HTML = b"<html><body><h1>T</h1><p>" + b"words " * 50 + b"</p></body></html>"


def make(tmp_path):
    (tmp_path / "a.html").write_bytes(HTML)
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(HTML.replace(b"T", b"B")))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("A headline\n\n" + "Text dump line. " * 30)
    (sub / "d.pdf").write_bytes(b"%PDF")
    (sub / "e.html").write_bytes(b"   ")
    (tmp_path / "f.html.gz").write_bytes(b"not gzip at all")
    (tmp_path / ".hidden.html").write_bytes(HTML)
    return tmp_path


def test_kinds_and_reasons(tmp_path):
    items = list(file_items(make(tmp_path), S))
    got = [(i.cursor["last"], i.record.kind if isinstance(i.record, Page) else i.record.reason) for i in items]
    assert got == [("a.html", "html"), ("b.htm.gz", "html"), ("f.html.gz", "unreadable"), ("sub/c.txt", "text"),
                   ("sub/d.pdf", "unsupported-file"), ("sub/e.html", "empty")]
    assert items[1].record.content.startswith(b"<html><body><h1>B")
    assert items[0].record.headers["x-newsdesk-path"] == "a.html"


def test_resume_and_single_file(tmp_path):
    root = make(tmp_path)
    rest = list(file_items(root, S, {"last": "b.htm.gz"}))
    assert [i.cursor["last"] for i in rest][0] == "f.html.gz"
    one = list(file_items(root / "a.html", S))
    assert len(one) == 1 and isinstance(one[0].record, Page)


def test_gzip_bomb_and_big_file_are_too_large(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    (tmp_path / "big.html").write_bytes(b"<p>" + b"b" * 2_000_000)
    items = list(file_items(tmp_path, Settings(extract_max_bytes=1_000_000)))
    assert [i.record.reason for i in items if isinstance(i.record, Drop)] == ["too-large", "too-large"]


def test_page_kind():
    assert page_kind("X.HTML.GZ") == "html" and page_kind("dump.txt") == "text" and page_kind("a.json") is None


def test_one_named_file_is_sniffed_and_stdin_is_read(tmp_path, monkeypatch):
    import io
    import sys

    from newsdesk.ingest.files import sniff_kind, stdin_items

    (tmp_path / "saved").write_bytes(b"<!doctype html><html><body><p>x</p></body></html>")
    (tmp_path / "notes.md").write_bytes(b"just words")
    assert [i.record.kind for i in file_items(tmp_path / "saved", S)] == ["html"]
    assert [i.record.kind for i in file_items(tmp_path / "notes.md", S)] == ["text"]
    assert [i.record.reason for i in file_items(tmp_path, S)] == ["unsupported-file", "unsupported-file"]
    assert sniff_kind("a.txt", b"<html>") == "text" and sniff_kind("", b"<div>x</div>") == "html"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>hello</p>")))
    (item,) = stdin_items("-", S)
    assert item.record.content == b"<p>hello</p>" and item.record.kind == "html"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 50)))
    (item,) = stdin_items("-", Settings(extract_max_bytes=10))
    assert item.record.reason == "too-large"
