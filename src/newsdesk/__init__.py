"""newsdesk: the raw web's news in, a clean living news site out.

Public API (small on purpose):

    extract(html, url=None) -> Article        an HTML page to an article
    extract_text(text, url=None) -> Article   a flattened page dump to an article

Both are bounded: input over the size limit (``settings.extract_max_bytes`` for HTML,
``max_bytes`` for text) raises ``InputTooLarge`` at once, before any work, so a caller that
hands them anything gets an article or a ``NewsdeskError`` in bounded time and memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Import the ``extract`` subpackage first: the function ``extract`` below must be
# the attribute that stays bound, not the subpackage that a later lazy import binds.
from . import extract as _extract_pkg  # noqa: F401
from .errors import InputTooLarge, NewsdeskError
from .model import Article, Image, Page

__version__ = "0.1.0"
__all__ = ["Article", "Image", "Page", "NewsdeskError", "extract", "extract_text", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .extract.text import SiteProfile


#: the largest flattened text ``extract_text`` reads (characters or bytes); 5 MB is far over any article
#: page's text and takes about 2 s, where 50 MB took 23.5 s and 1.6 GB
MAX_TEXT_BYTES = 5_000_000


def _bounded(data: object, limit: int | None, what: str) -> None:
    size = len(data) if isinstance(data, (bytes, bytearray, memoryview, str)) else 0
    if limit and size > limit:
        raise InputTooLarge(f"{what} of {size} {'characters' if isinstance(data, str) else 'bytes'} is over "
                            f"the limit of {limit}")


def extract(html: bytes | str, url: str | None = None, **options: Any) -> Article:
    """Extract the article from one HTML page (bytes are decoded with charset detection);
    ``InputTooLarge`` over ``settings.extract_max_bytes`` (``settings=`` option, default 20 MB)."""
    from .extract.html import extract_html
    from .settings import DEFAULT_EXTRACT_MAX_BYTES

    settings = options.get("settings")
    _bounded(html, settings.extract_max_bytes if settings is not None else DEFAULT_EXTRACT_MAX_BYTES, "page")
    return extract_html(html, url=url, **options)


def extract_text(text: str | bytes, url: str | None = None, site: "SiteProfile | None" = None,
                 max_bytes: int | None = MAX_TEXT_BYTES) -> Article:
    """Extract the article from a flattened page dump (menus, ads and all); ``InputTooLarge`` over
    ``max_bytes`` (None: no bound)."""
    from .extract.text import extract_from_text

    _bounded(text, max_bytes, "text")
    return extract_from_text(text, url=url, site=site)
