"""PostgreSQL search's pure parts: the tsquery built from user text, and snippets cut in Python."""

from __future__ import annotations

from newsdesk.store.pg_search import best_snippet, snippet, ts_query
from newsdesk.store.search import query_terms


def test_ts_query_quotes_every_term():
    assert ts_query('obama "white house" vis*') == "'obama' & ('white' <-> 'house') & 'vis':*"
    assert ts_query("' OR 1=1 --") == "'OR' & '1' & '1'"
    assert ts_query("  ") is None and ts_query("*") is None


def test_snippet_marks_phrases_prefixes_and_accents():
    text = "Before. The Café opened; the white house said the cafeteria waits. After " + "x " * 60
    snip = snippet(text, query_terms('cafe "white house" cafet*'))
    assert "\x02Café\x03" in snip and "\x02white\x03 \x02house\x03" in snip and "\x02cafeteria\x03" in snip
    assert snip.endswith("…") and not snip.startswith("…")
    assert "\x02" not in snippet("the house is white", query_terms('"white house"'))


def test_best_snippet_falls_back_to_the_field_that_matches():
    terms = query_terms("volcano")
    assert "\x02Volcano\x03" in best_snippet(["Ash fell.", None, "Volcano erupts"], terms)
    assert best_snippet(["Ash fell.", "", None], terms) == "Ash fell."
    assert best_snippet([None, None], terms) == ""
