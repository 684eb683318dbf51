"""Date strings -> ISO 8601, keeping the page's own time-zone offset.

``parse_date`` reads the forms pages use in metadata and bylines: ISO 8601 and
its relatives, RFC 2822, Unix epochs, "January 2, 2024 3:04 pm EST",
"2nd Jan. 2024", numeric day/month forms. The result is ``YYYY-MM-DD`` when
only the day is known, ``YYYY-MM-DDTHH:MM:SS`` with ``+HH:MM`` appended when
the page gave an offset. The day is never shifted to another time zone.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_tz

MIN_YEAR = 1995

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # a few other languages (full names; abbreviations are often the same as English)
    "januar": 1, "janvier": 1, "enero": 1, "gennaio": 1, "janeiro": 1, "januari": 1,
    "februar": 2, "février": 2, "fevrier": 2, "febrero": 2, "febbraio": 2, "fevereiro": 2, "februari": 2,
    "märz": 3, "maerz": 3, "mars": 3, "marzo": 3, "março": 3, "maart": 3,
    "avril": 4, "abril": 4, "aprile": 4,
    "mai": 5, "mayo": 5, "maggio": 5, "maio": 5, "mei": 5,
    "juni": 6, "juin": 6, "junio": 6, "giugno": 6, "junho": 6,
    "juli": 7, "juillet": 7, "julio": 7, "luglio": 7, "julho": 7,
    "august": 8, "août": 8, "aout": 8, "agosto": 8, "augustus": 8,
    "septembre": 9, "septiembre": 9, "settembre": 9, "setembro": 9,
    "oktober": 10, "octobre": 10, "octubre": 10, "ottobre": 10, "outubro": 10,
    "novembre": 11, "noviembre": 11, "novembro": 11,
    "dezember": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dicembre": 12, "dezembro": 12,
    # abbreviations that differ from English
    "ene": 1, "janv": 1, "gen": 1, "fév": 2, "fev": 2, "févr": 2, "mär": 3, "abr": 4, "avr": 4,
    "mei": 5, "mag": 5, "juin": 6, "giu": 6, "juil": 7, "lug": 7, "ago": 8, "aoû": 8, "set": 9, "sett": 9,
    "okt": 10, "out": 10, "ott": 10, "dic": 12, "dez": 12, "déc": 12,
}  # fmt: skip

#: common zone abbreviations -> offset minutes (ambiguous ones like "IST" left out)
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "hkt": 480, "sgt": 480,
}  # fmt: skip

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

_ISO = re.compile(
    r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"
    r"(?:[T\s,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d)|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,4}(?![a-z]))?)?",
    re.I,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
_TIME = (
    r"(?:[\s,]+(?:at\s+|@\s*|[-–—|·]\s*)?(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s?m\.?"
    r"|[\s,]+(?:at\s+|@\s*|[-–—|·]\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?!\s*[ap]\.?\s?m))?"
    r"(?:\s*\(?\s*(Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,4}(?![a-z]))\)?)?"
)
_MDY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d){_TIME}", re.I
)
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?(?:\s+(?:de\s+)?|-)({_MONTH_RE})\.?(?:,?\s+(?:de\s+)?|-)(\d{{4}})(?!\d)"
    rf"{_TIME}",
    re.I,
)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")


def _valid(y: int, mo: int, d: int, max_year: int | None = None) -> bool:
    max_year = max_year or datetime.now(timezone.utc).year + 1
    if not (MIN_YEAR <= y <= max_year and 1 <= mo <= 12 and 1 <= d <= 31):
        return False
    try:
        datetime(y, mo, d)
    except ValueError:
        return False
    return True


def _offset(zone: str | None) -> int | None:
    """Offset in minutes for 'Z', '+05:30', '-0800', 'UTC+2', 'EST'; None when unknown."""
    if not zone:
        return None
    z = zone.strip()
    low = z.lower()
    if low in ZONES:
        return ZONES[low]
    m = re.fullmatch(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?", low)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        h, mi = int(m.group(2)), int(m.group(3) or 0)
        if h <= 14 and mi < 60:
            return sign * (h * 60 + mi)
    return None


def _fmt(y: int, mo: int, d: int, hh=None, mi=None, ss=None, ampm=None, zone=None) -> str:
    day = f"{y:04d}-{mo:02d}-{d:02d}"
    if hh is None:
        return day
    h, m, s = int(hh), int(mi or 0), int(ss or 0)
    if ampm:
        a = ampm.lower()
        if h == 12:
            h = 0
        if a == "p":
            h += 12
    if not (0 <= h <= 23 and 0 <= m <= 59 and 0 <= s <= 60):
        return day
    out = f"{day}T{h:02d}:{m:02d}:{min(s, 59):02d}"
    off = _offset(zone)
    if off is not None:
        sign = "-" if off < 0 else "+"
        out += f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"
    return out


def parse_date(value: object, *, max_year: int | None = None) -> str | None:
    """Any date string (or epoch number) -> ISO 8601 keeping its own offset, or None."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 200:
        s = s[:200]
    if not s:
        return None
    m = _ISO.search(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d, max_year):
            return _fmt(y, mo, d, m.group(4), m.group(5), m.group(6), m.group(7), m.group(8))
    m = _COMPACT.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d, max_year):
            return _fmt(y, mo, d, m.group(4), m.group(5), m.group(6), None, m.group(7))
    if _EPOCH.match(s):
        return _from_epoch(float(s))
    return parse_text_date(s, max_year=max_year, numeric=True)


