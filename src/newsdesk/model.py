"""Typed records on the ground floor of newsdesk.

Every stage consumes and produces these records. This module imports nothing
else from the package, so any layer may import it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Names of the sources a metadata field may come from (see ``Article.provenance``).
PROVENANCE_SOURCES = (
    "json-ld",
    "opengraph",
    "meta",
    "microdata",
    "time-element",
    "url",
    "visible-text",
    "title-element",
    "heading",
    "feed",
)


@dataclass(slots=True)
class Image:
    """The lead image of an article."""

    url: str | None = None
    caption: str | None = None
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "caption": self.caption, "credit": self.credit}


@dataclass(slots=True)
class Article:
    """One extracted article. ``to_dict()`` has stable field names."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, with the page's own offset when it gives one
    modified: str | None = None
    site_name: str | None = None
    url: str | None = None  # where the page was fetched from (may differ from canonical)
    canonical_url: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None  # the standfirst
    image: Image | None = None
    body: str = ""  # paragraphs separated by a blank line
    body_html: str = ""  # sanitised HTML of the same content
    #: field name -> source name (one of PROVENANCE_SOURCES)
    provenance: dict[str, str] = field(default_factory=dict)
    #: extra lists some extractors recover (e.g. the text extractor's related headlines)
    related: list[str] = field(default_factory=list)
    trending: list[str] = field(default_factory=list)

    @property
    def author(self) -> str | None:
        """All authors joined with "; " (the scorer's single-string form)."""
        return "; ".join(self.authors) if self.authors else None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["image"] = self.image.to_dict() if self.image else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        names = {f for f in cls.__dataclass_fields__}  # type: ignore[attr-defined]
        kw = {k: v for k, v in d.items() if k in names}
        img = kw.get("image")
        if isinstance(img, dict):
            kw["image"] = Image(**{k: img.get(k) for k in ("url", "caption", "credit")})
        return cls(**kw)


@dataclass(slots=True)
class Page:
    """Raw bytes of one page as some source delivered it, before extraction."""

    url: str | None
    content: bytes
    content_type: str | None = None  # e.g. "text/html; charset=iso-8859-1"
    fetched_at: str | None = None  # ISO 8601 UTC
    source: str | None = None  # name of the source / adapter that produced it
    status: int | None = None  # HTTP status when fetched
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "html"  # "html" or "text" (a flattened page dump)


@dataclass(slots=True)
class Drop:
    """A record that did not become an article, with its reason (never silent)."""

    reason: str  # short machine-readable reason, e.g. "not-html", "fetch-error", "duplicate"
    detail: str = ""
    url: str | None = None
    source: str | None = None
