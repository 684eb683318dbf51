"""WARC shards of the fixture web for the batch tests: one fixture WARC cut at record boundaries.

The fixture WARC is written oldest crawl first, so consecutive shards cover consecutive time
ranges: reading them one after the other (``ingest``) and merging them by crawl time
(``batch --db``) see the same order.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsdesk.fixtureweb import build_site, write_warc


def split_warc(path: str | Path, out_dir: str | Path, n: int) -> list[str]:
    """Cut a WARC (gzip member per record) into ``n`` files at record starts; returns their paths."""
    from fastwarc.warc import ArchiveIterator

    with open(path, "rb") as f:
        starts = [int(r.stream_pos) for r in ArchiveIterator(f, parse_http=False)]
    data = Path(path).read_bytes()
    per = -(-len(starts) // n)
    cuts = [starts[i] for i in range(0, len(starts), per)] + [len(data)]
    cuts[0] = 0
    paths = []
    for k in range(len(cuts) - 1):
        p = os.path.join(out_dir, f"shard-{k:02d}.warc.gz")
        Path(p).write_bytes(data[cuts[k]:cuts[k + 1]])
        paths.append(p)
    return paths


def fixture_shards(tmp: Path, n: int = 4, seed: int = 3, n_articles: int = 80) -> tuple[list[str], dict]:
    site = build_site(seed=seed, n_articles=n_articles)
    whole = tmp / "web.warc.gz"
    write_warc(site, whole)
    shards = tmp / "shards"
    shards.mkdir()
    return split_warc(whole, shards, n), site.truth()
