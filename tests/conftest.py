"""Shared test helpers: the ../shared folder, found relative to the repo root."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip the test with a clear reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared data not present ({'/'.join(parts)}); shared-set tests skipped")
    return p


@pytest.fixture
def shared():
    return shared_path
