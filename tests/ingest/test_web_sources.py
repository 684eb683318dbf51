"""Web source adapters (url, feed): they only yield records; fetch outcomes and a feed's
validators are notes in the stream, and the checkpoint rides in the cursors."""

from __future__ import annotations

import pytest

from newsdesk.errors import FetchError
from newsdesk.ingest.sources import ADAPTERS, adapter
from newsdesk.ingest.web_sources import feed_items, url_items, url_list_items
from newsdesk.model import Drop, Fetched, Page, SourceUpdate
from newsdesk.settings import Settings

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://n.example/</link>
<item><title>One</title><link>https://n.example/1</link><guid>g1</guid></item>
<item><title>Two</title><link>https://n.example/2</link><guid>g2</guid></item>
<item><title>Gone</title><link>https://n.example/404</link><guid>g3</guid></item>
</channel></rss>"""


class FakeFetcher:
    def __init__(self) -> None:
        self.got: list[tuple[str, str | None]] = []

    def get(self, url, etag=None, last_modified=None):  # noqa: ANN001
        self.got.append((url, etag))
        if etag == '"v1"':
            return Page(url=url, content=b"", status=304)
        if url.endswith("/fail"):
            raise FetchError("connection refused")
        if url.endswith("feed.xml"):
            return Page(url=url, content=RSS, content_type="application/rss+xml", status=200,
                        headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})
        return Page(url=url, content=b"<html>page</html>", status=200, headers={"ETag": '"p"'})

    def fetch_many(self, urls, workers=4, source=None):  # noqa: ANN001
        for u in urls:
            if u.endswith("/404"):
                yield Drop("http-4xx", "HTTP 404", url=u, source=source)
            else:
                yield Page(url=u, content=b"<html>" + u.encode() + b"</html>", status=200, source=source)


def test_every_kind_has_one_adapter_in_ingest():
    assert set(ADAPTERS) == {"warc", "folder", "url", "urls", "feed", "sitemap", "site"}
    for kind, ad in ADAPTERS.items():
        assert ad.items.startswith("newsdesk.ingest.")
        fn = adapter(kind).load()
        assert fn.__code__.co_kwonlyargcount == 3, kind  # source, options, fetcher; no **ctx
        assert fn.__code__.co_varnames[fn.__code__.co_argcount:][:3] == ("source", "options", "fetcher")


def test_feed_yields_notes_pages_and_a_resumable_checkpoint():
    f = FakeFetcher()
    items = list(feed_items("https://n.example/feed.xml", Settings(), {}, source="n", fetcher=f))
    notes = [i.record for i in items if isinstance(i.record, Fetched)]
    assert [n.url for n in notes] == ["https://n.example/feed.xml", "https://n.example/1", "https://n.example/2",
                                      "https://n.example/404"]
    assert notes[0].ok and notes[0].bytes == len(RSS) and not notes[-1].ok and notes[-1].error_reason == "http-4xx"
    updates = [i.record for i in items if isinstance(i.record, SourceUpdate)]
    assert updates == [SourceUpdate({"etag": '"v1"', "last_modified": "Mon, 02 Mar 2026 10:00:00 GMT"})]
    records = [i for i in items if isinstance(i.record, (Page, Drop))]
    assert [type(i.record).__name__ for i in records] == ["Page", "Page", "Drop"]
    assert records[0].cursor == {"seen": ["g1"]}
    last = records[-1].cursor
    assert last["seen"] == ["g1", "g2", "g3"] and last["etag"] == '"v1"'  # validators commit with the last entry
    assert all(i.cursor is None for i in items if isinstance(i.record, (Fetched, SourceUpdate)))
    # a rerun from that checkpoint: the conditional GET says 304, nothing is fetched again
    again = list(feed_items("https://n.example/feed.xml", Settings(), last, source="n", fetcher=f))
    assert [type(i.record).__name__ for i in again] == ["Fetched"] and f.got[-1][1] == '"v1"'


def test_a_url_list_fetches_each_url_once_and_the_urls_appended_later(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("https://n.example/1\nnot a url\nhttps://n.example/404\nhttps://n.example/1\n", encoding="utf-8")
    f = FakeFetcher()
    items = list(url_list_items(str(path), Settings(), {}, source="list", fetcher=f))
    records = [i for i in items if isinstance(i.record, (Page, Drop))]
    assert [(type(i.record).__name__, getattr(i.record, "reason", None)) for i in records] == [
        ("Drop", "bad-url"), ("Page", None), ("Drop", "http-4xx")]  # the repeated URL fetched once
    assert records[1].record.source == "list" and records[0].record.source == "list"
    last = records[-1].cursor
    assert len(last["seen"]) == 2
    with path.open("a", encoding="utf-8") as fh:
        fh.write("https://n.example/2\n")
    again = [i.record for i in url_list_items(str(path), Settings(), last, source="list", fetcher=f)
             if isinstance(i.record, Page)]
    assert [p.url for p in again] == ["https://n.example/2"]  # only the new line is fetched


def test_a_failed_fetch_is_a_note_and_a_drop():
    items = list(url_items("https://n.example/fail", Settings(), {}, source="n", fetcher=FakeFetcher()))
    note, drop = (i.record for i in items)
    assert isinstance(note, Fetched) and not note.ok and note.error_reason == "fetch"
    assert isinstance(drop, Drop) and drop.reason == "fetch" and drop.source == "n"


@pytest.mark.parametrize("kind", ["url", "feed"])
def test_adapters_never_see_a_store(kind):
    with pytest.raises(TypeError):
        adapter(kind).load()("https://n.example/x", Settings(), {}, store=object())  # type: ignore[call-arg]
