"""Golden pages: the failure classes users report, as pages we wrote, with expected fields.

Each ``golden/<name>.html`` has a ``golden/<name>.json``:

    url                  the page URL passed to the extractor
    content_type         optional HTTP Content-Type header
    fields               exact expected values (``published`` / ``modified`` compared in full)
    provenance           expected source per field
    title_in             acceptable titles (when more than one reading is fair)
    known_gap            a known body-extractor gap: body_contains failures become an xfail
    body_contains        snippets the body must contain (whitespace collapsed)
    body_not_contains    snippets the body must not contain
    authors_not_contains substrings no author name may contain
    not_anywhere         strings that must appear in no field of the article

Plus a floor over the shared WCXB dev set when ``../shared`` is present.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest

import newsdesk
from tests.conftest import shared_path

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.html"))


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_there_are_golden_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str):
    spec = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    data = (GOLDEN / f"{name}.html").read_bytes()
    a = newsdesk.extract(data, url=spec.get("url"), content_type=spec.get("content_type"))
    d = a.to_dict()
    for k, want in spec.get("fields", {}).items():
        assert d[k] == want, f"{name}: {k} = {d[k]!r}, expected {want!r}"
    for k, want in spec.get("provenance", {}).items():
        assert a.provenance.get(k) == want, f"{name}: provenance[{k}] = {a.provenance.get(k)!r}, expected {want!r}"
    if "title_in" in spec:
        assert a.title in spec["title_in"], a.title
    everything = json.dumps(d, ensure_ascii=False)
    for s in spec.get("not_anywhere", []):
        assert s not in everything, f"{name}: {s!r} leaked into the article"
    body = _ws(a.body)
    for s in spec.get("body_not_contains", []):
        assert _ws(s) not in body, f"{name}: body has {s!r}"
    missing = [s for s in spec.get("body_contains", []) if _ws(s) not in body]
    if missing and spec.get("known_gap"):
        pytest.xfail(f"{name}: {spec['known_gap']}")
    assert not missing, f"{name}: body lacks {missing}"
    for s in spec.get("authors_not_contains", []):
        assert not any(s.lower() in n.lower() for n in a.authors), f"{name}: authors {a.authors} contain {s!r}"
    assert set(a.provenance.values()) <= set(newsdesk.model.PROVENANCE_SOURCES)


# ----------------------------------------------------------------------------- shared sets

#: floors on every third page of wcxb-dev-article (raised, never lowered);
#: measured there: title 0.887, date 0.919, author 0.910, snippet F1 0.928
WCXB_FLOORS = {"title": 0.87, "date": 0.88, "author": 0.89, "snippet_f1": 0.88}


@pytest.mark.slow
@pytest.mark.shared
def test_wcxb_metadata_and_snippet_floors():
    root = shared_path("benchmarks", "extraction", "wcxb-dev-article")
    sys.path.insert(0, str(shared_path("tools")))
    try:
        import extract_eval as ev  # the reference scorer
    finally:
        sys.path.pop(0)
    truth = [json.loads(line) for line in (root / "truth.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]
    preds = {}
    for t in truth[::3]:  # every third page: the same floors in a third of the time
        data = gzip.decompress((root / "html" / f"{t['id']}.html.gz").read_bytes())
        try:
            a = newsdesk.extract(data, url=t.get("url"))
        except newsdesk.NewsdeskError:
            continue
        preds[t["id"]] = {"title": a.title, "author": a.author, "date": a.published, "body": a.body}
    summary, _ = ev.score(truth[::3], preds)
    got = {"title": summary["title_acc"], "date": summary["date_acc"], "author": summary["author_acc"],
           "snippet_f1": summary["snip_f1"]}
    low = {k: (round(v, 3), WCXB_FLOORS[k]) for k, v in got.items() if v < WCXB_FLOORS[k]}
    assert not low, f"below floor (got, floor): {low}"
