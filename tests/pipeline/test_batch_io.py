"""The shard files: names, a row round trip, the marker's vouching, temporary files cleaned."""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")

from newsdesk.model import Article, Entity, Enrichment, Extracted, Image, Page  # noqa: E402
from newsdesk.pipeline.batch_io import ShardFiles, ShardWriter, read_rows, record_of, row_of, shard_name  # noqa: E402


def test_shard_names_are_readable_and_distinct():
    a, b = shard_name("/x/CC-NEWS-2026.warc.gz"), shard_name("/y/CC-NEWS-2026.warc.gz")
    assert a.startswith("CC-NEWS-2026-") and a != b and shard_name("/x/CC-NEWS-2026.warc.gz") == a


def test_a_record_survives_the_parquet_round_trip(tmp_path):
    page = Page(url="https://a.example/x", content=b"<html>\xc3\xa9</html>", content_type="text/html; charset=utf-8",
                fetched_at="2026-03-01T00:00:00Z", status=200, headers={"etag": "\"1\""})
    art = Article(title="Été", authors=["A. B", "C"], published="2026-03-01T01:00:00+01:00", url=page.url,
                  tags=["x"], image=Image(url="https://a.example/i.png", caption="c"), body="One.\n\nTwo.",
                  body_html="<p>One.</p><p>Two.</p>", provenance={"title": "json-ld"},
                  page_signals={"og:type": "article"})
    enr = Enrichment(language="fr", entities=[Entity("Paris", "paris", "place", 2)], section="World",
                     short="One.", short_sources=[(0, 4)], keywords=["paris"])
    path = str(tmp_path / "r.parquet")
    w = ShardWriter(path)
    for keep in (False, True):
        w.add(row_of(0, 5, Extracted(page, art, enr), keep_pages=keep))
    w.add(row_of(1, 9, Extracted(page, Article(body="b", url=page.url)), keep_pages=False))
    w.close()
    rows = list(read_rows(path))
    back = [record_of(r, source="s") for r in rows]
    assert back[0].article.to_dict() == art.to_dict() and back[0].enrichment == enr
    assert back[0].page.content == b"" and back[1].page.content == page.content
    assert back[0].page.headers == page.headers and back[0].page.source == "s"
    assert back[2].enrichment is None and rows[2]["offset"] == 9


def test_a_marker_vouches_only_for_its_input_and_outputs(tmp_path):
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(b"x" * 10)
    f = ShardFiles.of(str(tmp_path), str(warc))
    assert not f.is_done(str(warc))
    for p in (f.parquet, f.stats):
        open(p, "w").close()
    f.write_json(f.marker, {"input": str(warc), "size": 10})
    assert f.is_done(str(warc))
    warc.write_bytes(b"x" * 11)  # the input changed
    assert not f.is_done(str(warc))
    open(f.tmp(f.parquet), "w").close()
    f.clean()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name] and f.marker_data() is None


def test_a_column_the_shard_lacks_is_left_out(tmp_path):
    """A shard written before a column existed (here: the per-article enrichment) still reads."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = str(tmp_path / "old.parquet")
    pq.write_table(pa.table({"idx": [0, 1], "url": ["u0", "u1"]}), path)
    assert list(read_rows(path, columns=["idx", "article_enrichment"])) == [{"idx": 0}, {"idx": 1}]
