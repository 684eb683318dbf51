"""Stories as the portal lists them: honest times, coverage and the rank from ``cluster.rank``.

A story's times come from its dated reports only. A report whose page gave no date counts for
coverage and outlets but never for freshness or growth: the time we first saw a page says when we
fetched it, not when it was written (a folder of archived pages is "first seen" today). A story
with no dated report is never a top story; it stays reachable from its articles and sections.

The rank is ``cluster.rank.top_stories`` (coverage breadth, volume, freshness, growth, prominence)
measured at the newest dated report in the store that is not in the future ("now" of an archive is
its newest news), and every figure goes out with the story so the order can be explained.

Time runs at the pace of the news being ranked: freshness halves every 12 hours and growth counts
the last 6 hours, unless the candidate stories are sparse in time (an archive of years), where
both windows stretch by the same factor so that the median candidate's last report is four
half-lives old (``time_scale`` in the figures). On live news the median candidate is under two
days old and nothing stretches; on an archive, freshness no longer rounds to 0 for every story
but the newest, so breadth and growth still order stories a few weeks apart.

A story's score is multiplied by its ``news_confidence`` (``enrich.pagetype.news_confidence`` of its
most plainly-news dated report, 0.25 to 1): a story told only by pages that barely passed as news
(a dated company or personal post) ranks below one a newsroom plainly reported. A story
is *breaking* when its coverage jumps: at least ``BREAKING_REPORTS`` dated reports from at least
two outlets within ``growth_hours`` of now, and at least twice what it had before (growth >= 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from ..cluster.rank import RankOptions, top_stories
from ..enrich.pagetype import news_confidence
from ..model import Story
from ..store import portal as q
from ..timeutil import parse_iso

#: the median candidate story's age, in half-lives, beyond which the time windows stretch
MEDIAN_HALF_LIVES = 4.0
T = TypeVar("T")
BREAKING_REPORTS = 3
BREAKING_GROWTH = 2.0
UNKNOWN = "unknown outlet"


def outlet_name(site: str | None, url: str | None = None) -> str:
    """The outlet as a reader knows it: the site's name, else its host (never a bare URL)."""
    s = (site or "").strip()
    if s and "://" not in s and not s.lower().startswith("www."):
        return s
    host = urlsplit(s if "://" in s else f"//{s}").hostname if s else None
    host = host or urlsplit(url or "").hostname
    return (host or "").removeprefix("www.") or UNKNOWN


@dataclass(slots=True)
class StoryFigures:
    """What a story's card says about it, all from its visible reports."""

    story_id: int
    coverage: int = 0  # visible reports
    dated: int = 0  # reports whose page gave a date
    outlets: list[str] = field(default_factory=list)  # in order of their first report
    first_dated: str | None = None  # UTC ISO of the earliest dated report
    last_dated: str | None = None
    first_given: str | None = (
        None  # the same two times as their pages gave them (own zone; a date stays a date)
    )
    last_given: str | None = None
    first_report: int | None = None  # article id of the earliest dated report
    times: list[tuple[int, str, str]] = field(default_factory=list)  # (article id, UTC time, outlet), dated
    day_only: bool = False  # some dated report gave a day but no time
    recent: int = 0  # dated reports within growth_hours of now
    recent_outlets: int = 0
    visible: int = 0  # visible members, news or not
    news: int = 0  # of which judged news
    confidence: float = 0.0  # how plainly its most plainly-news dated report is news (enrich.pagetype)


def iso_hours(iso: str | None) -> float | None:
    dt = parse_iso(iso)
    return dt.timestamp() / 3600.0 if dt else None


