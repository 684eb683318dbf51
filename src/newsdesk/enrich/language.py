"""Language identification for enrichment: the package's one guess (``newsdesk.langid``)."""

from __future__ import annotations

from ..langid import detect_language

__all__ = ["detect_language"]
