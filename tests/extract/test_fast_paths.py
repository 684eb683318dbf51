"""The extractor's fast paths give what their plain definitions give.

Each speed-up in evidence.py, textwalk.py and body_blocks.py replaced a simpler formulation (an
XPath, a flat regex, a full walk); the simpler one is kept here as the reference and compared on
generated inputs, so a fast path that drifts from it fails here rather than as a quiet change of
output.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from newsdesk.extract.html import body_blocks, body_features, evidence, textwalk
from newsdesk.extract.html import parse_html

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ regexes: bucketed == flat

_FLAT_VOCAB = re.compile(r"(?<![a-z])(?:" + "|".join(
    r"(?P<%s>%s)%s" % (g, pat.replace("-?", "[-_]?"), "" if g in body_blocks._PREFIX_GROUPS else "(?![a-z])")
    for g, pat in body_blocks._GROUPS
) + ")")
_FLAT_STEMS = re.compile("|".join(map(re.escape, evidence._STEMS)))
_WORDS = ["nav", "share", "ad", "ads", "advert", "more", "stories", "read", "next", "sign", "up", "in",
          "about", "the", "author", "box", "d", "none", "sr", "only", "topics", "list", "main", "article",
          "body", "bio", "title", "hed", "dek", "date", "time", "meta", "lead", "x", "q", "menu", "comment",
          "footer", "é"]
_token = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", "-", "_", "s", "x", "9"])), min_size=1, max_size=4
).map(lambda parts: "".join(w + sep for w, sep in parts))


def _flat_bits(s: str) -> list[tuple[tuple[int, int], int]]:
    return [(m.span(), body_blocks.BIT[m.lastgroup]) for m in _FLAT_VOCAB.finditer(s)]


def _bucketed_bits(s: str) -> list[tuple[tuple[int, int], int]]:
    return [(m.span(), body_blocks._MARK_BITS[m.lastindex]) for m in body_blocks._VOCAB.finditer(s)]


@FAST
@given(_token)
def test_vocabulary_regex_matches_the_flat_alternation(tok: str) -> None:
    assert _bucketed_bits(tok) == _flat_bits(tok)


@FAST
@given(_token)
def test_stem_regex_finds_a_stem_where_the_flat_alternation_does(tok: str) -> None:
    assert bool(evidence._STEMS_RE.search(tok)) == bool(_FLAT_STEMS.search(tok))


def test_vocabulary_regex_on_known_tokens() -> None:
    for tok in ("sharebar", "navbar-top", "padding", "read-more", "sign_up", "about-the-author", "d-none",
                "article-body", "col-md-8", "topicslist", "advertisement-slot", "sr-only"):
        assert _bucketed_bits(tok) == _flat_bits(tok), tok


# ------------------------------------------------------------------ collect: one pass == the XPath scan

_PAGE = """<html lang="en"><head><title>T | Site</title><meta property="og:title" content="T">
<link rel="canonical" href="https://example.com/a"><meta itemprop="datePublished" content="2024-05-01">
<script type="application/LD+JSON">{"@type": "NewsArticle", "headline": "T"}</script></head>
<body><header class="site-header"><h1 class="logo">Site</h1></header>
<article><h1 class="headline">T</h1><p class="byline">By <a rel="author" href="/j">Jane Doe</a></p>
<time datetime="2024-05-01T10:00:00Z">May 1</time>
<p class="standfirst">A standfirst long enough to count here.</p>
<figure><img src="/i.jpg"><figcaption>Caption <span class="credit">Photo: X</span></figcaption></figure>
<p id="post-123" class="entry-content" data-testid="body">Text.</p></article></body></html>
<div class="byline">By Late Root</div><time datetime="2024-05-02">May 2</time><h1>Second</h1>"""


def test_collect_positions_are_the_scan_xpath_indexes() -> None:
    tree = parse_html(_PAGE)
    assert len(etree.XPath("/*")(tree)) == 2  # libxml2 keeps what follows </html> as a second root
    scan = etree.XPath(evidence._SCAN_XPATH)(tree)
    ev = evidence.collect(tree, None)
    nodes = ev.h1s + ev.bylines + ev.dates + ev.deks
    assert any(n.text == "By Late Root" for n in ev.bylines)  # the second root is read too
    assert any(n.text == "Second" for n in ev.h1s)
    for n in nodes:
        assert scan[n.order] is n.el, n.text
    assert ev.title_el == "T | Site"
    assert ev.metas["og:title"] == ["T"] and ev.links["canonical"] == ["https://example.com/a"]
    assert ev.ld.article() is not None and ev.html_lang == "en"
    assert [f.value for f in ev.figures] == ["/i.jpg"] and list(ev.credits.values()) == ["Photo: X"]


# ------------------------------------------------------------------ text walks: fast == plain

def _texts_plain(el, out: list[str]) -> None:
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, e in walker:
        skip = not isinstance(e.tag, str) or e.tag in textwalk.NO_TEXT
        if event == "start":
            if skip:
                walker.skip_subtree()
            elif e.text:
                out.append(e.text)
        elif e is not el and e.tail:
            out.append(e.tail)


def _walk_text_plain(el, limit: int, before: bool) -> str:
    chunks: list[str] = []
    size = 0
    node = el
    while node is not None and size < limit * 2:
        if not before and node.tail:
            chunks.append(node.tail)
        for sib in node.itersiblings(preceding=before):
            inner: list[str] = []
            if isinstance(sib.tag, str) and sib.tag not in textwalk.NO_TEXT:
                _texts_plain(sib, inner)
            if before:
                if sib.tail:
                    chunks.append(sib.tail)
                chunks.append(" ".join(inner))
            else:
                chunks.extend(inner)
                if sib.tail:
                    chunks.append(sib.tail)
            size += sum(map(len, inner)) + len(sib.tail or "")
            if size >= limit * 2:
                break
        parent = node.getparent()
        if before and parent is not None and parent.text:
            chunks.append(parent.text)
        node = parent
    if before:
        return textwalk.norm_ws(" ".join(reversed(chunks)))[-limit:]
    return textwalk.norm_ws(" ".join(chunks))[:limit]


_text = st.sampled_from(["", " ", "\n\n   ", "word ", "Two words", "x" * 40, "By Jane Doe", "  \t ", "é ü"])


@st.composite
def _markup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["div", "p", "span", "a", "script", "style", "b", "section"]))
        inner = draw(_text) if tag in ("script", "style") else draw(_markup(depth + 1))
        parts.append(f"<{tag}>{inner}</{tag}>{draw(_text)}")
    return draw(_text) + "".join(parts)


@FAST
@given(_markup(), _markup(), _markup(), st.integers(5, 80))
def test_text_around_the_headline_matches_the_full_walk(
    before: str, inside: str, after: str, limit: int
) -> None:
    tree = parse_html(f"<html><body><div>{before}<h1>Head</h1>{after}</div><p>{inside}</p></body></html>")
    h1 = tree.find(".//h1")
    for back in (False, True):
        assert textwalk.walk_text(h1, limit, back) == _walk_text_plain(h1, limit, back)
    for el in tree.iter("div", "p", "section"):
        fast: list[str] = []
        plain: list[str] = []
        textwalk._texts(el, fast)
        _texts_plain(el, plain)
        assert fast == plain


# ------------------------------------------------------------------ label scan: only visible texts


def test_label_texts_skip_scripts_and_footers_in_document_order() -> None:
    tree = parse_html(
        "<html><head><script>var datePublished = 1;</script></head><body>"
        "<p>Updated <b>May 2</b> Published after bold</p><footer>Published in footer</footer>"
        "<nav><span>Updated nav</span></nav><div><i>x</i>Posted on May 3</div></body></html>"
    )
    texts = [t for t, _ in textwalk.label_texts(tree, 20)]
    assert texts == ["Updated ", " Published after bold", "Posted on May 3"]


# ------------------------------------------------------------------ body features: pre-tests, one-pass counts

_FEATURE_CHARS = list("aAbBcCdDeEfFgGhHiIlLnNoOpPrRsStTuUvVyY 0123456789_-.,/|•·»›©İıſKΣσς٣’é\u00a0\n")
_feature_text = st.text(alphabet=st.sampled_from(_FEATURE_CHARS), min_size=1, max_size=40)
_phrases = st.sampled_from([
    "copyright", "COPYRİGHT", "copyrıght", "all rights reserved", "ALL RIGHTſ REſERVED", "published", "PUBLİSHED",
    "poſted", "Posted", "updated", "Jan 5", "5 March", "2024-01-02", "3/4/24", "5 mins ago", "© 2024", "x | y",
    "a • b", "By Jane", "٣ jan", "Jan ٣", "VON x", "dOOR y", "Af z", "pOr q",
])
_mixed = st.lists(st.one_of(_feature_text, _phrases), min_size=1, max_size=5).map(" ".join)


@FAST
@given(_mixed)
def test_feature_pretests_hold_wherever_the_regex_matches(text: str) -> None:
    low = text.lower()
    words = body_features._WORD.findall(text)
    digits = sum(map(str.isdecimal, words))
    if body_features._COPY.search(text):
        assert body_features._copy_pretest(text, low)
    assert body_features._has_sep(text) == bool(body_features._SEPS.search(text))
    if body_features._DATEISH.search(text):
        assert body_features._date_pretest(low, digits, text.isascii())
    if body_features._BYLINE.match(text):
        assert text[0] in body_features._BYLINE_FIRST


_ascii_word = st.one_of(
    st.sampled_from(["The", "THE", "the", "tHe", "and", "Which", "WOULD", "x1", "1x", "123", "_a", "Ab", "a_b",
                     "nicht", "theirs", "0", "Z9", "y"]),
    st.from_regex(r"[A-Za-z0-9_]{1,8}", fullmatch=True),
)


@FAST
@given(st.lists(st.tuples(_ascii_word, st.sampled_from([" ", ", ", ". ", "-", "/"])), min_size=1, max_size=30))
def test_ascii_word_stats_match_the_plain_counts(parts: list) -> None:
    text = "".join(w + sep for w, sep in parts)
    words = body_features._WORD.findall(text)
    expected = (sum(map(str.isdecimal, words)), sum(w[0].isupper() for w in words),
                sum(w in body_features._STOP_CASED for w in words), sum(map(len, words)))
    assert body_features._ascii_word_stats(words) == expected


_any_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list("İΣσςΑΒ'’ ßﬁǅ"))), min_size=1, max_size=60)


@FAST
@given(_any_text)
def test_lower_words_are_the_runs_of_the_lowercased_text(text: str) -> None:
    words = body_features._WORD.findall(text)
    if words:
        assert body_features._lower_words(text, text.lower(), words) == body_features._WORD.findall(text.lower())


def test_one_character_lowercase_keeps_word_characters() -> None:
    """What ``_lower_words`` relies on, for every code point of this interpreter's Unicode database."""
    word = re.compile(r"\w")
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or cp == 0x3A3:
            continue
        c = chr(cp)
        low = c.lower()
        if len(low) == 1:
            assert bool(word.match(c)) == bool(word.match(low)), hex(cp)


