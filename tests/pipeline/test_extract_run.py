"""``newsdesk extract``'s run through the pipeline: ingest's readers, the extraction stage, a rendering sink."""

from __future__ import annotations

import io
import json

from newsdesk.model import Article
from newsdesk.pipeline.extract_run import ArticleWriter, extract_target, page_count, render
from newsdesk.settings import Settings

PARA = "The council voted on Tuesday to keep the night buses running through the winter months. "


def page(title: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{PARA * 3}</p>" \
           "</article></body></html>".encode()


def test_folder_to_jsonl_with_names_failures_and_skips(tmp_path):
    (tmp_path / "a.html").write_bytes(page("Night buses stay"))
    (tmp_path / "b.txt").write_text("Short dump\n\n" + PARA * 2, encoding="utf-8")
    (tmp_path / "c.html").write_bytes(b"  ")
    (tmp_path / "d.png").write_bytes(b"\x89PNG")
    assert page_count(str(tmp_path)) == 3
    out = io.StringIO()
    sink = extract_target(str(tmp_path), Settings(), out, fmt="jsonl", quiet=True)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["source"] for r in rows] == [str(tmp_path / "a.html"), str(tmp_path / "b.txt")]
    assert rows[0]["title"] == "Night buses stay" and rows[0]["url"] is None  # no URL guessed
    assert (sink.pages, sink.extracted, dict(sink.failed), sink.skipped) == (3, 2, {"empty": 1}, 1)
    assert sink.summary() == "extract: 3 pages, 2 extracted, 1 failed (empty: 1); 1 skipped (not pages)"


def test_json_array_and_forced_text(tmp_path):
    (tmp_path / "a.html").write_bytes(page("First"))
    (tmp_path / "b.html").write_bytes(page("Second"))
    out = io.StringIO()
    extract_target(str(tmp_path), Settings(), out, fmt="json", quiet=True)
    assert [a["title"] for a in json.loads(out.getvalue())] == ["First", "Second"]
    out = io.StringIO()
    extract_target(str(tmp_path / "a.html"), Settings(), out, fmt="jsonl", kind="text", url="https://x.example/a",
                   quiet=True)
    row = json.loads(out.getvalue())
    assert row["url"] == "https://x.example/a" and "<h1>" in row["body"] + (row["title"] or "")


def test_render_formats():
    a = Article(title="T", authors=["A B"], published="2026-01-02", body="Body.")
    assert render(a, "text", "s") == "T\nA B | 2026-01-02\n\nBody.\n"
    assert render(a, "markdown", "s").startswith("# T\n\n*By A B · 2026-01-02*")
    assert json.loads(render(a, "jsonl", "s"))["source"] == "s"
    w = ArticleWriter(io.StringIO(), "json", many=False, quiet=True)
    assert w.summary() == "extract: 0 pages, 0 extracted, 0 failed"
