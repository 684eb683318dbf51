"""Bytes -> text. (Stub: replaced by the real charset cascade.)"""

from __future__ import annotations


def decode_html(data: bytes, content_type: str | None = None) -> str:
    return data.decode("utf-8", errors="replace")
