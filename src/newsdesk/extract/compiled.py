"""Optional compiled speed-ups of the extraction modules (and of the enrichment and clustering hot
spots), and the guard against a stale build.

``setup.py`` compiles the modules in ``MODULES`` and ``CORE_MODULES`` with mypyc when it can (``pip
install -e .`` builds them in place next to their ``.py`` files) and writes ``BUILD_INFO`` beside the
extraction ones: the SHA-256 of each source in ``WATCHED`` as it was compiled. The ``.py`` files stay
the only source, and the package runs the same without the build, only slower.

An edited ``.py`` beside an old compiled module would silently run the old code, so ``guard()`` (run
by ``newsdesk.extract`` before any of these modules loads: ``newsdesk/__init__`` imports it first)
checks every hash. When a source changed, ``BUILD_INFO`` is missing or unreadable, or
``NEWSDESK_PURE=1`` is set, every module in ``MODULES`` and ``CORE_MODULES`` is loaded from its ``.py``
instead (all of them: compiled modules call each other natively, so a mix is unsafe), with a warning
unless the plain source was asked for. Rebuild with ``pip install -e .`` (``make test`` does it when a
watched source changes).

This file imports only the standard library: ``setup.py`` reads ``MODULES`` and ``WATCHED`` from it.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE = __name__.rpartition(".")[0]  # "newsdesk.extract"
ROOT_PACKAGE = PACKAGE.rpartition(".")[0]  # "newsdesk"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the newsdesk package folder

#: the modules compiled, as dotted names under ``newsdesk.extract`` (the subpackages' ``__init__`` stay plain)
MODULES = (
    "dates", "titles", "urls",
    "html.authors", "html.body", "html.body_blocks", "html.body_features", "html.body_model", "html.dating",
    "html.decode", "html.evidence", "html.extractor", "html.jsonld", "html.meta", "html.sitename",
    "html.textwalk",
    "text.dates", "text.extractor", "text.line_model", "text.lines", "text.meta", "text.profile",
    "text.title",
)
#: compiled in the same build, outside the extraction package (dotted names under ``newsdesk``): the
#: enrichment and story-clustering modules where the compiled code measured faster (issue 17)
CORE_MODULES = (
    "enrich.entities",
    "cluster.evidence", "cluster.stories", "cluster.storyparts", "cluster.vectors",
)
#: the packages ``CORE_MODULES`` live in (their folders are searched for compiled files)
CORE_PACKAGES = ("enrich", "cluster")
#: sources whose change makes a build stale: the compiled modules, and the package modules whose
#: types the compiler read for them (paths relative to ``src/newsdesk``)
WATCHED = tuple(f"extract/{m.replace('.', '/')}.py" for m in MODULES) + tuple(
    f"{m.replace('.', '/')}.py" for m in CORE_MODULES) + (
    "errors.py", "model.py", "settings.py", "langid.py", "sanitize.py", "timeutil.py",
    "enrich/aliases.py", "enrich/gazette.py", "enrich/text.py", "cluster/secondlook.py", "cluster/splitting.py",
)
BUILD_INFO = "compiled.json"
#: mypyc's group name: the compiled modules share one runtime library, the top-level ``GROUP__mypyc``
GROUP = "newsdesk_extract"

#: why the plain source runs although compiled modules are present ("" when they run, or none exist)
fallback_reason = ""


def source_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of each ``WATCHED`` file under ``root`` (the ``newsdesk`` package folder)."""
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in WATCHED}


