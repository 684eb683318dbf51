"""Language identification with py3langid (a runtime dependency; its model ships in the wheel)."""

from __future__ import annotations

from functools import lru_cache

from ..errors import MissingExtraError


@lru_cache(maxsize=1)
def _identifier():  # pragma: no cover - trivial
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as exc:  # a broken install: py3langid is a core dependency
        raise MissingExtraError("py3langid", "core") from exc
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_chars: int = 20) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) for ``text``; (None, 0.0) when the text is too short to tell."""
    sample = " ".join(text.split())[:3000]
    if len(sample) < min_chars:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
