import json
import random
import subprocess
import sys

import pytest

from newsdesk.cluster import bcubed, nmi


def test_cluster_command_one_line_per_input(tmp_path, articles):
    inp = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": r[0], "title": r[4], "body": r[5], "published": r[3], "source": r[2]}) for r in articles]
    lines.insert(3, "this is not json")
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsdesk", "cluster", str(inp)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[3] == {"id": None, "story": None, "error": out[3]["error"]} and "line 4" in out[3]["error"]
    story = {o["id"]: o["story"] for o in out if o["id"]}
    assert story["a1"] == story["a2"] == story["a3"] != story["q1"]
    assert story["b1"] == story["b2"] and story["c1"] == story["c2"]
    assert "clustered 10 lines into 4 stories" in proc.stderr
    assert "second-looks-at-end 9" in proc.stderr  # the corpus ended before any look was due


def test_cluster_command_explains_a_report_whose_story_merged_later(tmp_path):
    """A report that opened a story of its own before its event's story formed ends in that story
    (merged as the other grew); --explain gives its reason and the merge."""
    core = "museum exhibit lava opens visitors curator"
    lines = [{"id": "e1", "title": "", "body": "volcano gallery tickets museum shop cafe parking bakery florist"},
             {"id": "b1", "title": "", "body": core + " volcano"},
             {"id": "b2", "title": "", "body": core + " gallery"},
             {"id": "b3", "title": "", "body": core + " tickets"},
             {"id": "b4", "title": "", "body": core + " volcano gallery tickets"},
             {"id": "x1", "title": "", "body": "football final goal stadium cup league"}]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsdesk", "cluster", "--explain", str(inp)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = {o["id"]: o for o in map(json.loads, proc.stdout.splitlines())}
    assert out["e1"]["story"] == out["b1"]["story"] == out["b4"]["story"] != out["x1"]["story"]
    assert out["e1"]["reason"].startswith("new story; its story ") and "later merged into" in out["e1"]["reason"]
    assert all(o["reason"] for o in out.values())


@pytest.mark.slow
@pytest.mark.shared
def test_googlenews_ts_floor(shared):
    """A fixed 2,500-line sample of GoogleNews-TS with the shipped defaults (the full set is in the bench)."""
    path = shared("benchmarks", "clustering", "googlenews-ts", "googlenews-TS.tsv")
    from pathlib import Path

    bench_dir = Path(__file__).resolve().parents[2] / "benchmarks"
    sys.path.insert(0, str(bench_dir))
    import clustering_bench

    rows = [line.rstrip("\n").split("\t", 1) for line in path.open(encoding="utf-8") if line.strip()]
    random.Random(0).shuffle(rows)
    rows = rows[:2500]
    pred = clustering_bench.cluster_records([{"id": i, "title": "", "body": t} for i, (_, t) in enumerate(rows)])
    gold = [g for g, _ in rows]
    p, r, f = bcubed(gold, pred)
    assert f >= 0.85 and nmi(gold, pred) >= 0.9, (p, r, f)
