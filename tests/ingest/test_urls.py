"""URL-list sources (newsdesk.ingest.urls): a text file of URLs, bad lines as drops."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.errors import InputError
from newsdesk.ingest.urls import is_url_list, read_url_list, url_list_total
from newsdesk.model import Drop
from newsdesk.urlid import normalize_url


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# my list\nhttps://a.example/x\n\nnot a url\nhttp://b.example/y?utm_source=z\n", encoding="utf-8")
    items = list(read_url_list(path))
    assert items[0] == "https://a.example/x" and items[2] == "http://b.example/y?utm_source=z"
    assert isinstance(items[1], Drop) and items[1].reason == "bad-url" and "line 4" in items[1].detail
    with pytest.raises(InputError):
        list(read_url_list(tmp_path / "missing.txt"))


def test_a_url_list_is_told_from_a_saved_page_or_a_text_dump(tmp_path):
    def probe(text: str) -> bool:
        path = tmp_path / "f.txt"
        path.write_text(text, encoding="utf-8")
        return is_url_list(path)

    assert probe("# sources\nhttps://a.example/x\n\nHTTP://b.example/y\n")
    assert probe("".join(f"https://a.example/{i}\n" for i in range(4)) + "a typo\n")  # four in five
    assert not probe("".join(f"https://a.example/{i}\n" for i in range(3)) + "a typo\nanother\n")
    assert not probe("https://a.example/x\nThe storm reached the coast on Monday, officials said.\n")
    assert not probe("Storm hits the coast\n\nhttps://a.example/x\n")  # a text dump that cites a link
    assert not probe("<html><body>https://a.example/x</body></html>") and not probe("") and not probe("# only\n")
    assert not is_url_list(tmp_path / "missing.txt")
    long = tmp_path / "long.txt"
    long.write_text("".join(f"https://a.example/{i}-{'x' * 50}\n" for i in range(3000)), encoding="utf-8")
    assert is_url_list(long) and url_list_total(long) == 3000  # the probe's cut line is not judged


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=600), st.lists(st.one_of(st.text(max_size=40), st.just("https://a.example/x"),
                                                              st.just("# c")), max_size=8).map(lambda ls: "\n".join(ls).encode())))
def test_fuzz_url_lists_never_fail_and_keep_only_urls(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fz") / "u.txt"
    path.write_bytes(data)
    is_url_list(path)
    for it in read_url_list(path):
        if isinstance(it, Drop):
            assert it.reason == "bad-url"
        else:
            normalize_url(it)  # every URL it yields is one
