"""benchmarks/section_models.py (the logistic regression it compares) and section_train.py's site bootstrap."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import section_models as sm  # noqa: E402
import section_train as st  # noqa: E402


def test_lbfgs_finds_the_minimum_of_a_quadratic():
    target = np.array([1.0, -2.0, 3.0])
    x = sm._lbfgs(lambda v: (float(((v - target) ** 2).sum()), 2 * (v - target)), np.zeros(3), 50)
    assert np.allclose(x, target, atol=1e-4)


def test_logistic_regression_learns_words_of_each_class():
    docs = [("Sports", ["goal", "striker", "cup"]), ("Sports", ["match", "goal", "coach"]),
            ("Business", ["shares", "market", "bank"]), ("Business", ["profit", "shares", "investors"])] * 3
    model = sm.LogReg(docs, [1.0] * len(docs), l2=1e-4)
    assert model.predict(["striker", "goal"])[0] == "Sports"
    label, p = model.predict(["shares", "investors"])
    assert label == "Business" and 0.5 < p <= 1


def test_site_bootstrap_keeps_a_site_together():
    page = lambda site, ok: ({"site": site, "labels": ("World",)}, "World" if ok else "Sports", 0.0)  # noqa: E731
    assert st.site_bootstrap([page("a", True), page("b", True)], n=200)["interval"] == [1.0, 1.0]
    out = st.site_bootstrap([page("a", True), page("a", True), page("b", False)], n=2000)
    assert out["interval"][0] == 0.0 and out["interval"][1] == 1.0 and 0 < out["draws_at_or_above_.85"] < 1
