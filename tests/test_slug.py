"""``slugify``: the one URL form of a name, used by the portal's addresses and the store's lookups."""

from __future__ import annotations

import re

import pytest

from newsdesk.slug import slugify
from newsdesk.store import portal as store_portal


@pytest.mark.parametrize("name,slug", [
    ("Tech/Auto", "tech-auto"), ("Nicolás Maduro", "nicolas-maduro"), ("Rafael Ortiz-Lund", "rafael-ortiz-lund"),
    ("  ", "x"), ("São Paulo FC", "sao-paulo-fc"), ("the Tamsin Isles", "the-tamsin-isles"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug
    assert re.fullmatch(r"[a-z0-9-]+", slugify(name))


def test_the_store_looks_entities_up_by_the_same_slug():
    assert store_portal.slugify is slugify
