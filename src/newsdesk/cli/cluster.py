"""``newsdesk cluster IN.jsonl``: cluster a corpus into stories with the engine ingest uses.

Each input line is a JSON object with ``id``, ``title``, ``body`` and optional ``published``
and ``source``. Each becomes an Article, is enriched (``newsdesk.enrich.enrich``), turned into a
``StoryDoc`` (``newsdesk.enrich.story_doc``) and fed to ``StoryClusterer`` with
``ClusterOptions.from_settings``: the same three calls and defaults as ingest. Output: one JSON
line per input line, ``{"id": ..., "story": ...}``, in input order, with story ids as they stand
after the whole corpus (stories merged on the way report the surviving id; a document the engine
moved to another story on its second look reports that story).
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import click
from tqdm import tqdm

from ..cluster import ClusterOptions, StoryClusterer, follow_merges
from ..enrich import EnrichOptions, EnrichState, enrich, story_doc
from ..errors import InputError
from ..model import Article
from ..settings import Settings


@click.command()
@click.argument("infile", type=click.File("r", encoding="utf-8"))
@click.option("--explain", is_flag=True, help="Add is_new, score and reason to each output line.")
@click.option("--threshold", type=float, default=None, help="Override story_join_threshold.")
def cluster(infile, explain: bool, threshold: float | None) -> None:
    """Cluster IN.jsonl (id, title, body, published?, source?) into stories; JSON lines to stdout."""
    settings = Settings.from_env(story_join_threshold=threshold)
    eopts = EnrichOptions.from_settings(settings)
    state = EnrichState()
    engine = StoryClusterer(ClusterOptions.from_settings(settings))
    rows: list[tuple[str | None, dict]] = []
    merged: dict[str, str] = {}
    row_of: dict[str, int] = {}  # doc id -> its row (moves update it)
    counts: Counter[str] = Counter()
    for lineno, line in enumerate(tqdm(infile, desc="cluster", unit="doc", file=sys.stderr), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise InputError("not a JSON object")
        except (ValueError, InputError) as exc:
            counts["bad-json"] += 1
            rows.append((None, {"error": f"line {lineno}: {exc}"}))
            continue
        doc_id = str(rec.get("id") if rec.get("id") is not None else f"line-{lineno}")
        if rec.get("id") is None:
            counts["no-id"] += 1
        article = Article(title=str(rec.get("title") or ""), body=str(rec.get("body") or ""),
                          published=rec.get("published"), site_name=rec.get("source"))
        if not (article.title or article.body).strip():
            counts["empty"] += 1
        enrichment = enrich(article, eopts, state)
        a = engine.add(story_doc(doc_id, article, enrichment, lead_words=eopts.lead_words))
        merged.update(engine.drain_merges())  # kept here: the engine forgets redirects of closed stories
        counts["new-story" if a.is_new else "joined"] += 1
        row_of[doc_id] = len(rows)
        rows.append((doc_id, {"story": a.story_id, "is_new": a.is_new, "score": a.score, "reason": a.reason}))
        for move in engine.drain_moves():  # a document moved to a better story on its second look
            counts["moved"] += 1
            rows[row_of[move.doc_id]][1].update(story=move.to_story, reason=f"moved on a second look; "
                                                f"similarity {move.score:.2f}")
    out = sys.stdout
    stories = set()
    for doc_id, extra in rows:
        if doc_id is None:
            out.write(json.dumps({"id": None, "story": None, **extra}) + "\n")
            continue
        sid = follow_merges(merged, extra.pop("story"))  # merges on the way report the surviving id
        stories.add(sid)
        rec = {"id": doc_id, "story": sid}
        if explain:
            rec.update(extra)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    click.echo(f"clustered {len(rows)} lines into {len(stories)} stories ({summary})", err=True)

