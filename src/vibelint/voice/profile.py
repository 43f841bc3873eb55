"""A draft's voice profile: the measurable habits the expression-DNA study describes.

Everything comes from the linter's own pipeline (``text.parse`` blocks and sentences, the
engine's diagnostics, ``text.readability``), so the profile of a draft and the author's
baseline are measured exactly the same way. Term lists live in data: the rule pack's TOML
files and ``markers.toml`` beside this module.
"""

from __future__ import annotations

import statistics
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from ..engine import Diagnostic, RuleSet, lint_document
from ..kinds.base import compile_regex, phrases_pattern
from ..packs import builtin_rules
from ..text import readability
from ..text.parse import parse
from ..text.prose import Document

PROSE_KINDS = ("paragraph", "list_item", "blockquote")
READABILITY_MIN_WORDS = 20
HYPE, FILLER = "karpathy.hype", "karpathy.ai-filler"
JARGON = ("karpathy.plain-verbs", "karpathy.corporate-jargon")
SENTENCE_BINS = (5, 10, 15, 20, 25, 30, 35, 40, 50)  # upper bounds (words); the last bin is 51+


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    spec: str  # the study section it traces to
    drift: str  # "high": only high values drift from the voice, "low": only low ones, "both"
    weight: float
    advice: str


# The metrics the score reads, in display order. Rule rates are added per rule (``rule_metric``).
METRICS: tuple[Metric, ...] = (
    Metric("sentence_median", "median sentence length", "words", "3.2", "both", 1.0,
           "Break long sentences; give the key line its own sentence."),
    Metric("sentence_p90", "long sentences (90th percentile)", "words", "3.2", "high", 1.0,
           "Split the longest sentences in two."),
    Metric("one_line_share", "one-line paragraphs", "share", "3.2, 9", "low", 1.0,
           "Give a punchline its own paragraph (\"Strap in.\")."),
    Metric("hedge_rate", "hedged opinions and predictions", "share", "1.3, 1.4, 5", "low", 1.0,
           "Mark guesses as guesses: imo, I think, I kind of feel like."),
    Metric("plain_verb_ratio", "plain verbs vs jargon", "share", "3.1", "low", 1.0,
           "Swap business verbs and jargon for plain ones (use, help, start)."),
    Metric("hype_density", "hype", "per 100 words", "6.1, 7", "high", 1.0,
           "Cut the hype words; give a number or an example instead."),
    Metric("filler_density", "AI filler", "per 100 words", "3.1, 2.4", "high", 1.0,
           "Cut chatbot filler (delve, tapestry, it's important to note)."),
    Metric("analogy_rate", "analogy framing", "per 100 sentences", "1.5, 2", "low", 1.0,
           "Explain with a spoken analogy: it's kind of like ..., in some sense ..."),
    Metric("numbers_per_100", "concrete numbers", "per 100 words", "3.3, 8", "low", 1.0,
           "Give the measurement: 3e-4, ~300 lines, 2X, 40%."),
    Metric("flesch", "reading ease (Flesch)", "score", "3.1-3.3", "low", 1.0,
           "Shorter words and sentences read easier."),
    Metric("grade", "grade level (Flesch-Kincaid)", "grade", "3.1-3.3", "high", 1.0,
           "Shorter words and sentences lower the grade."),
)
RULE_WEIGHT = 0.5  # each remaining rule's diagnostic rate
SAME_AS_DENSITY = frozenset((HYPE, FILLER))  # their rates are the hype and AI-filler metrics above


def rule_metric(rule_id: str, spec: str) -> Metric:
    """A rule's findings per 100 words; the jargon rules' rates are shown unweighted (the ratio counts them)."""
    weight = 0.0 if rule_id in JARGON else RULE_WEIGHT
    return Metric(f"rule:{rule_id}", f"{rule_id} findings", "per 100 words", spec, "high", weight,
                  f"See `vibelint explain {rule_id}`.")


@dataclass
class Profile:
    """One draft's measurements. ``values[key]`` is None when the draft gives no basis for it."""

    words: int
    sentences: list[int]  # sentence lengths in words (prose blocks)
    values: dict[str, float | None]
    metrics: dict[str, Metric]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # rare events behind "high" rate metrics: key -> (findings, exposure), scored against the author's pooled rate
    events: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def histogram(self) -> list[float]:
        return sentence_histogram(self.sentences)


def sentence_histogram(lengths: list[int]) -> list[float]:
    """Share of sentences per length bin (``SENTENCE_BINS`` plus one open bin)."""
    counts = [0] * (len(SENTENCE_BINS) + 1)
    for n in lengths:
        counts[next((i for i, top in enumerate(SENTENCE_BINS) if n <= top), len(SENTENCE_BINS))] += 1
    total = sum(counts) or 1
    return [c / total for c in counts]


