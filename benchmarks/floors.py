"""newsdesk's committed quality floors (`benchmarks/baseline.json`): checked by the gate, only ever raised.

Layout: {"tolerance": 0.002, "floors": {GROUP: {SET: {METRIC: value}}}} where GROUP is "html"
(newsdesk on html/), "text" (newsdesk.extract_text, one page alone) or "text-site" (with a site
profile learned from the set's other pages). A metric with no truth in a set (scrapinghub has no
title/date/author truth) or that newsdesk does not produce yet has no floor.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).resolve().parent / "baseline.json"
METRICS = ("body_f1", "sh4_f1", "title_acc", "date_acc", "author_acc")
TOLERANCE = 0.002
MAX_CRASH_SHARE = 0.05  # a run where more pages than this crashed sets no floors

# (input form, harness tool name) -> floor group
GROUPS = {("html", "newsdesk"): "html", ("text", "newsdesk"): "text", ("text", "newsdesk-site"): "text-site"}


def load(path: Path = BASELINE) -> dict[str, Any]:
    if not path.exists():
        return {"tolerance": TOLERANCE, "floors": {}}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(baseline: dict[str, Any], path: Path = BASELINE) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(baseline, f, indent=2, sort_keys=True)
        f.write("\n")


def floor3(x: float) -> float:
    """Round DOWN to three decimals, so a floor never sits above what was measured."""
    return math.floor(x * 1000 + 1e-9) / 1000


def check(baseline: dict[str, Any], group: str, set_name: str, summary: dict[str, Any]) -> list[str]:
    """The floors of (group, set) that `summary` breaks by more than the tolerance, as messages."""
    tol = baseline.get("tolerance", TOLERANCE)
    fails = []
    for metric, floor in baseline.get("floors", {}).get(group, {}).get(set_name, {}).items():
        got = summary.get(metric)
        if got is None or got < floor - tol:
            shown = "n/a" if got is None else f"{got:.4f}"
            fails.append(f"{group}/{set_name} {metric} = {shown} < floor {floor:.3f} - {tol}")
    return fails


def raise_floors(baseline: dict[str, Any], measured: dict[tuple[str, str], dict[str, Any]]
                 ) -> tuple[dict[str, Any], list[str], list[str]]:
    """New baseline with every floor at max(old, measured); never lower.

    `measured`: (group, set) -> summary. Returns (new baseline, raised messages, kept-above messages:
    metrics measured below their floor, which stay where they were).
    """
    new = json.loads(json.dumps(baseline))
    new.setdefault("tolerance", TOLERANCE)
    floors = new.setdefault("floors", {})
    raised, kept = [], []
    for (group, set_name), summary in sorted(measured.items()):
        crashes, pages = summary.get("crashes", 0) + summary.get("timeouts", 0), summary.get("pages_run") or 0
        if pages and crashes > MAX_CRASH_SHARE * pages:
            kept.append(f"{group}/{set_name}: {crashes} of {pages} pages crashed or timed out; "
                        "no floor raised")
            continue
        cur = floors.setdefault(group, {}).setdefault(set_name, {})
        for metric in METRICS:
            got = summary.get(metric)
            if got is None:
                continue
            old = cur.get(metric)
            val = floor3(got)
            where = f"{group}/{set_name} {metric}"
            if old is None or val > old:
                cur[metric] = val
                raised.append(f"{where}: {'none' if old is None else f'{old:.3f}'} -> {val:.3f}")
            elif val < old:
                kept.append(f"{where}: measured {got:.4f} below floor {old:.3f}; floor kept")
    return new, raised, kept
