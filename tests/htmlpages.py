"""Tiny page builders shared by the extractor tests: a document around a head and body, JSON-LD."""

from __future__ import annotations

BODY = "<p>" + "The committee met on Thursday to discuss the new budget for the coming year. " * 6 + "</p>"


def doc(head: str = "", body: str = "", lang: str | None = "en") -> str:
    """A whole page: ``head`` and ``body`` as given, then a paragraph long enough to be the article."""
    la = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{la}><head>{head}</head><body>{body}{BODY}</body></html>"


def ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'
