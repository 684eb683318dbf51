"""Optional compiled speed-ups: the extraction modules, and the enrichment and clustering hot spots, built
with mypyc (metadata lives in pyproject.toml).

The ``.py`` files stay the only source. When mypyc (pinned in ``[build-system] requires``) and a C
compiler are at hand, ``pip install .`` / ``pip install -e .`` compiles the modules listed in
``src/newsdesk/extract/compiled.py`` (``MODULES`` and ``CORE_MODULES``; in place for an editable
install) and records the hash of every source it read in ``compiled.json``; ``newsdesk.extract``
checks those hashes on import and runs the ``.py`` files when anything changed since (see
``compiled.py``). When the build
cannot compile (no compiler, a type error, ``NEWSDESK_COMPILE=0``) it warns and installs the plain
package, which gives the same results, only slower.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
PKG = ROOT / "src" / "newsdesk"
SPEC = PKG / "extract" / "compiled.py"


def _constants() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]:
    """``MODULES``, ``CORE_MODULES``, ``CORE_PACKAGES``, ``WATCHED``, ``BUILD_INFO`` and ``GROUP`` from
    compiled.py, without importing newsdesk."""
    ns: dict = {}
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:  # plain assignments of literals and tuple arithmetic over them only
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("MODULES", "CORE_MODULES", "CORE_PACKAGES", "WATCHED", "BUILD_INFO", "GROUP"):
                expr = compile(ast.Expression(node.value), str(SPEC), "eval")
                ns[name] = eval(expr, {}, dict(ns))  # noqa: S307 - the repo's own constants
    return (tuple(ns["MODULES"]), tuple(ns["CORE_MODULES"]), tuple(ns["CORE_PACKAGES"]), tuple(ns["WATCHED"]),
            ns["BUILD_INFO"], ns["GROUP"])


MODULES, CORE_MODULES, CORE_PACKAGES, WATCHED, BUILD_INFO, GROUP = _constants()


def _hashes() -> dict[str, str]:
    return {rel: hashlib.sha256((PKG / rel).read_bytes()).hexdigest() for rel in WATCHED}


def _warn(msg: str) -> None:
    print(f"WARNING: newsdesk: {msg}; installing the plain .py modules (same results, slower)",
          file=sys.stderr)


class BuildCompiled(build_ext):
    """Compile with mypyc when the build runs (not at every ``setup.py`` call); never fail the install."""

    def finalize_options(self) -> None:
        self._failed = ""
        self._before: dict[str, str] = {}
        exts: list = []
        if os.environ.get("NEWSDESK_COMPILE", "1") == "0":
            self._failed = "NEWSDESK_COMPILE=0"
        else:
            self._before = _hashes()
            paths = [str((PKG / "extract" / f"{m.replace('.', '/')}.py").relative_to(ROOT)) for m in MODULES]
            paths += [str((PKG / f"{m.replace('.', '/')}.py").relative_to(ROOT)) for m in CORE_MODULES]
            cwd = os.getcwd()
            try:
                from mypyc.build import mypycify

                os.chdir(ROOT)  # mypy finds the package under src/ relative to here
                exts = mypycify(["--ignore-missing-imports", "--python-version", "3.11", *paths],
                                opt_level="3", group_name=GROUP)
            except BaseException as exc:  # noqa: BLE001 - mypy exits with SystemExit on a type error
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self._failed = f"mypyc could not compile ({type(exc).__name__}: {exc})"
                exts = []
            finally:
                os.chdir(cwd)
        if exts:  # on a failure the stand-in stays, so run() still records why and drops the old build
            self.distribution.ext_modules = exts
        super().finalize_options()

    def run(self) -> None:
        out_dir = Path(self.get_ext_fullpath("newsdesk.extract.compiled")).parent  # where compiled.py lies
        info = out_dir / BUILD_INFO
        info.unlink(missing_ok=True)  # a failed or partial build must not pass for a fresh one
        failed = self._failed
        if not failed:
            try:
                super().run()
            except Exception as exc:  # noqa: BLE001 - no compiler, a compiler error, a link error
                failed = f"the C build failed ({type(exc).__name__}: {str(exc)[-300:]})"
        if not failed and _hashes() != self._before:
            failed = "a source changed during the build; run the install again"
        record: dict = {"compiler": "mypyc", "sources": self._before}
        if not failed:
            self._drop_unlisted(out_dir)
        if failed:
            _warn(failed)
            self._drop_built(out_dir)
            record = {"compiler": "mypyc", "failed": failed}  # why, for compiled.describe()
        info.parent.mkdir(parents=True, exist_ok=True)
        info.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @staticmethod
    def _built(out_dir: Path) -> list[tuple[str, Path]]:
        """(dotted name, file) of each compiled module under ``out_dir`` (the extraction package, names
        as in ``MODULES``) and under the ``CORE_PACKAGES`` beside it (names as in ``CORE_MODULES``)."""
        out = []
        for base, top in ((out_dir, out_dir), *((out_dir.parent / p, out_dir.parent) for p in CORE_PACKAGES)):
            for f in base.rglob("*") if base.is_dir() else ():
                if f.suffix in (".so", ".pyd"):
                    out.append((".".join(f.relative_to(top).with_name(f.name.split(".", 1)[0]).parts), f))
        return out

    def _drop_unlisted(self, out_dir: Path) -> None:
        """Remove compiled modules an older layout left behind (no longer listed), which the
        stale-build guard would otherwise refuse, sending every import back to the ``.py`` files."""
        for name, f in self._built(out_dir):
            if name not in MODULES and name not in CORE_MODULES:
                f.unlink()

    def _drop_built(self, out_dir: Path) -> None:
        """Remove what a previous build left in ``out_dir``, its subpackages and the ``CORE_PACKAGES``
        (an in-place build), and its runtime library."""
        for _, f in self._built(out_dir):
            f.unlink()
        for f in out_dir.parent.parent.glob(f"{GROUP}__mypyc.*"):
            if f.suffix in (".so", ".pyd"):
                f.unlink()


# A stand-in so that setuptools knows the package has extension modules (a platform wheel, build_ext
# run by editable installs); BuildCompiled replaces it with mypyc's list when build_ext is set up.
setup(
    ext_modules=[Extension(f"newsdesk.extract.{MODULES[0]}", sources=[])],
    cmdclass={"build_ext": BuildCompiled},
)
