"""Side-by-side extraction benchmark: newsdesk and its peers, one run, both shared dev sets.

    .venv/bin/python benchmarks/run.py                          # html: newsdesk + every peer
    .venv/bin/python benchmarks/run.py --input text             # text dumps: newsdesk + baselines
    .venv/bin/python benchmarks/run.py --input html,text --snapshot   # both, and write RESULTS.md
    .venv/bin/python benchmarks/run.py --tools newsdesk --raise-floors   # raise baseline.json

Each (input, set, tool) runs in its own subprocess pinned to one core (newsdesk from .venv, peers
from .peers-venv, created on first use from requirements-peers.txt). Progress goes to stderr; the
tables go to stdout and benchmarks/results/ (extraction.md/.json for html, extraction-text.* for
text), with per-page scores under results/per-page/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # noqa: E402
from report import legend, table  # noqa: E402
from tools import BENCH, EXTRACTION, INPUTS, PEERS_REQUIREMENTS, PEERS_VENV, REPO, SETS, TOOLS  # noqa: E402

RESULTS = BENCH / "results"
SNAPSHOT = BENCH / "RESULTS.md"
RUN_TIMEOUT_S = 1800
THREAD_ENV = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "TOKENIZERS_PARALLELISM")}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ensure_peers_venv(force: bool = False) -> None:
    """Create .peers-venv and install the pinned peers, unless it already matches the pins."""
    stamp = PEERS_VENV / ".installed"
    want = hashlib.sha1(PEERS_REQUIREMENTS.read_bytes()).hexdigest()
    ready = (PEERS_VENV / "bin" / "python").exists() and stamp.exists() and stamp.read_text().strip() == want
    if ready and not force:
        return
    log(f"setting up {PEERS_VENV.name} from {PEERS_REQUIREMENTS.relative_to(REPO)} ...")
    if not (PEERS_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)  # an old pip trips on lxml[html-clean]
    subprocess.run(pip + ["-r", str(PEERS_REQUIREMENTS)], check=True)
    stamp.write_text(want + "\n")
    log(f"{PEERS_VENV.name} ready")


def default_cpu() -> int:
    """The last core this process may use (the first tends to take the machine's other work)."""
    return sorted(os.sched_getaffinity(0))[-1] if hasattr(os, "sched_getaffinity") else 0


def run_one(form: str, set_name: str, tool_name: str, a: argparse.Namespace) -> dict:
    t = TOOLS[form][tool_name]
    row = {"input": form, "set": set_name, "tool": tool_name, "runner": t.runner, "note": t.note}
    if not t.python.exists():
        row["error"] = f"{t.python.relative_to(REPO)} missing (make test / make bench-peers)"
        return row
    pp_dir = RESULTS / "per-page" / form / set_name
    pp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as td:
        out = Path(td) / "result.json"
        cmd = [str(t.python), str(BENCH / "worker.py"), "--input", form, "--tool", tool_name,
               "--set", str(EXTRACTION / set_name), "--out", str(out), "--cpu", str(a.cpu),
               "--page-timeout", str(a.page_timeout)]
        if a.limit:
            cmd += ["--limit", str(a.limit)]
        if a.save_preds:
            pred_dir = RESULTS / "preds" / form / set_name
            pred_dir.mkdir(parents=True, exist_ok=True)
            cmd += ["--pred-out", str(pred_dir / f"{tool_name}.jsonl")]
        env = {**os.environ, **THREAD_ENV}
        env.pop("PYTHONPATH", None)
        try:
            proc = subprocess.run(cmd, env=env, timeout=RUN_TIMEOUT_S, stdout=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            row["error"] = f"run exceeded {RUN_TIMEOUT_S} s"
            return row
        if proc.returncode != 0 or not out.exists():
            row["error"] = f"worker exited with status {proc.returncode} (see stderr above)"
            return row
        res = json.loads(out.read_text(encoding="utf-8"))
    if res.get("unavailable"):
        row["unavailable"] = res["unavailable"]
        return row
    row["summary"], row["per_page"] = res["summary"], res["per_page"]
    with open(pp_dir / f"{tool_name}.jsonl", "w", encoding="utf-8") as f:
        for p in res["per_page"]:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return row


def add_speed(first: dict, again: dict) -> None:
    """Keep a later round's pages/s beside the first round's scores (the scores do not change)."""
    if first.get("summary") and again.get("summary"):
        first.setdefault("speed_runs", [first["summary"]["pages_per_s_cpu"]])
        first["speed_runs"].append(again["summary"]["pages_per_s_cpu"])


def median_speed(row: dict) -> None:
    """With ``--repeat``, the reported pages/s is the median over the rounds (all runs listed)."""
    runs = row.get("speed_runs")
    if runs:
        row["summary"]["pages_per_s_cpu_runs"] = [round(v, 1) for v in runs]
        row["summary"]["pages_per_s_cpu"] = statistics.median(runs)


def one_line(row: dict) -> str:
    s = row.get("summary")
    if not s:
        why = row.get("unavailable") or row.get("error")
        return f"{row['tool']} on {row['set']} ({row['input']}): n/a: {why}"

    def f(k: str, d: int = 3) -> str:
        v = s.get(k)
        return "n/a" if v is None else f"{v:.{d}f}"
    return (f"{row['tool']} on {row['set']} ({row['input']}): body F1 {f('body_f1')} sh4 {f('sh4_f1')} "
            f"title {f('title_acc')} date {f('date_acc')} author {f('author_acc')} "
            f"{f('pages_per_s_cpu', 1)} pages/s {f('rss_peak_mb', 0)} MB crashes {s.get('crashes')}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", default="html", help="html, text or html,text")
    ap.add_argument("--tools", help="comma list (default: all for the input); see benchmarks/tools.py")
    ap.add_argument("--sets", default=",".join(SETS),
                    help="comma list of sets under ../shared/benchmarks/extraction")
    ap.add_argument("--limit", type=int, help="only the first N pages of each set (no floors raised)")
    ap.add_argument("--cpu", type=int, default=None,
                    help="core to pin each worker to (default: the last one)")
    ap.add_argument("--page-timeout", type=float, default=60.0)
    ap.add_argument("--save-preds", action="store_true", help="keep predictions under results/preds/")
    ap.add_argument("--check-floors", action="store_true", help="exit 1 when newsdesk is below a floor")
    ap.add_argument("--raise-floors", action="store_true",
                    help="raise baseline.json to this run (never lowers)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run every tool this many times, in interleaved rounds; pages/s is the median")
    ap.add_argument("--snapshot", action="store_true", help="also write benchmarks/RESULTS.md")
    ap.add_argument("--setup-peers", action="store_true", help="only create/update .peers-venv, then exit")
    a = ap.parse_args(argv)
    a.inputs = [x for x in a.input.split(",") if x]
    a.set_names = [x for x in a.sets.split(",") if x]
    bad = [x for x in a.inputs if x not in INPUTS]
    if bad:
        ap.error(f"unknown input {bad}; use html and/or text")
    if a.tools:
        a.tool_names = [x for x in a.tools.split(",") if x]
        unknown = [x for x in a.tool_names if not any(x in TOOLS[f] for f in a.inputs)]
        if unknown:
            known = "; ".join(f"{f}: {', '.join(TOOLS[f])}" for f in a.inputs)
            ap.error(f"unknown tools {unknown}; known: {known}")
    else:
        a.tool_names = None
    if a.raise_floors and a.limit:
        ap.error("--raise-floors needs full sets: drop --limit")
    if a.cpu is None:
        a.cpu = default_cpu()
    return a


def plan(a: argparse.Namespace) -> list[tuple[str, str, str]]:
    jobs = []
    for form in a.inputs:
        names = [n for n in TOOLS[form] if a.tool_names is None or n in a.tool_names]
        for set_name in a.set_names:
            jobs += [(form, set_name, n) for n in names]
    return jobs


def write_outputs(a: argparse.Namespace, rows: list[dict], command: str, floor_msgs: list[str]) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    speed = f"; pages/s is the median of {a.repeat} interleaved rounds" if a.repeat > 1 else ""
    header = f"Run {when}, one core per tool (CPU time{speed}), command: `{command}`\n"
    md_all = []
    for form in a.inputs:
        parts = [table(form, s, [r for r in rows if r["input"] == form and r["set"] == s])
                 for s in a.set_names]
        md = "\n".join([f"## Extraction benchmark, {form} input\n", header] + parts + [legend([form])])
        stem = "extraction" if form == "html" else f"extraction-{form}"
        (RESULTS / f"{stem}.md").write_text(md, encoding="utf-8")
        slim = [{k: v for k, v in r.items() if k != "per_page"} for r in rows if r["input"] == form]
        (RESULTS / f"{stem}.json").write_text(json.dumps(
            {"run": when, "command": command, "limit": a.limit, "results": slim, "floors": floor_msgs},
            indent=1, ensure_ascii=False), encoding="utf-8")
        md_all.append(md)
    return "\n".join(md_all)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    if a.setup_peers:
        ensure_peers_venv(force=True)
        return 0
    if not EXTRACTION.exists():
        log(f"no benchmark sets at {EXTRACTION} (../shared absent): nothing to run")
        return 2
    jobs = plan(a)
    if any(TOOLS[f][n].venv == "peers" for f, _, n in jobs):
        ensure_peers_venv()
    command = "benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    rows, t0 = [], time.time()
    for rnd in range(a.repeat):  # rounds interleave the tools, so slow spells of the machine hit all alike
        for i, (form, set_name, name) in enumerate(jobs, 1):
            t1 = time.time()
            row = run_one(form, set_name, name, a)
            if rnd == 0:
                rows.append(row)
            else:
                add_speed(rows[i - 1], row)
            tag = f" round {rnd + 1}/{a.repeat}" if a.repeat > 1 else ""
            log(f"[{i}/{len(jobs)}{tag}] {one_line(row)} ({time.time() - t1:.0f} s)")
    if a.repeat > 1:
        for r in rows:
            median_speed(r)

    base = floors.load()
    floor_msgs, measured = [], {}
    for r in rows:
        group = floors.GROUPS.get((r["input"], r["tool"]))
        if group and r.get("summary"):
            measured[(group, r["set"])] = r["summary"]
            if not a.limit:
                floor_msgs += floors.check(base, group, r["set"], r["summary"])
    md = write_outputs(a, rows, command, floor_msgs)
    print(md)
    if a.snapshot:
        SNAPSHOT.write_text("# Extraction benchmark snapshot\n\nReproduce: `.venv/bin/python " + command
                            + "` (see README.md in this folder).\n\n" + md, encoding="utf-8")
    ok = sum(1 for r in rows if r.get("summary"))
    log(f"done: {len(rows)} runs, {ok} scored, {len(rows) - ok} n/a, {time.time() - t0:.0f} s; "
        f"tables in {RESULTS.relative_to(REPO)}/")
    for m in floor_msgs:
        log(f"BELOW FLOOR: {m}")
    if a.raise_floors:
        new, raised, kept = floors.raise_floors(base, measured)
        for m in raised:
            log(f"floor raised: {m}")
        for m in kept:
            log(f"floor kept (refusing to lower): {m}")
        if raised:
            floors.save(new)
    return 1 if (a.check_floors and floor_msgs) else 0


if __name__ == "__main__":
    sys.exit(main())
