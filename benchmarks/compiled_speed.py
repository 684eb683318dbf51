"""Compiled extension modules against the plain ``.py`` source: CPU per page, interleaved, two processes.

    .venv/bin/python benchmarks/compiled_speed.py                        # both dev sets, 2 rounds
    .venv/bin/python benchmarks/compiled_speed.py --sets scrapinghub --rounds 3 --check
    .venv/bin/python benchmarks/compiled_speed.py --input text --rounds 1 --check    # extract_text

``ab_speed.py`` copies ``src/newsdesk`` under other package names in one process, which cannot carry
compiled modules (an extension module's init function is named after its package path). Here each side
is its own worker process importing ``newsdesk`` from its own folder: B is this work tree's
``src`` (compiled in place by ``pip install -e .``, see ``setup.py``), A is a copy of the same source
without the compiled files (or ``--plain-src`` / ``--compiled-src`` folders). The driver hands both
workers the same chunks of pages in alternating order, so noise from a shared machine hits both alike;
each worker times ``extract(...).to_dict()`` with ``time.process_time`` (parsing included, file reading
excluded) after a warm-up. ``--check`` compares ``Article.to_dict()`` field by field on every page
of the first round. Pages come from the shared dev sets (``../shared/benchmarks/extraction``).
Run with OMP_NUM_THREADS=1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_COMPILED_SUFFIXES = (".so", ".pyd", ".c")


def _field_hashes(d: dict) -> dict[str, str]:
    return {k: hashlib.sha1(json.dumps(v, sort_keys=True, default=str).encode()).hexdigest()
            for k, v in d.items()}


def worker(src: str, sets: list[str], mode: str) -> int:
    """Import ``newsdesk`` from ``src``; answer ``start stop`` lines with one JSON line each."""
    sys.path.insert(0, src)
    sys.path.insert(1, str(REPO / "benchmarks"))
    from ab_speed import _NO_LANG, load_pages  # noqa: PLC0415 - the worker's own sys.path

    import newsdesk  # noqa: PLC0415
    from newsdesk.extract import compiled  # noqa: PLC0415

    if mode == "text":
        pages = load_pages(sets, "text")

        def run(data: bytes, url: str | None):
            return newsdesk.extract_text(data.decode("utf-8", errors="replace"), url=url)
    else:
        pages = load_pages(sets)
        run = newsdesk.extract
    for _, _, data, url in pages[:3]:  # imports, lazy models and caches are billed to neither side
        run(data, url=url)
    newsdesk.extract(_NO_LANG)
    info = {"n": len(pages), "package": str(Path(newsdesk.__file__).parent),
            "compiled": sorted(compiled.compiled_modules()), "reason": compiled.fallback_reason}
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        start, stop = map(int, line.split())
        cpu, hashes = 0.0, []
        for _, _, data, url in pages[start:stop]:
            c0 = time.process_time()
            try:
                res = run(data, url=url).to_dict()
            except Exception as exc:  # noqa: BLE001 - a failure is an output too
                res = {"error": f"{type(exc).__name__}: {exc}"}
            cpu += time.process_time() - c0
            hashes.append(_field_hashes(res))
        print(json.dumps({"cpu": cpu, "hashes": hashes}), flush=True)
    return 0


def _plain_copy(src: Path, dest: Path) -> Path:
    """``dest/newsdesk``: the package at ``src/newsdesk`` without compiled modules or C sources."""
    shutil.copytree(src / "newsdesk", dest / "newsdesk",
                    ignore=shutil.ignore_patterns("__pycache__", *(f"*{s}" for s in _COMPILED_SUFFIXES)))
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="scrapinghub,wcxb-dev-article")
    ap.add_argument("--input", choices=("html", "text"), default="html",
                    help="extract the HTML pages, or their flattened text with extract_text")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=10, help="pages per turn of one side")
    ap.add_argument("--check", action="store_true", help="compare Article.to_dict() (first round)")
    ap.add_argument("--compiled-src", default=str(REPO / "src"), help="folder holding a compiled newsdesk")
    ap.add_argument("--plain-src", default="", help="folder holding a plain newsdesk (default: a copy "
                    "of --compiled-src without compiled files)")
    ap.add_argument("--worker", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    sets = args.sets.split(",")
    if args.worker:
        return worker(args.worker, sets, args.input)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="nd-compiled-") as tmp:
        plain = args.plain_src or str(_plain_copy(Path(args.compiled_src), Path(tmp)))
        srcs = {"plain": plain, "compiled": args.compiled_src}
        cmd = [sys.executable, __file__, "--sets", args.sets, "--input", args.input, "--worker"]
        procs = {side: subprocess.Popen([*cmd, src],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                        cwd=tmp) for side, src in srcs.items()}
        info = {side: json.loads(p.stdout.readline()) for side, p in procs.items()}
        for side, i in info.items():
            print(f"{side}: {i['package']}, compiled modules: {', '.join(i['compiled']) or 'none'}"
                  + (f" (fallback: {i['reason']})" if i["reason"] else ""))
        n = info["plain"]["n"]
        cpu = dict.fromkeys(procs, 0.0)
        first: dict[str, list] = {side: [] for side in procs}
        turn = 0
        for r in range(args.rounds):
            for start in range(0, n, args.chunk):
                order = ("plain", "compiled") if turn % 2 == 0 else ("compiled", "plain")
                turn += 1
                for side in order:
                    procs[side].stdin.write(f"{start} {min(n, start + args.chunk)}\n")
                    procs[side].stdin.flush()
                    out = json.loads(procs[side].stdout.readline())
                    cpu[side] += out["cpu"]
                    if r == 0:
                        first[side].extend(out["hashes"])
        for p in procs.values():
            p.stdin.close()
            p.wait()
    total = n * args.rounds
    a, b = cpu["plain"], cpu["compiled"]
    print(f"{args.sets} ({args.input}): {n} pages x {args.rounds} rounds: "
          f"plain {1000 * a / total:.2f} ms/page ({total / a:.1f} pages/s), compiled {1000 * b / total:.2f} ms/page ({total / b:.1f} pages/s), "
          f"plain/compiled {a / b:.3f}")
    if args.check:
        diffs = [(i, sorted(k for k in {*ha, *hb} if ha.get(k) != hb.get(k)))
                 for i, (ha, hb) in enumerate(zip(first["plain"], first["compiled"])) if ha != hb]
        print(f"Article.to_dict differences: {len(diffs)} of {n} pages")
        for i, keys in diffs[:40]:
            print(f"  page {i}: {', '.join(keys)}")
        return 1 if diffs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
