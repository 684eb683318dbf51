"""Choosing published / modified dates from a page's evidence: one golden page per rule."""

from __future__ import annotations

import newsdesk
from newsdesk.extract.dates import text_dates
from newsdesk.extract.dating import roled_dates

BODY = "<p>" + "The committee met on Thursday to discuss the new budget for the coming year. " * 6 + "</p>"


def doc(head: str = "", body: str = "", lang: str | None = "en") -> str:
    la = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{la}><head>{head}</head><body>{body}{BODY}</body></html>"


def ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


def test_text_dates_split_glued_words():
    assert text_dates("Mental HealthDECEMBER 22, 2022Updated: JANUARY 02, 2026") == [
        (14, "2022-12-22"), (41, "2026-01-02")]
    assert [d for _, d in text_dates("Tom2024-04-18T13:00:39+00:00March 22nd, 2024")] == [
        "2024-04-18T13:00:39+00:00", "2024-03-22"]
    assert text_dates("November 25, 2025 5:00 am PST")[0][1] == "2025-11-25T05:00:00-08:00"


def test_roles_read_from_the_label_before_each_date():
    got = [(d, r) for _, d, r in roled_dates("Published March 2, 2024 · Last updated: April 9, 2024")]
    assert got == [("2024-03-02", "published"), ("2024-04-09", "updated")]
    got = [(d, r) for _, d, r in roled_dates("Updated onFebruary 16, 2026 by Ann. May 1, 2025")]
    assert got == [("2026-02-16", "updated"), ("2025-05-01", "")]


def test_dateline_wrapper_shows_the_date_before_its_update():
    # one wrapper glues "HealthDECEMBER 22, 2022Updated: ..."; the update is not the dateline
    body = ('<h1>Ten benefits of meditation</h1><div class="article-dateline-wrapper">'
            '<a href="/c/mental-health">Mental Health</a><span class="dateline">DECEMBER 22, 2022</span>'
            '<span class="dateline updated">Updated: JANUARY 02, 2026</span></div>')
    a = newsdesk.extract(doc("", body))
    assert a.published == "2022-12-22" and a.provenance["published"] == "visible-text"
