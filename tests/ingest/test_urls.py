"""URL-list sources (newsdesk.ingest.urls): a text file of URLs, bad lines as drops."""

from __future__ import annotations

import pytest

from newsdesk.errors import InputError
from newsdesk.ingest.urls import read_url_list
from newsdesk.model import Drop


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# my list\nhttps://a.example/x\n\nnot a url\nhttp://b.example/y?utm_source=z\n", encoding="utf-8")
    items = list(read_url_list(path))
    assert items[0] == "https://a.example/x" and items[2] == "http://b.example/y?utm_source=z"
    assert isinstance(items[1], Drop) and items[1].reason == "bad-url" and "line 4" in items[1].detail
    with pytest.raises(InputError):
        list(read_url_list(tmp_path / "missing.txt"))
