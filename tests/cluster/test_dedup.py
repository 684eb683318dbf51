import json
import random

import pytest

from newsdesk.cluster import DedupOptions, NearDuplicates
from newsdesk.errors import InputError

rng = random.Random(5)
VOCAB = [f"word{i}" for i in range(800)]


def text(n=300, seed=None):
    r = random.Random(seed)
    return " ".join(r.choice(VOCAB) for _ in range(n))


def test_copies_group_with_earliest_as_original():
    base = text(seed=1)
    nd = NearDuplicates()
    assert not nd.add("late", base, "2025-01-02T00:00:00Z").is_duplicate
    m = nd.add("early", "By Staff\n\n" + base + "\n\nCopyright Wire.", "2025-01-01T00:00:00Z")
    assert m.group_id == "late" and m.original_id == "early" and not m.is_duplicate
    m3 = nd.add("same-url-twice", base, "2025-01-03T00:00:00Z")
    assert m3.is_duplicate and m3.original_id == "early" and m3.similarity == 1.0
    words = base.split()
    for i in range(0, len(words), 50):
        words[i] = "edited"
    m4 = nd.add("edited", " ".join(words), None)
    assert m4.is_duplicate and m4.group_id == "late" and 0.6 <= m4.similarity < 1.0
    assert nd.original_of("edited") == "early"


def test_unrelated_and_same_vocabulary_texts_stay_apart():
    nd = NearDuplicates()
    ids = [nd.add(f"d{i}", text(seed=100 + i)) for i in range(50)]
    assert all(not m.is_duplicate for m in ids)
    assert len({nd.group_of(f"d{i}") for i in range(50)}) == 50


def test_fullest_is_original_without_dates():
    base = text(seed=2)
    nd = NearDuplicates()
    nd.add("short", base)
    m = nd.add("long", base + " " + text(20, seed=3))
    assert m.original_id == "long"


def test_state_round_trip_and_bounded_index():
    nd = NearDuplicates(DedupOptions(max_docs=10))
    for i in range(30):
        nd.add(f"d{i}", text(seed=200 + i))
    assert len(nd.sigs) == 10 and len(nd.parent) == 10  # lone documents beyond the window are forgotten
    nd2 = NearDuplicates.from_state(json.loads(json.dumps(nd.state())), DedupOptions(max_docs=10))
    m1, m2 = nd.add("copy", text(seed=229)), nd2.add("copy", text(seed=229))
    assert m1 == m2 and m1.group_id == "d29"
    with pytest.raises(InputError):
        NearDuplicates(DedupOptions(num_perm=10, bands=3))


def test_empty_text_does_not_crash():
    nd = NearDuplicates()
    assert nd.add("e1", "").group_id == "e1"
    assert nd.add("e2", "").group_id == "e1"  # two empty documents are the same (empty) text


def test_shared_buckets_survive_eviction_of_one_member():
    """Buckets hold one id or a list; evicting one of several members keeps the others findable."""
    base = " ".join(f"word{i}" for i in range(80))
    nd = NearDuplicates(DedupOptions(max_docs=2))
    nd.add("a", base)
    nd.add("b", base + " extra")
    nd.add("c", "completely different text " * 10)  # evicts "a"
    assert "a" not in nd.sigs
    m = nd.add("d", base + " more")
    assert m.is_duplicate and m.group_id == nd.group_of("b") and m.similarity >= 0.7
    assert all(isinstance(v, (str, list)) and v for band in nd.buckets for v in band.values())



def test_minhash_matches_the_modulo_formula():
    """The division-free reduction gives exactly ((h * a + b) mod 2**64 mod M) & 0xFFFFFFFF, min per column."""
    import numpy as np

    from newsdesk.cluster.dedup import minhash

    m, low = (1 << 61) - 1, 0xFFFFFFFF

    def want(hv, a, b):
        return np.array([min((((h * x + y) % 2**64) % m) & low for h in hv.tolist()) for x, y in
                         zip(a.tolist(), b.tolist())], dtype=np.uint32)

    r = np.random.default_rng(3)
    for n in (1, 5, 300):
        hv = r.integers(0, 2**32, size=n, dtype=np.uint64)
        a = r.integers(1, m, size=64, dtype=np.uint64)
        b = r.integers(0, m, size=64, dtype=np.uint64)
        assert (minhash(hv, a, b) == want(hv, a, b)).all()
    # sums at M .. M + 7 and at the top of the 64-bit range, where one M must come off
    hv = np.array([1], dtype=np.uint64)
    a = np.array([5] * 12, dtype=np.uint64)
    b = np.array([m + k - 5 for k in range(8)] + [2**64 - 6, 2**64 - 7, m - 6, 2**62 - 5], dtype=np.uint64)
    assert (minhash(hv, a, b) == want(hv, a, b)).all()
    assert NearDuplicates().signature(text(50, seed=2)).dtype == np.uint32


def test_shingles_are_the_word_k_grams_in_utf8():
    from newsdesk.cluster.dedup import _fold_words, shingles

    r = random.Random(1)
    alpha = "abcé漢字ßİ0123 \n\t_-'’"
    for _ in range(500):
        t = "".join(r.choice(alpha) for _ in range(r.randint(0, 120)))
        w = _fold_words(t)
        for k in (1, 3, 5):
            want = {" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)} or ({" ".join(w).encode()} if w else set())
            assert shingles(t, k) == want
