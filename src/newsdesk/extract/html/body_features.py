"""Generic numeric features of text blocks (no domains, urls or site names).

``page_features(page, title)`` returns one row per block: text shape, link
density, owner tag, class/id vocabulary bits on the owner / near / any
ancestor, tag context (article, nav, footer, ...), subtree totals of the
parent and grandparent, position, the main-text container, the headline, and
JSON-LD ``articleBody`` agreement, the shape of the neighbouring blocks, and
the page-wide statistics of the block's tag path (how many blocks share it,
under how many parents, with what share of the text).
"""

from __future__ import annotations

import itertools
import math
import re
import struct

import numpy as np

from .body_blocks import GROUP_NAMES, TAG_CTX, Block, BlockNode, PageBlocks

_WORD = re.compile(r"\w+")
_BYLINE = re.compile(r"^(?:by|von|par|por|door|di|af|av)\s+\S", re.I)
#: the first characters a ``_BYLINE`` match can start with (under re.I only their capitals join them)
_BYLINE_FIRST = frozenset("bvpdaBVPDA")
_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b(?:updated|published|posted)\b|\b\d+\s+(?:min|mins|minutes|hours?|days?)\s+ago\b",
    re.I,
)
_COPY = re.compile(r"©|\bcopyright\b|all rights reserved", re.I)
_SEPS = re.compile(r"[|•·»›]")
_END_CHARS = frozenset(".!?:;…\"”’)»")
_STOP = frozenset(
    "the a an and or of to in on for with is are was were be been it that this as at by from has have "
    "had not but they he she we you i his her their its our which who will would can could there than "
    "so if about into more also der die das und ist nicht ein eine le la les et des est un une el los "
    "y en que del".split()
)
#: every letter-case variant of the stopwords ("The", "THE", ...): an ASCII word is a stopword once lowercased
_STOP_CASED = frozenset(
    "".join(v) for w in _STOP for v in itertools.product(*({c, c.upper()} for c in w))
)


def _ascii_word_stats(words: list[str]) -> tuple[int, int, int, int]:
    """All-digit, capitalised and stopword runs, and word characters, of an ASCII text's ``\\w+`` runs.

    One pass: a run ([A-Za-z0-9_]+) is capitalised when its first letter is A-Z; an all-digit run starts
    with a digit (ASCII isdigit == isdecimal); a stopword in any letter case is one of the precomputed
    case variants (none is longer than five letters)."""
    digits = caps = nstop = wchars = 0
    for w in words:
        nw = len(w)
        wchars += nw
        c = ord(w[0])
        if 65 <= c <= 90:
            caps += 1
        elif 48 <= c <= 57:
            if w.isdigit():
                digits += 1
            continue
        if nw <= 5 and w in _STOP_CASED:
            nstop += 1
    return digits, caps, nstop, wchars


def _lower_words(text: str, low: str, words: list[str]) -> list[str]:
    """``_WORD.findall(low)`` (``low`` is ``text.lower()``, ``words`` is ``_WORD.findall(text)``).

    When every character lowercases to one character (same length) and no capital sigma is there (the
    only character whose lowercase depends on its neighbours), each character's lowercase is a word
    character exactly when it is one (true of every code point: tests/extract/test_fast_paths.py), so
    the runs of ``low`` are the lowercased runs of ``text``: one join, lower and split instead of a scan."""
    if len(low) == len(text) and "\u03a3" not in text:
        return " ".join(words).lower().split(" ")
    return _WORD.findall(low)


def _date_pretest(low: str, digits: int, asc: bool) -> bool:
    """False only where ``_DATEISH`` cannot match the text (``low`` lowercased, ``digits`` its all-digit runs).

    Every alternative but the three words needs a digit run bounded by non-word characters, i.e. an
    all-digit ``\\w+`` run. Non-ASCII text tests substrings without i and s (see ``_copy_pretest``)."""
    if digits:
        return True
    if asc:
        return "updated" in low or "published" in low or "posted" in low
    return "updated" in low or "publ" in low or "po" in low


def _copy_pretest(text: str, low: str) -> bool:
    """False only where ``_COPY`` cannot match ``text`` (``low`` is ``text.lower()``).

    Under re.I an ASCII pattern letter matches, besides its two cases, only U+0130 and U+0131 (i),
    U+017F (s) and U+212A (k) (every code point checked in tests/extract/test_fast_paths.py): the
    substrings tested here avoid i, s and k, so each appears in ``low`` wherever a match puts its letters
    in ``text``."""
    return "\u00a9" in text or "copyr" in low or ("ght" in low and "erved" in low)


