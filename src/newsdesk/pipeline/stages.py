"""Stage adapters for the pipeline: thin wrappers that turn the pure cores into ``record -> record | Drop``.

The extractors themselves (``newsdesk.extract`` for HTML, ``newsdesk.extract_text`` for text dumps)
stay pure; these adapters only choose one by ``Page.kind``, pass the HTTP charset along, and turn an
empty result into a ``Drop`` with a reason.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Drop, Extracted, Page
from ..settings import Settings
from .core import Stage, url_of

#: bodies shorter than this many words are not articles (link pages, error pages, paywalls)
MIN_BODY_WORDS = 20


def extract_stage(settings: Settings, min_words: int = MIN_BODY_WORDS, fill_url: bool = True) -> Stage:
    """Page -> Extracted | Drop (``no-article`` when the body is too short to be one).

    ``fill_url``: an article without a URL takes the page's (or its canonical URL), as the store
    needs one; ``newsdesk extract`` reports the article as extracted.
    """
    from .. import extract, extract_text

    def stage(page: Page) -> Extracted | Drop:
        if page.kind == "text":
            article = extract_text(page.content.decode("utf-8", errors="replace"), url=page.url)
        else:
            article = extract(page.content, url=page.url, content_type=page.content_type, settings=settings)
        words = len(article.body.split())
        if words < min_words:
            return Drop("no-article", f"body of {words} words", url=url_of(page), source=page.source)
        if fill_url and not article.url:
            article.url = page.url or article.canonical_url
        return Extracted(page, article)

    return stage


def default_stages(settings: Settings, hooks: list[Callable] | None = None) -> list[Stage]:
    """Extraction, then the enrichment hooks (pure ``Extracted -> Extracted | Drop`` functions)."""
    return [extract_stage(settings), *(hooks or [])]
