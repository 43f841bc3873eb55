"""The voice score: 0-100, the points a draft loses for its findings and for style far from the author.

Two parts, both read against ``baseline.json`` (built from his own writing by ``baseline.py``):

- **Findings.** Every diagnostic counts, by rule id and severity weight (``profile.SEVERITY_WEIGHT``):
  a rule's *excess* is its weighted findings beyond what the author's own rate for that rule
  predicts for this many words. The excesses add up to ``E`` and cost ``FINDING_POINTS * ln(1 + E)``
  points, shared among the rules in proportion. The cost grows with every finding and never
  saturates, so 21 warnings always cost more than 6, and one soft finding (weight 0.3) costs a
  fraction of one hard one. New rules are scored the moment they exist (a rule missing from the
  baseline has rate 0 until the baseline is rebuilt).
- **Style.** For each style metric the baseline holds the author's value on each of his documents.
  A draft's value gets a *tail share*: the share of his documents at least as far out in the
  drifting direction (mid-rank ties; two-sided metrics double the nearer tail). Inside his usual
  range (tail share >= ``USUAL``) a metric costs nothing; beyond it the cost grows linearly to
  ``POINTS`` x its weight at his most extreme document and past it.

Style is measured on clean sentences only (see ``profile``), so adding a sentence with a finding
leaves every style value as it was and adds findings: the score never goes up (a property test).
Nothing here is fitted to off-voice drafts: the inputs are the baseline and the constants below.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .profile import Metric, Profile, percentile, rule_key

USUAL = 0.2  # tail share above which a value is inside the author's usual range (his central 80%)
POINTS = 10.0  # points a weight-1 style metric costs when fully outside the author's range
# Points per unit of log excess: the first hard finding beyond his rate costs 5.5 points,
# ten cost 19, a hundred 37; each further one costs less, but always something.
FINDING_POINTS = 8.0
BASELINE_SCHEMA = "vibelint.voice-baseline/2"


@dataclass
class Baseline:
    source: str
    histogram: list[float]  # the author's sentence-length distribution (shares per bin)
    metrics: dict[str, list[float]]  # style metric key -> his sorted per-document values
    rule_rates: dict[str, float]  # rule id -> his findings per word
    units: dict[str, int] = dc_field(default_factory=dict)  # source -> documents (or tweets-days) measured
    sources: dict[str, str] = dc_field(default_factory=dict)  # metric key or rule id -> the source it comes from

    @property
    def days(self) -> int:
        """Documents behind the style metrics (kept for callers of the first schema)."""
        return sum(self.units.values())

    @classmethod
    def from_json(cls, data: dict) -> Baseline:
        """From ``baseline.json``'s content, validated (a stale schema or a hand-edited file fails here, by name)."""
        file = BaselineFile.model_validate(data)
        return cls(file.source, file.sentence_histogram, file.metrics, file.rule_rates, file.units, file.sources)


class BaselineFile(BaseModel):
    """The shape of ``baseline.json`` (schema 2), as ``baseline.build`` writes it."""

    model_config = ConfigDict(extra="ignore")
    schema_: Literal["vibelint.voice-baseline/2"] = Field(alias="schema")
    source: str
    units: dict[str, int]
    sentence_histogram: list[float]
    sources: dict[str, str]
    rule_rates: dict[str, Annotated[float, Field(ge=0)]]
    metrics: dict[str, list[float]]


@lru_cache(maxsize=1)
def shipped_baseline() -> Baseline:
    text = resources.files(__package__).joinpath("baseline.json").read_text(encoding="utf-8")
    return Baseline.from_json(json.loads(text))


def baseline_of(ruleset) -> Baseline:
    """The baseline a rule set's drafts are scored against: its voice file's writer, else the author's."""
    voice = getattr(ruleset, "voice", None)
    return voice.baseline if voice is not None else shipped_baseline()


@dataclass
class Item:
    """One metric (or one rule's findings) of a draft, against the author."""

    metric: Metric
    value: float | None
    tail: float | None  # style: share of his documents at least this far out; findings: None
    cost: float  # 0..1 of the metric's weight; for findings, this rule's share of the findings points
    points: float  # score points this item takes away
    median: float | None  # style: his median; findings: his rate per 100 words
    usual: tuple[float, float] | None  # the author's 10th-90th percentile
    pooled: bool = False  # a findings item: value and median are rates per 100 words, not per-document values
    excess: float = 0.0  # findings: weighted findings beyond his expected count

    @property
    def scored(self) -> bool:
        return self.value is not None and (self.pooled or (self.tail is not None and self.metric.weight > 0))


