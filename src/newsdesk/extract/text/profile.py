"""SiteProfile: the lines a site repeats on every page, learned from a few dumps.

    profile = SiteProfile.learn(texts)      # several dumps of one site
    profile.save(path); SiteProfile.load(path)
    extract_text(text, site=profile)        # template lines are dropped

A line (normalised like ``lines``: stripped, bullet removed, case-folded)
enters the profile when it appears on at least ``min_share`` of the pages; a
profile learned from one page holds that page's short lines (what another
article of the site repeats is then its template). The profile is bounded (``max_lines``), so memory
stays flat whatever the number of pages it learned from.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError, InputError
from .lines import split_lines

#: lines longer than this are never template lines (they are content)
MAX_TEMPLATE_CHARS = 300


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """Normalised template lines of one site."""

    lines: frozenset[str] = field(default_factory=frozenset)
    pages: int = 0
    site: str | None = None

    @classmethod
    def learn(cls, texts: list[str] | list[bytes], *, site: str | None = None, min_share: float = 0.6,
              min_pages: int = 1, max_lines: int = 5000) -> "SiteProfile":
        """Lines repeated on at least ``min_share`` of ``texts`` and on ``min_pages`` of them.

        With ``min_pages=1`` a single other page of the site is enough: its short
        lines become the template (what a second page of the site repeats).
        """
        seen: Counter[str] = Counter()
        pages = 0
        for t in texts:
            if isinstance(t, bytes):
                t = t.decode("utf-8", errors="replace")
            pages += 1
            seen.update({ln.key for ln in split_lines(t) if ln.chars <= MAX_TEMPLATE_CHARS})
            if len(seen) > 20 * max_lines:  # bound memory: forget lines seen once
                seen = Counter({k: c for k, c in seen.items() if c > 1})
        need = max(min_pages, int(min_share * pages + 0.999))
        keep = [k for k, c in seen.most_common() if c >= need][:max_lines]
        return cls(frozenset(keep), pages, site)

    def save(self, path: str | Path) -> None:
        data = {"site": self.site, "pages": self.pages, "lines": sorted(self.lines)}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "SiteProfile":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read site profile {path}: {exc}") from exc
        except ValueError as exc:
            raise InputError(f"site profile {path} is not JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
            raise InputError(f"site profile {path} has no 'lines' list")
        return cls(frozenset(str(x) for x in data["lines"]), int(data.get("pages") or 0), data.get("site"))
