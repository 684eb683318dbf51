"""WARC reading: HTML responses become pages, everything else a counted drop; resumable; resilient."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.errors import InputError
from newsdesk.ingest.warc import looks_like_html, warc_items
from newsdesk.testing.warc import warc_record, write_records
from newsdesk.model import Drop, Page
from newsdesk.settings import Settings

S = Settings()


def page(i: int, charset: str = "utf-8") -> bytes:
    body = " ".join(f"Sentence {j} of article {i} about the river flood in Zürich." for j in range(12))
    return (f"<html><head><meta charset='{charset}'><title>Flood {i}</title></head>"
            f"<body><h1>Flood {i}</h1><p>{body}</p></body></html>").encode(charset)


def records():
    return [
        warc_record("https://news.example/1", page(1)),
        warc_record("https://news.example/logo.png", b"\x89PNG....", "image/png"),
        warc_record("https://news.example/2", page(2, "iso-8859-1"), "text/html; charset=iso-8859-1"),
        warc_record("https://news.example/old", b"", status=301, extra_http={"Location": "/1"}),
        warc_record("https://news.example/3", page(3), "application/octet-stream"),  # sniffed
        warc_record("https://news.example/4", b"just text, no markup", "text/plain"),
    ]


@pytest.mark.parametrize("compress", [True, False])
def test_html_pages_and_reasons(tmp_path, compress):
    path = tmp_path / ("a.warc.gz" if compress else "a.warc")
    write_records(path, records(), compress=compress)
    items = list(warc_items(path, S))
    got = [(type(i.record).__name__, getattr(i.record, "reason", None) or i.record.url) for i in items]
    assert got == [
        ("Page", "https://news.example/1"),
        ("Drop", "not-html"),
        ("Page", "https://news.example/2"),
        ("Drop", "http-3xx"),
        ("Page", "https://news.example/3"),
        ("Drop", "not-html"),
    ]
    p2 = items[2].record
    assert p2.content_type == "text/html; charset=iso-8859-1" and "Zürich".encode("latin-1") in p2.content
    assert p2.fetched_at == "2026-01-01T00:00:00Z" and p2.status == 200
    offsets = [i.cursor["offset"] for i in items]
    assert offsets == sorted(offsets) and len(set(offsets)) == 6


@pytest.mark.parametrize("compress", [True, False])
def test_resume_after_checkpoint(tmp_path, compress):
    path = tmp_path / "a.warc.gz"
    write_records(path, records(), compress=compress)
    items = list(warc_items(path, S))
    rest = list(warc_items(path, S, items[2].cursor))
    assert [i.cursor for i in rest] == [i.cursor for i in items[3:]]
    assert list(warc_items(path, S, items[-1].cursor)) == []


def test_too_large_is_dropped_without_reading(tmp_path):
    path = tmp_path / "big.warc.gz"
    big = b"<html><body><p>" + b"a" * 2_000_000 + b"</p></body></html>"
    write_records(path, [warc_record("https://x.example/big", big), warc_record("https://x.example/1", page(1))])
    items = list(warc_items(path, Settings(extract_max_bytes=1_000_000)))
    assert [getattr(i.record, "reason", "page") for i in items] == ["too-large", "page"]


@pytest.mark.parametrize("compress", [True, False])
def test_malformed_records_are_counted_and_reading_goes_on(tmp_path, compress):
    good = [warc_record(f"https://m.example/{i}", page(i)) for i in range(4)]
    broken = good[2].replace(b"Content-Length: ", b"Content-Length: 9", 1)
    parts = [good[0], b"GARBAGE THAT IS NOT A RECORD\r\n\r\n", good[1], broken, good[3]]
    data = b"".join(gzip.compress(p) for p in parts) if compress else b"".join(parts)
    path = tmp_path / "m.warc"
    path.write_bytes(data)
    items = list(warc_items(path, S))
    urls = [i.record.url for i in items if isinstance(i.record, Page)]
    assert "https://m.example/0" in urls and "https://m.example/1" in urls and "https://m.example/3" in urls
    reasons = [i.record.reason for i in items if isinstance(i.record, Drop)]
    assert "warc-malformed" in reasons and "warc-truncated" in reasons
    # resuming from any cursor never goes backwards
    for k, it in enumerate(items):
        if it.cursor:
            again = list(warc_items(path, S, it.cursor))
            assert len(again) <= len(items) - k - 1 + 1


def test_truncated_gzip_tail(tmp_path):
    path = tmp_path / "t.warc.gz"
    write_records(path, [warc_record(f"https://t.example/{i}", page(i)) for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[:-40])
    items = list(warc_items(path, S))
    assert [i.record.url for i in items[:2]] == ["https://t.example/0", "https://t.example/1"]
    assert isinstance(items[-1].record, Drop) and items[-1].record.reason in ("warc-malformed", "warc-truncated")


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        list(warc_items(tmp_path / "none.warc.gz", S))


def test_sniffing():
    assert looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert not looks_like_html(b"%PDF-1.4")


def test_arc_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "old.arc.gz"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="ARC"):
        list(warc_items(path, S))


_GOOD = [warc_record(f"https://f.example/{i}", page(i)) for i in range(4)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.binary(max_size=12)), max_size=4),
       compress=st.booleans())
def test_fuzz_damaged_archives_never_raise_and_keep_good_records(tmp_path, cuts, compress):
    """Damage bytes anywhere: the reader yields items (pages or reasoned drops), never raises, never loops."""
    parts = [gzip.compress(r) for r in _GOOD] if compress else list(_GOOD)
    damaged = bytearray(b"".join(parts))
    touched = set()
    for at, length, junk in cuts:
        at %= max(1, len(damaged))
        damaged[at:at + length] = junk
        touched.add(at)
    path = tmp_path / "fuzz.warc"
    path.write_bytes(bytes(damaged))
    items = list(warc_items(path, S))
    assert len(items) <= 4 + 2 * len(cuts) + 2
    for it in items:
        assert isinstance(it.record, (Page, Drop))
        if isinstance(it.record, Drop):
            assert it.record.reason
    if not cuts:
        assert [i.record.url for i in items] == [f"https://f.example/{i}" for i in range(4)]


def test_content_encoded_payloads_are_decoded_before_extraction(tmp_path):
    """Issue 18: a response stored with Content-Encoding: gzip reached the extractor still compressed."""
    import zlib

    import brotli

    import newsdesk

    words = " ".join(f"word{i}" for i in range(80))
    html = f"<html><head><title>Zipped story</title></head><body><article><p>{words}</p></article></body></html>"
    raw = html.encode()
    deflated = zlib.compress(raw)
    records = [
        warc_record("https://e.example/gz", gzip.compress(raw), extra_http={"Content-Encoding": "gzip"}),
        warc_record("https://e.example/deflate", deflated, extra_http={"Content-Encoding": "deflate"}),
        warc_record("https://e.example/br", brotli.compress(raw), content_type="application/octet-stream",
                    extra_http={"Content-Encoding": "br"}),
        warc_record("https://e.example/bad", b"\x1f\x8b\x08garbage", extra_http={"Content-Encoding": "gzip"}),
        warc_record("https://e.example/odd", raw, extra_http={"Content-Encoding": "compress"}),
        warc_record("https://e.example/bomb", gzip.compress(b" " * 3_000_000), extra_http={"Content-Encoding": "gzip"}),
    ]
    path = tmp_path / "enc.warc.gz"
    write_records(path, records)
    items = [i.record for i in warc_items(path, Settings(extract_max_bytes=1_000_000))]
    pages = [r for r in items if isinstance(r, Page)]
    assert [p.url.rsplit("/", 1)[1] for p in pages] == ["gz", "deflate", "br"]
    for p in pages:
        assert p.content == raw and "content-encoding" not in p.headers
        art = newsdesk.extract(p.content, url=p.url)
        assert art.title == "Zipped story" and len(art.body.split()) == 80
    drops = {r.url.rsplit("/", 1)[1]: r.reason for r in items if isinstance(r, Drop)}
    assert drops == {"bad": "bad-encoding", "odd": "bad-encoding", "bomb": "too-large"}
