"""``newsdesk cluster IN.jsonl``: cluster a corpus into stories with the engine ingest uses.

Each input line is a JSON object with ``id``, ``title``, ``body`` and optional ``published``
and ``source``. The run (``newsdesk.pipeline.cluster_run``) goes through the pipeline's runner
with ingest's enrichment stage and story placement (``pipeline.understand.Cores``, options from
the settings): the same steps and defaults as ingest. Output: one JSON line per input line,
``{"id": ..., "story": ...}``, in input order, with story ids as they stand after the whole
corpus (stories merged on the way report the surviving id; a document the engine moved to
another story on its second look reports that story).
"""

from __future__ import annotations

import sys

import click

from ..settings import Settings


@click.command("cluster")
@click.argument("infile", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--explain", is_flag=True, help="Add is_new, score and reason to each output line.")
@click.option("--threshold", type=float, default=None, help="Override story_join_threshold.")
def cluster_cmd(infile: str, explain: bool, threshold: float | None) -> None:
    """Cluster IN.jsonl (id, title, body, published?, source?) into stories; JSON lines to stdout."""
    from ..pipeline.cluster_run import cluster_lines

    settings = Settings.from_env(story_join_threshold=threshold)
    summary = cluster_lines(infile, settings, sys.stdout, explain=explain)
    click.echo(summary, err=True)