def clock_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_figures(store: Any, story_ids: list[int], news_only: bool = False, *,
                  rows: list[tuple] | None = None) -> dict[int, StoryFigures]:
    """Each story's figures from its visible members (``news_only``: from those judged news);
    ``rows``: those stories' ``q.story_member_rows``, when read already."""
    out = {sid: StoryFigures(sid) for sid in story_ids}
    for sid, aid, published, sort_time, _first_seen, site, news, reason in (
            q.story_member_rows(store, story_ids) if rows is None else rows):
        f = out.setdefault(sid, StoryFigures(sid))
        f.visible += 1
        f.news += news
        if news_only and not news:
            continue
        f.coverage += 1
        if published:
            f.confidence = max(f.confidence, news_confidence(reason))
        name = outlet_name(site)
        if name not in f.outlets and name != UNKNOWN:  # a page that names no outlet adds none
            f.outlets.append(name)
        if published:
            f.dated += 1
            f.times.append((aid, sort_time, name))
            f.day_only = f.day_only or len(published.strip()) <= 10
            if f.first_dated is None or sort_time < f.first_dated:
                f.first_dated, f.first_given, f.first_report = sort_time, published, aid
            if f.last_dated is None or sort_time > f.last_dated:
                f.last_dated, f.last_given = sort_time, published
    return out


def ranking_now(store: Any) -> str | None:
    """ "Now" for freshness: the newest dated news report that is not later than the clock."""
    return q.newest_dated(store, clock_now())


@dataclass(slots=True)
class Ranked:
    figures: StoryFigures
    score: float
    explain: dict[str, Any]
    breaking: bool


def rank(
    store: Any, story_ids: list[int], now: str | None, options: RankOptions = RankOptions(), *,
    rows: list[tuple] | None = None,
) -> list[Ranked]:
    """Rank the given stories with ``cluster.rank.top_stories``, best first.

    Only stories with a dated news report, most of whose visible reports are judged news; the
    figures count the news reports.
    """
    figs = story_figures(store, story_ids, news_only=True, rows=rows)
    now_h = iso_hours(now)
    stories, published = [], {}
    for sid, f in figs.items():
        if not f.dated or 2 * f.news <= f.visible:  # a top story is dated news: most of its reports are news
            continue
        stories.append(
            Story(
                story_id=str(sid),
                members=[str(a) for a, _, _ in f.times],
                first_report=str(f.first_report),
                first_seen=f.first_dated,
                last_seen=f.last_dated,
                outlets=list(f.outlets),
                coverage=f.coverage,
            )
        )
        for aid, t, name in f.times:
            published[str(aid)] = t
            th = iso_hours(t)
            if now_h is not None and th is not None and 0 <= now_h - th <= options.growth_hours:
                f.recent += 1
        f.recent_outlets = len(
            {
                name
                for _, t, name in f.times
                if now_h is not None
                and (th := iso_hours(t)) is not None
                and 0 <= now_h - th <= options.growth_hours
            }
        )
    scale = time_scale([figs[int(s.story_id)].last_dated for s in stories], now_h, options.half_life_hours)
    opts = RankOptions(options.half_life_hours * scale, options.growth_hours * scale, options.min_coverage,
                       max(1, len(stories)))
    out = []
    for r in top_stories(stories, now=now, published=published, options=opts):
        f = figs[int(r.story_id)]
        score = round(r.score * f.confidence, 4)
        # breaking is a live notion: a jump within the unstretched window
        jump = f.recent / (f.dated - f.recent + 1)
        breaking = f.recent >= BREAKING_REPORTS and f.recent_outlets >= 2 and jump >= BREAKING_GROWTH
        last_h = iso_hours(f.last_dated)
        explain = {
            "outlets": r.outlets,
            "coverage": r.coverage,
            "dated_reports": f.dated,
            "undated_reports": f.coverage - f.dated,
            "freshness": r.freshness,
            "hours_since_last_report": None if now_h is None or last_h is None else round(now_h - last_h, 1),
            "growth": r.growth,
            "reports_last_hours": f.recent,
            "growth_hours": options.growth_hours,
            "prominence": r.prominence,
            "half_life_hours": options.half_life_hours,
            "time_scale": scale,
            "news_confidence": f.confidence,
            "as_of": now,
            "formula": "(log2(1+outlets) + 0.5*log2(1+coverage)) * freshness * (1 + 0.5*min(growth,3)/3) "
            "* (1 + 0.5*prominence) * news_confidence; freshness = 0.5 ** (hours_since_last_report / (half_life_hours * "
            "time_scale)), growth over growth_hours * time_scale; time_scale = max(1, median candidate age "
            f"/ ({MEDIAN_HALF_LIVES:g} * half_life_hours))",
        }
        out.append(Ranked(f, score, explain, breaking))
    out.sort(key=lambda x: -x.score)
    return out


