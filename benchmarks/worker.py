"""Run ONE tool on ONE set in this process and score it with the reference scorer.

    .venv/bin/python benchmarks/worker.py --input html --tool newsdesk --set DIR --out result.json [--cpu N]

The orchestrator (`run.py`) starts one of these per (tool, set), pinned to one core, so the peak
RSS and CPU time belong to that tool alone. Scoring and timing are `extract_eval.run` / `score`
imported from ../shared/tools at run time (never copied): one untimed warm-up page, per-page CPU
time with file reading and gunzip outside the timer, crashes scored as empty predictions.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import types
import warnings
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools import SHARED_TOOLS, tool  # noqa: E402

PAGE_TIMEOUT_S = 60


def scorer() -> types.ModuleType:
    """The reference scorer, `../shared/tools/extract_eval.py`, imported where it lies."""
    if not (SHARED_TOOLS / "extract_eval.py").exists():
        raise SystemExit(f"reference scorer not found at {SHARED_TOOLS}/extract_eval.py (../shared absent?)")
    if str(SHARED_TOOLS) not in sys.path:
        sys.path.insert(0, str(SHARED_TOOLS))
    return importlib.import_module("extract_eval")


def _with_progress(fn: Callable, total: int, label: str, show: bool) -> Callable:
    bar = None
    if show:
        try:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=label, file=sys.stderr, mininterval=1.0, leave=False, unit="page")
        except ImportError:  # the bar is a convenience only
            bar = None
    if bar is None:
        return fn

    def wrapped(data: bytes, url: str | None) -> Any:
        try:
            return fn(data, url)
        finally:
            bar.update(1)

    wrapped.close = bar.close  # type: ignore[attr-defined]
    return wrapped


def _unavailable(t) -> str | None:
    if t.runner.startswith("newsdesk_runner:text"):
        import newsdesk_runner

        return newsdesk_runner.text_unavailable(site=t.site)
    return None


def measure(form: str, tool_name: str, set_dir: str | Path, limit: int | None = None,
            page_timeout: float = PAGE_TIMEOUT_S, pred_out: str | None = None,
            progress: bool = False) -> dict:
    """Run and score one tool on one set: {"summary": {...}, "per_page": [...]} or {"unavailable": why}."""
    t = tool(form, tool_name)
    ev = scorer()
    set_dir = str(set_dir)
    why = _unavailable(t)
    if why:
        return {"unavailable": why}
    truth = ev.load_truth(set_dir)
    pages = truth[:limit] if limit else truth
    extra: dict[str, Any] = {}
    if t.site:
        import newsdesk_runner
        from sites import others_of_site

        texts = {str(r["id"]): ev.read_page(ev.page_path(set_dir, r["id"], "text")) for r in truth}
        extra = newsdesk_runner.prepare_sites(texts, [str(r["id"]) for r in pages], others_of_site(truth))
        profiles = newsdesk_runner.SITE_PROFILES
        extra["profiled_ids"] = sorted(
            str(r["id"]) for r in pages if profiles.get(_sha1(texts[str(r["id"])])) is not None
        )
    mod_name, fn_name = t.runner.split(":", 1)
    fn = getattr(importlib.import_module(mod_name), fn_name)
    label = f"{tool_name} on {Path(set_dir).name}"
    wrapped = _with_progress(fn, len(pages) + 1, label, progress)
    shim = types.ModuleType("_bench_target")
    shim.fn = wrapped  # type: ignore[attr-defined]
    sys.modules["_bench_target"] = shim
    try:
        preds, stats, pages = ev.run(set_dir, pages, "_bench_target:fn", form, None, page_timeout, pred_out)
    finally:
        getattr(wrapped, "close", lambda: None)()
    summary, per_page = ev.score(pages, preds)
    summary.update(stats)
    summary.update(extra)
    summary["runner"] = t.runner
    summary["dataset"] = Path(set_dir).name
    return {"summary": summary, "per_page": per_page}


def _sha1(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha1(data).digest()


def _quiet() -> None:
    """Peers log and warn freely (missing NLTK, unparsable pages): keep stderr for progress."""
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", choices=["html", "text"], default="html")
    ap.add_argument("--tool", required=True)
    ap.add_argument("--set", required=True, help="dataset folder (truth.jsonl, html/, text/)")
    ap.add_argument("--out", required=True, help="write the result JSON here")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--cpu", type=int, help="pin this process to one core")
    ap.add_argument("--page-timeout", type=float, default=PAGE_TIMEOUT_S)
    ap.add_argument("--pred-out", help="write the predictions JSONL here")
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args()
    if a.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {a.cpu})
    _quiet()
    res = measure(a.input, a.tool, a.set, a.limit, a.page_timeout, a.pred_out, progress=not a.no_progress)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
