import pytest

from newsdesk.cluster import bcubed, nmi, pairs_of, pairwise


def test_bcubed_and_nmi_known_values():
    assert bcubed("aabb", "xxyy") == (1.0, 1.0, 1.0)
    p, r, f = bcubed("aabb", "xxxx")
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    p, r, _ = bcubed("aabb", "wxyz")
    assert (p, r) == (1.0, 0.5)
    assert nmi("aabb", "xxyy") == pytest.approx(1.0)
    assert nmi("aabb", "xyxy") == pytest.approx(0.0)
    with pytest.raises(ValueError):
        bcubed("ab", "a")


def test_pairwise():
    truth = pairs_of({"1": "a", "2": "a", "3": "b", "4": "b"})
    pred = pairs_of({"1": "x", "2": "x", "3": "x", "4": "y"})
    p, r, _ = pairwise(truth, pred)
    assert (p, r) == (pytest.approx(1 / 3), 0.5)
