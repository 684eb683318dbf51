"""Flattened page text -> typed lines with layout features (pure, no model).

A whole-page text dump keeps every line of the page: menus (often as
``  • item`` bullets), share buttons, ads, related-story blocks and the
article itself. This module splits the dump into ``Line`` records and
computes, per line, the language-neutral features the line classifier
(``text_model``) reads: length, terminal punctuation (Latin, CJK, Arabic,
Devanagari), bullet prefix and indentation, capitalisation, repetition inside
the page, and the "prose density" of the neighbouring lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^[•·▪◦●○■□►▸\-\*]\s+")
_TERMINAL = frozenset(".!?。！？؟।॥…;")
_CLOSERS = frozenset("\"'”’»)]」』）›")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SEP_MARKS = re.compile(r"[|©®»«›‹→←]|\s/\s|\s-\s.*\s-\s")
_WS = re.compile(r"\s+")
_BULLET_CHARS = frozenset("•·▪◦●○■□►▸-*")
_DIGIT = re.compile(r"\d")
_SENT = re.compile(r"[.!?。！？؟।]")

#: names of the per-line features, in the columns of ``line_features``
FEATURE_NAMES: tuple[str, ...] = (
    "log_chars", "log_words", "bullet", "indent", "terminal", "colon_end", "upper_start",
    "title_case", "digit_ratio", "comma_rate", "sentences", "dup_in_page", "self_repeat",
    "position", "blank_before", "blank_after", "separators", "avg_word_len", "cjk",
    "prose", "prev_prose3", "next_prose3", "prose_win10", "prev_len", "next_len",
    "prev_bullet", "next_bullet", "prev_terminal", "next_terminal", "short_run", "run_bounded",
    "dist_prose", "mass_before", "mass_inside", "in_core", "near_title", "after_title",
    "same_as_title", "profile", "topic_hits", "topic_win5", "breaks_since_title", "term_win5",
)

@dataclass(slots=True)
class Line:
    """One non-blank line of the dump."""

    idx: int  # index among non-blank lines
    raw_no: int  # line number in the dump
    text: str  # stripped, bullet removed
    key: str  # normalised form for repetition tests
    bullet: bool
    indent: int
    words: int
    chars: int
    blank_before: bool
    blank_after: bool
    terminal: bool
    wchars: int  # characters inside words


def norm_key(s: str) -> str:
    """Normalised line key: NFKC, casefolded, word characters only, single spaces."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(_WORD.findall(s))


def ends_terminal(s: str) -> bool:
    """True when the line ends a sentence (any script), ignoring closing quotes."""
    i = len(s) - 1
    while i >= 0 and s[i] in _CLOSERS:
        i -= 1
    return i >= 0 and s[i] in _TERMINAL


def split_lines(text: str) -> list[Line]:
    """Split a dump into non-blank ``Line`` records (bullets and indentation noted)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Line] = []
    blank = True
    for no, r in enumerate(raw):
        s = r.strip()
        if not s:
            blank = True
            if out:
                out[-1].blank_after = True
            continue
        bullet = False
        if s[0] in _BULLET_CHARS:
            m = _BULLET.match(s)
            if m:
                bullet = True
                s = s[m.end():].strip()
                if not s:
                    blank = False
                    continue
        lead = len(r) - len(r.lstrip())
        if "  " in s or "\t" in s:
            s = _WS.sub(" ", s)
        n = len(s)
        key = (s.lower() if s.isascii() else s.casefold()) if n < 400 else s
        i = n - 1
        while i >= 0 and s[i] in _CLOSERS:
            i -= 1
        out.append(Line(len(out), no, s, key, bullet, lead // 2, 0, n, blank, False,
                        i >= 0 and s[i] in _TERMINAL, 0))
        blank = False
    return out


def _prose(ln: Line) -> float:
    if ln.bullet:
        return 0.3 if ln.words >= 20 and ln.terminal else 0.0
    if ln.words >= 15 and ln.terminal:
        return 1.0
    if ln.words >= 25:
        return 0.7
    if ln.words >= 8 and ln.terminal:
        return 0.5
    return 0.0


def _self_repeat(s: str) -> bool:
    n = len(s)
    if n < 12:
        return False
    h = (n - 1) // 2
    return s[h] == " " and s[:h].strip() == s[n - h:].strip()


def _core(prose, words) -> tuple[int, int]:
    """Densest run of prose lines: maximum-sum window of (prose - 0.35) * sqrt(words)."""
    best, best_ab, cur, start = 0.0, (0, -1), 0.0, 0
    for i, (p, w) in enumerate(zip(prose, words)):
        v = (p - 0.35) * math.sqrt(w + 1)
        if cur <= 0:
            cur, start = v, i
        else:
            cur += v
        if cur > best:
            best, best_ab = cur, (start, i)
    return best_ab


def _shift(a: np.ndarray, k: int, fill: float = 0.0) -> np.ndarray:
    """a shifted by k places (k > 0: the value k lines before)."""
    out = np.full_like(a, fill)
    if k > 0:
        out[k:] = a[:-k]
    elif k < 0:
        out[:k] = a[-k:]
    else:
        out[:] = a
    return out


def _window_sum(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Sum of a[i+lo : i+hi+1] for each i (clipped at the ends)."""
    n = len(a)
    c = np.concatenate(([0.0], np.cumsum(a)))
    idx = np.arange(n)
    return c[np.clip(idx + hi + 1, 0, n)] - c[np.clip(idx + lo, 0, n)]


