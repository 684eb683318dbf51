"""Text helpers shared by the enrichment and clustering cores: folding, tokens, sentences.

Everything here is deterministic and dependency-free, so the same text gives the same
tokens in a test, in ``newsdesk ingest`` and in ``newsdesk cluster``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: English function words plus news boilerplate that carries no topic.
STOP_WORDS = frozenset(
    """
a about above across after afterwards again against all almost alone along already also although always am
among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became
because become becomes becoming been before beforehand behind being below beside besides between beyond both
but by can cannot could did do does doing done down due during each either else elsewhere enough etc even
ever every everyone everything everywhere except few for former formerly from further had has have having he
hence her here hereafter hereby herein hers herself him himself his how however i if in indeed into is it its
itself just last latter least less many may me meanwhile might mine more moreover most mostly much must my
myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on
once one only onto or other others otherwise our ours ourselves out over own per perhaps please rather re same
say says said see seem seemed seeming seems several she should since so some somehow someone something
sometime sometimes somewhere still such than that the their theirs them themselves then thence there
thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to
together too toward towards under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever
whole whom whose why will with within without would yet you your yours yourself yourselves told tell new also
like get got make made go going went s t ll ve re d m don doesn didn isn wasn aren weren won wouldn shouldn
couldn can't us mr mrs ms dr according reported report reports reuters ap afp news read more image photo
copyright rights reserved click share advertisement updated published getty images year years day days week
weeks time times first two three monday tuesday wednesday thursday friday saturday sunday
""".split()
)

_NUM_SEP = re.compile(r"(\d)[,.](\d{3})\b")  # 26,800 -> 26800 (one token, kept: figures identify events)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKD accent folding + casefold: "Nicolás" -> "nicolas"."""
    if text.isascii():  # NFKD leaves ASCII alone and it has no combining marks
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    marks = _marks(frozenset(decomposed))
    return (decomposed.translate(marks) if marks else decomposed).casefold()


_COMBINING: dict[str, bool] = {}


