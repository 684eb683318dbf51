"""Demo content through the real pipeline: the fixture web's fictional outlets, as a WARC,
ingested (extract, enrich, dedup, cluster) into a throwaway store beside nothing of the user's.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from ..settings import Settings

log = logging.getLogger("newsdesk.web")


def build_demo_store(settings: Settings, n_articles: int = 160, seed: int = 6,
                     folder: str | None = None) -> Any:
    """A store filled from the fixture web (a few seconds); raises when a stage is missing."""
    from ..pipeline.ingest import IngestOptions, ingest_target
    from ..store import open_store
    from ..testing.fixtureweb import build_site, write_warc

    t0 = time.process_time()
    where = Path(folder or tempfile.mkdtemp(prefix="newsdesk-demo-"))
    where.mkdir(parents=True, exist_ok=True)
    db = str(where / "demo.db")
    warc = str(where / "demo-web.warc.gz")
    write_warc(build_site(seed=seed, n_articles=n_articles), warc)
    store = open_store(path=db)
    if store.count_articles() == 0:
        ingest_target(store, warc, settings.with_(db=db),
                      IngestOptions(progress=False, understand=True, keep_pages=False))
    log.info("demo store: %d articles in %.1f s CPU", store.count_articles(), time.process_time() - t0)
    return store
