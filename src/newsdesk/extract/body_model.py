"""The block classifier: a small MLP (numpy) whose weights ship as JSON.

It scores each block from its features (``body_features``). Weights come from
``benchmarks/train_body.py`` (grouped k-fold by site; the file records the
cross-validated F1). A second, context-only stage was tried and did not beat
this one in cross-validation, so it was left out.
"""

from __future__ import annotations

import json
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
class BlockModel:
    mlps: list[MLP]
    threshold: float = 0.5

    @property
    def n_features(self) -> int:
        return self.mlps[0].mean.shape[0]

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
        mlps = [MLP.from_json(m) for m in d["models"]]
        _MODEL = BlockModel(mlps, float(d.get("threshold", 0.5)))
    return _MODEL