def _marks(chars: frozenset[str]) -> dict[int, None]:
    """A ``str.translate`` table deleting the combining marks among ``chars``."""
    out: dict[int, None] = {}
    for c in chars:
        if c >= "\u0300":  # no combining mark below U+0300
            m = _COMBINING.get(c)
            if m is None:
                m = _COMBINING[c] = unicodedata.combining(c) != 0
            if m:
                out[ord(c)] = None
    return out


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """A light, conservative English plural stripper ("strikes" -> "strike", "ministries" -> "ministry")."""
    w = word
    n = len(w)
    if n <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and n > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Word tokens as written (no folding), apostrophes and hyphens kept inside words."""
    return _WORD.findall(text)


def tokens(text: str, *, keep_stop: bool = False, do_stem: bool = True) -> list[str]:
    """Folded, stop-word-free, lightly stemmed tokens; single digits dropped, figures kept whole."""
    words = _WORD.findall(_NUM_SEP.sub(r"\1\2", fold(text)))
    if not keep_stop and do_stem:  # the usual call: each word's token looked up once per process
        return _known_tokens(words)
    out: list[str] = []
    for w in words:
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if not keep_stop and (w in STOP_WORDS or len(w) < 2):
            continue
        if w.isdigit() and len(w) < 2:
            continue
        out.append(stem(w) if do_stem else w)
    return out


#: word -> its token ("" when dropped), for ``tokens``' default options; bounded
_TOKEN_OF: dict[str, str] = {}
_TOKEN_OF_MAX = 500_000


def _known_tokens(words: list[str]) -> list[str]:
    """The default tokens of folded words, through ``_TOKEN_OF`` (filled for words not seen yet)."""
    found = list(map(_TOKEN_OF.get, words))
    if None in found:
        found = [_token_of(w) if t is None else t for w, t in zip(words, found)]
    return list(filter(None, found))  # the non-empty tokens (dropped words map to ""): ~2x a comprehension


def _token_of(w: str) -> str:
    t = _word_token(w)
    if len(_TOKEN_OF) >= _TOKEN_OF_MAX:
        _TOKEN_OF.clear()
    _TOKEN_OF[w] = t
    return t


def _word_token(w: str) -> str:
    """One folded word's token under ``tokens``' defaults ("" when it is dropped)."""
    w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in STOP_WORDS or len(w) < 2 or (w.isdigit() and len(w) < 2):
        return ""
    return stem(w)


class Tokenised:
    """One article's ``tokens``, computed once and shared by the short, keywords and section.

    The body is tokenised sentence by sentence: sentences are separated by whitespace, which no
    token spans, so their tokens joined are ``tokens(body)`` and ``body_tokens(n)`` is exactly
    ``tokens(body[:n])`` (the sentence cut at ``n`` tokenised on its own).
    """

    __slots__ = ("_title", "body", "sentence_tokens", "spans", "title")

    def __init__(self, title: str, body: str) -> None:
        self.title = title
        self.body = body
        self.spans = sentences(body)
        self.sentence_tokens = _sentence_tokens(body, self.spans)
        self._title: list[str] | None = None

    def title_tokens(self) -> list[str]:
        """``tokens(title)`` (a new list each call)."""
        if self._title is None:
            self._title = tokens(self.title)
        return list(self._title)

    def body_tokens(self, limit: int | None = None) -> list[str]:
        """``tokens(body[:limit])``."""
        out: list[str] = []
        if limit is None or limit >= len(self.body):
            for toks in self.sentence_tokens:
                out += toks
            return out
        for (s, e), toks in zip(self.spans, self.sentence_tokens):
            if e <= limit:
                out += toks
            else:
                if s < limit:
                    out += tokens(self.body[s:limit])
                break
        return out


def _sentence_tokens(body: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    """``[tokens(body[s:e]) for s, e in spans]`` in one pass: the sentences joined by NUL (no word
    character, and folding and the figure rule work character by character), folded once, then
    split at the NULs (no word spans one)."""
    if not spans or "\x00" in body:
        return [tokens(body[s:e]) for s, e in spans]
    joined = "\x00".join([body[s:e] for s, e in spans])
    folded = _NUM_SEP.sub(r"\1\2", fold.__wrapped__(joined))  # not cached: one use
    return [_known_tokens(_WORD.findall(part)) for part in folded.split("\x00")]


# --- sentences -----------------------------------------------------------------------------

_ABBREV = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon inc corp ltd co
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc e.g i.e u.s u.k u.n a.m p.m fig""".split()
)
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; returns (start, end) offsets, each a span of ``text``.

    Paragraph breaks always end a sentence. A full stop after a known abbreviation, a single
    capital letter (initials) or before a lower-case letter or digit does not.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        p0 = para.start()
        chunk = para.group()
        start = 0
        for m in _SENT_END.finditer(chunk):
            end = m.end()
            before = chunk[start : m.start()].rstrip()
            last = before.rsplit(None, 1)[-1] if before else ""
            last_key = last.lower().rstrip(".").lstrip("(\"'“‘")
            nxt = chunk[end : end + 1]
            if chunk[m.start()] == "." and (
                last_key in _ABBREV or (len(last_key) == 1 and last_key.isalpha()) or (nxt and not nxt.isupper()
                and not nxt.isdigit() and nxt not in "\"'“‘(")
            ):
                if nxt and (nxt.islower() or last_key in _ABBREV or len(last_key) == 1):
                    continue
            s, e = _trim(chunk, start, m.end())
            if e > s:
                spans.append((p0 + s, p0 + e))
            start = end
        s, e = _trim(chunk, start, len(chunk))
        if e > s:
            spans.append((p0 + s, p0 + e))
    return spans


def _trim(chunk: str, s: int, e: int) -> tuple[int, int]:
    while s < e and chunk[s].isspace():
        s += 1
    while e > s and chunk[e - 1].isspace():
        e -= 1
    return s, e
