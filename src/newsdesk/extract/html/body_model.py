"""The block classifier: boosted trees (or a small MLP), evaluated in numpy from JSON.

It scores each block from its features (``body_features``). The model comes
from ``benchmarks/train_body.py`` (grouped k-fold by site; the file records the
cross-validated F1). Trees are trained with LightGBM there (a dev-only tool)
and shipped flat, so the runtime needs numpy alone. A second, context stage
(neighbours' and siblings' scores) was tried and did not beat one stage in
cross-validation, so it was left out.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("body_model.json")


@dataclass(slots=True)
class MLP:
    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        # einsum: plain C loops; BLAS would start (and spin) its thread pool on these small products
        h = np.einsum("ij,jk->ik", (x - self.mean) * self.scale, self.w1) + self.b1
        np.maximum(h, 0.0, out=h)
        z = np.einsum("ij,j->i", h, self.w2) + self.b2
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {k: (np.round(v, 6).tolist() if isinstance(v, np.ndarray) else v) for k, v in
                (("mean", self.mean), ("scale", self.scale), ("w1", self.w1), ("b1", self.b1),
                 ("w2", self.w2), ("b2", self.b2))}

    @classmethod
    def from_json(cls, d: dict) -> "MLP":
        a = {k: np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "w1", "b1", "w2")}
        return cls(a["mean"], a["scale"], a["w1"], a["b1"], a["w2"], float(d["b2"]))


@dataclass(slots=True)
class Trees:
    """A boosted tree ensemble (trained with LightGBM, exported flat) evaluated in numpy.

    Node ``i`` sends a row to ``child[2 * i + (x[feature[i]] > threshold[i])]``; leaves point to
    themselves (threshold +inf), so every tree can be walked a fixed ``depth`` steps, all trees
    and rows at once (``predict`` does so on a level-ordered copy, one gather fewer per step).
    The score is ``sigmoid(bias + sum of the leaf values)``."""

    feature: np.ndarray    # int64 per node (0 for leaves)
    threshold: np.ndarray  # float64 per node (+inf for leaves)
    child: np.ndarray      # int64, two per node
    value: np.ndarray      # float64 per node (0 for inner nodes)
    roots: np.ndarray      # int64 per tree
    depth: int
    bias: float = 0.0
    n_features: int = 0

    heap: tuple | None = None  # the trees as perfect binary trees, level by level, built on first use

    def _heap(self) -> tuple:
        """Each tree unrolled into a perfect tree of ``depth`` levels (a leaf above the last level
        repeats itself down, behind never-taken splits), stored level by level: level ``l`` holds
        node ``p`` of tree ``t`` at ``t * 2**l + p``, so a row at index ``f`` goes to ``2f + go``."""
        if self.heap is None:
            src = self.roots[:, None]
            feats, thrs = [], []
            for _ in range(self.depth):
                feats.append(self.feature[src].ravel().astype(np.intp))
                thrs.append(self.threshold[src].ravel())
                src = np.stack([self.child[2 * src], self.child[2 * src + 1]], axis=2).reshape(len(self.roots), -1)
            self.heap = (feats, thrs, self.value[src].ravel())
        return self.heap

    def predict(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        feats, thrs, leaf = self._heap()
        xf = np.ascontiguousarray(x, dtype=np.float64).ravel()
        base = (np.arange(n, dtype=np.intp) * x.shape[1])[:, None]
        t = np.arange(len(self.roots), dtype=np.intp)
        if not feats:
            f = np.broadcast_to(t, (n, len(t))).copy()
        else:  # level 0: one node per tree, the same for every row (a column gather)
            f = (xf.take(base + feats[0]) > thrs[0]).astype(np.intp)
            f += t + t
        # ndarray.take, not np.take: the same gather without numpy's Python-level dispatch per call
        for feat, thr in zip(feats[1:], thrs[1:]):
            g = feat.take(f)
            g += base
            go = xf.take(g) > thr.take(f)
            f += f
            f += go
        z = leaf.take(f).sum(axis=1) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {"kind": "trees", "depth": self.depth, "bias": self.bias, "n_features": self.n_features,
                "feature": self.feature.tolist(), "threshold": [None if not math.isfinite(t) else t
                                                                 for t in self.threshold.tolist()],
                "child": self.child.tolist(), "value": np.round(self.value, 7).tolist(),
                "roots": self.roots.tolist()}

    @classmethod
    def from_json(cls, d: dict) -> "Trees":
        thr = np.asarray([math.inf if t is None else t for t in d["threshold"]], dtype=np.float64)
        return cls(np.asarray(d["feature"], dtype=np.int64), thr, np.asarray(d["child"], dtype=np.int64),
                   np.asarray(d["value"], dtype=np.float64), np.asarray(d["roots"], dtype=np.int64),
                   int(d["depth"]), float(d["bias"]), int(d["n_features"]))

    @classmethod
    def from_lightgbm(cls, dump: dict) -> "Trees":
        """Flatten ``Booster.dump_model()`` (numerical ``<=`` splits, no missing values)."""
        feat: list[int] = []
        thr: list[float] = []
        child: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0

        def add(nd: dict, d: int) -> int:
            nonlocal depth
            i = len(feat)
            feat.append(0)
            thr.append(math.inf)
            child.extend((i, i))
            value.append(0.0)
            if "leaf_value" in nd:
                value[i] = nd["leaf_value"]
                depth = max(depth, d)
                return i
            if nd["decision_type"] != "<=" or nd.get("missing_type", "None") not in ("None", None):
                raise ValueError(f"unsupported split {nd['decision_type']} / {nd.get('missing_type')}")
            feat[i] = nd["split_feature"]
            thr[i] = float(nd["threshold"])
            left = add(nd["left_child"], d + 1)
            right = add(nd["right_child"], d + 1)
            child[2 * i], child[2 * i + 1] = left, right
            return i

        for t in dump["tree_info"]:
            roots.append(add(t["tree_structure"], 0))
        return cls(np.asarray(feat, dtype=np.int64), np.asarray(thr, dtype=np.float64),
                   np.asarray(child, dtype=np.int64), np.asarray(value, dtype=np.float64),
                   np.asarray(roots, dtype=np.int64), depth, 0.0, int(dump["max_feature_idx"]) + 1)

    def predict_walk(self, x: np.ndarray) -> np.ndarray:
        """The plain walk over the flat nodes (reference for ``predict``)."""
        n = x.shape[0]
        xf = np.ascontiguousarray(x, dtype=np.float64).ravel()
        base = (np.arange(n, dtype=np.int64) * x.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for _ in range(self.depth):
            node = self.child[2 * node + (xf[base + self.feature[node]] > self.threshold[node])]
        z = self.value[node].sum(axis=1) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(slots=True)
class BlockModel:
    mlps: list[MLP | Trees]
    threshold: float = 0.5

    @property
    def n_features(self) -> int:
        m = self.mlps[0]
        return m.n_features if isinstance(m, Trees) else m.mean.shape[0]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Mean probability over the ensemble."""
        p = self.mlps[0].predict(x)
        for m in self.mlps[1:]:
            p += m.predict(x)
        return p / len(self.mlps)


_MODEL: BlockModel | None = None


def load_model(path: Path = WEIGHTS) -> BlockModel | None:
    """The shipped model, loaded once; None when the weights file is absent."""
    global _MODEL
    if _MODEL is None and path.exists():
        d = json.loads(path.read_text())
        mlps = [Trees.from_json(m) if m.get("kind") == "trees" else MLP.from_json(m) for m in d["models"]]
        _MODEL = BlockModel(mlps, float(d.get("threshold", 0.5)))
    return _MODEL
