"""benchmarks/clustering_bench.py stories and clustering_granularity.py on a small GoogleNews-shaped file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import clustering_bench as cb  # noqa: E402
import clustering_granularity as cg  # noqa: E402

from newsdesk.cluster import StoryClusterer  # noqa: E402
from newsdesk.model import StoryDoc  # noqa: E402


def test_joined_makes_listed_pairs_one_story_transitively():
    gold = ["a", "b", "c", "d", "a"]
    out = cg.joined(gold, [(0.5, "a", "b"), (0.3, "b", "c")])
    assert out[0] == out[1] == out[2] == out[4] != out[3]
    assert cg.joined(gold, []) == gold


def test_pairs_are_gold_stories_the_merge_rule_would_join():
    engine = StoryClusterer()
    words = {"v": ["volcano", "ash", "flights", "airport", "cancelled"],
             "w": ["volcano", "ash", "flights", "airport", "delays"],
             "f": ["football", "final", "goal", "stadium", "cup"]}
    gold = []
    for i, g in enumerate("vwfvwf"):
        engine.add(StoryDoc(str(i), [], words[g], [], None, "X"))
        gold.append(g)
    stories = cg.gold_stories(engine, gold)
    assert sorted(stories) == ["f", "v", "w"] and len(stories["v"].members) == 2
    pairs = cg.indistinct_pairs(engine, stories)
    assert [(a, b) for _, a, b in pairs] == [("v", "w")]
    assert pairs[0][0] >= engine.options.merge_threshold


def _tiny_googlenews(tmp_path, monkeypatch):
    lines = []
    for i in range(6):
        lines.append(f"1\tvolcano ash flights airport cancelled delays report{i}")
        lines.append(f"2\tfootball final goal stadium cup league fans{i}")
    (tmp_path / "googlenews-TS.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(cb, "GN", tmp_path)


def test_stories_bench_scores_a_googlenews_file(tmp_path, monkeypatch):
    _tiny_googlenews(tmp_path, monkeypatch)
    out = cb.bench_stories(0, ["TS", "T"])  # T is absent: skipped with a message
    assert list(out) == ["TS"] and out["TS"]["n"] == 12 and out["TS"]["b3_f1"] == 1.0


def test_granularity_report_on_a_googlenews_file(tmp_path, monkeypatch, capsys):
    _tiny_googlenews(tmp_path, monkeypatch)
    cg.main(["--seed", "0"])
    out = json.loads(capsys.readouterr().out)
    assert out["pairs_at_or_above_merge_threshold"] == [] and out["b3_vs_gold"] == [1.0, 1.0, 1.0]
    assert out["documents_with_vectors"] == 12


def _tiny_ecb(tmp_path):
    rows = []
    for i in range(4):
        rows.append({"doc_id": f"1_{i}ecb", "topic": 1, "event_id": "1_ecb",
                     "sentences": [f"Volcano erupts near Arlo, report {i}", "Ash closed the Arlo airport.", "Flights were cancelled."]})
        rows.append({"doc_id": f"1_{i}ecbplus", "topic": 1, "event_id": "1_ecbplus",
                     "sentences": [f"Striker Bexley signs for Corran FC, report {i}", "Bexley joins Corran on a free transfer.",
                                   "The fee was not disclosed."]})
    path = tmp_path / "ecb.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_ecb_records_give_text_only_shuffled_and_a_dated_variant_in_time_order(tmp_path):
    path = _tiny_ecb(tmp_path)
    recs, gold = cb.ecb_records(0, path=path)
    assert sorted(gold) == ["1_ecb"] * 4 + ["1_ecbplus"] * 4 and gold != sorted(gold)
    assert all(set(r) == {"id", "title", "body"} for r in recs)  # no topic or event id reaches the clusterer
    assert all(r["body"].startswith(r["title"]) for r in recs)
    dated, dgold = cb.ecb_records(0, dated=True, path=path)
    times = [r["published"] for r in dated]
    assert times == sorted(times) and sorted(dgold) == sorted(gold)
    assert cb.ecb_records(0, path=tmp_path / "absent.jsonl") is None
