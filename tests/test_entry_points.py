"""The library entry points are bounded: too much input is a clear error at once (issue 18)."""

from __future__ import annotations

import time

import pytest

import newsdesk
from newsdesk.errors import ExtractionError, InputTooLarge, NewsdeskError
from newsdesk.settings import Settings


def test_extract_text_has_a_size_limit_and_a_clear_error():
    big = "A line of flattened page text that goes on.\n" * 200_000  # 9 MB
    t0 = time.process_time()
    with pytest.raises(InputTooLarge, match="over the limit of 5000000") as info:
        newsdesk.extract_text(big)
    with pytest.raises(InputTooLarge):
        newsdesk.extract_text(big.encode())
    assert time.process_time() - t0 < 0.5 and info.value.reason == "too-large"
    assert isinstance(info.value, NewsdeskError)
    small = "Title\n" + "A sentence of the article body that is long enough to count.\n" * 5
    newsdesk.extract_text(small * 3, max_bytes=len(small) * 3)  # at the limit: read
    with pytest.raises(InputTooLarge):
        newsdesk.extract_text(small, max_bytes=10)


def test_extract_has_a_size_limit_and_a_clear_error():
    page = b"<html><body><p>" + b"word " * 300 + b"</p></body></html>"
    with pytest.raises(InputTooLarge, match="page of"):
        newsdesk.extract(page, settings=Settings(extract_max_bytes=1000))
    with pytest.raises(InputTooLarge):
        newsdesk.extract(page.decode(), settings=Settings(extract_max_bytes=1000))
    assert newsdesk.extract(page, settings=Settings(extract_max_bytes=10_000)).body



def test_deeply_nested_html_is_a_clear_drop_reason_not_a_silent_empty_body():
    words = " ".join(f"word{i}" for i in range(100))
    for tag in (b"div", b"span"):
        page = (b"<html><head><title>T</title></head><body>" + b"<%s>" % tag * 100_000 + b"<p>" + words.encode()
                + b"</p>" + b"</%s>" % tag * 100_000 + b"</body></html>")
        with pytest.raises(ExtractionError, match="nested deeper") as info:
            newsdesk.extract(page)
        assert info.value.reason == "too-deep"
    # moderately deep pages still read, and the flag does not leak into the next page
    ok = b"<html><body>" + b"<div>" * 500 + b"<p>" + words.encode() + b"</p>" + b"</div>" * 500 + b"</body></html>"
    assert len(newsdesk.extract(ok).body.split()) == 100
