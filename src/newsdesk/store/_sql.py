"""Helpers shared by the SQL mixins of both backends (typing base, JSON columns)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any


class SQLBase:
    """What the mixins may use from ``SQLiteStore`` / ``PostgresStore`` (declared for type checkers)."""

    #: an index hint where SQLite's planner would read whole rows (empty for backends without hints)
    _by_id_time = ""
    #: facet_counts, entities.articles and the write version kept by triggers (migrations 9, 11, 12, 14)
    _kept_counts = False

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover - provided by SQLiteStore
        raise NotImplementedError

    def _rows(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:  # pragma: no cover
        raise NotImplementedError

    def _row(self, sql: str, params: Any = ()) -> sqlite3.Row | None:  # pragma: no cover
        raise NotImplementedError

    def _scalar(self, sql: str, params: Any = ()) -> Any:  # pragma: no cover
        raise NotImplementedError


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None, default: Any = None) -> Any:
    if not text:
        return default
    if text == "[]":  # most list columns of most rows (authors, tags, related...): no parser needed
        return []
    if text == "{}":
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return default


def where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def equal_to(pairs: "tuple[tuple[str, Any], ...] | list[tuple[str, Any]]") -> tuple[list[str], list[Any]]:
    """``col=?`` clauses and their parameters for every (column, value) whose value is given."""
    given = [(col, val) for col, val in pairs if val is not None]
    return [f"{col}=?" for col, _ in given], [val for _, val in given]
