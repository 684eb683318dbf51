"""benchmarks/cluster_ingest_bench.py: how crowded a fixture stream is (``stream_density``)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import cluster_ingest_bench as cib  # noqa: E402


def _event(i: int, topic: str, when: str, org: str, p1: str, p2: str) -> dict:
    return {"id": f"e{i}", "topic": topic, "when": when,
            "slots": {"ORG": org, "P1": p1, "P1L": p1.split()[-1], "P2": p2, "P2L": p2.split()[-1]}}


def test_density_counts_concurrent_same_topic_pairs_and_what_they_share():
    truth = {"events": [
        _event(0, "Business/1", "2026-01-01T00:00:00+00:00", "Quillstack", "Ana Strand", "Ivo Moss"),
        _event(1, "Business/1", "2026-01-02T00:00:00+00:00", "Quillstack", "Lena Strand", "Ivo Moss"),  # 24 h later
        _event(2, "Business/1", "2026-01-20T00:00:00+00:00", "Quillstack", "Ana Strand", "Ivo Moss"),  # outside 96 h
        _event(3, "Health/2", "2026-01-01T12:00:00+00:00", "Quillstack", "Ana Strand", "Ivo Moss"),  # another topic
    ]}
    d = cib.stream_density(truth, window_hours=96.0)
    assert d["events"] == 4 and d["topics"] == 2
    assert d["concurrent_pairs"] == 1  # only events 0 and 1: one topic, one window
    assert d["pairs_same_org"] == 1 and d["pairs_same_org_and_surname"] == 1 and d["pairs_same_full_name"] == 1
    assert d["days"] == 19.0
    assert d["same_org_and_surname_per_event"] == 0.5


def test_density_of_unrelated_events_is_zero():
    truth = {"events": [
        _event(0, "World/0", "2026-01-01T00:00:00+00:00", "Assembly", "Ana Strand", "Ivo Moss"),
        _event(1, "World/0", "2026-01-01T06:00:00+00:00", "Council", "Bo Lind", "Cy Park"),
    ]}
    d = cib.stream_density(truth)
    assert d["concurrent_pairs"] == 1
    assert d["pairs_same_org"] == d["pairs_same_org_and_surname"] == d["pairs_same_full_name"] == 0
