"""Small charts drawn on the server: plain geometry here, SVG in ``templates/_charts.html``.

A chart is data (rectangles, lines, labels, a text equivalent and a table), so it is the same in the
HTML page and the JSON API, needs no script and loads nothing: the template writes inline SVG with
``role="img"``, a ``<title>`` and ``<desc>``, and the numbers again as a table for screen readers
and text browsers. Every string goes through the template's autoescaping; colours are fixed.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

PALETTE = ("#1f5fa8", "#d0661b", "#2e8b57", "#8e44ad", "#b8860b", "#7f8c8d")
BIN_HOURS = (1, 3, 6, 12, 24, 168, 720, 8766)
MAX_BINS = 36
UNIT = {
    1: "hour",
    3: "3 hours",
    6: "6 hours",
    12: "12 hours",
    24: "day",
    72: "3 days",
    168: "week",
    720: "30 days",
    2160: "90 days",
    8760: "year",
    8766: "year",
}


def unit_words(hours: int) -> str:
    """ "day", "90 days", "year": a bucket's length as a reader says it."""
    return UNIT.get(int(hours), f"{int(hours)} hours")


@dataclass(slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    label: str  # a tooltip (<title>)


@dataclass(slots=True)
class ChartLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    dashed: bool = False


@dataclass(slots=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(slots=True)
class Chart:
    id: str
    title: str
    desc: str  # the text equivalent, one or two sentences
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    lines: list[ChartLine] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)
    table_head: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _hours(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() / 3600.0


def _label(hours: float, bin_h: int) -> str:
    dt = datetime.fromtimestamp(hours * 3600.0, tz=timezone.utc)
    if bin_h < 24:
        return f"{dt.day} {dt:%b %H}:00"
    return f"{dt.day} {dt:%b %Y}" if bin_h < 720 else f"{dt:%b %Y}"


def _stack(ch: Chart, c: Counter, order: list[str], colour: dict[str, str], *, x: float, w: float,
           base: float, scale: float, label: str) -> None:
    """One time bin: a bar per outlet stacked upwards, and its row in the table."""
    y = base
    for o in order:
        k = c.get(o, 0)
        if not k:
            continue
        h = scale * k
        y -= h
        ch.rects.append(Rect(round(x + 1, 1), round(y, 1), round(max(w - 2, 1), 1), round(h, 1),
                             colour.get(o, PALETTE[-1]), f"{label}: {_plural(k, 'report')} from {o}"))
    if c:
        ch.table.append([label, str(sum(c.values())), ", ".join(f"{o} ({k})" for o, k in c.most_common())])


def coverage_chart(
    story_id: int,
    times: list[tuple[int, str, str]],
    first_report: int | None,
    undated: int = 0,
    day_only: bool = False,
    width: int = 640,
    height: int = 180,
) -> Chart | None:
    """Reports over time, stacked by outlet, the first report marked. ``times``: (id, UTC ISO, outlet).

    ``day_only``: some report gave a day but no time, so bins are a day at least (no made-up hours).
    """
    pts = [(aid, _hours(t), o) for aid, t, o in times if t]
    if not pts:
        return None
    t0, t1 = min(p[1] for p in pts), max(p[1] for p in pts)
    bin_h = next(
        (b for b in BIN_HOURS if (t1 - t0) / b < MAX_BINS and (b >= 24 or not day_only)), BIN_HOURS[-1]
    )
    start = (t0 // bin_h) * bin_h
    n = int((t1 - start) // bin_h) + 1
    by_outlet = Counter(o for _, _, o in pts)
    named = [o for o, _ in by_outlet.most_common(len(PALETTE) - 1)]
    colour = {o: PALETTE[i] for i, o in enumerate(named)}
    other = "other outlets"
    counts: list[Counter] = [Counter() for _ in range(n)]
    for _, h, o in pts:
        counts[int((h - start) // bin_h)][o if o in colour else other] += 1
    top = max(sum(c.values()) for c in counts)
    left, bottom, top_pad = 34, 22, 16
    width = int(min(width, max(280, left + n * 48 + 40)))  # few bins: a narrow chart (legible on a phone)
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    bw = min(plot_w / n, 48.0)  # a lone report is a bar, not a wall
    unit = UNIT[bin_h]
    ch = Chart(
        f"cov-{story_id}",
        f"Reports per {unit}",
        "",
        width,
        height,
        legend=[(colour[o], o) for o in named]
        + ([(PALETTE[-1], other)] if len(by_outlet) > len(named) else []),
        table_head=[f"{unit.capitalize()} starting (UTC)", "Reports", "Outlets"],
    )
    for i, c in enumerate(counts):
        _stack(ch, c, named + [other], colour, x=left + i * bw, w=bw, base=top_pad + plot_h,
               scale=plot_h / top, label=_label(start + i * bin_h, bin_h))
    used = n * bw
    ch.lines.append(ChartLine(left, top_pad + plot_h, left + used, top_pad + plot_h, "time"))
    ch.texts += [
        Text(left - 4, top_pad + 8, str(top), "end"),
        Text(left - 4, top_pad + plot_h, "0", "end"),
        Text(left, height - 6, _label(start, bin_h)),
        *(
            [Text(max(left + used, left + 180), height - 6, _label(start + (n - 1) * bin_h, bin_h), "end")]
            if n > 1
            else []
        ),
    ]
    first = next((p for p in pts if p[0] == first_report), None) or min(pts, key=lambda p: p[1])
    fx = round(left + ((first[1] - start) // bin_h) * bw + bw / 2, 1)
    ch.lines.append(ChartLine(fx, top_pad - 4, fx, top_pad + plot_h, f"first report: {first[2]}", dashed=True))
    ch.texts.append(Text(min(fx + 3, width - 80), top_pad - 5, f"first: {first[2]}"[:32]))
    busiest = max(range(n), key=lambda i: sum(counts[i].values()))
    ch.desc = (
        f"Reports per {unit}: {_plural(len(pts), 'dated report')} from {_plural(len(by_outlet), 'outlet')} between "
        f"{_label(t0, bin_h)} and {_label(t1, bin_h)} UTC; first report by {first[2]}; busiest {unit}: "
        f"{_label(start + busiest * bin_h, bin_h)} with {_plural(sum(counts[busiest].values()), 'report')}."
        + (f" {_plural(undated, 'undated report')} not shown." if undated else "")
    )
    return ch


def trend_chart(
    key: str,
    label: str,
    series: list[int],
    baseline: float,
    bucket_hours: int,
    width: int = 160,
    height: int = 44,
) -> Chart:
    """A term's articles per bucket (latest highlighted) against its baseline (dashed)."""
    n = max(1, len(series))
    unit = unit_words(bucket_hours)
    top = max([*series, baseline, 1])
    pad = 4
    plot_h = height - 2 * pad
    bw = (width - 2 * pad) / n
    ch = Chart(
        f"tr-{zlib.crc32(key.encode()):08x}",
        f"{label}: articles per {unit}",
        "",
        width,
        height,
        table_head=[f"{unit.capitalize()} (oldest first)", "Articles"],
    )
    for i, v in enumerate(series):
        h = plot_h * v / top
        latest = i == n - 1
        ch.rects.append(
            Rect(
                round(pad + i * bw + 1, 1),
                round(pad + plot_h - h, 1),
                round(max(bw - 2, 1), 1),
                round(h, 1),
                PALETTE[1] if latest else PALETTE[0],
                f"{'latest' if latest else f'{n - 1 - i} before'}: {_plural(v, 'article')}",
            )
        )
        ch.table.append(["latest" if latest else f"{n - 1 - i} before", str(v)])
    by = round(pad + plot_h - plot_h * baseline / top, 1)
    ch.lines.append(ChartLine(pad, by, width - pad, by, f"baseline {baseline:.1f} per {unit}", dashed=True))
    ch.desc = (
        f"{label}: {_plural(series[-1] if series else 0, 'article')} in the latest {unit} against a "
        f"baseline of {baseline:.1f} per {unit} over the {n - 1} before."
    )
    return ch
