"""Baselines for flattened page text (`text/<id>.txt`), with the scorer's runner signature.

- keep_all: the whole dump is the body (the floor every text extractor must beat).
- c4: the line filter of the C4 corpus (Raffel et al. 2020, "Exploring the Limits of Transfer
  Learning", section 2.2, as implemented in TensorFlow Datasets' c4_utils.clean_page): keep a line
  only if it ends in terminal punctuation (. ! ? or a closing quote, not an ellipsis) and has at
  least 5 words; drop lines mentioning "javascript" or the cookie / terms-of-use / privacy-policy
  notices; strip Wikipedia citation markers. The paper's page-level rules (drop the whole page on
  "lorem ipsum", a curly bracket, fewer than 3 sentences, or a bad word) would empty a page that we
  must still score, so "lorem ipsum" and curly-bracket lines are dropped one line at a time instead.
- justext_lines / trafilatura_lines: the peers given the dump's lines as <p> paragraphs
  (run from .peers-venv).
"""

from __future__ import annotations

import html as _html
import re

_END_MARKS = (".", "?", "!", '"', "\u201d", "\u2019\u2019")
_ELLIPSIS = ("...", "\u2026")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
MIN_WORDS = 5


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def keep_all(data: bytes, url: str | None) -> dict:
    return {"body": _text(data)}


def c4_lines(text: str, min_words: int = MIN_WORDS) -> list[str]:
    """The lines of `text` that pass C4's line rules, in order."""
    kept = []
    for raw in text.splitlines():
        line = _CITATION.sub("", raw.strip()).strip()
        if not line.endswith(_END_MARKS) or line.endswith(_ELLIPSIS):
            continue
        if len(line.split()) < min_words:
            continue
        low = line.lower()
        if "javascript" in low or "lorem ipsum" in low or "{" in line:
            continue
        if any(p in low for p in _POLICY):
            continue
        kept.append(line)
    return kept


def c4(data: bytes, url: str | None) -> dict:
    return {"body": "\n".join(c4_lines(_text(data)))}


def lines_as_html(text: str) -> str:
    """Each non-empty line as one <p> paragraph of a minimal HTML page."""
    paras = "".join(f"<p>{_html.escape(ln.strip())}</p>\n" for ln in text.splitlines() if ln.strip())
    return f"<html><head><meta charset=\"utf-8\"></head><body>\n{paras}</body></html>"


def justext_lines(data: bytes, url: str | None) -> dict:
    from peers import justext_paragraphs

    return {"body": justext_paragraphs(lines_as_html(_text(data)))}


def trafilatura_lines(data: bytes, url: str | None) -> dict:
    import trafilatura

    return {"body": trafilatura.extract(lines_as_html(_text(data)), url=url) or ""}
