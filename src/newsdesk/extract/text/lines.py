"""Flattened page text -> typed lines with layout features (pure, no model).

A whole-page text dump keeps every line of the page: menus (often as
``  • item`` bullets), share buttons, ads, related-story blocks and the
article itself. This module splits the dump into ``Line`` records and
computes, per line, the language-neutral features the line classifier
(``line_model``) reads: length, terminal punctuation (Latin, CJK, Arabic,
Devanagari), bullet prefix and indentation, capitalisation, repetition inside
the page, and the "prose density" of the neighbouring lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain

import numpy as np

_TERMINAL = frozenset(".!?。！？؟।॥…;")
_CLOSERS = frozenset("\"'”’»)]」』）›")
_WS = re.compile(r"\s+")
# the lookahead only skips positions where no alternative can start (twice as fast, same matches)
_DATETIME = re.compile(
    r"(?=(?i:[\d年月jfmasond]))(?:"
    r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}\b"
    r"|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
    r"|\d+\s?(?:[smhd]|min|mins|hours?|days?|weeks?)\s+ago\b|年|月)"
)
_BULLET_CHARS = frozenset("•·▪◦●○■□►▸-*")

#: names of the per-line features, in the columns of ``line_features``
FEATURE_NAMES: tuple[str, ...] = (
    "log_chars", "log_words", "bullet", "indent", "terminal", "colon_end", "upper_start",
    "title_case", "digit_ratio", "comma_rate", "sentences", "dup_in_page", "self_repeat",
    "position", "blank_before", "blank_after", "separators", "avg_word_len", "cjk",
    "prose", "prev_prose3", "next_prose3", "prose_win10", "prev_len", "next_len",
    "prev_bullet", "next_bullet", "prev_terminal", "next_terminal", "short_run", "run_bounded",
    "dist_prose", "mass_before", "mass_inside", "in_core", "near_title", "after_title",
    "same_as_title", "profile", "topic_hits", "topic_win5", "breaks_since_title", "term_win5",
    "all_caps", "prose_run", "prose_chain", "datetime", "datetime_win5", "colon_win5", "short_win5",
)

@dataclass(slots=True)
class Line:
    """One non-blank line of the dump."""

    raw_no: int  # line number in the dump
    text: str  # stripped, bullet removed
    key: str  # normalised form for repetition tests
    bullet: bool
    chars: int
    blank_before: bool
    terminal: bool
    #: chars, bullet, indent, terminal, ends with ":", starts upper, all caps, blank before (for numpy)
    row: tuple
    words: int = 0  # set by ``measure`` (CJK characters count 1/1.5 word each)
    blank_after: bool = False


def split_lines(text: str) -> list[Line]:
    """Split a dump into non-blank ``Line`` records (bullets and indentation noted)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    out: list[Line] = []
    blank = True
    append = out.append
    bullet_chars, closers, terminal = _BULLET_CHARS, _CLOSERS, _TERMINAL
    for no, s in enumerate([r.strip() for r in raw]):
        if not s:
            if not blank and out:
                out[-1].blank_after = True
            blank = True
            continue
        bullet = False
        if s[0] in bullet_chars and (len(s) == 1 or s[1].isspace()):
            bullet = True
            s = s[1:].lstrip()
            if not s:
                blank = False
                continue
        r = raw[no]
        lead = r.find(s[0]) if bullet or r[0] == " " else 0
        if "  " in s or "\t" in s:
            s = _WS.sub(" ", s)
        n = len(s)
        key = (s.lower() if s.isascii() else s.casefold()) if n < 400 else s
        c = s[-1]
        if c in closers:
            i = n - 1
            while i >= 0 and s[i] in closers:
                i -= 1
            term = i >= 0 and s[i] in terminal
        else:
            term = c in terminal
        append(Line(no, s, key, bullet, n, blank, term,
                    (n, bullet, lead // 2, term, c == ":", s[0].isupper(), s.isupper(), blank)))
        blank = False
    return out


def row_matrix(lines: list[Line], words: np.ndarray | None = None) -> np.ndarray:
    """The ``Line.row`` tuples as one float matrix; with ``words`` (from ``measure``) as a ninth column."""
    n = len(lines)
    flat = chain.from_iterable([ln.row for ln in lines])
    if words is None:
        return np.fromiter(flat, dtype=np.float64, count=8 * n).reshape(n, 8)
    m = np.empty((n, 9))
    m[:, :8] = np.fromiter(flat, dtype=np.float64, count=8 * n).reshape(n, 8)
    m[:, 8] = words
    return m


def prose_scores(lines: list[Line], rows: np.ndarray | None = None) -> np.ndarray:
    """How much each line looks like running prose (0, 0.3, 0.5, 0.7 or 1), vectorised."""
    if rows is None:
        rows = row_matrix(lines)
    w = rows[:, 8] if rows.shape[1] > 8 else np.fromiter((ln.words for ln in lines), dtype=np.float64,
                                                           count=len(lines))
    t = rows[:, 3] > 0
    b = rows[:, 1] > 0
    p = np.where(t & (w >= 15), 1.0, np.where(w >= 25, 0.7, np.where(t & (w >= 8), 0.5, 0.0)))
    return np.where(b, np.where(t & (w >= 20), 0.3, 0.0), p)


def best_window(v: np.ndarray) -> tuple[int, int]:
    """Maximum-sum contiguous window of v, vectorised (start > end when every value is negative)."""
    if not len(v) or v.max() <= 0:
        return 0, -1
    c = np.concatenate(([0.0], np.cumsum(v)))
    low = np.minimum.accumulate(c)
    end = int(np.argmax(c - low))  # window ends at end-1
    start = int(np.argmax(c[: end + 1] == low[end]))
    return start, end - 1


def _core(prose, words) -> tuple[int, int]:
    """Densest run of prose lines: maximum-sum window of (prose - 0.35) * sqrt(words)."""
    return best_window((np.asarray(prose, dtype=np.float64) - 0.35) * np.sqrt(np.asarray(words) + 1.0))


def runs(low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line in a run of ``low`` lines: the run's length, and 1 when other lines bound it."""
    n = len(low)
    low = np.asarray(low, dtype=bool)
    edges = np.zeros(n + 2, dtype=np.int8)
    edges[1:-1] = low
    change = np.flatnonzero(edges[1:] != edges[:-1])  # run starts and (exclusive) ends, alternating
    length = np.zeros(n)
    bounded = np.zeros(n)
    if len(change):
        starts, ends = change[0::2], change[1::2]
        size = ends - starts
        length[low] = np.repeat(size, size)
        bounded[low] = np.repeat((starts > 0) & (ends < n), size)
    return length, bounded


def _window_sum(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Sum of a[i+lo : i+hi+1] for each i (clipped at the ends); a may be 2-D (one column each)."""
    n = len(a)
    c = np.zeros((n + 1,) + a.shape[1:])
    np.cumsum(a, axis=0, out=c[1:])
    idx = np.arange(n)
    return c[np.minimum(np.maximum(idx + hi + 1, 0), n)] - c[np.minimum(np.maximum(idx + lo, 0), n)]


def _lut() -> np.ndarray:
    """Flags of every BMP code point: digit, sentence mark, capital, separator, CJK, comma, word."""
    cp = np.arange(0x10000, dtype=np.uint32)
    word = (((cp >= 48) & (cp <= 57)) | ((cp >= 65) & (cp <= 90)) | ((cp >= 97) & (cp <= 122)) | (cp == 95)
            | ((cp >= 192) & (cp != 215) & (cp != 247) & ((cp < 0x2000) | (cp > 0x2BFF))
               & ((cp < 0x3000) | (cp > 0x303F)) & ((cp < 0xFE30) | (cp > 0xFF20)) & (cp < 0xFFF0)))
    upper = np.array([chr(c).isupper() for c in range(0x10000)])
    cjk = ((cp >= 0x3040) & (cp <= 0x30FF)) | ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xAC00) & (cp <= 0xD7AF))
    flags = np.zeros(0x10000, dtype=np.uint8)
    flags |= ((cp >= 48) & (cp <= 57)).astype(np.uint8) << 7
    flags |= np.isin(cp, [ord(c) for c in ".!?。！？؟।"]).astype(np.uint8) << 6
    flags |= upper.astype(np.uint8) << 5
    flags |= np.isin(cp, [ord(c) for c in "|©®»«›‹→←"]).astype(np.uint8) << 4
    flags |= cjk.astype(np.uint8) << 3
    flags |= (cp == 44).astype(np.uint8) << 2
    flags |= word.astype(np.uint8) << 1
    return flags


_FLAGS = _lut()
_CAPITAL, _WORDBIT = np.uint8(1 << 5), np.uint8(1 << 1)


def measure(lines: list[Line]) -> np.ndarray:
    """Count per line, on the code points of all lines at once (numpy, not line by line).

    Columns: digits, sentence marks, capitalised words, separator marks, CJK
    characters, commas, word characters, words. Also sets ``Line.words`` (CJK
    characters count as 1/1.5 word each).
    """
    if not lines:
        return np.zeros((0, 8))
    joined = "\n".join([ln.text for ln in lines])
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    f = _FLAGS[np.minimum(cp, 0xFFFF)]
    prev_word = np.empty_like(f)
    prev_word[0] = 0
    np.bitwise_and(f[:-1], _WORDBIT, out=prev_word[1:])
    starts_word = (f & _WORDBIT) & ~prev_word  # bit 1 where a word starts
    f = f & ~(_CAPITAL * (prev_word >> 1))  # a capital counts only at a word start
    f |= starts_word >> 1
    sizes = np.fromiter((ln.chars for ln in lines), dtype=np.int64, count=len(lines)) + 1
    starts = np.cumsum(sizes) - sizes
    out = np.empty((len(lines), 8))
    for k in range(8):  # column 0 is bit 7 (digits) ... column 7 is bit 0 (word starts)
        out[:, 7 - k] = np.add.reduceat((f >> k) & 1, starts, dtype=np.int32)
    words = np.maximum(out[:, 7], out[:, 4] / 1.5).astype(np.int64)
    for ln, w in zip(lines, words.tolist()):
        ln.words = w
    out[:, 7] = words  # CJK-aware word counts from here on
    return out


def topic_hits(lines: list[Line], topic: set[str]) -> np.ndarray:
    """Per line of five words or more, how many occurrences of the topic words (headline, URL slug) it holds."""
    n = len(lines)
    hits = np.zeros(n)
    # longest first, ties alphabetical (set order varies with the hash seed)
    words = sorted((w for w in topic if len(w) >= 4), key=lambda w: (-len(w), w))[:12]
    if not words or not n:
        return hits
    which = [i for i, ln in enumerate(lines) if ln.words >= 5]
    if not which:
        return hits
    keys = [lines[i].key for i in which]
    joined = "\n".join(keys)
    pos: list[int] = []
    end = len(joined)
    find = joined.find
    for w in words:
        k = len(w)
        at: list[int] = []  # non-overlapping occurrences, as str.count counts them
        i = find(w)
        while i >= 0 and len(at) <= 12:
            at.append(i)
            i = find(w, i + k)
        if len(at) > 12:  # a word this common on the page says nothing about the topic
            continue
        pos.extend(i for i in at if (i == 0 or not joined[i - 1].isalnum())
                   and (i + k >= end or not joined[i + k].isalnum()))
    if pos:
        starts = np.cumsum([0] + [len(k) + 1 for k in keys[:-1]])
        hits += np.bincount(np.asarray(which)[np.searchsorted(starts, pos, side="right") - 1], minlength=n)
    return hits


def line_features(
    lines: list[Line], extra: np.ndarray, title_idx: list[int], profile: frozenset[str] = frozenset(),
    topic: set[str] | None = None, prose: np.ndarray | None = None, core: tuple[int, int] | None = None,
    rows: np.ndarray | None = None, key_counts: Counter | None = None,
) -> np.ndarray:
    """Feature matrix, one row per line, columns as FEATURE_NAMES (``extra`` from ``measure``)."""
    n = len(lines)
    F = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if not n:
        return F
    keys = [ln.key for ln in lines]
    counts = Counter(keys) if key_counts is None else key_counts
    if rows is None:
        rows = row_matrix(lines)
    chars = rows[:, 0]
    words = rows[:, 8] if rows.shape[1] > 8 else np.fromiter((ln.words for ln in lines), dtype=np.float64,
                                                               count=n)
    bullet = rows[:, 1]
    term = rows[:, 3]
    if prose is None:
        prose = prose_scores(lines, rows)
    F[:, 0] = np.log1p(chars) / 6.0
    F[:, 1] = np.log1p(words) / 4.0
    F[:, 2] = bullet
    F[:, 3] = np.minimum(rows[:, 2], 6) / 6.0
    F[:, 4:7] = rows[:, 3:6]  # terminal, colon_end, upper_start
    F[:, 7] = np.minimum(extra[:, 2] / np.maximum(words, 1), 1.0)
    F[:, 8] = extra[:, 0] / chars
    F[:, 9] = np.minimum(extra[:, 5] / (words + 1), 1.0)
    F[:, 10] = np.log1p(extra[:, 1]) / 3.0
    F[:, 11] = np.log(np.fromiter(map(counts.__getitem__, keys), dtype=np.float64, count=n)) / 2.0
    # a line that is one phrase twice ("Read more Read more"): flattening doubled a link or heading
    for i in np.flatnonzero((term == 0) & (chars >= 24)).tolist():
        s = lines[i].text
        h = (len(s) - 1) // 2
        if s[h] == " " and s[:h].strip() == s[len(s) - h:].strip():
            F[i, 12] = 1.0
    F[:, 13] = np.arange(n) / n
    F[:, 14] = rows[:, 7]
    F[:-1, 15] = rows[1:, 7]
    F[-1, 15] = 1.0 if lines[-1].blank_after else 0.0
    F[:, 16] = extra[:, 3] > 0
    F[:, 17] = np.minimum(extra[:, 6] / np.maximum(words, 1), 15.0) / 15.0
    F[:, 18] = extra[:, 4] > 0
    F[:, 19] = prose
    c = np.concatenate(([0.0], np.cumsum(prose)))
    idx = np.arange(n)
    F[:, 20] = (c[idx] - c[np.maximum(idx - 3, 0)]) / 3.0
    F[:, 21] = (c[np.minimum(idx + 4, n)] - c[idx + 1]) / 3.0
    F[:, 22] = (c[np.minimum(idx + 11, n)] - c[np.maximum(idx - 10, 0)]) / 21.0
    F[1:, 23] = F[:-1, 1]  # the previous / next line's log_words, bullet, terminal
    F[:-1, 24] = F[1:, 1]
    F[1:, 25] = bullet[:-1]
    F[:-1, 26] = bullet[1:]
    F[1:, 27] = term[:-1]
    F[:-1, 28] = term[1:]
    # runs of non-prose lines: their length and whether prose lines bound them
    isp = prose >= 0.5
    run_len, bounded = runs(~isp)
    F[:, 29] = np.log1p(run_len) / 4.0
    F[:, 30] = bounded
    pidx = np.flatnonzero(isp)
    if len(pidx):
        pos = np.searchsorted(pidx, idx)
        last = len(pidx) - 1
        left = pidx[np.minimum(np.maximum(pos - 1, 0), last)]
        right = pidx[np.minimum(pos, last)]
        dist = np.minimum(np.abs(idx - left), np.abs(right - idx))
    else:
        dist = np.full(n, n)
    F[:, 31] = np.log1p(dist) / 4.0
    mass = prose * words
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    F[:, 32] = before
    F[:, 33] = (before > 0) & (before < 0.999)
    a, b = core if core is not None else _core(prose.tolist(), words.tolist())
    F[a:b + 1, 34] = 1.0
    if title_idx:
        t0 = min(title_idx)
        F[t0 + 1:t0 + 7, 35] = 1.0
        F[t0 + 1:, 36] = 1.0
        F[title_idx, 37] = 1.0
    if profile:
        F[:, 38] = [k in profile for k in keys]
    hits = topic_hits(lines, topic) if topic else np.zeros(n)
    F[:, 39] = np.minimum(hits, 5) / 5.0
    # breaks (runs of 3+ non-prose lines) between the headline and each line
    t0 = min(title_idx) if title_idx else 0
    brk_start = (run_len >= 3) & ~isp
    brk_start[1:] &= isp[:-1]
    brk_start[: t0 + 1] = False
    F[:, 41] = np.log1p(np.cumsum(brk_start, dtype=np.float64)) / 2.0
    F[:, 43] = rows[:, 6]
    prun, _ = runs(isp)
    F[:, 44] = np.log1p(prun) / 3.0
    # chains of prose lines where single short lines (an ad marker, a subheading) may sit between
    bridged = isp.copy()
    bridged[1:-1] |= isp[:-2] & isp[2:]
    chain, _ = runs(bridged)
    F[:, 45] = np.log1p(chain * isp) / 3.0
    # dates and times (comment headers, teaser timestamps) and the lines around them
    dt = np.zeros(n)
    search = _DATETIME.search
    for i in np.flatnonzero((extra[:, 0] >= 2) & (chars < 100)).tolist():
        if search(lines[i].text):
            dt[i] = 1.0
    F[:, 46] = dt
    long = (words >= 5).astype(np.float64)
    win = _window_sum(np.stack([hits, term * long, long, dt, rows[:, 4], (words <= 5).astype(np.float64)], axis=1),
                      -5, 5)
    F[:, 40] = np.minimum(win[:, 0], 10) / 10.0
    F[:, 42] = win[:, 1] / np.maximum(win[:, 2], 1)
    F[:, 47:50] = win[:, 3:6] / 11.0
    return F
