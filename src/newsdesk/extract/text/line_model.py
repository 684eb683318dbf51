"""The line classifier of the text extractor: a small MLP shipped as JSON weights.

``benchmarks/train_text_lines.py`` trains it (grouped-by-domain CV) and writes
``line_model.json`` next to this module. Inference is two numpy matrix
products per page.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import ConfigError
from .lines import FEATURE_NAMES, Line, best_window, runs

MODEL_PATH = Path(__file__).with_name("line_model.json")


def predict(params: dict, X: np.ndarray) -> np.ndarray:
    """Probability that each row (a line's features) is article body."""
    if not len(X):
        return np.zeros(0, dtype=np.float32)
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    z = (h @ params["W2"]).ravel() + params["b2"][0]
    return 1.0 / (1.0 + np.exp(-z))


#: the windows of first-stage scores averaged around each line (lo, hi: offsets, inclusive)
_WINDOWS = np.array([[-3, -1], [1, 3], [-10, -1], [1, 10]])


def context_features(X: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Second-stage input: the line features plus the first stage's scores around each line."""
    n = len(p)
    f = X.shape[1]
    out = np.zeros((n, f + N_CONTEXT), dtype=np.float32)
    if not n:
        return out
    out[:, :f] = X
    C = out[:, f:]
    C[:, 0] = p
    C[1:, 1] = p[:-1]  # the scores 1 and 2 lines before, then 1 and 2 lines after
    C[2:, 2] = p[:-2]
    C[:-1, 3] = p[1:]
    C[:-2, 4] = p[2:]
    c = np.concatenate(([0.0], np.cumsum(p)))
    idx = np.arange(n)
    lo = np.minimum(np.maximum(idx[:, None] + _WINDOWS[:, 0], 0), n)
    hi = np.minimum(np.maximum(idx[:, None] + _WINDOWS[:, 1] + 1, 0), n)
    C[:, 5:9] = (c[hi] - c[lo]) / np.maximum(hi - lo, 1)
    words = np.expm1(X[:, 1] * 4.0)
    a, b = best_window((p - 0.5) * np.sqrt(words + 1))
    inside = (idx >= a) & (idx <= b)
    C[:, 9] = inside
    C[:, 10] = np.log1p(np.where(inside, 0, np.minimum(np.abs(idx - a), np.abs(idx - b)))) / 4.0
    kept = p >= 0.5
    run_len, bounded = runs(~kept)
    C[:, 11] = np.log1p(run_len) / 4.0
    C[:, 12] = bounded
    mass = p * words
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    C[:, 13] = before
    C[:, 14] = (before > 0.0) & (before < 0.999)
    # breaks (3+ dropped lines in a row) since the first kept line
    brk = (run_len >= 3) & ~kept
    brk[1:] &= kept[:-1]
    brk[0] = False
    first = int(np.argmax(kept)) if kept.any() else n
    brk[: first + 1] = False
    C[:, 15] = np.log1p(np.cumsum(brk)) / 2.0
    return out


N_CONTEXT = 16


def score_lines(model: dict, X: np.ndarray) -> np.ndarray:
    """Both stages: body probability of each line."""
    p1 = predict(model["s1"], X)
    return predict(model["s2"], context_features(X, p1))


def save(model: dict, path: Path) -> None:
    data = {"features": list(FEATURE_NAMES),
            **{s: {k: np.asarray(v).round(5).tolist() for k, v in model[s].items()} for s in ("s1", "s2")}}
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> dict:
    """Load the shipped weights (cached); a model for other features is a ConfigError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"text model weights unreadable: {path.name}: {exc}") from exc
    if data.get("features") != list(FEATURE_NAMES):
        raise ConfigError("text model weights were trained for other features; retrain them")
    return {s: {k: np.asarray(data[s][k], dtype=np.float32) for k in ("W1", "b1", "W2", "b2")}
            for s in ("s1", "s2")}


#: a body shorter than this many words triggers the fallback selection in ``select_body``
FALLBACK_WORDS = 60
FALLBACK_SHARE = 0.3
#: a doubted paragraph right after a kept one is kept from this probability on
CONTINUE_P = 0.25
#: a copyright notice inside the kept lines ends the body when less than this share of its words follows
COPYRIGHT_TAIL = 0.5
#: the rules ``select_body`` applies by default
RULES = frozenset({"dup", "doubled", "orphan", "caps", "cont", "copy", "comments"})


def cut_at_copyright(lines: list[Line], keep: list[int]) -> list[int]:
    """Drop the kept lines after a copyright notice that sits inside the body, when they are the smaller part.

    A notice ("© 2019 Associated Press. All rights reserved.") closes the
    article; what the classifier kept after it is the page's teasers or
    comments. Grouped-by-site CV of the 3-member model: scrapinghub 0.9149 ->
    0.9181, wcxb 0.9267 -> 0.9268 (0.2: 0.9154, 0.35: 0.9163, 0.65: 0.9181 / 0.9256).
    """
    if len(keep) < 2:
        return keep
    region = range(keep[0] + 1, keep[-1] + 1)
    # keys are case-folded (lines under 400 characters): two substring scans instead of a regex
    keys = "\n".join([lines[j].key for j in region])
    if "©" not in keys and "all rights reserved" not in keys:
        return keep
    for j in region:
        if lines[j].chars < 200 and ("©" in lines[j].key or "all rights reserved" in lines[j].key):
            total = sum(lines[i].words for i in keep)
            if sum(lines[i].words for i in keep if i > j) < COPYRIGHT_TAIL * total:
                return [i for i in keep if i <= j]
            break
    return keep


#: a comment-section heading inside the kept lines ends the body when less than this share of its words follows
COMMENTS_TAIL = 0.5
#: a comment-section heading: "12 Comments", "Leave a Reply", "Join the conversation", "Comments are closed"
#: (English, German, French, Spanish, Italian, Portuguese, Dutch); matched on the case-folded key
_COMMENTS = re.compile(
    r"^(?:\(?\d+\)?\s*)?(?:comments?|responses?|replies|reader comments|kommentare?|commentaires?|"
    r"comentarios?|comentários?|commenti|reacties|reageer)(?:\s*\(?\d+\)?)?\s*[:.]?$"
    r"|^(?:leave|post|add|write|submit|show|view|load|read)\s+(?:a|your|all|the)?\s*\d*\s*"
    r"(?:comments?|reply|response|replies)\b"
    r"|^join the (?:conversation|discussion)|^comments (?:are|have been) closed|^comments? policy\b"
    r"|^you must be logged in to post|^(?:discuss|discussion)(?: this (?:article|story))?\s*:?$"
    r"|^(?:kommentar|kommentare) (?:schreiben|verfassen|anzeigen)|^(?:laisser|ajouter|écrire) un commentaire"
    r"|^(?:deja|dejar|escribe|añadir) (?:un|tu) comentario|^(?:lascia|scrivi|aggiungi) un commento"
    r"|^(?:deixe|deixar|escreva) (?:um|seu|o seu) comentário|^(?:plaats|schrijf) een reactie",
    re.M,
)


#: a comment heading followed by a commenter line cuts whatever follows once this many kept words precede it
COMMENTS_MIN_WORDS = 20
#: a commenter line: "Jane on May 2, 2019 at 4:47 pm said:", "Sam says:", "2 days ago at 07:52 am"
_COMMENTER = re.compile(r"(?:said|says|wrote|writes)\s*:$|\b\d{1,2}:\d{2}\s*(?:am|pm)?$|\bago$")


def _commenter_follows(lines: list[Line], j: int) -> bool:
    """True when one of the three lines after ``j`` is a short commenter line (name, date, "said:")."""
    return any(lines[k].words <= 15 and _COMMENTER.search(lines[k].key) for k in range(j + 1, min(len(lines), j + 4)))


def cut_at_comments(lines: list[Line], keep: list[int]) -> list[int]:
    """Drop the kept lines from a comment-section heading on, when they are the smaller part of the body.

    Reader comments after the article ("3 Comments", "Leave a Reply", then
    names, dates and "Reply" links) often read like prose, so the classifier
    keeps some; a short heading of that kind that sits inside the kept lines,
    after most of the kept words, ends the article. So does one after at least
    ``COMMENTS_MIN_WORDS`` kept words that a commenter line follows ("Jane on
    May 2, 2019 at 4:47 pm said:"), however long the comments run.
    Grouped-by-site CV of the 3-member model: scrapinghub 0.9181 -> 0.9213,
    wcxb 0.9268 -> 0.9286 (tail share 0.3: 0.9195 / 0.9273, 0.4: 0.9213 /
    0.9279, 0.6 and 0.7: 0.9235 / 0.9286); the commenter-line case then
    0.9213 -> 0.9259 / 0.9286 (one page, whose comments outweigh the post).
    """
    if len(keep) < 2:
        return keep
    region = range(keep[0] + 1, keep[-1] + 1)
    # one regex pass over the region's short keys (multiline) before looking line by line
    if not _COMMENTS.search("\n".join([lines[j].key for j in region if lines[j].chars < 80])):
        return keep
    kept = set(keep)
    total = sum(lines[i].words for i in keep)
    seen = lines[keep[0]].words
    for j in region:
        ln = lines[j]
        if ln.words <= 8 and ln.chars < 80 and _COMMENTS.search(ln.key):
            if total - seen < COMMENTS_TAIL * total or (seen >= COMMENTS_MIN_WORDS and _commenter_follows(lines, j)):
                return [i for i in keep if i < j]
            return keep
        if j in kept:
            seen += ln.words
    return keep


def select_body(lines: list[Line], probs, title_idx: list[int], thr: float = 0.5,
                rules: frozenset[str] = RULES) -> list[int]:
    """Indexes of the body lines: the classifier's picks, minus the holes it missed.

    Holes are inserted blocks inside the body: a short line repeated elsewhere
    inside the body region or right next to itself ("STORY CONTINUES BELOW THIS
    AD" twice, a teaser headline doubled), a line that is a doubled run of
    headlines, and a short heading whose next line was not kept (the heading of a
    dropped block, "More from World"). A copyright notice inside the body ends it
    (``cut_at_copyright``), and so does a comment-section heading (``cut_at_comments``).
    """
    probs = np.asarray(probs, dtype=np.float64)
    pl = probs.tolist()
    titles = set(title_idx)
    keep = [i for i in np.flatnonzero(probs >= thr).tolist() if i not in titles]
    if sum(lines[i].words for i in keep) < FALLBACK_WORDS and len(pl):
        # too little kept: take the most probable run of lines, relative to this page's best score
        low = max(0.05, FALLBACK_SHARE * max(pl))
        words = np.fromiter((ln.words for ln in lines), dtype=np.float64, count=len(lines))
        a, b = best_window((probs - low) * np.sqrt(words + 1))
        keep = [i for i in range(a, b + 1) if pl[i] >= low and i not in titles]
    if not keep:
        return keep
    if "cont" in rules:
        # a paragraph right after a kept paragraph, that the classifier doubted, continues the body
        kept = set(keep)
        for i in range(keep[0] + 1, min(len(lines), keep[-1] + 3)):
            ln = lines[i]
            if (i not in kept and (i - 1) in kept and pl[i] >= CONTINUE_P and ln.terminal and ln.words >= 8
                    and not ln.bullet and lines[i - 1].terminal and lines[i - 1].words >= 8):
                kept.add(i)
        keep = sorted(kept)
    b0, b1 = keep[0], keep[-1]
    def short(i: int) -> bool:
        return lines[i].words <= 10 and not lines[i].terminal

    drop: set[int] = set()
    if "dup" in rules:
        where: dict[str, list[int]] = {}
        for i in range(max(0, b0 - 2), min(len(lines), b1 + 3)):
            if lines[i].words <= 15:
                where.setdefault(lines[i].key, []).append(i)
        for idx in where.values():
            if len(idx) >= 2:
                drop.update(idx)
    if "doubled" in rules:
        from .meta import split_doubled

        for i in keep:
            ln = lines[i]
            if (not ln.terminal and ln.words >= 6 and ln.chars < 1500 and ln.text.find(ln.text[:8], 1) > 0
                    and len(split_doubled(ln.text)) >= 2):
                drop.add(i)
    if "caps" in rules:
        for i in keep:
            ln = lines[i]
            if ln.words <= 6 and not ln.terminal and ln.text.isupper():
                drop.add(i)
    keep = [i for i in keep if i not in drop]
    if "orphan" in rules and keep:
        kept = set(keep)
        out = []
        for i in keep:
            if short(i) and lines[i].words <= 6 and i + 1 < len(lines) and (i + 1) not in kept and i != keep[-1]:
                continue
            out.append(i)
        keep = out
    if "copy" in rules:
        keep = cut_at_copyright(lines, keep)
    if "comments" in rules:
        keep = cut_at_comments(lines, keep)
    return keep
