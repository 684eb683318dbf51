"""JSON lines of articles -> Extracted records (newsdesk cluster's source)."""

from __future__ import annotations

import json

import pytest

from newsdesk.errors import InputError
from newsdesk.ingest.jsonl import ID_HEADER, NO_ID_HEADER, article_items
from newsdesk.model import Drop, Extracted
from newsdesk.settings import Settings


def test_lines_to_records_and_resume(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([json.dumps({"id": 7, "title": "T", "body": "B", "published": "2026-01-01",
                                           "source": "S"}), "", "{bad", json.dumps({"title": "No id"})]),
                    encoding="utf-8")
    items = list(article_items(str(path), Settings()))
    first, bad, noid = (i.record for i in items)
    assert isinstance(first, Extracted) and first.page.headers == {ID_HEADER: "7"}
    assert (first.article.title, first.article.published, first.article.site_name) == ("T", "2026-01-01", "S")
    assert isinstance(bad, Drop) and bad.reason == "bad-json" and bad.detail.startswith("line 3: ")
    assert noid.page.headers == {ID_HEADER: "line-4", NO_ID_HEADER: "1"}
    assert [i.cursor for i in items] == [{"line": 1}, {"line": 3}, {"line": 4}]
    assert [i.cursor for i in article_items(str(path), Settings(), {"line": 3})] == [{"line": 4}]
    with pytest.raises(InputError):
        list(article_items(str(tmp_path / "missing.jsonl"), Settings()))
