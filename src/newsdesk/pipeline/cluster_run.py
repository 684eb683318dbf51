"""``newsdesk cluster``'s run: JSON lines of articles -> the enrichment stage -> stories, as JSON lines.

The same runner (``core.run``), enrichment stage and clusterer placement (``understand.Cores``)
as an ingest; the source is ``newsdesk.ingest.jsonl.article_items`` and the sink, instead of the
store, keeps one row per input line and writes them at the end, in input order, with story ids
as they stand after the whole corpus (stories merged on the way report the surviving id; a
document the engine moved to another story on its second look reports that story). At the end of
the corpus every document still waiting for its second look gets it (``StoryRows.settle``).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from ..ingest.jsonl import ID_HEADER, NO_ID_HEADER, article_items
from ..model import NOTE_RECORDS, Drop, Extracted
from ..settings import Settings
from .core import Progress, run
from .understand import Cores


class StoryRows:
    """A sink that places each article in a story and keeps its row (written by ``write_rows``)."""

    def __init__(self, cores: Cores) -> None:
        self.cores = cores
        self.rows: list[tuple[str | None, dict[str, Any]]] = []
        self.merged: dict[str, str] = {}
        self.row_of: dict[str, int] = {}  # doc id -> its row (moves update it)
        self.counts: Counter[str] = Counter()

    def write(self, result: Any, cursor: dict[str, Any] | None) -> None:
        if isinstance(result, NOTE_RECORDS):
            return
        if isinstance(result, Drop) or not isinstance(result, Extracted):
            reason = result.reason if isinstance(result, Drop) else "unknown-record"
            self.counts[reason] += 1
            self.rows.append((None, {"error": result.detail if isinstance(result, Drop) else reason}))
            return
        headers, article = result.page.headers, result.article
        doc_id = headers[ID_HEADER]
        if NO_ID_HEADER in headers:
            self.counts["no-id"] += 1
        if not (article.title or article.body).strip():
            self.counts["empty"] += 1
        clusterer = self.cores.clusterer
        a = self.cores.place(doc_id, result)
        self.merged.update(clusterer.drain_merges())  # kept here: the engine forgets redirects of closed stories
        self.counts["new-story" if a.is_new else "joined"] += 1
        self.row_of[doc_id] = len(self.rows)
        self.rows.append((doc_id, {"story": a.story_id, "is_new": a.is_new, "score": a.score, "reason": a.reason}))
        self._moved()

    def _moved(self) -> None:
        for move in self.cores.clusterer.drain_moves():  # a document moved to a better story on a later look
            self.counts["moved"] += 1
            self.rows[self.row_of[move.doc_id]][1].update(story=move.to_story, reason=move.reason or (
                f"moved on a second look; similarity {move.score:.2f}"))

    def settle(self) -> None:
        """The corpus has ended: the documents still waiting for their second look get it now
        (``StoryClusterer.settle``); a document alone in its story that finds a better one merges into
        it (its row reports the surviving id), others move (their row gives the reason)."""
        clusterer = self.cores.clusterer
        self.counts["second-looks-at-end"] += clusterer.settle()
        self.merged.update(clusterer.drain_merges())
        self._moved()

    def flush(self) -> None:
        return

    def write_rows(self, out: TextIO, explain: bool) -> int:
        """Write one JSON line per input line; returns the number of stories."""
        from ..cluster import follow_merges

        stories = set()
        for doc_id, extra in self.rows:
            if doc_id is None:
                out.write(json.dumps({"id": None, "story": None, **extra}) + "\n")
                continue
            placed = extra.pop("story")
            sid = follow_merges(self.merged, placed)  # merges on the way report the surviving id
            stories.add(sid)
            rec = {"id": doc_id, "story": sid}
            if explain:
                rec.update(extra)
                if sid != placed:
                    rec["reason"] = f"{rec.get('reason') or ''}; its story {placed} later merged into {sid}".lstrip("; ")
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return len(stories)


def cluster_lines(location: str, settings: Settings, out: TextIO, *, explain: bool = False,
                  progress: bool = True) -> str:
    """Cluster the JSON lines at ``location`` (``-``: stdin) into ``out``; returns the summary line."""
    cores = Cores(settings, dedup=False)
    sink = StoryRows(cores)
    bar = Progress(None, desc="cluster", unit="doc", enabled=progress)
    try:
        run(article_items(location, settings, {}), [cores.enrich_stage], sink, bar)
        sink.settle()
    finally:
        bar.close()
    sink.counts.update(cores.errors)
    n_stories = sink.write_rows(out, explain)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(sink.counts.items()))
    return f"clustered {len(sink.rows)} lines into {n_stories} stories ({summary})"