@dataclass(frozen=True)
class _Markers:
    claims: regex.Pattern
    hedges: regex.Pattern
    analogies: regex.Pattern
    plain: regex.Pattern
    numbers: regex.Pattern


def _rule_options(rule_id: str) -> dict:
    return next(r.options for r in builtin_rules() if r.id == rule_id)


@lru_cache(maxsize=1)
def markers() -> _Markers:
    data = tomllib.loads(resources.files(__package__).joinpath("markers.toml").read_text(encoding="utf-8"))
    hedge_terms = _rule_options("karpathy.hedge-stacking")["terms"]
    verbs = _rule_options("karpathy.plain-verbs")
    plain = {choice.strip() for table in ("swap", "suggest") for value in verbs.get(table, {}).values()
             for choice in value.split("|")} | set(data["plain-verbs"])

    def either(patterns: list[str]) -> regex.Pattern:
        return compile_regex("|".join(f"(?:{p})" for p in patterns))

    return _Markers(
        claims=either(data["claims"]),
        hedges=either([phrases_pattern(hedge_terms), *data["hedges"]]),
        analogies=either(data["analogies"]),
        plain=compile_regex(phrases_pattern(sorted(plain))),
        numbers=compile_regex(data["numbers"]),
    )


def profile_text(source: str, path: str, ruleset: RuleSet) -> Profile:
    """Parse, lint and measure a draft."""
    doc = parse(source, path)
    return profile_document(doc, lint_document(doc, ruleset), ruleset)


def profile_document(doc: Document, diagnostics: list[Diagnostic], ruleset: RuleSet) -> Profile:
    """Measure an already linted document (the language server reuses its lint)."""
    m = markers()
    prose = [b for b in doc.blocks if b.kind in PROSE_KINDS]
    words = doc.words
    lengths: list[int] = []
    claims = hedged = analogies = plain = numbers = one_line = 0
    for block in doc.blocks:
        numbers += len(m.numbers.findall(block.text))
    for block in prose:
        sentences = block.sentences
        one_line += len(sentences) == 1
        for s in sentences:
            lengths.append(s.words)
            text = block.text[s.start:s.end]
            is_hedged = bool(m.hedges.search(text))
            if is_hedged or m.claims.search(text):
                claims += 1
                hedged += is_hedged
            analogies += len(m.analogies.findall(text))
        plain += len(m.plain.findall(block.text))
    active = {r.id: r for r in ruleset.rules}
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.rule] = counts.get(d.rule, 0) + 1

    def per_100(n: float) -> float | None:
        return 100 * n / words if words else None

    def rule_rate(rule_id: str) -> float | None:
        return per_100(counts.get(rule_id, 0)) if rule_id in active else None  # a rule turned off is not measured

    jargon = sum(counts.get(r, 0) for r in JARGON)
    prose_text = "\n\n".join(b.text for b in prose)
    prose_words = sum(b.words for b in prose)
    readable = prose_words >= READABILITY_MIN_WORDS
    values: dict[str, float | None] = {
        "sentence_median": statistics.median(lengths) if lengths else None,
        "sentence_p90": percentile(lengths, 90) if lengths else None,
        "one_line_share": one_line / len(prose) if prose else None,
        "hedge_rate": hedged / claims if claims else None,
        "plain_verb_ratio": plain / (plain + jargon) if (plain + jargon) and any(r in active for r in JARGON) else None,
        "hype_density": rule_rate(HYPE),
        "filler_density": rule_rate(FILLER),
        "analogy_rate": 100 * analogies / len(lengths) if lengths else None,
        "numbers_per_100": per_100(numbers),
        "flesch": readability.score(prose_text, "flesch-reading-ease") if readable else None,
        "grade": readability.score(prose_text, "grade-level") if readable else None,
    }
    metrics = {metric.key: metric for metric in METRICS}
    for rule in sorted(active.values(), key=lambda r: r.id):
        if rule.id in SAME_AS_DENSITY:
            continue
        metric = rule_metric(rule.id, rule.spec.split(" ", 1)[0])
        metrics[metric.key] = metric
        values[metric.key] = rule_rate(rule.id)
    events = {key: (counts.get(rule_id, 0), words) for key, rule_id in
              [("hype_density", HYPE), ("filler_density", FILLER)] + [(f"rule:{r}", r) for r in active]
              if values.get(key) is not None}
    if values["plain_verb_ratio"] is not None:
        events["plain_verb_ratio"] = (jargon, plain + jargon)
    return Profile(words, lengths, values, metrics, diagnostics, events)


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile, as in ``scripts/calibrate.py``."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


__all__ = ["METRICS", "Metric", "Profile", "profile_document", "profile_text", "percentile", "sentence_histogram"]
