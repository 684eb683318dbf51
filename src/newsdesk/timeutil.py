"""ISO 8601 times read one way everywhere (floor 1: imports nothing from the package)."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_iso(iso: str | None) -> datetime | None:
    """An aware datetime for an ISO 8601 string ("Z" allowed; naive means UTC), or None."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