def _written(m: re.Match, max_year: int | None = None) -> str | None:
    """ISO form of an ``_MDY`` / ``_DMY`` match (with its time and zone when given)."""
    if m.re is _MDY:
        mo, d, y = MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3))
    else:
        d, mo, y = int(m.group(1)), MONTHS.get(m.group(2).lower()), int(m.group(3))
    if mo is None or not _valid(y, mo, d, max_year):
        return None
    g = m.groups()[3:]
    if g[0] is not None:
        return _fmt(y, mo, d, g[0], g[1], g[2], g[3], g[7])
    if g[4] is not None:
        return _fmt(y, mo, d, g[4], g[5], g[6], None, g[7])
    return _fmt(y, mo, d)


def mail_date(text: str, max_year: int | None = None) -> str | None:
    """An RFC 2822-like date ("Tue, 02 Jan 2024 10:00:00 GMT", "November 20 15:23 2019")."""
    t = parsedate_tz(text) if "," in text or ":" in text else None
    if t and t[0] >= MIN_YEAR and _valid(t[0], t[1], t[2], max_year):
        zone = None
        if t[9] is not None and re.search(r"[+-]\d{4}|GMT|UTC|\b[A-Z]{3}\b", text):
            off = t[9] // 60
            zone = f"{'-' if off < 0 else '+'}{abs(off) // 60:02d}{abs(off) % 60:02d}"
        return _fmt(t[0], t[1], t[2], t[3], t[4], t[5], None, zone)
    return None


def parse_text_date(
    text: str, *, max_year: int | None = None, numeric: bool = False, dayfirst: bool = False
) -> str | None:
    """The first written date in a piece of visible text ("Jan 2, 2024", "2 January 2024").

    With ``numeric`` also "12/03/2025" forms: month first unless ``dayfirst`` (pages
    whose language is not US English) or unless impossible; dotted forms are day first."""
    best: tuple[int, str] | None = None
    m: re.Match[str] | None
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            iso = _written(m, max_year)
            if iso is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), iso)
            break
    if best:
        return best[1]
    mail = mail_date(text, max_year)
    if mail:
        return mail
    if numeric:
        found: list[tuple[int, str]] = []
        m = _ISO.search(text)
        if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), max_year):
            found.append((m.start(), _fmt(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        m = _NUMERIC.search(text)
        if m:
            a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            # slashes: month first unless impossible (US pages dominate the ambiguous form);
            # dots and dashes: day first (European "12.03.2025")
            if m.group(2) == "/" and not dayfirst:
                mo, d = (a, b) if a <= 12 else (b, a)
            else:
                mo, d = (b, a) if b <= 12 else (a, b)
            if _valid(y, mo, d, max_year):
                found.append((m.start(), _fmt(y, mo, d)))
        if found:
            return min(found)[1]
    return None


#: every pattern text_dates reads (_MDY, _DMY, _ISO, _NUMERIC) holds a four-digit year, and ``spaced`` never
#: splits a digit run: a text without four digits in a row has no date (and skips five scans)
_YEAR_DIGITS = re.compile(r"\d{4}")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=\d)(?=[A-Z][a-z])")


def text_dates(
    text: str, *, numeric: bool = True, dayfirst: bool = False, limit: int = 8
) -> list[tuple[int, str]]:
    """Every written (and, with ``numeric``, numeric) date in a short visible text as
    ``(start, day)`` in text order, where ``start`` indexes ``text`` with a space put where
    two words were glued ("HealthDECEMBER 22", "Updated onFebruary 16"): the caller reads
    the label before each date from that same spaced text (see ``spaced``)."""
    if not _YEAR_DIGITS.search(text):
        return []
    text = spaced(text)
    found: dict[int, str] = {}
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            iso = _written(m)
            if iso is not None:
                found.setdefault(m.start(), iso)
    if numeric:
        for m in _ISO.finditer(text):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if _valid(y, mo, d) and not any(s <= m.start() < s + 12 for s in found):
                found[m.start()] = _fmt(y, mo, d, *m.group(4, 5, 6, 7, 8))
        for m in _NUMERIC.finditer(text):
            a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if m.group(2) == "/" and not dayfirst:
                mo, d = (a, b) if a <= 12 else (b, a)
            else:
                mo, d = (b, a) if b <= 12 else (a, b)
            if _valid(y, mo, d):
                found.setdefault(m.start(), _fmt(y, mo, d))
    return sorted(found.items())[:limit]


def spaced(text: str) -> str:
    """``text`` with a space where a lower-case letter runs into an upper-case one."""
    return _CAMEL.sub(" ", text)


def _from_epoch(v: float) -> str | None:
    if v > 1e11:  # milliseconds
        v /= 1000.0
    if not (788_918_400 <= v <= 4_102_444_800):  # 1995 .. 2100
        return None
    dt = datetime.fromtimestamp(v, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|[_.-]|$)"
)


def date_from_url(url: str | None) -> str | None:
    """A full day in the URL path (/2024/01/02/, /2024-01-02-slug, /20240102/), else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I).split("?")[0]
    m = _URL_DATE.search(path)
    if not m:
        return None
    g = [x for x in m.groups() if x is not None]
    y, mo, d = int(g[0]), int(g[1]), int(g[2])
    return _fmt(y, mo, d) if _valid(y, mo, d) else None

