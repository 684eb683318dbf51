"""``newsdesk batch WARC_OR_GLOB... --out DIR [--workers N | --scheduler tcp://H:P] [--db DB]``."""

from __future__ import annotations

import json
import logging

import click

from ..settings import Settings


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of the shards: <name>.parquet, <name>.stats.json and the <name>.done marker.")
@click.option("--workers", type=int, default=None,
              help="Worker processes of a local Dask cluster (default: the CPU count; 0: no Dask, this process).")
@click.option("--scheduler", default=None, help="Use an existing Dask cluster: tcp://HOST:PORT.")
@click.option("--db", default=None,
              help="Then load the shards into this store (SQLite path or postgresql://...), with dedup and stories.")
@click.option("--keep-pages", is_flag=True, help="Keep each page's raw bytes in the shards (and the store).")
@click.option("--dashboard", default=":8787", show_default=True, help="Dashboard address of the local cluster.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def batch_cmd(inputs: tuple[str, ...], out_dir: str, workers: int | None, scheduler: str | None, db: str | None,
          keep_pages: bool, dashboard: str, as_json: bool, quiet: bool) -> None:
    """Extract and enrich WARC files on a Dask cluster, one task per file, into Parquet shards.

    A rerun skips the shards that are done and redoes the rest. With --db the shards are then
    loaded into the store in crawl-time order, with the same dedup and story clustering as ingest.
    Needs the batch extra: pip install 'newsdesk[batch]'.
    """
    from ..pipeline.batch import BatchOptions
    from ..pipeline.batch_dask import BatchRun, expand_inputs, run_batch

    if workers is not None and workers < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--workers")
    if workers is not None and scheduler:
        raise click.UsageError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    logging.getLogger("distributed").setLevel(logging.WARNING)
    settings = Settings.from_env(db=db)
    paths = expand_inputs(list(inputs))
    run = BatchRun(workers=workers, scheduler=scheduler, dashboard=dashboard, progress=not quiet and not as_json)
    summary = run_batch(paths, out_dir, settings, run, BatchOptions(keep_pages=keep_pages),
                        echo=lambda line: click.echo(line, err=True))
    result = summary.to_dict()
    if db and not summary.failed:
        result["load"] = _load(paths, out_dir, settings, keep_pages, run.progress)
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(summary.summary())
        for path, err in summary.failed.items():
            click.echo(f"  failed: {path}: {err}", err=True)
        if "load" in result:
            load = result["load"]
            click.echo(f"loaded into {db}: {load['summary']}; {load['articles']} articles, {load['stories']} stories")
    if summary.failed:
        if db:
            click.echo("not loaded: rerun to finish the failed shards first", err=True)
        raise SystemExit(1)


def _load(paths: list[str], out_dir: str, settings: Settings, keep_pages: bool, progress: bool) -> dict:
    from ..pipeline.batch_io import ShardFiles
    from ..pipeline.batch_load import load_shards
    from ..store import open_store
    from ..store.portal import count_stories

    with open_store(settings) as store:
        counts = load_shards(store, [(p, ShardFiles.of(out_dir, p)) for p in paths], settings,
                             progress=progress, keep_pages=keep_pages)
        articles, stories = store.count_articles(), count_stories(store)
    return {**counts.to_dict(), "summary": counts.summary(), "articles": articles, "stories": stories}
