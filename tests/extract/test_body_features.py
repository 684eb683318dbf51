"""Block features on small pages written for these tests: shape, and the tag-path statistics."""

from __future__ import annotations

import numpy as np

from newsdesk.extract.html.body_blocks import segment
from newsdesk.extract.html.body_features import N_FEATURES, page_features
from newsdesk.extract.html import parse_html

PARA = ("The council voted on Tuesday to approve a new budget for the coming year, after months of debate "
        "about spending on roads, schools and public transport.")
TEASER = "A short teaser for another story on the site, with a few words of summary."
#: the tag-path columns: log count, parents / count, token share, log mean tokens, well-formed share
PATH = slice(N_FEATURES - 5, N_FEATURES)


def _features(body: str) -> tuple[list[str], np.ndarray]:
    page = segment(parse_html(f"<html><body>{body}</body></html>"))
    return [b.text for b in page.blocks], page_features(page, None)


def test_one_row_per_block_and_an_empty_page():
    texts, x = _features("<div><p>" + PARA + "</p><p>" + PARA + "</p></div>")
    assert x.shape == (len(texts), N_FEATURES) == (2, N_FEATURES)
    assert np.all(np.isfinite(x))
    _, empty = _features("<div></div>")
    assert empty.shape == (0, N_FEATURES)


def test_paragraphs_share_a_parent_teasers_repeat_under_many():
    article = "<article><div>" + "".join(f"<p>{PARA}</p>" for _ in range(6)) + "</div></article>"
    teaser = f'<div><div><p><a href="/story">{TEASER}</a></p></div></div>'
    teasers = "<section>" + teaser * 8 + "</section>"
    texts, x = _features(article + teasers)
    path = x[:, PATH]
    para = [i for i, t in enumerate(texts) if t == PARA]
    teas = [i for i, t in enumerate(texts) if t == TEASER]
    assert len(para) == 6 and len(teas) == 8
    # six paragraphs under one parent: one parent per six blocks; eight teasers: one parent each
    assert np.allclose(path[para, 1], 1 / 6) and np.allclose(path[teas, 1], 1.0)
    assert np.allclose(path[para, 0], np.log1p(6) / 5) and np.allclose(path[teas, 0], np.log1p(8) / 5)
    # token shares of the two paths add up to the page
    assert abs(path[para[0], 2] + path[teas[0], 2] - 1.0) < 1e-9
    # the paragraphs are long and link-free (well-formed); the teasers are links
    assert path[para[0], 4] == 1.0 and path[teas[0], 4] == 0.0


def test_a_block_owned_by_the_body_itself():
    texts, x = _features("Loose text right in the body. <p>" + PARA + "</p>")
    assert len(texts) == 2 and x.shape == (2, N_FEATURES)
    assert np.allclose(x[:, PATH.start + 1], 1.0)  # each path has one block under one parent


def test_a_repeated_block_is_flagged_after_its_first_copy():
    from newsdesk.extract.html.body_blocks import GROUP_NAMES, TAG_CTX

    # text shape 21, owner tag 16, vocabulary bits, tag context, then node stats 15, depth, positions 2,
    # main container 7, and the repeat flag
    rep = 21 + 16 + 3 * len(GROUP_NAMES) + len(TAG_CTX) + 25
    texts, x = _features(f"<div><p>{PARA}</p><p>{TEASER}</p><p>{PARA}</p></div>")
    assert texts == [PARA, TEASER, PARA]
    assert x[:, rep].tolist() == [0.0, 0.0, 1.0]
    assert x[0, rep - 1] == x[2, rep - 1] > 0  # both copies count one duplicate
