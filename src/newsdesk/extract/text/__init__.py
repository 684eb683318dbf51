"""The text extractor: a flattened page dump (menus, ads and all) -> ``Article`` (see ``extractor.py``)."""

from .extractor import extract_from_text, prepare
from .profile import SiteProfile

__all__ = ["extract_from_text", "prepare", "SiteProfile"]
