"""How well the score separates the author's long-form writing from off-voice prose (ROC AUC, medians).

Printed by ``scripts/score_separation.py``:
- in-sample: each of his documents (``kp_*.md``) scored against the baseline built from all of them;
- held out (k-fold): his documents split into k folds (every k-th by name); each fold is scored
  against a baseline built without it, and so are the off-voice documents, so a pair is always
  compared under one baseline and no document of his ever meets its own values;
- other writers (``../shared/corpus/authors/*``) against the full baseline: good plain prose that
  is not his should land between him and the off-voice set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import RuleSet
from .baseline import author_days, build, longform_documents, profile_all, profile_days
from .profile import Profile, percentile
from .score import Baseline, score_profile

OFF_GLOB = "dev_off_*.md"


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """ROC AUC: the chance that a random positive scores above a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    return _wins(positives, negatives) / (len(positives) * len(negatives))


def _wins(positives: Sequence[float], negatives: Sequence[float]) -> float:
    return sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)


@dataclass
class Separation:
    folds: int
    in_sample: dict[str, int]  # his document -> score against the full baseline
    held_out: dict[str, int]  # his document -> score against the baseline without its fold
    off: dict[str, int]  # off-voice document -> score against the full baseline
    held_out_auc: float  # pairs (his held-out document, off-voice document) under the same fold's baseline
    others: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> document -> score (full baseline)

    @property
    def auc(self) -> float:
        return auc(list(self.in_sample.values()), list(self.off.values()))


def folds_of(names: list[str], k: int) -> list[list[str]]:
    ordered = sorted(names)
    return [ordered[i::k] for i in range(min(k, len(ordered)))]


def measure(longform: Path, tweets: Path, ruleset: RuleSet, folds: int = 5,
            others: dict[str, list[Path]] | None = None) -> Separation:
    """Profile every document once, then score against the full baseline and each fold's."""
    own = profile_all(longform_documents(longform), ruleset)
    days = profile_days(author_days(tweets), ruleset)
    off = profile_all({p.name: p.read_text(encoding="utf-8") for p in sorted(longform.glob(OFF_GLOB))}, ruleset)
    full = Baseline.from_json(build(own, days))
    held_out: dict[str, int] = {}
    wins = pairs = 0.0
    for fold in folds_of(list(own), folds):
        baseline = Baseline.from_json(build({n: p for n, p in own.items() if n not in fold}, days))
        mine = [_score(own[n], baseline) for n in fold]
        theirs = [_score(p, baseline) for p in off.values()]
        held_out.update(zip(fold, mine, strict=True))
        wins += _wins(mine, theirs)
        pairs += len(mine) * len(theirs)
    other_scores: dict[str, dict[str, int]] = {}
    for group, paths in (others or {}).items():
        profiles = profile_all({str(p): p.read_text(encoding="utf-8") for p in paths}, ruleset)
        other_scores[group] = {p.name: _score(profiles[str(p)], full) for p in paths}
    return Separation(folds, {n: _score(p, full) for n, p in own.items()}, held_out,
                      {n: _score(p, full) for n, p in off.items()}, wins / pairs if pairs else float("nan"),
                      other_scores)


def _score(profile: Profile, baseline: Baseline) -> int:
    return score_profile(profile, baseline).score


def distribution(scores: list[int]) -> str:
    values = [float(s) for s in scores]
    if not scores:
        return "(none)"
    return (f"n={len(scores):<4} min {min(scores):>3}  p10 {percentile(values, 10):>5.1f}  "
            f"median {percentile(values, 50):>5.1f}  p90 {percentile(values, 90):>5.1f}  max {max(scores):>3}")


def report(sep: Separation, listing: bool = True) -> str:
    lines = [
        f"his long-form, in-sample          {distribution(list(sep.in_sample.values()))}",
        f"his long-form, held out ({sep.folds}-fold)  {distribution(list(sep.held_out.values()))}",
        f"off-voice (dev_off)               {distribution(list(sep.off.values()))}",
    ]
    lines += [f"  other: {group:<25} {distribution(list(scores.values()))}"
              for group, scores in sorted(sep.others.items())]
    lines.append(f"ROC AUC, his long-form vs off-voice: {sep.auc:.3f} (in-sample), "
                 f"{sep.held_out_auc:.3f} (held out, {sep.folds}-fold)")
    if listing:
        lowest = sorted(sep.held_out.items(), key=lambda kv: kv[1])[:5]
        highest = sorted(sep.off.items(), key=lambda kv: -kv[1])[:5]
        lines.append("his lowest (held out):  " + ", ".join(f"{n} {s}" for n, s in lowest))
        lines.append("off-voice highest:      " + ", ".join(f"{n} {s}" for n, s in highest))
    return "\n".join(lines)


def metric_separation(longform: Path, ruleset: RuleSet) -> str:
    """Each style metric alone: AUC of his documents over off-voice ones, oriented by the metric's drift.

    This is how the scored metrics were chosen (weight 0 for those near 0.5); the thresholds
    themselves come from his documents only.
    """
    from .profile import METRICS

    own = profile_all(longform_documents(longform), ruleset)
    off = profile_all({p.name: p.read_text(encoding="utf-8") for p in sorted(longform.glob(OFF_GLOB))}, ruleset)
    lines = [f"{'metric':<22} {'drift':<5} {'weight':>6} {'AUC':>6}  median his / off"]
    for metric in METRICS:
        mine = [v for p in own.values() if (v := p.values.get(metric.key)) is not None]
        theirs = [v for p in off.values() if (v := p.values.get(metric.key)) is not None]
        if not mine or not theirs:
            continue
        sign = -1 if metric.drift == "high" else 1  # "high" drifts: lower is more like him
        oriented = auc([sign * v for v in mine], [sign * v for v in theirs])
        if metric.drift == "both":
            oriented = max(oriented, 1 - oriented)
        lines.append(f"{metric.key:<22} {metric.drift:<5} {metric.weight:>6.1f} {oriented:>6.3f}  "
                     f"{percentile(mine, 50):.3g} / {percentile(theirs, 50):.3g}")
    words = {"his": sum(p.words for p in own.values()), "off": sum(p.words for p in off.values())}
    weighted = {"his": sum(f.weight for p in own.values() for f in p.findings.values()),
                "off": sum(f.weight for p in off.values() for f in p.findings.values())}
    lines.append("weighted findings per 1k words: " + ", ".join(f"{k} {1000 * weighted[k] / max(words[k], 1):.2f}"
                                                               for k in words))
    return "\n".join(lines)