def test_ignorecase_ascii_letters_match_only_the_known_extras() -> None:
    """What the substring pre-tests rely on: under re.I an ASCII letter matches its two cases and,
    for i, k and s only, these code points (so tests on substrings without i, k, s are exact)."""
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    extras = {"i": {"\u0130", "\u0131"}, "k": {"\u212a"}, "s": {"\u017f"}}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = set(re.findall(letter, every, re.I)) - {letter, letter.upper()}
        assert found == extras.get(letter, set()), letter


# ------------------------------------------------------------------ page chrome: Python scan == XPath

_CHROME_PARTS = ["<nav>", "</nav>", "<footer>", "</footer>", "<header>", "</header>", "<aside>", "</aside>",
                 "<article>", "</article>", "<main>", "</main>", "<div role='navigation'>", "<div>", "</div>",
                 "<section role='navigation'>", "</section>", "<p>short</p>", "<p>" + "long words " * 12 + "</p>",
                 "<p>  " + "x\u00a0" * 70 + "</p>", "<p>" + "a  \n\t" * 40 + "</p>", "text", "<span role='nav'>s</span>"]


@FAST
@given(st.lists(st.sampled_from(_CHROME_PARTS), max_size=14), st.sampled_from(["", " role='navigation'"]))
def test_chrome_scan_matches_the_xpath(parts: list, body_role: str) -> None:
    tree = parse_html(f"<html><body{body_role}>{''.join(parts)}</body></html><html><nav>late</nav></html>")
    assert body_blocks._chrome(tree) == body_blocks._CHROME_XPATH(tree)
