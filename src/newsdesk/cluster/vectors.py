"""Sparse term vectors for the story clusterer: sums, unit scaling, IDF-weighted channel cosines.

A vector is a ``dict`` from term to weight; keys starting with "@" are entity keys (the entity
channel), the others are terms (the term channel). Pure functions, no state.
"""

from __future__ import annotations

import math
from typing import Any


def add_into(target: dict[str, float], vec: dict[str, float], sign: float) -> None:
    """target += sign * vec, dropping terms that fall to zero."""
    for t, v in vec.items():
        nv = target.get(t, 0.0) + sign * v
        if nv > 1e-9:
            target[t] = nv
        else:
            target.pop(t, None)


LOG_TABLE = [math.log(n + 1) for n in range(4096)]  # log(df + 1) for common document frequencies


def channel_cosines(
    a: dict[str, float], b: dict[str, float], idf: Any, b_norms: tuple[float, float] | None = None
) -> tuple[float, float | None]:
    """IDF-weighted cosines of the term channel and the entity channel ("@" keys) of two vectors.

    The entity cosine is None when either side has no entities. ``b_norms`` (squared term and
    entity norms of ``b``) may be passed when known.
    """
    if b_norms is None and len(b) < len(a):
        a, b = b, a
    dt = de = 0.0
    at = ae = 0.0
    for k, v in a.items():
        w = idf(k)
        x = v * w
        c = b.get(k)
        if k[0] == "@":
            ae += x * x
            if c:
                de += x * c * w
        else:
            at += x * x
            if c:
                dt += x * c * w
    if not dt and not de:
        return 0.0, None
    bt, be = b_norms if b_norms is not None else norms(b, idf)
    cos_t = dt / math.sqrt(at * bt) if at and bt else 0.0
    cos_e = de / math.sqrt(ae * be) if ae and be else None
    return cos_t, cos_e


def norms(vec: dict[str, float], idf: Any) -> tuple[float, float]:
    """Squared IDF-weighted norms of the term and entity channels."""
    bt = be = 0.0
    for k, c in vec.items():
        y = c * idf(k)
        if k[0] == "@":
            be += y * y
        else:
            bt += y * y
    return bt, be


def unit(vec: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / n for t, v in vec.items()}
