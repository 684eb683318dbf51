"""Dates written in page text -> ISO 8601 with the page's own offset.

    parse_line_date("September 27, 2025, 12:40:24 IST") -> "2025-09-27T12:40:24+05:30"

Handles month names (English and a few other languages, full or short),
day-month and month-day orders, numeric Y-M-D, CJK 年月日, an optional time
with AM/PM, and a zone given as an offset ("+05:30", "GMT+5:30") or a common
abbreviation. Without a time the result is a plain date; without a zone, a
local time with no offset.
"""

from __future__ import annotations

import re
from datetime import date

#: common zone abbreviations -> UTC offset (the usual meaning in news pages)
ZONES: dict[str, str] = {
    "UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00", "WET": "+00:00", "BST": "+01:00", "IST": "+05:30",
    "CET": "+01:00", "CEST": "+02:00", "MET": "+01:00", "MEST": "+02:00", "EET": "+02:00", "EEST": "+03:00",
    "MSK": "+03:00", "EAT": "+03:00", "WAT": "+01:00", "CAT": "+02:00", "SAST": "+02:00", "GST": "+04:00",
    "PKT": "+05:00", "NPT": "+05:45", "BDT": "+06:00", "ICT": "+07:00", "WIB": "+07:00", "HKT": "+08:00",
    "SGT": "+08:00", "PHT": "+08:00", "MYT": "+08:00", "AWST": "+08:00", "CST": "-06:00", "JST": "+09:00",
    "KST": "+09:00", "ACST": "+09:30", "AEST": "+10:00", "AEDT": "+11:00", "NZST": "+12:00", "NZDT": "+13:00",
    "EST": "-05:00", "EDT": "-04:00", "ET": "-05:00", "CDT": "-05:00", "CT": "-06:00", "MST": "-07:00",
    "MDT": "-06:00", "MT": "-07:00", "PST": "-08:00", "PDT": "-07:00", "PT": "-08:00", "AKST": "-09:00",
    "AKDT": "-08:00", "HST": "-10:00", "AST": "-04:00", "ADT": "-03:00", "NST": "-03:30", "BRT": "-03:00",
    "ART": "-03:00",
}

MONTHS: dict[str, int] = {}
for _i, _names in enumerate([
    "january jan enero ene janvier janv januar jänner gennaio gen janeiro",
    "february feb febrero febr février févr februar febbraio fevereiro fev",
    "march mar marzo mars märz mär março",
    "april apr abril avril aprile",
    "may mayo mai maggio maio",
    "june jun junio juin juni giugno junho",
    "july jul julio juillet juil juli luglio julho",
    "august aug agosto août aout",
    "september sep sept septiembre septembre settembre setembro set",
    "october oct octubre octobre oktober okt ottobre outubro out",
    "november nov noviembre novembre novembro",
    "december dec diciembre dic décembre déc dezember dez dicembre dezembro",
], start=1):
    for _n in _names.split():
        MONTHS.setdefault(_n, _i)

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = (r"(?:[,\s/|•·–-]+(?:at|um|à|a las|às|alle)?\s*(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?"
         r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
         r"(?:\s*\(?(?P<zone>(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Z]{1,5})\)?(?![a-z]))?)?")
_PATTERNS = [
    re.compile(r"(?P<mon>" + _MON + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME,
               re.IGNORECASE),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mon>" + _MON
               + r")\.?,?\s+(?:de\s+)?(?P<y>\d{4})" + _TIME, re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
               r"(?:[T\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?\s*"
               r"(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
               r"(?:\s*(?P<h>\d{1,2})[:時](?P<mi>\d{2}))?"),
    re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME),
]


def _offset(zone: str | None) -> str | None:
    if not zone:
        return None
    z = zone.strip().replace("−", "-").upper()
    if z in ZONES:
        return ZONES[z]
    m = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])\s?(\d{1,2}):?(\d{2})?", z)
    if m:
        sign, hh, mm = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hh <= 14 and mm < 60:
            return f"{sign}{hh:02d}:{mm:02d}"
    return None


#: every pattern needs a four-digit year, so a line without four digits in a row holds no date
_YEARISH = re.compile(r"\d{4}")


def parse_line_date(s: str) -> str | None:
    """The first date written in ``s`` as ISO 8601, or None."""
    if not _YEARISH.search(s):
        return None
    for pat in _PATTERNS:
        for m in pat.finditer(s):
            g = m.groupdict()
            try:
                y = int(g["y"])
                mon = MONTHS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
                d = date(y, mon, int(g["d"])) if mon else None
            except (ValueError, TypeError):
                continue
            if d is None or not 1990 <= y <= 2100:
                continue
            if not g.get("h"):
                return d.isoformat()
            h, mi, sec = int(g["h"]), int(g["mi"]), int(g.get("s") or 0)
            ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and h < 12:
                h += 12
            elif ampm == "am" and h == 12:
                h = 0
            if h > 23 or mi > 59 or sec > 59:
                return d.isoformat()
            off = _offset(g.get("zone"))
            return f"{d.isoformat()}T{h:02d}:{mi:02d}:{sec:02d}{off or ''}"
    return None
