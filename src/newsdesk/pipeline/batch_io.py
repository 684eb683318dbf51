"""The files of one batch shard: articles as Parquet, stats as JSON, a completion marker last.

For a WARC file ``CC-NEWS-x.warc.gz`` the shard is named ``CC-NEWS-x-<8 hex of its path>``
and its outputs in ``--out DIR`` are::

    <name>.parquet      one row per extracted article (page metadata, article fields, enrichment)
    <name>.stats.json   records, articles, drops by reason, every drop with its URL, CPU seconds
    <name>.done         the completion marker, written last: what was read (path, size) and when

Every file is written under a temporary name and renamed into place (atomic on one file
system), the marker after the other two; so a shard with a marker is whole, and a shard
without one (a killed worker) is redone from the start. pyarrow is imported only here and
only when a shard is written or read (the ``batch`` extra).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import MissingExtraError
from ..model import Article, ArticleEnrichment, Enrichment, Extracted, Page

#: archive endings stripped from a shard's name
_ENDINGS = (".warc.gz", ".warc.zst", ".warc", ".arc.gz", ".arc")
#: rows buffered before a Parquet row group is written (memory stays bounded per shard)
ROW_GROUP = 512
#: zstd level: 6 makes text columns ~20% smaller than the default (1) for a few % more write time
ZSTD_LEVEL = 6
#: columns with min/max statistics (filters on time and position); a body's min/max would be the
#: body itself, stored twice more in the file
STATS_COLUMNS = ["idx", "offset", "fetched_at", "published", "modified", "status", "language", "section"]

_LIST_FIELDS = ("authors", "tags", "related", "trending")
_STR_FIELDS = ("title", "published", "modified", "site_name", "url", "canonical_url", "language", "section",
               "description", "body", "body_html")
_JSON_FIELDS = ("image", "provenance")
_COLUMNS = frozenset((*_LIST_FIELDS, *_STR_FIELDS, *_JSON_FIELDS))


def _pa() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingExtraError("pyarrow (batch shards are Parquet)", "batch") from None
    return pa


def schema() -> Any:
    pa = _pa()
    s, i = pa.string(), pa.int64()
    return pa.schema([
        ("idx", i), ("offset", i),  # record number in the shard; byte offset of its WARC record
        ("page_url", s), ("fetched_at", s), ("content_type", s), ("status", pa.int32()), ("headers", s),
        ("kind", s),
        *((name, s) for name in _STR_FIELDS),
        *((name, pa.list_(s)) for name in _LIST_FIELDS),
        ("image", s), ("provenance", s),  # JSON
        ("article_extra", s),  # JSON of the Article's other fields (e.g. page_signals): none is lost
        ("enrichment", s),  # JSON of newsdesk.model.Enrichment (None when enrichment failed)
        ("article_enrichment", s),  # JSON of its per-article part, ArticleEnrichment (what a load finishes)
        ("content", pa.binary()),  # the raw page, only with keep_pages
    ])


def column_names() -> list[str]:
    return list(schema().names)


def shard_name(path: str) -> str:
    """A stable, readable name for the shard of an input file (its stem and a hash of its full path)."""
    full = os.path.abspath(path)
    base = os.path.basename(full)
    for end in _ENDINGS:
        if base.lower().endswith(end):
            base = base[: -len(end)]
            break
    return f"{base}-{hashlib.sha1(full.encode()).hexdigest()[:8]}"


@dataclass(frozen=True, slots=True)
class ShardFiles:
    out_dir: str
    name: str

    @classmethod
    def of(cls, out_dir: str, path: str) -> "ShardFiles":
        return cls(out_dir, shard_name(path))

    def _p(self, suffix: str) -> str:
        return os.path.join(self.out_dir, self.name + suffix)

    @property
    def parquet(self) -> str:
        return self._p(".parquet")

    @property
    def stats(self) -> str:
        return self._p(".stats.json")

    @property
    def marker(self) -> str:
        return self._p(".done")

    def tmp(self, final: str) -> str:
        return f"{final}.tmp-{os.getpid()}"

    def marker_data(self) -> dict[str, Any] | None:
        try:
            with open(self.marker, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def is_done(self, input_path: str | None = None) -> bool:
        """A marker for this input (same path and size) and the outputs it vouches for."""
        m = self.marker_data()
        if m is None or not (os.path.isfile(self.parquet) and os.path.isfile(self.stats)):
            return False
        if input_path is not None:
            full = os.path.abspath(input_path)
            if m.get("input") != full or m.get("size") != _size(full):
                return False
        return True

    def read_stats(self) -> dict[str, Any]:
        with open(self.stats, encoding="utf-8") as f:
            return json.load(f)

    def clean(self) -> None:
        """Remove what a killed attempt left: temporary files and a stale marker."""
        prefix = self.name + "."
        for entry in os.listdir(self.out_dir):
            if entry.startswith(prefix) and ".tmp-" in entry:
                _unlink(os.path.join(self.out_dir, entry))
        _unlink(self.marker)

    def write_json(self, final: str, data: dict[str, Any]) -> None:
        tmp = self.tmp(final)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _dumps(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, separators=(",", ":"))


def row_of(idx: int, offset: int | None, rec: Extracted, keep_pages: bool) -> dict[str, Any]:
    """One Parquet row for an extracted (and enriched) page."""
    a, p = rec.article, rec.page
    row: dict[str, Any] = {
        "idx": idx, "offset": offset, "page_url": p.url, "fetched_at": p.fetched_at,
        "content_type": p.content_type, "status": p.status, "headers": _dumps(p.headers), "kind": p.kind,
        "image": _dumps(a.image.to_dict()) if a.image else None, "provenance": _dumps(a.provenance),
        "article_extra": _dumps({k: v for k, v in a.to_dict().items() if k not in _COLUMNS}),
        "enrichment": _dumps(rec.enrichment.to_dict()) if rec.enrichment is not None else None,
        "article_enrichment": (_dumps(rec.article_enrichment.to_dict()) if rec.article_enrichment is not None
                               else None),
        "content": p.content if keep_pages else None,
    }
    for name in _STR_FIELDS:
        row[name] = getattr(a, name)
    for name in _LIST_FIELDS:
        row[name] = list(getattr(a, name))
    return row


def record_of(row: dict[str, Any], source: str | None = None) -> Extracted:
    """The Extracted record back from a row (the page's bytes are empty unless they were kept).

    ``content``, ``enrichment`` and ``article_enrichment`` may be left out of the row (not read, or a
    shard written before it existed): then empty / None.
    """
    page = Page(url=row["page_url"], content=row.get("content") or b"", content_type=row["content_type"],
                fetched_at=row["fetched_at"], source=source, status=row["status"],
                headers=json.loads(row["headers"] or "{}"), kind=row["kind"] or "html")
    d = json.loads(row.get("article_extra") or "{}")
    d.update({name: row[name] for name in (*_STR_FIELDS, *_LIST_FIELDS)})
    d["image"] = json.loads(row["image"]) if row["image"] else None
    d["provenance"] = json.loads(row["provenance"] or "{}")
    enr = Enrichment.from_dict(json.loads(row["enrichment"])) if row.get("enrichment") else None
    part = (ArticleEnrichment.from_dict(json.loads(row["article_enrichment"])) if row.get("article_enrichment")
            else None)
    return Extracted(page, Article.from_dict(d), enr, part)


class ShardWriter:
    """Rows to a Parquet file (zstd), one row group every ``ROW_GROUP`` rows."""

    def __init__(self, path: str, compression: str = "zstd", level: int | None = ZSTD_LEVEL) -> None:
        pa = _pa()
        self._pa = pa
        self._schema = schema()
        self._writer = pa.parquet.ParquetWriter(path, self._schema, compression=compression,
                                                compression_level=level if compression == "zstd" else None,
                                                write_statistics=STATS_COLUMNS)
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows.clear()

    def close(self) -> None:
        self._flush()
        self._writer.close()


def read_rows(path: str, batch_rows: int = 256, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a shard's Parquet file, streamed a batch at a time."""
    pa = _pa()
    pf = pa.parquet.ParquetFile(path)
    if columns is not None:  # a column the file does not have (written by an older version) is left out
        have = set(pf.schema_arrow.names)
        columns = [c for c in columns if c in have]
    for batch in pf.iter_batches(batch_size=batch_rows, columns=columns):
        yield from batch.to_pylist()
