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

