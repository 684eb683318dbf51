"""The portal: server-rendered pages, JSON API, feeds, digest and curation over a ``PortalData``."""

from __future__ import annotations

from .app import Portal, create_app
from .data import PortalData

__all__ = ["Portal", "PortalData", "create_app"]
