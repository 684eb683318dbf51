"""Extraction stages: pure cores that turn page bytes or page text into an ``Article``."""

from .compiled import guard as _guard

_guard()  # compiled modules run only when built from the sources beside them (compiled.py)
