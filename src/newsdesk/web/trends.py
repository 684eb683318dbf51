"""Trending: names and phrases whose coverage rose above their own baseline (``cluster.trending``).

Computed from the store on demand (memoised by the caller) and bounded: the mentions of at most
``q.SCAN_CAP`` dated news articles are read. The bucket is the shortest of ``BUCKET_HOURS`` whose
latest bucket holds ``MIN_BUCKET_ARTICLES`` dated news articles (six hours on a busy site, a month
or more on a small archive); the ``BASELINE_BUCKETS`` before it are the baseline. The articles are
replayed in time order into ``TrendDetector``, whose burst score is a Poisson-tempered z-score
against each key's own exponentially weighted history, overall and per section.

A burst is shown only when it is real on the page: the name or phrase occurs, as words, in the
text of at least two of the articles that mention it in the latest bucket, from at least two
outlets (one site's boilerplate repeated on its pages is not a trend). Entity kinds "other" (stray
capitalised words) are not trend candidates; keyword phrases are, as "phrase".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..cluster.trending import TrendDetector, TrendOptions
from ..slug import slugify
from ..store import portal as q
from ..timeutil import parse_iso
from .ranking import outlet_name

BUCKET_HOURS = (6, 24, 72, 168, 720, 2160, 8760)
MIN_BUCKET_ARTICLES = 30
BASELINE_BUCKETS = 8
KINDS = ("person", "org", "place", "phrase")
MIN_ARTICLES = 2
MIN_OUTLETS = 2


@dataclass(slots=True)
class TrendItem:
    """One trending name or phrase, with the figures behind it."""

    label: str
    href: str
    kind: str  # person / org / place / phrase
    key: str
    score: float  # burst z-score against the key's own baseline
    recent: int  # articles mentioning it in the latest bucket
    baseline: float  # expected articles per bucket from its history
    outlets: int  # distinct outlets among the recent articles
    section: str | None = None  # None: overall
    series: list[int] = field(default_factory=list)  # articles per bucket, oldest first, latest last


@dataclass(slots=True)
class TrendReport:
    as_of: str | None
    bucket_hours: int
    buckets: int
    overall: list[TrendItem]
    sections: dict[str, list[TrendItem]]


def _iso(dt: Any) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _bucket_hours(store: Any, now_dt: Any) -> int | None:
    """The shortest bucket ending at ``now_dt`` that holds ``MIN_BUCKET_ARTICLES``; None if none does."""
    for b in BUCKET_HOURS:
        if (
            q.count_dated_between(store, _iso(now_dt - timedelta(hours=b)), _iso(now_dt))
            >= MIN_BUCKET_ARTICLES
        ):
            return b
    return None


def _window(store: Any, now: str) -> tuple[str, int]:
    """The latest bucket's end and length in hours.

    The bucket ends at ``now`` (the newest dated news). When not even the longest bucket ending
    there holds ``MIN_BUCKET_ARTICLES`` (one recent page over an older archive), it ends instead at
    the newest report whose longest bucket does: an archive trends where its news is, and says so
    (``as_of``). Failing that, the longest bucket at ``now``.
    """
    now_dt = parse_iso(now)
    b = _bucket_hours(store, now_dt)
    if b is not None:
        return now, b
    span = timedelta(hours=BUCKET_HOURS[-1])
    times = [(raw, dt) for raw in q.dated_times(store, now) if (dt := parse_iso(raw)) is not None]
    j = 0
    for i, (raw, t) in enumerate(times):  # newest first: times[i:j] lie within the span before t
        j = max(j, i)
        while j < len(times) and times[j][1] >= t - span:
            j += 1
        if j - i >= MIN_BUCKET_ARTICLES:
            return raw, _bucket_hours(store, t) or BUCKET_HOURS[-1]
    return now, BUCKET_HOURS[-1]


def _in_text(label: str, text: str) -> bool:
    """The label's words in a row; as written when it has capitals ("IT" is not "it"), else in any case."""
    words = [re.escape(w) for w in re.findall(r"\w+", label)]
    if not words:
        return False
    flags = 0 if label != label.lower() else re.IGNORECASE
    return re.search(r"(?<!\w)" + r"\W{1,3}".join(words) + r"(?!\w)", text, flags) is not None