def _has_sep(text: str) -> bool:
    """``_SEPS.search(text)``, as five plain substring tests."""
    return "|" in text or "\u2022" in text or "\u00b7" in text or "\u00bb" in text or "\u203a" in text


TAGS = ["p", "div", "h1", "h2", "h3", "h4", "h56", "li", "td", "blockquote", "pre", "dd", "figcaption",
        "section", "span", "other"]
_TAGIDX = {t: i for i, t in enumerate(TAGS)}
_TAGIDX.update({"h5": _TAGIDX["h56"], "h6": _TAGIDX["h56"], "th": _TAGIDX["td"], "dt": _TAGIDX["dd"],
                "article": _TAGIDX["section"], "main": _TAGIDX["section"], "caption": _TAGIDX["figcaption"],
                "summary": _TAGIDX["h4"], "address": _TAGIDX["other"]})

NG = len(GROUP_NAMES)
NT = len(TAG_CTX)
N_FEATURES = 21 + 16 + 3 * NG + NT + 33 + 8 + 5


def _node_stats(n: BlockNode | None, total: int, good_total: int) -> list[float]:
    if n is None:
        return [0.0, 0.0, 0.0, 0.0, 0.0]
    return [
        math.log1p(n.tokens) / 8,
        n.link_tokens / n.tokens if n.tokens else 0.0,
        math.log1p(n.nblocks) / 5,
        n.good / good_total if good_total else 0.0,
        n.tokens / total if total else 0.0,
    ]


def main_container(page: PageBlocks) -> BlockNode | None:
    """Deepest block element that holds at least 60% of the page's well-formed text."""
    g = page.root.good
    if not g:
        return None
    best = page.root
    seen: set[int] = set()
    for b in page.blocks:
        n: BlockNode | None = b.node
        while n is not None and n.idx not in seen:
            seen.add(n.idx)
            if n.good >= 0.6 * g and n.depth > best.depth:
                best = n
            n = n.parent
    return best


def _inside(blocks: list[Block], main: BlockNode | None) -> list[bool]:
    if main is None:
        return [False] * len(blocks)
    memo: dict[int, bool] = {main.idx: True}
    out = []
    for b in blocks:
        path = []
        n: BlockNode | None = b.node
        res = False
        while n is not None:
            r = memo.get(n.idx)
            if r is not None:
                res = r
                break
            if n.depth <= main.depth:
                res = False
                break
            path.append(n.idx)
            n = n.parent
        for i in path:
            memo[i] = res
        out.append(res)
    return out


def _title_index(page: PageBlocks, title: str | None) -> int:
    if not title:
        return -1
    tt = set(_WORD.findall(title.lower()))
    if not tt:
        return -1
    best, best_i = 0.0, -1
    lo, hi = 0.6 * len(tt), 1.7 * len(tt) + 2
    for b in page.blocks:
        if not lo <= b.tokens <= hi:
            continue
        low = b.text.lower()
        bt = set(_lower_words(b.text, low, b.words) if b.words else _WORD.findall(low))
        d = 2 * len(tt & bt) / (len(tt) + len(bt))
        if d > best + 1e-9:
            best, best_i = d, b.index
            if d == 1.0 and b.node.tag == "h1":
                break
    return best_i if best >= 0.8 else -1


def path_features(blocks: list[Block], tok: np.ndarray, ltok: np.ndarray, pid: np.ndarray) -> np.ndarray:
    """Per block, statistics of the blocks sharing its tag path (the owner's chain of block tags).

    Article paragraphs repeat one path under one parent; teaser lists repeat a path under many
    parents, one short block each. Columns: log count, distinct parents / count, share of the
    page's tokens, log mean tokens, share of the path's tokens in well-formed blocks."""
    ids: dict[tuple[int, str], int] = {}
    memo: dict[int, int] = {}
    sigs: list[int] = []
    nd: BlockNode | None
    for b in blocks:
        nd = b.node
        s = memo.get(nd.idx)
        if s is None:
            chain = []
            while nd is not None and nd.idx not in memo:
                chain.append(nd)
                nd = nd.parent
            s = memo[nd.idx] if nd is not None else -1
            for c in reversed(chain):
                s = ids.setdefault((s, c.tag), len(ids))
                memo[c.idx] = s
        sigs.append(s)
    sig = np.array(sigs, dtype=np.intp)
    k = len(ids)
    cnt = np.bincount(sig, minlength=k).astype(np.float64)
    tk = np.bincount(sig, tok, k)
    gd = np.bincount(sig, tok * ((tok >= 12) & (ltok < 0.3 * tok)), k)
    # distinct (path, parent) pairs per path: a set of pairs (np.unique's sort costs more numpy calls)
    npar_l = [0] * k
    for s, _ in set(zip(sigs, pid.tolist())):
        npar_l[s] += 1
    npar = np.array(npar_l, dtype=np.intp)
    cnt_b = cnt[sig]
    tk_b = tk[sig]
    return np.stack([np.log1p(cnt_b) / 5, npar[sig] / cnt_b, tk_b / tok.sum(), np.log1p(tk_b / cnt_b) / 6,
                     gd[sig] / np.maximum(tk_b, 1.0)], axis=1)


