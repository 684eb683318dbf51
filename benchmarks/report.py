"""Markdown tables for the harness's results: one table per (input form, set), best value in bold."""

from __future__ import annotations

import statistics
from typing import Any

from tools import REPO, SHARED, TOOLS


def rel(msg: str) -> str:
    """A message with this machine's absolute paths made relative to the repo root."""
    return msg.replace(str(SHARED), "../shared").replace(str(REPO) + "/", "")

# (header, summary key, digits, higher is better)
COLUMNS = (
    ("body F1", "body_f1", 3, True),
    ("P", "body_p", 3, True),
    ("R", "body_r", 3, True),
    ("sh4 F1", "sh4_f1", 3, True),
    ("title", "title_acc", 3, True),
    ("date", "date_acc", 3, True),
    ("author", "author_acc", 3, True),
    ("pages/s", "pages_per_s_cpu", 1, True),
    ("peak MB", "rss_peak_mb", 0, False),
)


def _fmt(v: Any, digits: int) -> str:
    if v is None:
        return "n/a"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def _best(rows: list[dict], key: str, digits: int, higher: bool) -> str | None:
    vals = [r["summary"].get(key) for r in rows if r.get("summary")]
    vals = [v for v in vals if v is not None]
    if len(vals) < 2:
        return None
    return _fmt(max(vals) if higher else min(vals), digits)


def site_note(rows: list[dict]) -> str | None:
    """Site mode vs single-page mode on the pages that had a site profile (same pages, same run)."""
    site = next((r for r in rows if r["tool"] == "newsdesk-site" and r.get("summary")), None)
    single = next((r for r in rows if r["tool"] == "newsdesk" and r.get("summary")), None)
    if not site:
        return None
    s = site["summary"]
    ids = set(s.get("profiled_ids", []))
    line = (f"newsdesk-site: {s.get('profiled_pages', 0)} of {s.get('pages_run', 0)} pages had other pages "
            f"of their site to learn from ({s.get('profiles_learned', 0)} profiles, "
            f"learning {s.get('learn_cpu_s', 0.0):.2f} s CPU, not in pages/s); the rest ran as single pages.")
    if ids and single:
        def sub(r: dict) -> float | None:
            f1s = [p["f1"] for p in r.get("per_page", []) if str(p["id"]) in ids and "f1" in p]
            return statistics.mean(f1s) if f1s else None
        one, tmpl = sub(single), sub(site)
        if one is not None and tmpl is not None:
            line += f" On those pages body F1: single-page {one:.3f}, site-template {tmpl:.3f}."
    return line


def versus_note(form: str, rows: list[dict]) -> str | None:
    """newsdesk against the best peer setting, and its speed and memory against trafilatura's defaults."""
    by = {r["tool"]: r["summary"] for r in rows if r.get("summary")}
    nd, tr = by.get("newsdesk"), by.get("trafilatura")
    peers = {k: v for k, v in by.items() if not k.startswith("newsdesk") and v.get("body_f1") is not None}
    if not nd or not peers:
        return None
    best = max(peers, key=lambda k: peers[k]["body_f1"])
    what = "best peer" if form == "html" else "best baseline"
    line = (f"newsdesk body F1 {nd['body_f1']:.3f} vs {what} {peers[best]['body_f1']:.3f} ({best}, "
            f"{nd['body_f1'] - peers[best]['body_f1']:+.3f})")
    if form == "html" and tr and nd.get("pages_per_s_cpu") and tr.get("pages_per_s_cpu"):
        line += (f"; speed {nd['pages_per_s_cpu'] / tr['pages_per_s_cpu']:.1f}x trafilatura's; peak memory "
                 f"{nd['rss_peak_mb']:.0f} MB vs trafilatura's {tr['rss_peak_mb']:.0f} MB")
    return line + "."


def table(form: str, set_name: str, rows: list[dict]) -> str:
    pages = next((r["summary"]["pages"] for r in rows if r.get("summary")), 0)
    head = ["tool"] + [c[0] for c in COLUMNS] + ["crashes"]
    title = f"### {form} · {set_name}" + (f" ({pages} pages)" if pages else "")
    out = [title, "", "| " + " | ".join(head) + " |",
           "|" + "---|" + "---:|" * (len(head) - 1)]
    best = {c[1]: _best(rows, c[1], c[2], c[3]) for c in COLUMNS}
    notes = []
    for r in rows:
        if not r.get("summary"):
            cells = ["n/a"] * len(COLUMNS) + ["n/a"]
            notes.append(rel(f"{r['tool']}: {r.get('unavailable') or r.get('error') or 'no result'}"))
        else:
            s = r["summary"]
            cells = []
            for _, key, digits, _hi in COLUMNS:
                v = _fmt(s.get(key), digits)
                cells.append(f"**{v}**" if v == best[key] and v != "n/a" else v)
            cells.append(f"{s.get('crashes', 0)}+{s.get('timeouts', 0)}t" if s.get("timeouts") else
                         str(s.get("crashes", 0)))
            err = next((p["error"] for p in r.get("per_page", []) if p.get("error")), None)
            if err:
                notes.append(f"{r['tool']}: {s.get('crashes', 0)} crashes, {s.get('timeouts', 0)} timeouts "
                             f"(scored as empty); first: {rel(err)[:160]}")
        name = f"**{r['tool']}**" if r["tool"].startswith("newsdesk") else r["tool"]
        out.append("| " + " | ".join([name] + cells) + " |")
    for extra in (versus_note(form, rows), site_note(rows)):
        if extra:
            notes.append(extra)
    if notes:
        out.append("")
        out.extend(f"- {n}" for n in notes)
    return "\n".join(out) + "\n"


def legend(forms: list[str]) -> str:
    lines = ["Tools and settings:", ""]
    for form in forms:
        for t in TOOLS[form].values():
            lines.append(f"- {form} `{t.name}`: {t.note} (`{t.runner}`)")
    lines += ["", "body F1/P/R: bag of words (lowercased \\w+ tokens), averaged over pages; sh4 F1: "
              "ScrapingHub's 4-shingle F1; title: normalised exact match; date: same calendar day; "
              "author: token Dice >= 0.5 (all from ../shared/tools/extract_eval.py, imported); pages/s: "
              "one core, CPU time, parsing included, file reading excluded; peak MB: the worker "
              "process's max RSS (interpreter and imports included); n/a: no truth, or the tool never "
              "gives the field."]
    return "\n".join(lines) + "\n"
