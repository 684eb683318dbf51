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
    return query_cosines(weighted(a, idf), b, idf, b_norms)


#: one vector IDF-weighted for ``query_cosines``: (key, weighted value, idf, entity?) per key, and the
#: squared term and entity norms
Weighted = tuple[list[tuple[str, float, float, bool]], float, float]


def weighted(a: dict[str, float], idf: Any) -> Weighted:
    """``a``'s side of ``channel_cosines``, computed once when ``a`` is scored against many vectors."""
    keys: list[tuple[str, float, float, bool]] = []
    at = ae = 0.0
    for k, v in a.items():
        w = idf(k)
        x = v * w
        ent = k[0] == "@"
        if ent:
            ae += x * x
        else:
            at += x * x
        keys.append((k, x, w, ent))
    return keys, at, ae


def query_cosines(
    q: Weighted, b: dict[str, float], idf: Any, b_norms: tuple[float, float] | None = None
) -> tuple[float, float | None]:
    """``channel_cosines`` of a ``weighted`` vector and ``b`` (the same sums in the same order)."""
    keys, at, ae = q
    dt = de = 0.0
    get = b.get
    for k, x, w, ent in keys:
        c = get(k)
        if c:
            if ent:
                de += x * c * w
            else:
                dt += x * c * w
    if not dt and not de:
        return 0.0, None
    bt, be = b_norms if b_norms is not None else norms(b, idf)
    cos_t = dt / math.sqrt(at * bt) if at and bt else 0.0
    cos_e = de / math.sqrt(ae * be) if ae and be else None
    return cos_t, cos_e


class IdfMemo(dict):  # type: ignore[type-arg]
    """``idf(term)`` remembered: for a stretch in which the IDF does not change (one document's scoring)."""

    __slots__ = ("idf",)

    def __init__(self, idf: Any) -> None:
        super().__init__()
        self.idf = idf

    def __missing__(self, term: str) -> float:
        v = self[term] = self.idf(term)
        return v


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
