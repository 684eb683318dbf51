"""A production install carries the runtime only; the signing key never lands in git (issue 18)."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {"pytest", "hypothesis", "playwright", "pytest-timeout", "aiosmtpd"}


def _pins(name: str) -> dict[str, str]:
    out = {}
    for line in (ROOT / name).read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def test_runtime_lock_has_no_test_or_browser_tools_and_the_dev_lock_adds_them():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert not TOOLS & set(runtime)
    assert TOOLS <= set(dev) and not set(runtime) & set(dev)  # each pin in one file only
    assert (ROOT / "requirements-dev.lock").read_text().count("-r requirements.lock") == 1
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"]:
        req = Requirement(dep)
        if req.marker is None or req.marker.evaluate():
            assert req.name.lower() in runtime, f"runtime dependency {req.name} is not in requirements.lock"


def test_runtime_lock_is_closed_under_its_dependencies():
    """Every installed runtime package's own requirements are in the runtime lock (no test tool
    brings one in behind its back)."""
    runtime = _pins("requirements.lock")
    for name in runtime:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            pytest.skip(f"{name} is not installed here")
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            assert req.name.lower().replace("_", "-") in {n.replace("_", "-") for n in runtime}, (name, raw)


def test_make_up_installs_the_runtime_lock_only():
    make = (ROOT / "Makefile").read_text()
    up = re.search(r"^up: (.*)$", make, re.M).group(1).split()
    assert "$(DEVSTAMP)" not in up and "$(DEVSTAMP)" in re.search(r"^test: (.*)$", make, re.M).group(1)
    stamp = make.split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "requirements.lock" in stamp and "requirements-dev.lock" not in stamp


def test_signing_key_is_ignored_and_private(tmp_path):
    from newsdesk.web.auth import load_secret

    patterns = [p.strip() for p in (ROOT / ".gitignore").read_text().splitlines() if p.strip() and p[0] != "#"]
    assert any(fnmatch.fnmatch("newsdesk.db.secret", p) for p in patterns)
    db = str(tmp_path / "newsdesk.db")
    key = load_secret("", db)
    mode = stat.S_IMODE(os.stat(db + ".secret").st_mode)
    assert mode == 0o600 and len(key) == 32 and load_secret("", db) == key
