"""newsdesk's whole ingest against the peers' extraction alone, on the same pages, in one run (issue 17).

    .venv/bin/python benchmarks/pipeline_peers.py                       # 3 rounds, the default peers
    .venv/bin/python benchmarks/pipeline_peers.py --rounds 5 --tools trafilatura,resiliparse

The archive is ``ingest_bench.py``'s (the 845 shared pages as a gzip-per-record WARC, in a temp dir).
Each round runs, as separate child processes in an order that rotates from round to round:

- ``newsdesk ingest``: the whole pipeline (extract, enrich, near-duplicates, stories, store into a
  fresh SQLite file), ``ingest_bench.py --child`` (CPU of the ingest, imports excluded);
- ``newsdesk.extract`` alone and each peer's extraction alone (``peers.py``'s runners, the
  functions ``run.py`` scores: trafilatura with its metadata, newspaper4k's ``Article.parse``,
  readability-lxml, ...; news-please runs newspaper and readability on every article), each in
  its own virtual environment, one untimed warm-up page, then CPU time per page over the same
  WARC payloads, read beforehand.

One thread per process (OMP/MKL pinned to 1), CPU time, so the machine's other load moves the
figures less than wall time; the report gives each tool's median pages/s per core over the rounds
and the ratio of newsdesk's whole ingest to each extractor alone. The peers venv is ``make
bench-peers`` (``run.py --setup-peers``); without it only newsdesk's two rows are measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from tools import PEERS_VENV, tool  # noqa: E402

DEFAULT_TOOLS = "trafilatura,newspaper4k,readability,resiliparse"


def payloads(warc: Path) -> list[tuple[str, bytes]]:
    """(url, HTML bytes) of every response record, read with FastWARC (in both venvs)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    out = []
    with open(warc, "rb") as f:
        for rec in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
            out.append((rec.headers.get("WARC-Target-URI", ""), rec.reader.read()))
    return out


def _child_extract(name: str, warc: Path) -> None:
    """``--child-extract``: one tool's extraction over the archive's payloads; JSON on stdout."""
    import importlib
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    mod, fn_name = tool("html", name).runner.split(":", 1)
    fn = getattr(importlib.import_module(mod), fn_name)
    pages = payloads(warc)
    fn(pages[0][1], pages[0][0])  # warm-up, untimed (imports, models)
    cpu, crashes = 0.0, 0
    for url, data in pages:
        c0 = time.process_time()
        try:
            fn(data, url)
        except Exception:  # a crash counts as a page done (its time is kept), as run.py scores it
            crashes += 1
        cpu += time.process_time() - c0
    print(json.dumps({"pages": len(pages), "cpu_s": round(cpu, 3), "crashes": crashes}))


def _run(cmd: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure(name: str, warc: Path, tmp: Path) -> dict:
    """One child run: ``ingest`` (the whole pipeline) or a tool's extraction alone."""
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent / "src")}
    if name == "ingest":
        db = tmp / "ingest.db"
        got = _run([sys.executable, str(BENCH / "ingest_bench.py"), "--child", str(warc), str(db)], env)
        for f in tmp.glob("ingest.db*"):
            f.unlink()
        return {"pages": got["records"], "cpu_s": got["cpu_s"], "articles": got["articles"], "build": got["build"]}
    t = tool("html", name)
    if t.venv == "peers":
        env.pop("PYTHONPATH")
    return _run([str(t.python), __file__, "--child-extract", name, str(warc)], env)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tools", default=DEFAULT_TOOLS, help="peers from tools.HTML_TOOLS, comma-separated")
    ap.add_argument("--json", help="write the result here")
    ap.add_argument("--child-extract", nargs=2, metavar=("TOOL", "WARC"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_extract:
        _child_extract(args.child_extract[0], Path(args.child_extract[1]))
        return
    from ingest_bench import build_warc

    peers = [t for t in args.tools.split(",") if t]
    if peers and not (PEERS_VENV / "bin" / "python").exists():
        print(f"no peers venv at {PEERS_VENV} (make bench-peers): newsdesk only", file=sys.stderr)
        peers = []
    names = ["ingest", "newsdesk", *peers]
    runs: dict[str, list[dict]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="pipeline-peers-") as td:
        tmp = Path(td)
        warc = tmp / "bench.warc.gz"
        info = build_warc(warc, 1, 0)
        for r in range(args.rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for n in order:
                got = measure(n, warc, tmp)
                runs[n].append(got)
                print(f"round {r + 1}/{args.rounds} {n:12s} {got['pages'] / got['cpu_s']:7.1f} pages/s "
                      f"({got['cpu_s']:.2f} s CPU)", file=sys.stderr, flush=True)
    rows = {}
    for n, rs in runs.items():
        pps = [x["pages"] / x["cpu_s"] for x in rs if x["cpu_s"]]
        rows[n] = {"pages_per_s": round(statistics.median(pps), 1), "rounds": [round(p, 1) for p in pps],
                   "crashes": rs[-1].get("crashes", 0)}
    ing = rows["ingest"]["pages_per_s"]
    for n in names[1:]:
        rows[n]["ingest_ratio"] = round(ing / rows[n]["pages_per_s"], 3)
    result = {"archive": info, "rounds": args.rounds, "build": runs["ingest"][0]["build"],
              "articles": runs["ingest"][0]["articles"], "tools": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"{info['pages']} pages, {args.rounds} rounds, median pages/s per core (CPU time); {result['build']}")
    print("| what | pages/s | newsdesk's whole ingest / this |")
    print("| --- | ---: | ---: |")
    print(f"| newsdesk ingest (extract, enrich, dedup, stories, store) | {ing} | 1.000 |")
    for n in names[1:]:
        label = "newsdesk.extract alone" if n == "newsdesk" else f"{n} extraction alone"
        print(f"| {label} | {rows[n]['pages_per_s']} | {rows[n]['ingest_ratio']} |")


if __name__ == "__main__":
    main()
