"""Near-duplicate detection: MinHash over word shingles with LSH banding, online.

Syndicated wire copies, the same article under two URLs and minor updates share most of their
word 5-grams. Each document gets a ``num_perm``-value MinHash signature of its folded word
shingles; LSH bands (``bands`` x ``rows``) find candidates in constant time, and a candidate is
a duplicate when the estimated Jaccard similarity reaches ``threshold`` (exact text hashes short-cut
identical copies). Groups are kept with a union-find; a group's original is its earliest
published member, the fullest (longest) one on a tie or when dates are missing.

State is bounded: only the ``max_docs`` most recent documents stay in the LSH index, so the cost
per document does not grow with the store. ``state()``/``from_state()`` round-trip it as JSON.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from ..model import DuplicateMatch

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_SHIFT61 = np.uint64(61)
_WORD = re.compile(r"\w+", re.UNICODE)
_LOW_WORD = 0 if sys.byteorder == "little" else 1  # where a uint64's low 32 bits sit among its two uint32s


@dataclass(frozen=True, slots=True)
class DedupOptions:
    num_perm: int = 128
    bands: int = 32  # 32 bands x 4 rows: a pair at Jaccard 0.7 is a candidate with p > 0.999
    shingle: int = 5  # words per shingle
    threshold: float = 0.7  # estimated Jaccard to call two documents duplicates
    max_docs: int = 100_000  # documents kept in the LSH index (most recent)
    seed: int = 1


def _fold_words(text: str) -> list[str]:
    if text.isascii():  # NFKD leaves ASCII alone and it has no combining marks
        return _WORD.findall(text.casefold())
    t = unicodedata.normalize("NFKD", text)
    marks = {ord(c): None for c in set(t) if c >= "\u0300" and unicodedata.combining(c)}
    return _WORD.findall((t.translate(marks) if marks else t).casefold())


def shingles(text: str, k: int) -> set[bytes]:
    """Word k-gram shingles of folded text (the whole text when shorter than k words)."""
    return _shingles(_fold_words(text), k)


def _shingles(w: list[str], k: int) -> set[bytes]:
    if len(w) < k:
        return {" ".join(w).encode()} if w else set()
    wb = " ".join(w).encode().split(b" ")  # the words in UTF-8, encoded once (no \w+ word holds a space)
    return set(map(b" ".join, zip(*(wb[i:] for i in range(k)))))  # w[i:i+k] for each i


def minhash(hv: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per permutation, min over the hashes ``hv`` of ((h * a + b) mod 2**64 mod M) & 0xFFFFFFFF, M = 2**61 - 1.

    The reduction mod the Mersenne prime takes no division: x = q * 2**61 + r is q + r (mod M), and
    q + r < M + 8, so at most one M comes off; y - M and y + 1 agree in their low 32 bits, which are
    all that is kept (values fit 32 bits: half the memory per kept document).
    """
    ph = np.multiply.outer(hv, a)  # uint64: wraps mod 2**64
    ph += b
    hi = ph >> _SHIFT61
    ph &= _MERSENNE
    ph += hi
    np.greater_equal(ph, _MERSENNE, out=hi)  # 0 / 1, into the spare array
    ph += hi
    # the low 32 bits of each value, read in place as every other uint32 of the array (a strided view,
    # no copy: ~2.5x faster than ph.astype(np.uint32).min(axis=0), the same values)
    return ph.view(np.uint32)[:, _LOW_WORD::2].min(axis=0)


