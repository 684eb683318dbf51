"""The HTML extractor: page bytes -> ``Article`` (``extractor.py`` orchestrates and maps the steps).

Modules here read the parsed tree; the string-level helpers they share with any extractor
(``dates``, ``titles``, ``urls``) sit one floor up in ``newsdesk.extract``.
"""

from .extractor import extract_html, parse_html

__all__ = ["extract_html", "parse_html"]
