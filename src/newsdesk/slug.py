"""``slugify``: the URL form of a name (floor 1: imports nothing from the package).

The portal's section and entity addresses use it, and the store looks entities up by it, so both
must agree: this is the one definition.
"""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """"Tech/Auto" -> "tech-auto": accents folded to ASCII, every other run of characters a dash."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") or "x"