class NearDuplicates:
    """Online near-duplicate grouping: ``add(doc_id, text, published)`` -> ``DuplicateMatch``."""

    def __init__(self, options: DedupOptions = DedupOptions()) -> None:
        if options.num_perm % options.bands:
            raise InputError("num_perm must be a multiple of bands")
        self.options = options
        rng = np.random.default_rng(options.seed)
        self._a = rng.integers(1, int(_MERSENNE), size=options.num_perm, dtype=np.uint64)
        self._b = rng.integers(0, int(_MERSENNE), size=options.num_perm, dtype=np.uint64)
        # band key -> one doc id, or a list when several share it (most buckets hold one document)
        self.buckets: list[dict[int, str | list[str]]] = [{} for _ in range(options.bands)]
        self.sigs: OrderedDict[str, np.ndarray] = OrderedDict()
        self.exact: dict[str, str] = {}  # text hash -> first doc id
        self.parent: dict[str, str] = {}  # union-find over documents
        self.meta: dict[str, tuple[str, int]] = {}  # doc id -> (published or "", length)
        self.best: dict[str, str] = {}  # group root -> original doc id
        self.size: dict[str, int] = {}  # group root -> member count
        self.keys: dict[str, str] = {}  # doc id -> its exact-text hash

    def signature(self, text: str) -> np.ndarray:
        return self._signature(_fold_words(text))

    def _signature(self, words: list[str]) -> np.ndarray:
        sh = _shingles(words, self.options.shingle)
        if not sh:
            return np.full(self.options.num_perm, _MAX32, dtype=np.uint32)
        blake = hashlib.blake2b
        hv = np.frombuffer(b"".join([blake(s, digest_size=4).digest() for s in sh]), dtype="<u4").astype(np.uint64)
        return minhash(hv, self._a, self._b)

    def add(self, doc_id: str, text: str, published: str | None = None) -> DuplicateMatch:
        return self.add_prepared(doc_id, *self.prepare(text), published, len(text))

    def prepare(self, text: str) -> tuple[str, np.ndarray]:
        """What ``add`` needs of a text: its exact-text hash and signature (pure; a caller may log them)."""
        words = _fold_words(text)
        return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest(), self._signature(words)

    def add_prepared(self, doc_id: str, key: str, sig: np.ndarray, published: str | None, length: int
                     ) -> DuplicateMatch:
        """``add`` from ``prepare``'s result and the text's length (replaying a logged document)."""
        o = self.options
        if doc_id in self.parent:
            root = self._find(doc_id)
            return DuplicateMatch(doc_id, root, self.best[root], 1.0, self.best[root] != doc_id)
        self.parent[doc_id] = doc_id
        self.meta[doc_id] = (published or "", length)
        self.best[doc_id] = doc_id
        self.size[doc_id] = 1
        match, sim = None, 0.0
        if key in self.exact and self.exact[key] in self.parent:
            match, sim = self.exact[key], 1.0
        else:
            self.exact[key] = doc_id
            self.keys[doc_id] = key
        r = o.num_perm // o.bands
        keys = [hash(sig[i * r : (i + 1) * r].tobytes()) for i in range(o.bands)]
        if match is None:
            seen: set[str] = set()
            for band, k in zip(self.buckets, keys):
                got = band.get(k, ())
                for other in (got,) if isinstance(got, str) else got:
                    if other in seen or other not in self.sigs:
                        continue
                    seen.add(other)
                    s = float(np.mean(self.sigs[other] == sig))
                    if s > sim:
                        match, sim = other, s
            if sim < o.threshold:
                match = None
        for band, k in zip(self.buckets, keys):
            _bucket_add(band, k, doc_id)
        self.sigs[doc_id] = sig
        self._evict()
        if match is None:
            return DuplicateMatch(doc_id, doc_id, doc_id, 1.0, False)
        root = self._union(match, doc_id)
        original = self.best[root]
        return DuplicateMatch(doc_id, root, original, round(sim, 4), original != doc_id)

    def group_of(self, doc_id: str) -> str:
        return self._find(doc_id)

    def original_of(self, doc_id: str) -> str:
        return self.best[self._find(doc_id)]

    # --- internals --------------------------------------------------------------------------

    def _find(self, d: str) -> str:
        root = d
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[d] != root:
            self.parent[d], d = root, self.parent[d]
        return root

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        # the older group's root survives, so group ids stay stable
        self.parent[rb] = ra
        self.size[ra] += self.size.pop(rb)
        cand = [self.best[ra], self.best.pop(rb)]
        self.best[ra] = min(cand, key=self._original_key)
        return ra

    def _original_key(self, d: str) -> tuple[int, str, int]:
        pub, length = self.meta.get(d, ("", 0))
        return (0 if pub else 1, pub, -length)  # dated before undated, earliest, then fullest

    def _evict(self) -> None:
        o = self.options
        r = o.num_perm // o.bands
        while len(self.sigs) > o.max_docs:
            old, sig = self.sigs.popitem(last=False)
            for i, band in enumerate(self.buckets):
                _bucket_remove(band, hash(sig[i * r : (i + 1) * r].tobytes()), old)
            key = self.keys.pop(old, None)
            if key is not None and self.exact.get(key) == old:
                del self.exact[key]
            if self.parent.get(old) == old and self.size.get(old) == 1:  # a lone document: forget it
                for table in (self.parent, self.meta, self.best, self.size):
                    table.pop(old, None)

    def state(self) -> dict[str, Any]:
        """JSON-serialisable state (signatures as lists of ints)."""
        return {
            "version": 1,
            "sigs": [[d, s.tolist()] for d, s in self.sigs.items()],
            "exact": self.exact,
            "parent": self.parent,
            "meta": {d: list(m) for d, m in self.meta.items()},
            "best": self.best,
            "size": self.size,
            "keys": self.keys,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], options: DedupOptions = DedupOptions()) -> "NearDuplicates":
        if state.get("version") != 1:
            raise InputError("unknown near-duplicate state version")
        nd = cls(options)
        r = options.num_perm // options.bands
        for d, s in state["sigs"]:
            sig = np.array(s, dtype=np.uint32)
            nd.sigs[d] = sig
            for i, band in enumerate(nd.buckets):
                _bucket_add(band, hash(sig[i * r : (i + 1) * r].tobytes()), d)
        nd.exact = dict(state["exact"])
        nd.parent = dict(state["parent"])
        nd.meta = {d: (m[0], int(m[1])) for d, m in state["meta"].items()}
        nd.best = dict(state["best"])
        nd.size = {d: int(n) for d, n in state["size"].items()}
        nd.keys = dict(state["keys"])
        return nd


def _bucket_add(band: dict[int, str | list[str]], key: int, doc_id: str) -> None:
    got = band.get(key)
    if got is None:
        band[key] = doc_id
    elif isinstance(got, str):
        band[key] = [got, doc_id]
    else:
        got.append(doc_id)


def _bucket_remove(band: dict[int, str | list[str]], key: int, doc_id: str) -> None:
    got = band.get(key)
    if got is None:
        return
    if isinstance(got, str):
        if got == doc_id:
            del band[key]
        return
    if doc_id in got:
        got.remove(doc_id)
    if len(got) == 1:
        band[key] = got[0]
    elif not got:
        del band[key]