_SENT_CPS = np.array([ord(c) for c in ".!?。！？؟।"], dtype=np.uint32)
_SEP_CPS = np.array([ord(c) for c in "|©®»«›‹→←"], dtype=np.uint32)


def measure(lines: list[Line]) -> np.ndarray:
    """Count per line, on the code points of all lines at once (numpy, not line by line).

    Columns: digits, sentence marks, capitalised words, separator marks, CJK
    characters, commas, words, word characters. Also sets ``Line.words`` (CJK
    characters count as 1/1.5 word each) and ``Line.wchars``.
    """
    if not lines:
        return np.zeros((0, 8))
    joined = "\n".join(ln.text for ln in lines)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.zeros(len(lines), dtype=np.int64)
    starts[1:] = np.cumsum([ln.chars + 1 for ln in lines])[:-1]
    prev = np.empty_like(cp)
    prev[0] = 32
    prev[1:] = cp[:-1]
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 192) & (cp <= 222) & (cp != 215)) | (
        (cp >= 0x391) & (cp <= 0x3A9)) | ((cp >= 0x410) & (cp <= 0x42F))
    isw = _is_word(cp)
    pw = _is_word(prev)
    cjk = ((cp >= 0x3040) & (cp <= 0x30FF)) | ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xAC00) & (cp <= 0xD7AF))
    cols = np.stack([
        (cp >= 48) & (cp <= 57),
        np.isin(cp, _SENT_CPS),
        upper & ~pw,
        np.isin(cp, _SEP_CPS),
        cjk,
        cp == 44,
        isw & ~pw,
        isw,
    ], axis=1).astype(np.float64)
    out = np.add.reduceat(cols, starts, axis=0)
    words = np.maximum(out[:, 6], out[:, 4] / 1.5).astype(np.int64).tolist()
    wchars = out[:, 7].astype(np.int64).tolist()
    for ln, w, c in zip(lines, words, wchars):
        ln.words = w
        ln.wchars = c
    return out


def _is_word(cp: np.ndarray) -> np.ndarray:
    """Approximately \\w: ASCII letters, digits and underscore, and letters beyond Latin-1 punctuation."""
    return (((cp >= 48) & (cp <= 57)) | ((cp >= 65) & (cp <= 90)) | ((cp >= 97) & (cp <= 122)) | (cp == 95)
            | ((cp >= 192) & (cp != 215) & (cp != 247) & ((cp < 0x2000) | (cp > 0x2BFF))
               & ((cp < 0x3000) | (cp > 0x303F)) & ((cp < 0xFE30) | (cp > 0xFF20))))


def topic_hits(lines: list[Line], topic: set[str]) -> np.ndarray:
    """Per line, how many occurrences of the topic words (headline, URL slug) it holds."""
    n = len(lines)
    hits = np.zeros(n)
    words = sorted((w for w in topic if len(w) >= 4), key=len, reverse=True)
    if not words or not n:
        return hits
    joined = "\n".join(ln.key for ln in lines)
    pat = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    pos = [m.start() for m in pat.finditer(joined)]
    if pos:
        starts = np.cumsum([0] + [len(ln.key) + 1 for ln in lines[:-1]])
        np.add.at(hits, np.searchsorted(starts, pos, side="right") - 1, 1.0)
    return hits