#: endings that make another form of one name: a plural or possessive, a demonym ("Venezuela" /
#: "venezuelan", "Iran" / "Iranian"); anything longer is another word ("news" / "Newsom")
_FORM_ENDINGS = ("s", "es", "'s", "n", "an", "ian", "ese")


def _same_term(a: str, b: str) -> bool:
    """Two folded labels that name one thing: equal, or one is the other plus a form ending."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and long[len(short):] in _FORM_ENDINGS


def _href(kind: str, key: str, label: str) -> str:
    if kind == "phrase":
        return f"/search?q={re.sub(r'[^0-9A-Za-z]+', '+', label).strip('+')}"
    return f"/entity/{slugify(key)}"


def compute(store: Any, now: str | None, limit: int = 10, per_section: int = 5) -> TrendReport:
    if now is None or parse_iso(now) is None:
        return TrendReport(None, 0, 0, [], {})
    now, b = _window(store, now)
    now_dt = parse_iso(now)
    k = BASELINE_BUCKETS + 1
    rows = q.mention_rows(store, _iso(now_dt - timedelta(hours=b * k)), now)
    now_h = now_dt.timestamp() / 3600.0
    arts: dict[int, tuple[float, str | None, str, list[tuple[str, str, str]]]] = {}
    for aid, t, section, site, kind, key, label in rows:
        if kind not in KINDS:
            continue
        dt = parse_iso(t)
        if dt is None:
            continue
        rel = dt.timestamp() / 3600.0 - now_h + b * k - 1e-6  # the latest bucket ends at now
        a = arts.setdefault(aid, (rel, section, outlet_name(site), []))
        a[3].append((kind, key, label))
    det = TrendDetector(
        TrendOptions(
            bucket_hours=float(b),
            alpha=2.0 / (BASELINE_BUCKETS + 1),
            min_count=MIN_ARTICLES,
            min_score=2.0,
            prune_after_buckets=10**6,
        )
    )
    series: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * k)
    recent: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for aid, (rel, section, outlet, mentions) in sorted(arts.items(), key=lambda kv: kv[1][0]):
        if rel < 0:
            continue
        det.observe(rel, mentions, section)
        idx = min(k - 1, int(rel // b))
        for kind, key, _ in dict.fromkeys(mentions):
            series[(kind, key)][idx] += 1
            if idx == k - 1:
                recent[(kind, key)].append((aid, outlet))
    texts: dict[int, str] = {}

    def real(t: Any) -> TrendItem | None:
        ids = recent.get((t.kind, t.key), [])
        if len({o for _, o in ids}) < MIN_OUTLETS:
            return None
        need = [i for i, _ in ids[:12] if i not in texts]
        texts.update(q.article_texts(store, need))
        found = [(i, o) for i, o in ids[:12] if _in_text(t.label, texts.get(i, ""))]
        if len(found) < MIN_ARTICLES or len({o for _, o in found}) < MIN_OUTLETS:
            return None
        return TrendItem(
            t.label,
            _href(t.kind, t.key, t.label),
            t.kind,
            t.key,
            t.score,
            int(t.recent),
            t.baseline,
            len({o for _, o in ids}),
            t.section,
            list(series[(t.kind, t.key)]),
        )

    def pick(section: str | None, n: int) -> list[TrendItem]:
        out: list[TrendItem] = []
        seen: set[str] = set()
        for t in det.trending(b * k - 1e-6, section=section, limit=n * 6):
            name = t.label.casefold()
            if any(_same_term(name, other) for other in seen):
                continue
            item = real(t)
            if item is not None:
                seen.add(name)
                out.append(item)
            if len(out) >= n:
                break
        return out

    sections = sorted({s for _, s, _, _ in arts.values() if s})
    by_section = {s: items for s in sections if (items := pick(s, per_section))}
    return TrendReport(now, b, k, pick(None, limit), by_section)
