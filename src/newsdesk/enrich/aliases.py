"""Corpus-level surname aliases for entity resolution (``EntityAliases``).

Kept out of ``entities.py``, which may run compiled (``newsdesk/extract/compiled.py``): the ingest
wraps this class in a logging subclass (``pipeline/corelog.py``), and interpreted code cannot subclass
a compiled class.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Entity


@dataclass(slots=True)
class EntityAliases:
    """Corpus-level state: surname -> full-name counts, so a bare "Maduro" resolves across articles."""

    surnames: dict[str, Counter[str]] = field(default_factory=dict)
    limit: int = 100_000  # surnames kept

    def observe(self, ents: list[Entity]) -> None:
        for e in ents:
            if e.kind == "person" and " " in e.norm:
                self.surnames.setdefault(e.norm.rsplit(" ", 1)[1], Counter())[e.norm] += e.count
        if len(self.surnames) > self.limit:  # bounded: halve the counts; names seen once drop out
            halved = {k: Counter({n: c // 2 for n, c in v.items() if c >= 2}) for k, v in self.surnames.items()}
            self.surnames = {k: v for k, v in halved.items() if v}

    def resolve(self, surname: str) -> str | None:
        c = self.surnames.get(surname)
        if not c:
            return None
        (best, n), *rest = c.most_common(2) + [("", 0)]
        return best if n >= 2 * rest[0][1] else None  # ambiguous surnames stay unresolved

    def known(self, surname: str) -> bool:
        """Whether some full name seen so far ends in ``surname`` (resolved or not)."""
        return surname in self.surnames

    def state(self) -> dict[str, Any]:
        return {k: dict(v) for k, v in self.surnames.items()}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "EntityAliases":
        return cls({k: Counter(v) for k, v in d.items()})
