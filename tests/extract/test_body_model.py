"""The shipped block model: flat trees evaluated in numpy, the MLP, the JSON round trip."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from newsdesk.extract.html.body_features import N_FEATURES
from newsdesk.extract.html.body_model import WEIGHTS, Trees, load_model

#: one tree in LightGBM's dump_model() layout: x0 <= 0.5 ? (x1 <= 2 ? 1 : 2) : 3
DUMP = {
    "max_feature_idx": 1,
    "tree_info": [
        {"tree_structure": {
            "split_feature": 0, "threshold": 0.5, "decision_type": "<=", "missing_type": "None",
            "left_child": {"split_feature": 1, "threshold": 2.0, "decision_type": "<=", "missing_type": "None",
                           "left_child": {"leaf_value": 1.0}, "right_child": {"leaf_value": 2.0}},
            "right_child": {"leaf_value": 3.0}}},
        {"tree_structure": {"leaf_value": -0.5}},
    ],
}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_trees_walk_each_row_to_its_leaves():
    t = Trees.from_lightgbm(DUMP)
    assert t.depth == 2 and t.n_features == 2
    x = np.array([[0.0, 1.0], [0.5, 3.0], [0.7, 0.0]])
    want = [_sigmoid(1.0 - 0.5), _sigmoid(2.0 - 0.5), _sigmoid(3.0 - 0.5)]  # threshold itself goes left
    assert t.predict(x) == pytest.approx(want)
    assert t.predict(np.zeros((0, 2))).shape == (0,)


def test_trees_json_round_trip_keeps_predictions():
    t = Trees.from_lightgbm(DUMP)
    u = Trees.from_json(json.loads(json.dumps(t.to_json())))
    x = np.random.default_rng(0).normal(size=(50, 2))
    assert np.allclose(t.predict(x), u.predict(x))


def test_unsupported_split_is_refused():
    bad = json.loads(json.dumps(DUMP))
    bad["tree_info"][0]["tree_structure"]["missing_type"] = "NaN"
    with pytest.raises(ValueError):
        Trees.from_lightgbm(bad)


def test_shipped_model_is_small_and_matches_the_features():
    assert WEIGHTS.stat().st_size < 1_000_000
    m = load_model()
    assert m is not None and m.n_features == N_FEATURES
    p = m.predict(np.zeros((3, N_FEATURES)))
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))


def test_level_walk_equals_plain_walk_on_the_shipped_trees():
    m = load_model()
    trees = [t for t in m.mlps if isinstance(t, Trees)]
    assert trees, "the shipped model has a tree ensemble"
    x = np.random.default_rng(1).uniform(-0.5, 1.5, size=(200, N_FEATURES))
    x[:, ::3] = np.round(x[:, ::3])  # many features are 0/1 flags
    for t in trees:
        assert np.array_equal(t.predict(x), t.predict_walk(x))


def test_level_walk_on_tiny_trees():
    """Depth 0 (leaves only) and depth 1 take the walk's special first-level paths."""
    inf = float("inf")
    leaf = Trees(np.array([0]), np.array([inf]), np.array([0, 0]), np.array([0.3]), np.array([0]), 0)
    x = np.array([[0.0, 1.0], [2.0, -1.0]])
    assert np.array_equal(leaf.predict(x), leaf.predict_walk(x))
    stump = Trees(np.array([1, 0, 0]), np.array([0.5, inf, inf]), np.array([1, 2, 1, 1, 2, 2]),
                  np.array([0.0, -1.0, 1.0]), np.array([0]), 1)
    p = stump.predict(x)
    assert np.array_equal(p, stump.predict_walk(x)) and p[0] > 0.5 > p[1]
