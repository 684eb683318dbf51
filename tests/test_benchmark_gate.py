"""The extraction quality gate: newsdesk on both shared dev sets must stay at or above its floors.

Floors live in benchmarks/baseline.json and only rise (`benchmarks/run.py --raise-floors`). The
scoring is the reference scorer ../shared/tools/extract_eval.py, imported where it lies; one test
checks that the harness agrees with the scorer run as its own command. The shared-set tests skip
with a clear reason when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))

import floors  # noqa: E402
import run as bench_run  # noqa: E402
import sites  # noqa: E402
import text_baselines  # noqa: E402
import worker  # noqa: E402

SETS = ("scrapinghub", "wcxb-dev-article")
AGREE_KEYS = ("body_f1", "body_p", "body_r", "sh4_f1", "title_acc", "date_acc", "author_acc")


# ----------------------------------------------------------------------------- repeated speed runs


def test_repeat_reports_the_median_speed_and_keeps_first_scores():
    first = {"summary": {"pages_per_s_cpu": 100.0, "body_f1": 0.9}}
    for v in (130.0, 120.0):
        bench_run.add_speed(first, {"summary": {"pages_per_s_cpu": v, "body_f1": 0.9}})
    bench_run.add_speed(first, {"error": "worker exited"})  # a failed round adds nothing
    bench_run.median_speed(first)
    assert first["summary"]["pages_per_s_cpu"] == 120.0
    assert first["summary"]["pages_per_s_cpu_runs"] == [100.0, 130.0, 120.0]
    assert first["summary"]["body_f1"] == 0.9
    lone = {"summary": {"pages_per_s_cpu": 50.0}}
    bench_run.median_speed(lone)  # one round: unchanged
    assert lone["summary"] == {"pages_per_s_cpu": 50.0}


# ----------------------------------------------------------------------------- floors logic


def test_floors_only_rise():
    base = {"tolerance": 0.002, "floors": {"html": {"s": {"body_f1": 0.900, "title_acc": 0.800}}}}
    new, raised, kept = floors.raise_floors(base, {("html", "s"): {"body_f1": 0.9519, "title_acc": 0.7,
                                                                   "date_acc": None, "author_acc": 0.5}})
    f = new["floors"]["html"]["s"]
    assert f["body_f1"] == 0.951  # rounded down, never above what was measured
    assert f["title_acc"] == 0.800  # a lower measurement never lowers a floor
    assert f["author_acc"] == 0.5 and "date_acc" not in f
    assert any("title_acc" in k for k in kept) and len(raised) == 2
    assert base["floors"]["html"]["s"]["body_f1"] == 0.900  # the input is not modified


def test_a_crashing_run_sets_no_floors():
    new, raised, kept = floors.raise_floors({"floors": {}}, {("text", "s"): {
        "body_f1": 0.0, "sh4_f1": 0.0, "crashes": 181, "timeouts": 0, "pages_run": 181}})
    assert new["floors"].get("text", {}).get("s") is None and not raised and "crashed" in kept[0]


def test_check_uses_tolerance_and_flags_missing_metrics():
    base = {"tolerance": 0.002, "floors": {"html": {"s": {"body_f1": 0.950, "author_acc": 0.8}}}}
    assert floors.check(base, "html", "s", {"body_f1": 0.9485, "author_acc": 0.81}) == []
    fails = floors.check(base, "html", "s", {"body_f1": 0.9475, "author_acc": None})
    assert len(fails) == 2 and "body_f1" in fails[0] and "n/a" in fails[1]


def test_raise_floors_refuses_partial_sets():
    with pytest.raises(SystemExit):
        bench_run.parse_args(["--raise-floors", "--limit", "10"])


def test_committed_baseline_is_well_formed():
    base = floors.load()
    assert 0 < base["tolerance"] <= 0.01
    for group, sets_ in base["floors"].items():
        assert group in floors.GROUPS.values()
        for metrics in sets_.values():
            for m, v in metrics.items():
                assert m in floors.METRICS and 0.0 <= v <= 1.0 and round(v, 3) == v


# ----------------------------------------------------------------------------- harness pieces


def test_site_profiles_never_learn_from_the_scored_page():
    rows = [{"id": "a", "url": "https://www.x.org/1"}, {"id": "b", "url": "http://x.org/2"},
            {"id": "c", "url": None, "domain": "x.org"}, {"id": "d", "url": "https://y.net/1"},
            {"id": "e", "url": None}]
    others = sites.others_of_site(rows)
    assert others == {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"], "d": [], "e": []}


def test_c4_line_rules():
    text = "\n".join([
        "Home • World • Politics",
        "The minister said on Friday that the talks would resume next week.",
        "Please enable JavaScript to view the comments powered by Disqus.",
        "This site uses cookies to improve your experience of the site.",
        "Short line here.",
        "He added: “We will not accept these terms under any circumstances.”",
        "More to come in this developing story, stay tuned...",
        "A sentence with a citation marker at its very end.[3]",
    ])
    assert text_baselines.c4_lines(text) == [
        "The minister said on Friday that the talks would resume next week.",
        "He added: “We will not accept these terms under any circumstances.”",
        "A sentence with a citation marker at its very end.",
    ]


# ----------------------------------------------------------------------------- shared sets


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip with a clear reason (as tests/conftest.py's helper does)."""
    p = REPO.parent.joinpath("shared", *parts)
    if not p.exists():
        pytest.skip(f"../shared data not present ({'/'.join(parts)}); benchmark gate skipped")
    return p


