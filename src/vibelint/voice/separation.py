"""How well the score separates the author's own days from off-voice drafts (ROC AUC, distributions).

Two views, both printed by ``scripts/score_separation.py``:
- in-sample: every tweets-day scored against the shipped baseline, which those days built;
- held out (2-fold): days split by alternate dates; each half is scored against a baseline
  built from the other half only, so a day never meets its own values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine import RuleSet
from .baseline import MIN_WORDS, author_days, build, profile_days
from .profile import Profile, percentile, profile_text
from .score import Baseline, score_profile


def auc(positives: list[float], negatives: list[float]) -> float:
    """ROC AUC: the chance that a random positive scores above a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


@dataclass
class Separation:
    days: dict[str, int]  # date -> score (shipped baseline), days of MIN_WORDS+ words
    short_days: dict[str, int]  # shorter days, scored too, reported apart
    held_out: dict[str, int]  # date -> score against the other half's baseline
    drafts: dict[str, int]  # draft name -> score (shipped baseline)
    drafts_held_out: list[int]  # each draft against each half's baseline

    @property
    def auc(self) -> float:
        return auc(list(self.days.values()), list(self.drafts.values()))

    @property
    def held_out_auc(self) -> float:
        return auc(list(self.held_out.values()), self.drafts_held_out)


def measure(corpus: Path, drafts_dir: Path, ruleset: RuleSet, shipped: Baseline) -> Separation:
    profiles = profile_days(author_days(corpus), ruleset)
    long_days = {d: p for d, p in profiles.items() if p.words >= MIN_WORDS}
    short_days = {d: p for d, p in profiles.items() if p.words < MIN_WORDS}
    drafts = {f.name: profile_text(f.read_text(encoding="utf-8"), f.name, ruleset) for f in sorted(drafts_dir.glob("*.md"))}
    dates = sorted(long_days)
    halves = [dates[0::2], dates[1::2]]
    held_out: dict[str, int] = {}
    drafts_held_out: list[int] = []
    for i, half in enumerate(halves):
        other = {d: long_days[d] for d in halves[1 - i]}
        baseline = Baseline.from_json(build(other, "half"))
        held_out.update({d: _score(long_days[d], baseline) for d in half})
        drafts_held_out += [_score(p, baseline) for p in drafts.values()]
    return Separation(
        days={d: _score(p, shipped) for d, p in long_days.items()},
        short_days={d: _score(p, shipped) for d, p in short_days.items()},
        held_out=held_out,
        drafts={name: _score(p, shipped) for name, p in drafts.items()},
        drafts_held_out=drafts_held_out,
    )


def _score(profile: Profile, baseline: Baseline) -> int:
    return score_profile(profile, baseline).score


def distribution(scores: list[int]) -> str:
    if not scores:
        return "(none)"
    return (f"n={len(scores):<4} min {min(scores):>3}  p10 {percentile(scores, 10):>5.1f}  "
            f"median {percentile(scores, 50):>5.1f}  p90 {percentile(scores, 90):>5.1f}  max {max(scores):>3}")


def report(sep: Separation) -> str:
    styles: dict[str, list[int]] = {}
    for name, score in sep.drafts.items():
        styles.setdefault(name.split("-", 1)[0], []).append(score)
    author_median = percentile(list(sep.days.values()), 50)
    worst_gap = max(sep.drafts.values()) if sep.drafts else 0
    lines = [
        f"author tweets-days ({MIN_WORDS}+ words)   {distribution(list(sep.days.values()))}",
        f"author tweets-days (< {MIN_WORDS} words)  {distribution(list(sep.short_days.values()))}",
        f"author days, held out (2-fold)  {distribution(list(sep.held_out.values()))}",
        f"off-voice drafts (all)          {distribution(list(sep.drafts.values()))}",
    ]
    lines += [f"  {style:<29} {distribution(scores)}" for style, scores in sorted(styles.items())]
    lines += [
        f"ROC AUC, author days vs off-voice drafts:  {sep.auc:.3f} (in-sample), {sep.held_out_auc:.3f} (held out)",
        f"best off-voice draft {worst_gap} vs author median {author_median:.0f}: "
        f"{'every draft below the median' if worst_gap < author_median else 'NOT all below the median'}",
    ]
    lines += [f"  {score:>3}  {name}" for name, score in sorted(sep.drafts.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)
