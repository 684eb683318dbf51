"""Not-news detection scored on hand-labelled real pages.

    python benchmarks/pagetype_eval.py [--errors] [--json OUT]

Pages: the shared extraction sets (../shared/benchmarks/extraction/{scrapinghub,wcxb-dev-article}),
read in place and extracted with newsdesk's HTML extractor. Labels: benchmarks/labels/pagetype.tsv
(how they were made is written at its top; "unsure" pages are left out). The detector is
``newsdesk.enrich.pagetype.judge_page``; nothing here feeds back into it.

Reports precision and recall of the not-news class (the class that must stay off the home page),
overall, per set, and grouped by site: the share of sites all of whose pages are judged right, and
the macro average over sites of per-site accuracy (a site with many pages counts once).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks" / "extraction"
LABELS = REPO / "benchmarks" / "labels" / "pagetype.tsv"
sys.path.insert(0, str(REPO / "src"))

from newsdesk.enrich.pagetype import judge_page  # noqa: E402
from newsdesk.errors import NewsdeskError  # noqa: E402
from newsdesk.extract.html import extract_html  # noqa: E402


def load_labels(path: Path = LABELS) -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    for line in path.open(encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        ds, pid, label, kind = (line.rstrip("\n").split("\t") + [""])[:4]
        out[(ds, pid)] = (label, kind)
    return out


def pages(datasets: tuple[str, ...] = ("scrapinghub", "wcxb-dev-article")):
    for ds in datasets:
        truth = SHARED / ds / "truth.jsonl"
        if not truth.exists():
            sys.exit(f"shared set missing: {truth}")
        for line in truth.open(encoding="utf-8"):
            d = json.loads(line)
            html = gzip.decompress((SHARED / ds / "html" / Path(d["source_file"]).name).read_bytes())
            yield ds, d["id"], d["url"], html


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision/recall/F1 of the positive class; pairs are (truth, predicted)."""
    tp = sum(t and p for t, p in pairs)
    fp = sum(p and not t for t, p in pairs)
    fn = sum(t and not p for t, p in pairs)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(pairs), "positives": tp + fn, "precision": round(prec, 3), "recall": round(rec, 3),
            "f1": round(f1, 3), "accuracy": round(sum(t == p for t, p in pairs) / max(len(pairs), 1), 3)}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="list every page judged against its label")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args(argv)
    labels = load_labels()
    rows = []
    for ds, pid, url, html in pages():
        label, kind = labels.get((ds, pid), ("", ""))
        if label not in ("news", "not-news"):
            continue
        try:
            j = judge_page(extract_html(html, url))
        except NewsdeskError as exc:
            print(f"{ds} {pid}: extraction failed ({exc}); counted as judged news", file=sys.stderr)
            rows.append((ds, pid, url, label == "not-news", False, "extraction failed"))
            continue
        rows.append((ds, pid, url, label == "not-news", not j.is_news, j.reason))
    report: dict = {"overall": prf([(t, p) for *_, t, p, _ in rows])}
    for ds in ("scrapinghub", "wcxb-dev-article"):
        report[ds] = prf([(t, p) for d, _, _, t, p, _ in rows if d == ds])
    by_site: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for _, _, url, t, p, _ in rows:
        by_site[(urlparse(url).hostname or "").removeprefix("www.")].append((t, p))
    site_acc = [sum(t == p for t, p in v) / len(v) for v in by_site.values()]
    report["sites"] = {"n": len(by_site), "all_right": sum(a == 1.0 for a in site_acc),
                       "macro_accuracy": round(sum(site_acc) / len(site_acc), 3)}
    report["sites_with_errors"] = sorted(
        f"{s}: {sum(t != p for t, p in v)}/{len(v)}" for s, v in by_site.items() if any(t != p for t, p in v))
    print(json.dumps({k: v for k, v in report.items() if k != "sites_with_errors"}, indent=1))
    print(f"sites with an error ({len(report['sites_with_errors'])}):", ", ".join(report["sites_with_errors"]))
    if a.errors:
        for ds, pid, url, t, p, why in rows:
            if t != p:
                print(f"{'missed' if t else 'false'} {ds[:4]} {pid[:10]} {url[:90]}\n    {why}")
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
