"""newsdesk: the raw web's news in, a clean living news site out.

Public API (small on purpose):

    extract(html, url=None) -> Article        an HTML page to an article
    extract_text(text, url=None) -> Article   a flattened page dump to an article
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Import the ``extract`` subpackage first: the function ``extract`` below must be
# the attribute that stays bound, not the subpackage that a later lazy import binds.
from . import extract as _extract_pkg  # noqa: F401
from .errors import NewsdeskError
from .model import Article, Image, Page

__version__ = "0.1.0"
__all__ = ["Article", "Image", "Page", "NewsdeskError", "extract", "extract_text", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .extract.text import SiteProfile


def extract(html: bytes | str, url: str | None = None, **options: Any) -> Article:
    """Extract the article from one HTML page (bytes are decoded with charset detection)."""
    from .extract.html import extract_html

    return extract_html(html, url=url, **options)


def extract_text(text: str | bytes, url: str | None = None, site: "SiteProfile | None" = None) -> Article:
    """Extract the article from a flattened page dump (menus, ads and all)."""
    from .extract.text import extract_from_text

    return extract_from_text(text, url=url, site=site)