def page_features(page: PageBlocks, title: str | None = None) -> np.ndarray:
    """One row of features per block (``len(page.blocks)`` rows; 0 rows for an empty page)."""
    blocks = page.blocks
    n = len(blocks)
    if not n:
        return np.zeros((0, N_FEATURES))
    total = page.root.tokens or 1
    good_total = page.root.good
    main = main_container(page)
    ti = _title_index(page, title)
    h1_i = next((b.index for b in blocks if b.node.tag == "h1"), -1)
    anchor = ti if ti >= 0 else h1_i
    ld_tokens: set[str] | None = None
    if page.ld_body:
        ld_tokens = set(_WORD.findall(page.ld_body.lower()))
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for b in blocks:
        counts[b.text] = counts.get(b.text, 0) + 1
    # first and last well-formed block inside the main container
    inside_main = _inside(blocks, main)
    good_idx = [b.index for b, ins in zip(blocks, inside_main)
                if ins and b.tokens >= 12 and b.link_tokens < 0.3 * b.tokens]
    g0, g1 = (good_idx[0], good_idx[-1]) if good_idx else (-1, -1)
    pre: list[float] = []  # row-major, flat: a flat list converts far faster than a nested one
    post: list[float] = []
    tag_i: list[int] = []
    bits: list[int] = []  # four per block, flat (packed without numpy's nested-list scan)
    same_tag: list[float] = []  # 1.0 where the block's owner tag is the previous block's
    prev_tag = ""
    toks: list[int] = []
    ltoks: list[int] = []
    pids: list[int] = []
    stats: dict[int, list[float]] = {}
    other = _TAGIDX["other"]
    cum = 0
    for b in blocks:
        text = b.text
        tok = b.tokens
        low = text.lower()
        nchar = len(text)
        asc = text.isascii()  # O(1) in CPython; ASCII text skips regex scans that cannot match
        ld = b.link_tokens / tok
        ib = b.inline_bits
        # counts over the block's \w+ runs, equal to the former regex scans: capitalised words
        # (\b[^\W\d_a-z]), all-digit words (\b\d+\b), word characters (len - count(\W)) and stopwords
        # (\b(?:the|a|...)\b on the lowercased text)
        words: list[str] = b.words or _WORD.findall(text)
        digits = 0
        caps = 0
        nstop = 0
        wchars = 0
        lw: list[str] | None
        if asc:
            lw = None
            digits, caps, nstop, wchars = _ascii_word_stats(words)
        else:
            lw = _lower_words(text, low, words)
            for w in words:
                wchars += len(w)
                if w.isdecimal():
                    digits += 1
                ch = w[0]
                if not ("a" <= ch <= "z" or ch == "_" or ch.isdecimal()):
                    caps += 1
            for w in lw:
                if w in _STOP:
                    nstop += 1
        pre += [
            math.log1p(tok) / 6,
            math.log1p(nchar) / 9,
            ld,
            1.0 if ld > 0.9 else 0.0,
            min(text.count(",") / tok * 5, 2.0),
            min(text.count(". ") / tok * 10, 2.0),
            1.0 if text[-1] in _END_CHARS else 0.0,
            caps / tok,
            nstop / tok,
            digits / tok,
            min(wchars / tok / 10, 2.0),
            1.0 if (_copy_pretest(text, low) if not asc else "copyright" in low or "all rights reserved" in low)
            and _COPY.search(text) else 0.0,
            1.0 if ("|" in text if asc else _has_sep(text)) else 0.0,
            1.0 if text[0] in _BYLINE_FIRST and _BYLINE.match(text) else 0.0,
            1.0 if tok < 25 and _date_pretest(low, digits, asc) and _DATEISH.search(text) else 0.0,
            1.0 if tok <= 3 else 0.0,
            1.0 if tok >= 40 else 0.0,
            float(ib & 1), float(ib >> 1 & 1), float(ib >> 2 & 1), float(ib >> 3 & 1),
        ]
        node = b.node
        tag_i.append(_TAGIDX.get(node.tag, other))
        bits.append(node.bits)
        bits.append(b.near_bits)
        bits.append(b.any_bits)
        bits.append(b.any_tbits)
        tag = node.tag
        same_tag.append(1.0 if tag == prev_tag else 0.0)
        prev_tag = tag
        toks.append(tok)
        ltoks.append(b.link_tokens)
        par = node.parent
        gpar = par.parent if par is not None else None
        pids.append(par.idx if par is not None else -1)
        f: list[float] = []
        for nd in (node, par, gpar):
            key = nd.idx if nd is not None else -1
            st = stats.get(key)
            if st is None:
                st = stats[key] = _node_stats(nd, total, good_total)
            f += st
        f.append(min(node.depth / 25, 2.0))
        # position
        f.append(b.index / n)
        f.append(cum / total)
        cum += tok
        # main container
        inside = 1.0 if inside_main[b.index] else 0.0
        dist = node.depth - main.depth if main is not None else 10
        f += [inside, min(dist / 10, 1.0) if inside else 1.0, 1.0 if main is not None else 0.0,
              1.0 if g0 <= b.index <= g1 else 0.0, 1.0 if b.index < g0 else 0.0,
              1.0 if b.index > g1 else 0.0, min(counts[b.text] - 1, 3) / 3]
        # a repeat of an earlier block (a second copy adds nothing the first did not)
        if text in seen:
            f.append(1.0)
        else:
            f.append(0.0)
            seen.add(text)
        # headline
        if anchor >= 0:
            f += [1.0, 1.0 if b.index == ti else 0.0, 1.0 if b.index < anchor else 0.0,
                  min(abs(b.index - anchor) / 50, 1.0)]
        else:
            f += [0.0, 0.0, 0.0, 0.0]
        # JSON-LD articleBody
        if ld_tokens is not None:
            if lw is None:  # ASCII: lowercasing keeps every \w+ run intact
                lw = " ".join(words).lower().split(" ") if words else []
            cov = sum(map(ld_tokens.__contains__, lw)) / tok
            f += [1.0, cov, cov * min(tok / 20, 1.0)]
        else:
            f += [0.0, 0.0, 0.0]
        post += f
    ar = np.arange(n)
    tagv = np.zeros((n, len(TAGS)))
    tagv[ar, tag_i] = 1.0
    bm = np.frombuffer(struct.pack(f"{len(bits)}q", *bits), dtype=np.int64).reshape(n, 4)
    shift_g = np.arange(NG)
    bitv = [(bm[:, k:k + 1] >> shift_g) & 1 for k in range(3)]
    bitv.append((bm[:, 3:4] >> np.arange(NT)) & 1)
    # neighbours (shape only): previous block, then next block
    t = np.asarray(toks, dtype=np.float64)
    lt = np.asarray(ltoks, dtype=np.float64)
    pid = np.asarray(pids)
    own = np.stack([np.log1p(t) / 6, lt / t, np.zeros(n), np.zeros(n)], axis=1)
    prev = np.zeros((n, 4))
    nxt = np.zeros((n, 4))
    if n > 1:
        prev[1:, :2] = own[:-1, :2]
        prev[1:, 2] = pid[:-1] == pid[1:]
        prev[1:, 3] = same_tag[1:]
        nxt[:-1, :2] = own[1:, :2]
        nxt[:-1, 2] = pid[1:] == pid[:-1]
        nxt[:-1, 3] = same_tag[1:]
    # struct.pack converts a flat list of floats ~2x faster than array('d') (the same doubles)
    return np.hstack([np.frombuffer(struct.pack(f"{len(pre)}d", *pre)).reshape(n, -1), tagv, *bitv,
                      np.frombuffer(struct.pack(f"{len(post)}d", *post)).reshape(n, -1), prev, nxt,
                      path_features(blocks, t, lt, pid)]).astype(np.float64)