def plain_first(items: list[T], n: int, confidence: Callable[[T], float]) -> list[T]:
    """``n`` of the items, those plainly news (full confidence) before the rest, kept in their given
    order: a front-page list shows weaker news only when there is not enough plain news."""
    plain = [i for i, x in enumerate(items) if confidence(x) >= 1.0]
    taken = set(plain)
    rest = [i for i in range(len(items)) if i not in taken]
    return [items[i] for i in sorted((plain + rest)[:n])]


def card_confidence(card: Any) -> float:
    """``news_confidence`` of an article card (or anything with a ``page_type_reason``)."""
    return news_confidence(card.page_type_reason)


def time_scale(last_times: list[str | None], now_h: float | None, half_life_hours: float) -> float:
    """How much the time windows stretch: 1 on live news; on a sparse archive, so that the median
    candidate's last report is ``MEDIAN_HALF_LIVES`` half-lives old."""
    ages = sorted(now_h - t for t in map(iso_hours, last_times) if t is not None and now_h is not None)
    if not ages:
        return 1.0
    median = ages[len(ages) // 2]
    return round(max(1.0, median / (MEDIAN_HALF_LIVES * half_life_hours)), 3)


def explain_text(r: Ranked) -> str:
    """The rank in a reader's words."""
    e = r.explain
    parts = [
        f"{e['coverage']} report{'s' if e['coverage'] != 1 else ''} from {e['outlets']} "
        f"outlet{'s' if e['outlets'] != 1 else ''}"
    ]
    h = e["hours_since_last_report"]
    if h is not None:
        parts.append(f"last report {_span(h)} before the newest news" if h >= 1 else "among the newest news")
    if e["reports_last_hours"]:
        parts.append(f"{e['reports_last_hours']} in the last {e['growth_hours']:g} hours")
    if e["undated_reports"]:
        parts.append(f"{e['undated_reports']} undated (not counted for freshness)")
    return "; ".join(parts)


def _span(hours: float) -> str:
    if hours < 48:
        return f"{hours:.0f} hour{'s' if round(hours) != 1 else ''}"
    days = hours / 24
    if days < 60:
        return f"{days:.0f} days"
    return f"{days / 30.4:.0f} months" if days < 730 else f"{days / 365.25:.0f} years"


def top(store: Any, limit: int) -> list[Ranked]:
    """Top stories: pinned ones first, then dated news stories by rank, plainly-news ones before the
    rest (a story only weak news tells leads only when there are not ``limit`` others)."""
    now = ranking_now(store)
    if now is None:
        return []
    cands = [sid for sid, _ in q.dated_story_ids(store, now)]
    pinned = q.pinned_story_ids(store)
    ranked = rank(store, list(dict.fromkeys(pinned + cands)), now)
    pin = set(pinned)
    # equal scores (stories far older than the candidates' median): the broadest, then the newest first
    ranked.sort(key=lambda r: (r.figures.story_id not in pin, -r.score, -r.explain["outlets"],
                               -r.explain["coverage"], -(iso_hours(r.figures.last_dated) or 0.0)))
    # plainly-news stories first (a pinned story counts as plain: an editor chose it)
    return plain_first(ranked, limit, lambda r: 1.0 if r.figures.story_id in pin else r.figures.confidence)
