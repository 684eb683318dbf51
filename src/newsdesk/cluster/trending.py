"""Trending: entities and phrases whose mention rate rises above their own baseline.

Mentions are counted in time buckets (``bucket_hours``). Each (key, section) keeps an
exponentially weighted mean and variance of its past per-bucket counts (its baseline); the burst
score of the current bucket is a Poisson-tempered z-score,

    z = (count - mean) / sqrt(variance + mean + 1)

so a key that is always mentioned (a high baseline) must rise a lot, and a new key needs several
mentions. Scores are kept per section and overall (section ``None``). State is per key, O(1) to
update; stale keys with a negligible baseline are pruned, so the cost per mention stays flat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

from ..model import Trend


@dataclass(frozen=True, slots=True)
class TrendOptions:
    bucket_hours: float = 3.0
    alpha: float = 0.1  # baseline memory: about 1/alpha buckets
    min_count: int = 3  # mentions in the current bucket before a key can trend
    min_score: float = 2.0
    prune_after_buckets: int = 60


@dataclass(slots=True)
class _Series:
    label: str
    kind: str
    mean: float = 0.0
    var: float = 0.0
    bucket: int = 0
    count: int = 0

    def roll(self, bucket: int, alpha: float) -> None:
        """Fold the finished bucket (and any empty buckets since) into the baseline."""
        if bucket <= self.bucket:
            return
        x = float(self.count)
        d = x - self.mean
        self.mean += alpha * d
        self.var = (1 - alpha) * (self.var + alpha * d * d)
        gap = bucket - self.bucket - 1
        for _ in range(min(gap, 200)):  # empty buckets pull the baseline towards zero
            d = -self.mean
            self.mean += alpha * d
            self.var = (1 - alpha) * (self.var + alpha * d * d)
        self.bucket, self.count = bucket, 0


class TrendDetector:
    """Feed mentions with ``observe``; ask ``trending(now)`` for the current bursts."""

    def __init__(self, options: TrendOptions = TrendOptions()) -> None:
        self.options = options
        self.series: dict[tuple[str, str, str], _Series] = {}  # (kind, key, section or "") -> series
        self.bucket: int | None = None

    def _bucket(self, hours: float) -> int:
        return int(math.floor(hours / self.options.bucket_hours))

    def observe(self, hours: float, mentions: Iterable[tuple[str, str, str]], section: str | None = None) -> None:
        """Count one article's mentions: (kind, key, label) triples, at ``hours`` since the epoch."""
        b = self._bucket(hours)
        if self.bucket is None or b > self.bucket:
            self.bucket = b
            if b % self.options.prune_after_buckets == 0:
                self._prune()
        sections = ("", section) if section else ("",)
        for kind, key, label in dict.fromkeys(mentions):
            for sec in sections:
                s = self.series.get((kind, key, sec))
                if s is None:
                    s = self.series[(kind, key, sec)] = _Series(label=label, kind=kind, bucket=b)
                if b > s.bucket:
                    s.roll(b, self.options.alpha)
                if b == s.bucket:
                    s.count += 1
                s.label = label

    def trending(self, hours: float | None = None, *, section: str | None = None, limit: int = 10) -> list[Trend]:
        """Keys bursting in the current bucket, for one section or overall (``section=None``)."""
        o = self.options
        b = self._bucket(hours) if hours is not None else (self.bucket or 0)
        want = section or ""
        out: list[Trend] = []
        for (kind, key, sec), s in self.series.items():
            if sec != want or s.bucket != b or s.count < o.min_count:
                continue
            z = (s.count - s.mean) / math.sqrt(s.var + s.mean + 1.0)
            if z >= o.min_score:
                out.append(Trend(key, s.label, kind, section, round(z, 3), float(s.count), round(s.mean, 3)))
        out.sort(key=lambda t: (-t.score, t.key))
        return out[:limit]

    def _prune(self) -> None:
        if self.bucket is None:
            return
        dead = [k for k, s in self.series.items()
                if self.bucket - s.bucket > self.options.prune_after_buckets and s.mean < 0.05]
        for k in dead:
            del self.series[k]

    def state(self) -> dict[str, Any]:
        return {"version": 1, "bucket": self.bucket,
                "series": [[k[0], k[1], k[2], s.label, s.mean, s.var, s.bucket, s.count] for k, s in self.series.items()]}

    @classmethod
    def from_state(cls, d: dict[str, Any], options: TrendOptions = TrendOptions()) -> "TrendDetector":
        t = cls(options)
        t.bucket = d.get("bucket")
        for kind, key, sec, label, mean, var, bucket, count in d.get("series", []):
            t.series[(kind, key, sec)] = _Series(label, kind, mean, var, bucket, count)
        return t
