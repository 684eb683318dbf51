"""Language identification for enrichment: the package's one identifier (``newsdesk.langid``)."""

from __future__ import annotations

from ..langid import identify


def detect_language(text: str, *, min_chars: int = 20) -> tuple[str | None, float]:
    """(ISO 639 code, probability) for ``text``; (None, 0.0) when the text is too short to tell."""
    sample = " ".join(text.split())[:3000]
    if len(sample) < min_chars:
        return None, 0.0
    return identify(sample)