def _compiled_files() -> list[Path]:
    """Compiled modules in this folder and its subpackages, and in ``CORE_PACKAGES`` (listed or not: a
    leftover would run too)."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = [p for p in sorted(HERE.rglob("*")) if p.name.endswith(suffixes)]
    for pkg in CORE_PACKAGES:
        found += [p for p in sorted((ROOT / pkg).rglob("*")) if p.name.endswith(suffixes)]
    return found


def _module_name(path: Path) -> str:
    """``html/body.cpython-311-x86_64-linux-gnu.so`` -> ``html.body`` (the dotted name under ``PACKAGE``);
    outside this folder, the name under ``newsdesk`` (``enrich.entities``, as in ``CORE_MODULES``)."""
    rel = path.relative_to(HERE) if path.is_relative_to(HERE) else path.relative_to(ROOT)
    return ".".join((*rel.parts[:-1], rel.name.split(".")[0]))


def _listed() -> set[str]:
    return set(MODULES) | set(CORE_MODULES)


def stale_reason() -> str:
    """Why the compiled modules must not run ("" when they are all present and fresh, or none is)."""
    found = _compiled_files()
    if not found:
        return ""
    if os.environ.get("NEWSDESK_PURE", "") not in ("", "0"):
        return "NEWSDESK_PURE is set"
    try:
        built = json.loads((HERE / BUILD_INFO).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        built = None
    if not isinstance(built, dict):
        return f"{BUILD_INFO} is missing or unreadable"
    names = {_module_name(p) for p in found}
    missing = [m for m in (*MODULES, *CORE_MODULES) if m not in names]
    if missing:
        return f"not compiled: {', '.join(missing)}"
    extra = sorted(names - _listed())
    if extra:
        return f"compiled but no longer listed: {', '.join(extra)}"
    if importlib.util.find_spec(f"{GROUP}__mypyc") is None:
        return f"the runtime library {GROUP}__mypyc is missing"
    try:
        now = source_hashes(HERE.parent)
    except OSError as exc:
        return f"a source cannot be read ({exc})"
    changed = [rel for rel, h in now.items() if built.get(rel) != h]
    if changed:
        return f"changed since the build: {', '.join(changed)}"
    return ""


_CORE_FULLNAMES = frozenset(f"{ROOT_PACKAGE}.{m}" for m in CORE_MODULES)


class _PlainFinder:
    """Finds each ``newsdesk.extract.<module>`` (in subpackages too), and each of ``CORE_MODULES``, that
    has a ``.py`` file as that source."""

    @staticmethod
    def find_spec(fullname: str, path=None, target=None):
        if fullname.startswith(PACKAGE + "."):
            file = HERE.joinpath(*fullname[len(PACKAGE) + 1:].split(".")).with_suffix(".py")
        elif fullname in _CORE_FULLNAMES:
            file = ROOT.joinpath(*fullname[len(ROOT_PACKAGE) + 1:].split(".")).with_suffix(".py")
        else:
            return None
        if not file.is_file():
            return None
        py = str(file)
        return importlib.util.spec_from_file_location(
            fullname, py, loader=importlib.machinery.SourceFileLoader(fullname, py))

    @staticmethod
    def invalidate_caches() -> None:
        return None


def guard() -> None:
    """Load the ``MODULES`` from their ``.py`` sources when the compiled ones are stale or unwanted."""
    global fallback_reason
    reason = stale_reason()
    if not reason:
        return
    fallback_reason = reason
    if not any(isinstance(f, _PlainFinder) or f is _PlainFinder for f in sys.meta_path):
        sys.meta_path.insert(0, _PlainFinder)
    if reason != "NEWSDESK_PURE is set":
        warnings.warn(f"newsdesk: compiled extraction modules not used ({reason}); running the .py "
                      f"source (slower). Rebuild with `pip install -e .` (or `make test`).",
                      RuntimeWarning, stacklevel=3)


def describe() -> str:
    """One line on this install's build: compiled and in use, or why the ``.py`` runs."""
    try:
        info = json.loads((HERE / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    if not _compiled_files():
        why = info.get("failed") if isinstance(info, dict) else None
        return (f"newsdesk: extraction modules not compiled ({why or 'installed without a build'}); "
                "the .py files run (same results, slower)")
    reason = stale_reason()
    if reason:
        return f"newsdesk: compiled extraction modules not used ({reason}); the .py files run"
    return (f"newsdesk: {len(MODULES)} extraction modules and {len(CORE_MODULES)} enrichment and clustering "
            f"modules compiled ({info.get('compiler', '?')}) and in use")


def compiled_modules() -> list[str]:
    """The ``MODULES`` and ``CORE_MODULES`` loaded so far that run compiled."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    out = []
    for m in (*MODULES, *CORE_MODULES):
        mod = sys.modules.get(f"{PACKAGE}.{m}" if m in MODULES else f"{ROOT_PACKAGE}.{m}")
        if mod is not None and str(getattr(mod, "__file__", "") or "").endswith(suffixes):
            out.append(m)
    return out
