"""Flattened page text -> Article (the seed's form: menus, ads and all).

    extract_from_text(text, url=None, site=None) -> Article

Steps: split the dump into lines with layout features (``lines``), find
the headline (``title``), score every line with the shipped classifier
(``line_model``), keep the main body region with its holes, then read the
metadata around it (``meta``).
"""

from __future__ import annotations

import html
import re
from collections import Counter

import numpy as np

from ...model import Article, Image
from . import line_model
from .lines import Line, _core, line_features, measure, prose_scores, row_matrix, split_lines
from ...sanitize import sanitize_html
from .meta import find_byline, find_lists, find_section, find_site_name, front_matter
from .profile import SiteProfile
from .title import find_title, slug_words, strip_site_suffix

_WORD = re.compile(r"\w+")

#: body probability from which the classifier keeps a line
THRESHOLD = 0.5


def prepare(
    text: str, url: str | None = None, profile: frozenset[str] = frozenset()
) -> tuple[list[Line], list[int], np.ndarray]:
    """Lines of the dump, the headline's lines and the feature matrix (inference and training)."""
    lines = split_lines(text)
    counts = measure(lines)
    rows = row_matrix(lines, counts[:, 7])
    prose = prose_scores(lines, rows)
    core = _core(prose, counts[:, 7])
    key_counts = Counter([ln.key for ln in lines])
    topic = slug_words(url)
    title_idx = find_title(lines, url, core, key_counts, topic)
    if title_idx:
        topic |= set(_WORD.findall(lines[title_idx[0]].key))
    return lines, title_idx, line_features(lines, counts, title_idx, profile, topic, prose, core, rows,
                                           key_counts)


def decode_text(text: str | bytes) -> str:
    """Bytes of a dump -> str (UTF-8, BOM dropped; undecodable bytes replaced)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    return text.lstrip("\ufeff")


def main_start(lines: list[Line], keep: list[int], t0: int) -> int:
    """The first kept line of the running body (where the byline search stops).

    Kept lines at most six lines under the headline that stand alone (three or
    more dropped lines after them, or the next kept line repeats them: a
    standfirst shown twice) are front matter, not the body's start.
    """
    if not keep:
        return len(lines)
    j = 0
    while (j + 1 < len(keep) and keep[j] <= t0 + 6
           and (keep[j + 1] - keep[j] >= 3 or lines[keep[j + 1]].key == lines[keep[j]].key)):
        j += 1
    return keep[j]


def body_html(body: str) -> str:
    """The body's paragraphs as sanitised HTML (one ``<p>`` each; the text is escaped, never parsed)."""
    paras = [p for p in body.split("\n\n") if p.strip()]
    return sanitize_html("".join(f"<p>{html.escape(p)}</p>" for p in paras)) if paras else ""


def extract_from_text(text: str | bytes, url: str | None = None, site: SiteProfile | None = None) -> Article:
    """Extract the article from one flattened page dump (menus, ads and all)."""
    text = decode_text(text)
    profile = site.lines if site is not None else frozenset()
    lines, title_idx, X = prepare(text, url, profile)
    article = Article(url=url)
    if not lines:
        return article
    probs = line_model.score_lines(line_model.load(), X)
    if profile:
        probs[[i for i, ln in enumerate(lines) if ln.key in profile]] = 0.0
    keep = line_model.select_body(lines, probs, title_idx, THRESHOLD)
    b0 = keep[0] if keep else len(lines)
    b1 = keep[-1] if keep else -1
    t0 = -1
    if title_idx:
        # the headline over the body: the first of its repeats in the 30 lines above the body
        near = [i for i in title_idx if b0 - 30 <= i < b0]
        t0 = near[0] if near else title_idx[0]
        article.title = strip_site_suffix(lines[t0].text, url)
    authors, published, used = find_byline(lines, t0 if t0 >= 0 else b0, main_start(lines, keep, t0))
    keep = [i for i in keep if i not in used]
    sf, cap = front_matter(lines, keep, t0, used)
    body = set(keep)
    related, trending = find_lists(lines, body, b0, b1)
    article.authors = authors
    article.published = published
    article.section = find_section(lines, lines[t0].key if t0 >= 0 else None)
    if sf >= 0:
        article.description = lines[sf].text
        keep = [i for i in keep if i != sf]
    if cap >= 0:
        article.image = Image(caption=lines[cap].text)
        keep = [i for i in keep if i != cap]
    article.related = related
    article.trending = trending
    article.body = "\n\n".join(lines[i].text for i in keep)
    article.body_html = body_html(article.body)
    article.site_name = find_site_name(lines)
    for name, value in (("title", article.title), ("authors", authors), ("published", published),
                        ("section", article.section), ("description", article.description),
                        ("image", article.image), ("site_name", article.site_name)):
        if value:
            article.provenance[name] = "visible-text"
    return article
