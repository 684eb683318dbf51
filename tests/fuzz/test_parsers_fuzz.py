"""Every parser of untrusted bytes, fuzzed: seeds (fixture web, golden pages, ../shared pages when
present, the crash corpus) and hypothesis-drawn mutations. Property: only NewsdeskError, under 5 s of
CPU, and what comes out is well formed (newsdesk.testing.fuzz). A bounded sample runs here;
``make fuzz`` (benchmarks/fuzz.py) runs 10,000+ inputs per parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.testing.fuzz import HANG_S, TARGETS, apply_ops, check, corpus_files
from newsdesk.testing.fuzz_seeds import target_seeds

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
#: examples per parser on each test run (about a minute in all); expensive parsers get fewer
EXAMPLES = {"html": 100, "text": 100, "sanitiser": 150, "warc": 150, "http": 150, "rss": 150, "atom": 150}
OPS = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 1 << 30), st.integers(0, 1 << 16),
                         st.integers(0, 1 << 16)), min_size=1, max_size=5)


def _seeds(name: str) -> list[bytes]:
    return target_seeds(name, ROOT, SHARED if SHARED.is_dir() else None)


@pytest.mark.parametrize("name", list(TARGETS))
def test_parser_gives_a_result_or_our_error_on_mutated_real_input(name):
    seeds = _seeds(name)
    target = TARGETS[name]
    assert seeds, f"no seeds for {name}"

    @settings(max_examples=EXAMPLES.get(name, 300), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.integers(0, len(seeds) - 1), OPS)
    def run(i: int, ops: list) -> None:
        data = apply_ops(seeds[i], ops, seeds)
        out = check(target, data)
        assert out.kind != "crash", f"{name}: {out.detail} on {data[:200]!r}"
        assert out.seconds < HANG_S, f"{name}: {out.seconds:.1f} s of CPU on one input"

    for s in seeds:  # the seeds themselves first: real samples must pass as they are
        out = check(target, s)
        assert out.kind != "crash", f"{name} seed: {out.detail}"
    run()


@pytest.mark.parametrize("name", [n for n in TARGETS if corpus_files(ROOT, n)])
def test_crash_corpus_stays_fixed(name):
    for path in corpus_files(ROOT, name):
        out = check(TARGETS[name], path.read_bytes())
        assert out.kind != "crash", f"{path.name}: {out.detail}"
        assert out.seconds < HANG_S, f"{path.name}: {out.seconds:.1f} s"


def test_the_mutator_is_total_and_bounded():
    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(st.binary(max_size=200), OPS)
    def run(data: bytes, ops: list) -> None:
        out = apply_ops(data, ops, [b"seed-one", b""])
        assert isinstance(out, bytes) and len(out) <= 300_000

    run()
