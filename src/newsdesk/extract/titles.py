"""Repairs of headline candidates: a headline cut at a length limit, a heading that lost characters.

``norm`` is the comparison form every title step uses (NFKC, casefolded, punctuation runs as one space).
"""

from __future__ import annotations

import re
import unicodedata


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return re.sub(r"[\W_]+", " ", s).strip()


_TRUNCATED = re.compile(r"(?:…|\.\.\.)$|\([^)]*$")


def untruncated(cands: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each candidate cut short ("... (Including", "...", or a headline at a 110-character limit)
    replaced by another candidate that goes on from it."""
    out = []
    for src, t in cands:
        n = norm(t)
        if _TRUNCATED.search(t) or len(t) >= 100:
            t = next((u for _, u in cands if len(u) > len(t) and norm(u).startswith(n + " ")), t)
        out.append((src, t))
    return out


def undamaged(text: str, cands: list[tuple[str, str]]) -> str:
    """A heading whose characters the page's encoding lost ("Beginner? Guide" for "Beginner's
    Guide"), repaired from a metadata title that reads the same everywhere else."""
    if "?" not in text and "\ufffd" not in text:
        return text
    lost = re.compile(re.sub(r"\\\?|\ufffd", ".{1,2}", re.escape(text)), re.S)  # each lost character: one or two
    for _, t in cands:
        if "?" not in t and abs(len(t) - len(text)) <= 4 and lost.fullmatch(t):
            return t
    return text
