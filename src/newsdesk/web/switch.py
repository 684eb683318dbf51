"""``DemoFront``: demo content in front of an empty store, until real articles arrive.

The demo is the fixture web's fictional outlets run through the real pipeline into a throwaway
store (``demo_web.py``); when that is not possible, generated demo records in memory. Reads (and
curation of the shown content) go to the demo while the store has no article; subscribers,
editors, sessions and sources always go to the real store. Every few seconds it checks the store
and switches over for good once it fills.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ..settings import Settings
from .data import PortalData
from .demo import generate
from .memory import MemoryData

log = logging.getLogger("newsdesk.web")

_ALWAYS_STORE = {
    "subscriber_add", "subscriber_confirm", "subscriber_unsubscribe", "subscribers",
    "user_create", "user_get", "session_create", "session_get", "session_delete",
    "sources", "source_add", "source_pause",
}


def demo_data(settings: Settings | None, use_fixture_web: bool = True) -> PortalData:
    if use_fixture_web and settings is not None:
        try:
            from .demo_web import build_demo_store
            from .store_data import StoreData

            return StoreData(build_demo_store(settings), demo=True)
        except Exception as exc:  # noqa: BLE001 - any failure falls back to the in-memory demo
            log.warning("fixture-web demo unavailable (%s); using generated demo records", exc)
    return MemoryData(demo=True).load_demo(generate(30))


class DemoFront:
    CHECK_EVERY_S = 10.0

    def __init__(self, store_data: PortalData, always: bool = False, settings: Settings | None = None,
                 use_fixture_web: bool = True) -> None:
        self.store = store_data
        self.demo_data = demo_data(settings, use_fixture_web)
        self.always = always
        self._live = False
        self._checked = 0.0
        self._switches = 0

    def _current(self) -> PortalData:
        if self._live:
            return self.store
        if self.always:
            return self.demo_data
        now = time.monotonic()
        if now - self._checked > self.CHECK_EVERY_S:
            self._checked = now
            if self.store.latest(None, 1):  # not counts(): that is memoised
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