def line_features(
    lines: list[Line], extra: np.ndarray, title_idx: list[int], profile: frozenset[str] = frozenset(),
    topic: set[str] | None = None,
) -> np.ndarray:
    """Feature matrix, one row per line, columns as FEATURE_NAMES (``extra`` from ``measure``)."""
    n = len(lines)
    F = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if not n:
        return F
    counts = Counter(ln.key for ln in lines)
    base = np.array([
        (ln.chars, ln.words, ln.bullet, ln.indent, ln.terminal, ln.text[-1] == ":", ln.text[0].isupper(),
         0, ln.wchars, 0, counts[ln.key], ln.blank_before, ln.blank_after,
         _prose(ln), ln.key in profile)
        for ln in lines
    ], dtype=np.float64)
    sr = np.array([_self_repeat(ln.text) for ln in lines], dtype=np.float64)
    chars, words = base[:, 0], base[:, 1]
    prose = base[:, 13]
    term = base[:, 4]
    bullet = base[:, 2]
    F[:, 0] = np.log1p(chars) / 6.0
    F[:, 1] = np.log1p(words) / 4.0
    F[:, 2] = bullet
    F[:, 3] = np.minimum(base[:, 3], 6) / 6.0
    F[:, 4] = term
    F[:, 5] = base[:, 5]
    F[:, 6] = base[:, 6]
    F[:, 7] = np.minimum(extra[:, 2] / np.maximum(words, 1), 1.0)
    F[:, 8] = extra[:, 0] / chars
    F[:, 9] = np.minimum(extra[:, 5] / (words + 1), 1.0)
    F[:, 10] = np.log1p(extra[:, 1]) / 3.0
    F[:, 11] = np.log(base[:, 10]) / 2.0
    F[:, 12] = sr
    F[:, 13] = np.arange(n) / n
    F[:, 14] = base[:, 11]
    F[:, 15] = base[:, 12]
    F[:, 16] = extra[:, 3] > 0
    F[:, 17] = np.minimum(base[:, 8] / np.maximum(words, 1), 15.0) / 15.0
    F[:, 18] = extra[:, 4] > 0
    F[:, 19] = prose
    F[:, 20] = _window_sum(prose, -3, -1) / 3.0
    F[:, 21] = _window_sum(prose, 1, 3) / 3.0
    F[:, 22] = _window_sum(prose, -10, 10) / 21.0
    F[:, 23] = _shift(F[:, 1], 1)
    F[:, 24] = _shift(F[:, 1], -1)
    F[:, 25] = _shift(bullet, 1)
    F[:, 26] = _shift(bullet, -1)
    F[:, 27] = _shift(term, 1)
    F[:, 28] = _shift(term, -1)
    # runs of non-prose lines: their length and whether prose lines bound them
    isp = prose >= 0.5
    run_len = np.zeros(n)
    bounded = np.zeros(n)
    i = 0
    pl = isp.tolist()
    while i < n:
        if pl[i]:
            i += 1
            continue
        j = i
        while j < n and not pl[j]:
            j += 1
        run_len[i:j] = j - i
        bounded[i:j] = 1.0 if (i > 0 and j < n) else 0.0
        i = j
    F[:, 29] = np.log1p(run_len) / 4.0
    F[:, 30] = bounded
    idx = np.arange(n)
    pidx = np.flatnonzero(isp)
    if len(pidx):
        pos = np.searchsorted(pidx, idx)
        left = pidx[np.clip(pos - 1, 0, len(pidx) - 1)]
        right = pidx[np.clip(pos, 0, len(pidx) - 1)]
        dist = np.minimum(np.abs(idx - left), np.abs(right - idx))
    else:
        dist = np.full(n, n)
    F[:, 31] = np.log1p(dist) / 4.0
    mass = prose * words
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    F[:, 32] = before
    F[:, 33] = (before > 0) & (before < 0.999)
    a, b = _core(prose.tolist(), words.tolist())
    F[a:b + 1, 34] = 1.0
    if title_idx:
        t0 = min(title_idx)
        d = idx - t0
        F[:, 35] = (d > 0) & (d <= 6)
        F[:, 36] = d > 0
        F[title_idx, 37] = 1.0
    F[:, 38] = base[:, 14]
    if topic:
        hits = topic_hits(lines, topic)
        F[:, 39] = np.minimum(hits, 5) / 5.0
        F[:, 40] = np.minimum(_window_sum(hits, -5, 5), 10) / 10.0
    # breaks (runs of 3+ non-prose lines) between the headline and each line
    t0 = min(title_idx) if title_idx else 0
    brk_start = np.zeros(n)
    brk_start[(run_len >= 3) & (np.concatenate(([1.0], prose[:-1])) >= 0.5) & ~isp] = 1.0
    brk_start[: t0 + 1] = 0.0
    F[:, 41] = np.log1p(np.cumsum(brk_start)) / 2.0
    long = words >= 5
    F[:, 42] = _window_sum(term * long, -5, 5) / np.maximum(_window_sum(long.astype(np.float64), -5, 5), 1)
    return F
