"""Clustering and duplicate-detection scores: B-cubed P/R/F1, NMI, pairwise P/R."""

from __future__ import annotations

import math
from collections import Counter
from typing import Hashable, Sequence


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` (same item order)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    joint = Counter(zip(gold, pred))
    gsize, psize = Counter(gold), Counter(pred)
    p = sum(c * c / psize[pl] for (_, pl), c in joint.items()) / n
    r = sum(c * c / gsize[gl] for (gl, _), c in joint.items()) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def nmi(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Normalised mutual information (arithmetic-mean normalisation, as scikit-learn's default)."""
    n = len(gold)
    if n == 0:
        return 0.0
    joint = Counter(zip(gold, pred))
    g, p = Counter(gold), Counter(pred)
    mi = sum(c / n * math.log(c * n / (g[a] * p[b])) for (a, b), c in joint.items())
    hg = -sum(c / n * math.log(c / n) for c in g.values())
    hp = -sum(c / n * math.log(c / n) for c in p.values())
    if hg + hp == 0:
        return 1.0
    return 2 * mi / (hg + hp)


def pairwise(gold_pairs: set[tuple[str, str]], pred_pairs: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall, F1 of predicted unordered pairs (each pair sorted) against the truth."""
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 1.0
    r = tp / len(gold_pairs) if gold_pairs else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairs_of(groups: dict[str, str]) -> set[tuple[str, str]]:
    """All unordered same-group pairs from a doc -> group mapping."""
    by: dict[str, list[str]] = {}
    for d, gid in groups.items():
        by.setdefault(gid, []).append(d)
    out: set[tuple[str, str]] = set()
    for members in by.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                out.add((a, b))
    return out
