"""The demo store ``newsdesk serve`` shows while the user's store is empty.

The fixture web's fictional outlets (``newsdesk.fixtureweb``), written as a WARC and run through
the real pipeline (extract, enrich, dedup, cluster) into a throwaway SQLite file, then served by
the portal's one data layer. Nothing is fetched from the network.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from ..fixtureweb import build_site, write_warc
from ..settings import Settings
from ..store import open_store
from .ingest import IngestOptions, ingest_target

log = logging.getLogger("newsdesk.demo")

#: the fixture web the demo store is built from (160 articles: about 3 s, 2 s of it CPU)
DEMO_ARTICLES = 160
DEMO_SEED = 6


def build_demo_store(settings: Settings, folder: str | Path | None = None, n_articles: int = DEMO_ARTICLES,
                     seed: int = DEMO_SEED) -> Any:
    """A store in ``folder`` (default: a new temporary folder) filled from the fixture web.

    The caller owns the folder (it holds ``demo.db``). Raises a newsdesk error
    when a stage is missing, like any ingest."""
    t0 = time.process_time()
    where = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="newsdesk-demo-"))
    where.mkdir(parents=True, exist_ok=True)
    db = str(where / "demo.db")
    warc = str(where / "demo-web.warc.gz")
    write_warc(build_site(seed=seed, n_articles=n_articles), warc)
    store = open_store(path=db)
    if store.count_articles() == 0:
        sources, _ = ingest_target(store, warc, settings.with_(db=db),
                                   IngestOptions(progress=False, understand=True, keep_pages=False, settle=True))
        for src in sources:  # the articles stay (source_id set to NULL); the demo follows nothing,
            store.remove_source(src.id)  # so its /sources page lists what the user's store follows: nothing
    Path(warc).unlink(missing_ok=True)  # read once (no raw pages kept): only demo.db stays
    log.info("demo store: %d articles in %.1f s CPU", store.count_articles(), time.process_time() - t0)
    return store
