"""Several writers' corpus counts: ``merge_counts`` adds what each writer counted since it last saved."""

from __future__ import annotations

from newsdesk.pipeline.understand import merge_counts


def test_merge_counts_adds_both_writers_changes():
    base = {"terms": {"docs": 10, "df": {"vote": 3, "rail": 1}}, "aliases": {"maduro": {"nicolas maduro": 2}}}
    theirs = {"terms": {"docs": 14, "df": {"vote": 5, "rail": 1, "film": 2}},
              "aliases": {"maduro": {"nicolas maduro": 2}}}
    ours = {"terms": {"docs": 12, "df": {"vote": 4, "rail": 1, "comet": 1}},
            "aliases": {"maduro": {"nicolas maduro": 3}, "smith": {"ann smith": 1}}}
    assert merge_counts(theirs, ours, base) == {
        "terms": {"docs": 16, "df": {"vote": 6, "rail": 1, "film": 2, "comet": 1}},
        "aliases": {"maduro": {"nicolas maduro": 3}, "smith": {"ann smith": 1}},
    }


def test_merge_counts_drops_what_falls_to_zero():
    assert merge_counts({"df": {"a": 1}}, {"df": {}}, {"df": {"a": 1}}) == {}
    assert merge_counts({}, {"docs": 2}, {}) == {"docs": 2}
