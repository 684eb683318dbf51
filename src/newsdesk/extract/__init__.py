"""Extraction stages: pure cores that turn page bytes or page text into an ``Article``.

    html/    the HTML extractor (``newsdesk.extract(html)``)
    text/    the flattened-text extractor (``newsdesk.extract_text(text)``)
    dates.py, titles.py, urls.py    string-level helpers shared by both
    compiled.py    the guard that runs the ``.py`` files when a mypyc build is stale
"""

from .compiled import guard as _guard

_guard()  # compiled modules run only when built from the sources beside them (compiled.py)
