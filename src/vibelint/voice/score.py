"""The voice score: 0-100, from how far each metric sits in the tail of the author's own days.

For each metric the baseline holds the author's value on every tweets-day (``baseline.json``).
A draft's value gets a *tail share*: the share of the author's days at least as far out in the
drifting direction (mid-rank for ties; two-sided metrics double the nearer tail). Inside the
author's usual range (tail share >= ``USUAL``) a metric costs nothing; beyond it the cost grows
linearly to the metric's full weight at the author's most extreme day and past it. A weight-1
metric fully out costs ``POINTS`` points (rule rates weigh 0.5); the score is 100 minus the points
lost, floored at 0, so each metric's contribution is exactly the points it takes away.
Nothing here is fitted to test drafts: the only inputs are the baseline and the equal weights.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .profile import Metric, Profile, percentile

USUAL = 0.2  # tail share above which a value is inside the author's usual range (his central 80%)
POINTS = 10.0  # points a weight-1 metric costs when fully outside the author's range
BASELINE_SCHEMA = "vibelint.voice-baseline/1"


@dataclass
class Baseline:
    days: int
    source: str
    histogram: list[float]  # the author's sentence-length distribution (shares per bin)
    metrics: dict[str, list[float]]  # metric key -> sorted per-day values
    event_rates: dict[str, float]  # rare-event metric key -> the author's pooled rate per unit of exposure

    @classmethod
    def from_json(cls, data: dict) -> "Baseline":
        return cls(data["days"], data["source"], data["sentence_histogram"], data["metrics"], data.get("event_rates", {}))


@lru_cache(maxsize=1)
def shipped_baseline() -> Baseline:
    text = resources.files(__package__).joinpath("baseline.json").read_text(encoding="utf-8")
    return Baseline.from_json(json.loads(text))


@dataclass
class Item:
    """One metric of a draft, against the author."""

    metric: Metric
    value: float | None
    tail: float | None  # share of the author's days at least this far out
    cost: float  # 0..1 of the metric's weight
    points: float  # score points this metric takes away
    median: float | None
    usual: tuple[float, float] | None  # the author's 10th-90th percentile
    pooled: bool = False  # tail is the Poisson chance at the author's pooled rate, not a share of his days

    @property
    def scored(self) -> bool:
        return self.value is not None and self.tail is not None


@dataclass
class Score:
    score: int
    items: list[Item]

    def drifts(self, limit: int = 3) -> list[Item]:
        """The metrics costing the most points, biggest first."""
        costly = sorted((i for i in self.items if i.points > 0.05), key=lambda i: -i.points)
        return costly[:limit]


def tail_share(values: list[float], x: float, drift: str) -> float:
    """Share of the author's days at least as far out as ``x`` in the drifting direction (mid-rank ties)."""
    n = len(values)
    below = bisect.bisect_left(values, x)
    equal = bisect.bisect_right(values, x) - below
    low = (below + equal / 2) / n  # share at or below x
    high = (n - below - equal + equal / 2) / n  # share at or above x
    if drift == "high":
        return high
    if drift == "low":
        return low
    return min(1.0, 2 * min(low, high))


def poisson_tail(k: int, mean: float) -> float:
    """Mid-p share of Poisson(mean) draws at least k: P(X > k) + P(X = k) / 2."""
    if mean <= 0:
        return 0.0 if k > 0 else 1.0
    pmf = [math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) for i in range(k + 1)]
    return max(0.0, 1.0 - sum(pmf[:k]) - pmf[k] / 2)


def cost_of(tail: float) -> float:
    return max(0.0, min(1.0, (USUAL - tail) / USUAL))


def score_profile(profile: Profile, baseline: Baseline | None = None) -> Score:
    baseline = baseline or shipped_baseline()
    raw: list[tuple[Metric, float | None, float | None, float, list[float] | None, bool]] = []
    for key, metric in profile.metrics.items():
        value = profile.values.get(key)
        days = baseline.metrics.get(key)
        if value is None or not days:
            raw.append((metric, value, None, 0.0, days, False))
            continue
        if key in profile.events and key in baseline.event_rates:
            # a count of rare findings: how likely is this many in this much text at the author's own rate?
            found, exposure = profile.events[key]
            tail = poisson_tail(found, baseline.event_rates[key] * exposure)
        else:
            tail = tail_share(days, value, metric.drift)
        raw.append((metric, value, tail, cost_of(tail), days, key in profile.events and key in baseline.event_rates))
    items = []
    for metric, value, tail, cost, days, pooled in raw:
        points = POINTS * metric.weight * cost
        items.append(Item(metric, value, tail, cost, points, percentile(days, 50) if days else None,
                          (percentile(days, 10), percentile(days, 90)) if days else None, pooled))
    lost = sum(i.points for i in items)
    return Score(max(0, min(100, round(100 - lost))), items)


def format_value(value: float | None, unit: str, short: bool = False) -> str:
    """A metric value with its unit; ``short`` writes rates as '0.85 /100 words' for tables."""
    if value is None:
        return "n/a"
    if unit == "share":
        return f"{100 * value:.0f}%"
    if unit == "words":
        return f"{value:.0f} words" if value == int(value) else f"{value:.1f} words"
    if unit in ("per 100 words", "per 100 sentences"):
        return f"{value:.2f} {unit.replace('per ', '/') if short else unit}"
    return f"{value:.1f}"


def describe_drift(item: Item) -> str:
    """'hype 1.20 per 100 words (author median 0.00; none of his days this high)'."""
    metric = item.metric
    direction = {"high": "high", "low": "low"}.get(metric.drift, "far out")
    tail = item.tail or 0.0
    percent = "<1%" if 0 < tail < 0.005 else f"{100 * tail:.0f}%"
    median = format_value(item.median, metric.unit).replace(f" {metric.unit}", "")
    if item.pooled:
        chance = "never at his rate" if tail == 0 else f"{percent} chance at his rate"
        return f"{metric.label} {format_value(item.value, metric.unit)} (author median {median}; {chance})"
    share = "none of his days" if tail == 0 else f"{percent} of his days"
    return f"{metric.label} {format_value(item.value, metric.unit)} (author median {median}; {share} this {direction})"


def summary_line(result: Score) -> str:
    drifts = result.drifts()
    if not drifts:
        return f"{result.score}/100 — no drifts from the author's usual range"
    return f"{result.score}/100 — drifts: " + "; ".join(describe_drift(i) for i in drifts)


def to_json(profile: Profile, result: Score, path: str) -> dict:
    return {
        "path": path,
        "score": result.score if profile.words else None,  # no prose, no score
        "words": profile.words,
        "sentences": len(profile.sentences),
        "drifts": [i.metric.key for i in result.drifts()],
        "metrics": [
            {"key": i.metric.key, "label": i.metric.label, "unit": i.metric.unit, "spec": i.metric.spec,
             "drift_direction": i.metric.drift, "weight": i.metric.weight,
             "value": _round(i.value), "baseline": {"median": _round(i.median),
                                                  "p10": _round(i.usual[0]) if i.usual else None,
                                                  "p90": _round(i.usual[1]) if i.usual else None},
             "tail_share": _round(i.tail), "tail_from": "pooled rate" if i.pooled else "days",
             "points_lost": _round(i.points)}
            for i in result.items
        ],
        "sentence_histogram": {"draft": [_round(v) for v in profile.histogram],
                               "author": [_round(v) for v in shipped_baseline().histogram]},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