def _set(name: str) -> Path:
    return shared_path("benchmarks", "extraction", name)


@pytest.mark.shared
@pytest.mark.parametrize("form,runner,tool", [("html", "newsdesk_runner:html", "newsdesk"),
                                              ("text", "text_baselines:c4", "c4")])
@pytest.mark.parametrize("set_name", SETS)
def test_harness_agrees_with_reference_scorer(tmp_path, set_name, form, runner, tool):
    """The harness's figures equal the reference scorer's own command to three decimals."""
    ds = _set(set_name)
    scorer = shared_path("tools", "extract_eval.py")
    if form == "html" and worker._unavailable(worker.tool(form, tool)):
        pytest.skip("newsdesk runner unavailable")
    out = tmp_path / "ref.json"
    cmd = [sys.executable, str(scorer), str(ds), "--runner", runner, "--input", form, "--limit", "25",
           "--path", str(BENCH), "--json", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
    ref = json.loads(out.read_text())
    mine = worker.measure(form, tool, ds, limit=25)["summary"]
    for k in AGREE_KEYS:
        if ref.get(k) is None:
            assert mine.get(k) is None, k
        else:
            assert round(mine[k], 3) == round(ref[k], 3), k


def _gate(group: str, form: str, tool: str, set_name: str) -> None:
    ds = _set(set_name)
    base = floors.load()
    if not base["floors"].get(group, {}).get(set_name):
        pytest.skip(f"no committed floors for {group}/{set_name} in benchmarks/baseline.json yet")
    res = worker.measure(form, tool, ds)
    if res.get("unavailable"):
        pytest.fail(f"floors exist for {group} but the extractor is unavailable: {res['unavailable']}")
    s = res["summary"]
    fails = floors.check(base, group, set_name, s)
    assert not fails, "below the committed floors:\n" + "\n".join(fails)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("set_name", SETS)
def test_html_extraction_gate(set_name):
    _gate("html", "html", "newsdesk", set_name)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("set_name", SETS)
def test_text_extraction_gate(set_name):
    _gate("text", "text", "newsdesk", set_name)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("set_name", SETS)
def test_text_site_template_gate(set_name):
    _gate("text-site", "text", "newsdesk-site", set_name)
