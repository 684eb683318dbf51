"""``DemoFront``: demo content in front of an empty store, until real articles arrive.

Reads (and curation of the shown content) go to a ``MemoryData`` of generated demo content
while the store has no article; subscribers, editors, sessions and sources always go to the
store. Every few seconds it checks the store and switches over for good once it fills.
"""

from __future__ import annotations

import time
from typing import Any

from .data import PortalData
from .demo import generate
from .memory import MemoryData

_ALWAYS_STORE = {
    "subscriber_add", "subscriber_confirm", "subscriber_unsubscribe", "subscribers",
    "user_create", "user_get", "session_create", "session_get", "session_delete",
    "sources", "source_add", "source_pause",
}


class DemoFront:
    CHECK_EVERY_S = 10.0

    def __init__(self, store_data: PortalData, always: bool = False, n_stories: int = 30) -> None:
        self.store = store_data
        self.demo_data = MemoryData(demo=True).load_demo(generate(n_stories))
        self.always = always
        self._live = False
        self._checked = 0.0
        self._switches = 0

    def _current(self) -> PortalData:
        if self._live or self.always:
            return self.store if self._live else self.demo_data
        now = time.monotonic()
        if now - self._checked > self.CHECK_EVERY_S:
            self._checked = now
            if self.store.counts()["articles"] > 0:
                self._live = True
                self._switches += 1
                return self.store
        return self.demo_data

    @property
    def demo(self) -> bool:
        return self._current() is self.demo_data

    def version(self) -> int:
        cur = self._current()
        return cur.version() * 4 + self._switches + (2 if cur is self.demo_data else 0)

    def counts(self) -> dict[str, int]:
        c = dict(self._current().counts())
        c["sources"] = len(self.store.sources())
        return c

    def __getattr__(self, name: str) -> Any:
        if name in _ALWAYS_STORE:
            return getattr(self.store, name)
        return getattr(self._current(), name)
