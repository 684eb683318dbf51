"""Date parsing keeps the page's own day and offset; URL dates; nothing from junk."""

from __future__ import annotations

import pytest

from newsdesk.extract.dates import date_from_url, parse_date, parse_text_date


@pytest.mark.parametrize("raw,iso", [
    ("2024-01-02T03:04:05.000Z", "2024-01-02T03:04:05+00:00"),
    ("2024-01-02T23:30:00-08:00", "2024-01-02T23:30:00-08:00"),  # never shifted to UTC's next day
    ("2024-01-02T03:04:05+0530", "2024-01-02T03:04:05+05:30"),
    ("2024-01-02 03:04:05", "2024-01-02T03:04:05"),
    ("2024-01-02", "2024-01-02"),
    ("20240102", "2024-01-02"),
    ("January 2, 2024 3:04 pm EST", "2024-01-02T15:04:00-05:00"),
    ("Updated Sept 5, 2023 at 10:15 a.m. ET", "2023-09-05T10:15:00"),
    ("Jan. 2, 2024", "2024-01-02"),
    ("2nd January 2024", "2024-01-02"),
    ("Tue, 02 Jan 2024 10:00:00 GMT", "2024-01-02T10:00:00+00:00"),
    ("5. März 2024", "2024-03-05"),
    ("12 de marzo de 2024", "2024-03-12"),
    ("1704153600", "2024-01-02T00:00:00+00:00"),
    ("12/25/2023", "2023-12-25"),
    ("25/12/2023", "2023-12-25"),
])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", ["", "copyright 2024", "3 hours ago", "2024-13-45", "1880-01-01", "99999999999999",
                                 "Version 2.3.4", None])
def test_not_dates(raw):
    assert parse_date(raw) is None


def test_dotted_day_first_in_text():
    assert parse_text_date("By The Currency editors 12.03.2025 Key takeaways", numeric=True) == "2025-03-12"


@pytest.mark.parametrize("url,day", [
    ("https://x.example/2024/01/02/slug", "2024-01-02"),
    ("https://x.example/news/2024-1-2-slug", "2024-01-02"),
    ("https://x.example/20240102/story.html", "2024-01-02"),
    ("https://x.example/2024/01/slug", None),
    ("https://x.example/product/12345678", None),
    (None, None),
])
def test_date_from_url(url, day):
    assert date_from_url(url) == day


def test_numeric_day_first_when_asked():
    assert parse_text_date("03/10/2023 by the editors", numeric=True) == "2023-03-10"
    assert parse_text_date("03/10/2023 by the editors", numeric=True, dayfirst=True) == "2023-10-03"


@pytest.mark.parametrize("raw,iso", [
    ("04-ago-2021 5:11:10", "2021-08-04T05:11:10"),
    ("12 dic. 2023", "2023-12-12"),
    ("5 okt 2020", "2020-10-05"),
    ("publicado el 5 de dic de 2021", "2021-12-05"),
])
def test_other_languages(raw, iso):
    assert parse_date(raw) == iso
