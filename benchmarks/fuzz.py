"""Fuzz every parser of untrusted bytes: >= 10,000 mutated inputs each (``make fuzz``).

    python benchmarks/fuzz.py [--inputs 10000] [--targets rss,html] [--seed 0] [--shared ../shared]

Each target runs in its own process (so its peak memory is its own and a real hang cannot stop the
others), over seeds from newsdesk.testing.fuzz_seeds changed by newsdesk.testing.fuzz.mutate ops.
Reported per parser: inputs, ok, newsdesk errors, crashes (anything else, or a property violation),
hangs (an input over 5 s of CPU), the slowest input (CPU s, and wall s on this loaded machine), p99, and peak memory (RSS growth over the warmed-up
process). Crashing inputs are written to benchmarks/results/fuzz-crashes/<target>/ (copy the small
ones to tests/fuzz/corpus/<target>/ to keep them as regression tests); figures to
benchmarks/results/fuzz.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.testing.fuzz import HANG_S, TARGETS, apply_ops, check, random_ops  # noqa: E402
from newsdesk.testing.fuzz_seeds import target_seeds  # noqa: E402

OUT = ROOT / "benchmarks" / "results"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def fuzz_one(name: str, inputs: int, seed: int, shared: str | None, queue: "mp.Queue[dict]") -> None:
    target = TARGETS[name]
    seeds = target_seeds(name, ROOT, Path(shared) if shared else None)
    for s in seeds[:3]:  # warm up imports and caches before the memory baseline
        check(target, s)
    base = _rss_mb()
    rng = random.Random(f"{seed}:{name}")
    counts = {"ok": 0, "error": 0, "crash": 0}
    times: list[float] = []
    max_wall = 0.0
    crashes: list[dict] = []
    hangs = 0
    t_start = time.process_time()
    for i in range(inputs):
        data = seeds[i % len(seeds)] if i < len(seeds) else apply_ops(rng.choice(seeds), random_ops(rng), seeds)
        out = check(target, data)
        counts[out.kind] += 1
        times.append(out.seconds)
        max_wall = max(max_wall, out.wall)
        hangs += out.seconds > HANG_S
        if out.kind == "crash" or out.seconds > HANG_S:
            digest = hashlib.sha1(data).hexdigest()[:16]
            folder = OUT / "fuzz-crashes" / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{digest}.bin").write_bytes(data)
            if len(crashes) < 20:
                crashes.append({"input": digest, "bytes": len(data), "seconds": round(out.seconds, 2),
                                "detail": out.detail or "slow"})
    times.sort()
    queue.put({
        "target": name, "inputs": inputs, "seeds": len(seeds), **counts, "hangs_over_5s": hangs,
        "max_s": round(times[-1], 3), "max_wall_s": round(max_wall, 3), "p99_ms": round(times[int(0.99 * (len(times) - 1))] * 1000, 1),
        "cpu_s": round(time.process_time() - t_start, 1), "peak_mb": round(_rss_mb() - base, 1),
        "rss_mb": round(_rss_mb(), 1), "crashes": crashes,
    })


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="inputs per parser (default 10,000)")
    ap.add_argument("--targets", default=",".join(TARGETS), help="comma-separated targets")
    ap.add_argument("--seed", type=int, default=0)
    default_shared = ROOT.parent / "shared"
    ap.add_argument("--shared", default=str(default_shared) if default_shared.is_dir() else None,
                    help="shared data folder for more seed pages (default ../shared when present)")
    ap.add_argument("--limit-s", type=float, default=3600.0, help="wall-clock bound per parser")
    args = ap.parse_args(argv)
    results = []
    print(f"{'parser':10} {'inputs':>7} {'seeds':>5} {'ok':>6} {'errors':>6} {'crashes':>7} {'hangs>5s':>8} "
          f"{'max s':>6} {'p99 ms':>7} {'cpu s':>6} {'peak MB':>7}", flush=True)
    ctx = mp.get_context("fork")
    for name in args.targets.split(","):
        queue: "mp.Queue[dict]" = ctx.Queue()
        proc = ctx.Process(target=fuzz_one, args=(name, args.inputs, args.seed, args.shared, queue))
        proc.start()
        try:
            r = queue.get(timeout=args.limit_s)
        except Exception:  # noqa: BLE001 - the child hung or died: that is a finding
            proc.kill()
            r = {"target": name, "inputs": args.inputs, "crash": "?", "hangs_over_5s": "killed",
                 "detail": f"no result within {args.limit_s} s (exit code {proc.exitcode})"}
        proc.join(timeout=10)
        results.append(r)
        print(f"{name:10} {r['inputs']:>7} {r.get('seeds', '-'):>5} {r.get('ok', '-'):>6} {r.get('error', '-'):>6} "
              f"{r.get('crash', '-'):>7} {r.get('hangs_over_5s', '-'):>8} {r.get('max_s', '-'):>6} "
              f"{r.get('p99_ms', '-'):>7} {r.get('cpu_s', '-'):>6} {r.get('peak_mb', '-'):>7}", flush=True)
        for c in r.get("crashes", [])[:5]:
            print(f"    crash {c['input']} ({c['bytes']} B, {c['seconds']} s): {c['detail'][:160]}", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fuzz.json").write_text(json.dumps({"seed": args.seed, "results": results}, indent=1))
    bad = sum(r["crash"] if isinstance(r.get("crash"), int) else 1 for r in results)
    bad += sum(r["hangs_over_5s"] if isinstance(r.get("hangs_over_5s"), int) else 1 for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