@dataclass
class Score:
    score: int
    items: list[Item]

    def drifts(self, limit: int = 3) -> list[Item]:
        """The items costing the most points, biggest first."""
        costly = sorted((i for i in self.items if i.points > 0.05), key=lambda i: -i.points)
        return costly[:limit]


def tail_share(values: list[float], x: float, drift: str) -> float:
    """Share of the author's documents at least as far out as ``x`` in the drifting direction (mid-rank ties)."""
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


def cost_of(tail: float) -> float:
    return max(0.0, min(1.0, (USUAL - tail) / USUAL))


def findings_points(excess: float) -> float:
    """Points for a total weighted excess: increasing, concave, unbounded (capped only by the score's floor)."""
    return FINDING_POINTS * math.log1p(max(0.0, excess))


def score_profile(profile: Profile, baseline: Baseline | None = None) -> Score:
    baseline = baseline or shipped_baseline()
    items: list[Item] = []
    excesses: dict[str, float] = {}
    for rule_id, found in profile.findings.items():
        expected = baseline.rule_rates.get(rule_id, 0.0) * profile.words * found.severity_weight
        excesses[rule_id] = max(0.0, found.weight - expected)
    total = sum(excesses.values())
    lost_to_findings = findings_points(total)
    rule_of_key = {rule_key(rule_id): rule_id for rule_id in profile.findings}
    for key, metric in profile.metrics.items():
        value = profile.values.get(key)
        if key in rule_of_key:
            rule_id = rule_of_key[key]
            share = excesses[rule_id] / total if total else 0.0
            rate = 100 * baseline.rule_rates.get(rule_id, 0.0)
            items.append(Item(metric, value, None, share, lost_to_findings * share, rate, (0.0, rate), True,
                              excesses[rule_id]))
            continue
        days = baseline.metrics.get(key)
        if value is None or not days:
            items.append(Item(metric, value, None, 0.0, 0.0, percentile(days, 50) if days else None,
                              (percentile(days, 10), percentile(days, 90)) if days else None))
            continue
        tail = tail_share(days, value, metric.drift)
        cost = cost_of(tail)
        items.append(Item(metric, value, tail, cost, POINTS * metric.weight * cost, percentile(days, 50),
                          (percentile(days, 10), percentile(days, 90))))
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
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:.1f}"


def describe_drift(item: Item) -> str:
    """'hype 1.20 per 100 words (author 0.00 per 100 words; 3.0 findings beyond his rate)'."""
    metric = item.metric
    if item.pooled:
        return (f"{metric.label} {format_value(item.value, metric.unit)} "
                f"(author {format_value(item.median, metric.unit)}; "
                f"{item.excess:.1f} weighted findings beyond his rate)")
    direction = {"high": "high", "low": "low"}.get(metric.drift, "far out")
    tail = item.tail or 0.0
    percent = "<1%" if 0 < tail < 0.005 else f"{100 * tail:.0f}%"
    median = format_value(item.median, metric.unit).replace(f" {metric.unit}", "")
    share = "none of his documents" if tail == 0 else f"{percent} of his documents"
    return f"{metric.label} {format_value(item.value, metric.unit)} (author median {median}; {share} this {direction})"


def summary_line(result: Score) -> str:
    drifts = result.drifts()
    if not drifts:
        return f"{result.score}/100 — no drifts from the author's usual range"
    return f"{result.score}/100 — drifts: " + "; ".join(describe_drift(i) for i in drifts)


def to_json(profile: Profile, result: Score, path: str, voice=None) -> dict:
    """One draft's score as JSON; with a voice file, ``voice`` names its writer and file."""
    author = voice.baseline if voice is not None else shipped_baseline()
    data = {
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
             "tail_share": _round(i.tail), "tail_from": "findings beyond his rate" if i.pooled else "documents",
             "excess": _round(i.excess) if i.pooled else None,
             "points_lost": _round(i.points)}
            for i in result.items
        ],
        "sentence_histogram": {"draft": [_round(v) for v in profile.histogram],
                               "author": [_round(v) for v in author.histogram]},
    }
    if voice is not None:
        data["voice"] = {"writer": voice.writer, "file": voice.path}
    return data


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
