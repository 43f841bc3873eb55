"""A draft's voice profile: the measurable habits the expression-DNA study describes.

Everything comes from the linter's own pipeline (``text.parse`` blocks and sentences, the
engine's diagnostics, ``text.readability``), so the profile of a draft and the author's
baseline are measured exactly the same way. Term lists live in data: the rule pack's TOML
files and ``markers.toml`` beside this module.

Two kinds of measurement, kept apart so the score can be monotone in slop:
- *findings*: every diagnostic, counted per rule and weighted by its severity (hard findings,
  errors and warnings, weigh 1; soft ones, info and hints, less). Any rule, new ones included.
- *style*: rhythm, readability and habits, measured on the *clean* sentences only, those no
  finding lies inside. A flagged sentence is charged through its findings, never a second time
  through the style metrics, so adding one cannot make the style look more like the author.
"""

from __future__ import annotations

import bisect
import dataclasses
import statistics
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..engine import Diagnostic, RuleSet, lint_document
from ..kinds.phrases import phrases_pattern
from ..kinds.timed_regex import TimedPattern, compile_regex
from ..packs import builtin_rules
from ..text import readability
from ..text.parse import parse
from ..text.prose import Document

PROSE_KINDS = ("paragraph", "list_item", "blockquote")
READABILITY_MIN_WORDS = 20
HYPE, FILLER = "karpathy.hype", "karpathy.ai-filler"
JARGON = ("karpathy.plain-verbs", "karpathy.corporate-jargon")
SENTENCE_BINS = (5, 10, 15, 20, 25, 30, 35, 40, 50)  # upper bounds (words); the last bin is 51+
# What one finding weighs, by severity: hard signals (errors, warnings) count in full, soft ones
# (info, hints: words he also uses, style nudges) a fraction, so one soft finding never costs what
# several hard ones do.
SEVERITY_WEIGHT = {"error": 1.0, "warning": 1.0, "info": 0.3, "hint": 0.1}
SOFT_WEIGHT = 0.3  # a soft entry (a word he uses too) weighs as an info finding, in a cluster or not
LONGFORM, TWEETS = "longform", "tweets"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    spec: str  # the study section it traces to
    drift: str  # "high": only high values drift from the voice, "low": only low ones, "both"
    weight: float  # 0: shown in the report, not scored
    advice: str
    source: str = LONGFORM  # which of his writing the baseline takes the metric from


# The style metrics, in display order; findings get one item per rule (``rule_metric``).
# Weight 0 marks metrics that do not separate his long-form from off-voice prose (measured with
# scripts/score_separation.py --metrics): shown for the writer, not scored.
METRICS: tuple[Metric, ...] = (
    Metric("sentence_median", "median sentence length", "words", "3.2", "both", 0.0,
           "Break long sentences; give the key line its own sentence."),
    Metric("sentence_p90", "long sentences (90th percentile)", "words", "3.2", "high", 0.0,
           "Split the longest sentences in two."),
    Metric("sentence_spread", "sentence-length variation", "words", "3.2", "low", 1.0,
           "Vary the rhythm: a long explaining sentence, then a short one."),
    Metric("one_line_share", "one-line paragraphs", "share", "3.2, 9", "low", 0.0,
           "Give a punchline its own paragraph (\"Strap in.\")."),
    Metric("paragraph_spread", "paragraph-length variation", "ratio", "3.2, 9", "low", 1.0,
           "Mix paragraph sizes: a one-liner between longer ones."),
    Metric("clean_share", "prose free of findings", "share", "3.1, 2.4", "low", 2.0,
           "Most of his sentences trip no rule: fix the flagged ones (see the findings)."),
    Metric("hedge_rate", "hedged opinions and predictions", "share", "1.3, 1.4, 5", "low", 1.0,
           "Mark guesses as guesses: imo, I think, I kind of feel like."),
    Metric("numbers_per_100", "concrete numbers", "per 100 words", "3.3, 8", "low", 1.0,
           "Give the measurement: 3e-4, ~300 lines, 2X, 40%."),
    Metric("flesch", "reading ease (Flesch)", "score", "3.1-3.3", "low", 0.5,
           "Shorter words and sentences read easier."),
    Metric("grade", "grade level (Flesch-Kincaid)", "grade", "3.1-3.3", "high", 0.5,
           "Shorter words and sentences lower the grade."),
    Metric("analogy_rate", "analogy framing", "per 100 sentences", "1.5, 2", "low", 0.0,
           "Explain with a spoken analogy: it's kind of like ..., in some sense ..."),
    Metric("plain_verb_ratio", "plain verbs vs jargon", "share", "3.1", "low", 0.0,
           "Swap business verbs and jargon for plain ones (use, help, start)."),
)
LEGACY_KEYS = {HYPE: "hype_density", FILLER: "filler_density"}  # the report's and the JSON's names for these rules
LEGACY_LABELS = {HYPE: "hype", FILLER: "AI filler"}


def rule_key(rule_id: str) -> str:
    return LEGACY_KEYS.get(rule_id, f"rule:{rule_id}")


def rule_metric(rule_id: str, spec: str) -> Metric:
    """A rule's findings per 100 words; its points come from the findings part of the score."""
    return Metric(rule_key(rule_id), LEGACY_LABELS.get(rule_id, f"{rule_id} findings"), "per 100 words", spec,
                  "high", 1.0, f"See `vibelint explain {rule_id}`.")


@dataclass
class Finding:
    """One rule's findings in a draft."""

    count: int
    weight: float  # the sum of their severity weights
    severity_weight: float  # what one finding of this rule weighs as configured (for the author's expected count)


@dataclass
class Profile:
    """One draft's measurements. ``values[key]`` is None when the draft gives no basis for it."""

    words: int
    sentences: list[int]  # sentence lengths in words (all prose sentences, flagged or not)
    values: dict[str, float | None]
    metrics: dict[str, Metric]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    findings: dict[str, Finding] = field(default_factory=dict)  # active rule id -> its findings (zero included)
    clean_sentences: int = 0

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
    claims: TimedPattern
    hedges: TimedPattern
    analogies: TimedPattern
    plain: TimedPattern
    numbers: TimedPattern


def _rule_options(rule_id: str) -> dict:
    return next(r.options for r in builtin_rules() if r.id == rule_id)


@lru_cache(maxsize=1)
def markers() -> _Markers:
    data = tomllib.loads(resources.files(__package__).joinpath("markers.toml").read_text(encoding="utf-8"))
    hedge_terms = _rule_options("karpathy.hedge-stacking")["terms"]
    verbs = _rule_options("karpathy.plain-verbs")
    plain = {choice.strip() for table in ("swap", "suggest") for value in verbs.get(table, {}).values()
             for choice in value.split("|")} | set(data["plain-verbs"])

    def either(patterns: list[str]) -> TimedPattern:
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


class _Spans:
    """The findings' source spans, sorted, to ask whether one lies inside a sentence (bisect, not a scan)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted((start, end) for start, end in spans if end > start)
        self.starts = [a for a, _ in self.spans]

    def inside(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] <= end:
                return True
            i += 1
        return False


def profile_document(doc: Document, diagnostics: list[Diagnostic], ruleset: RuleSet) -> Profile:
    """Measure an already linted document (the language server reuses its lint)."""
    m = markers()
    prose = [b for b in doc.blocks if b.kind in PROSE_KINDS]
    active = {r.id: r for r in ruleset.rules}
    # soft entries count as soft findings wherever they occur, clustered or not: a cluster is a
    # density that an added sentence can dilute, and the score must never rise when slop is added
    soft = {rid: set(_soft_matches(rule, doc, ruleset)) for rid, rule in active.items()}
    # a sentence is clean without a hard finding or a soft match in it; whether a soft match is
    # also a (clustered) finding depends on the rest of the draft, and must not change which
    # sentences the style is measured on when a sentence is added elsewhere. Nor does a finding about
    # the whole draft's shape (a document check: "no short paragraph"), which points at one sentence
    # but is about all of them: a short slop paragraph added anywhere would make that sentence clean.
    shape = {rid for rid, rule in active.items() if rule.check.scope == "document"}
    spans = _Spans([(d.start, d.end) for d in diagnostics
                    if d.rule not in shape and (d.start, d.end) not in soft.get(d.rule, ())]
                   + [span for found in soft.values() for span in found])
    all_lengths: list[int] = []
    lengths: list[int] = []  # clean sentences only
    paragraphs: list[int] = []  # clean sentences per paragraph that has any
    texts: list[str] = []
    claims = hedged = analogies = 0
    for block in prose:
        clean = 0
        for s in block.sentences:
            all_lengths.append(s.words)
            start, end = block.start + s.start, block.start + s.end
            if spans.inside(start, end):  # a finding lies inside: not clean
                continue
            clean += 1
            lengths.append(s.words)
            text = block.text[s.start:s.end]
            texts.append(text)
            is_hedged = bool(m.hedges.search(text))
            if is_hedged or m.claims.search(text):
                claims += 1
                hedged += is_hedged
            analogies += len(m.analogies.findall(text))
        if clean:
            paragraphs.append(clean)
    clean_text = "\n\n".join(texts)
    clean_words = sum(lengths)
    numbers = len(m.numbers.findall(clean_text))
    findings = {rid: Finding(0, 0.0, SEVERITY_WEIGHT.get(rule.severity, 1.0)) for rid, rule in active.items()}
    for rid, soft_spans in soft.items():
        if soft_spans:
            findings[rid].count += len(soft_spans)
            findings[rid].weight += SOFT_WEIGHT * len(soft_spans)
    for d in diagnostics:
        if (d.start, d.end) in soft.get(d.rule, ()):
            continue  # counted above
        found = findings.setdefault(d.rule, Finding(0, 0.0, SEVERITY_WEIGHT.get(d.severity, 1.0)))
        found.count += 1
        found.weight += SEVERITY_WEIGHT.get(d.severity, 1.0)
    words = doc.words
    jargon = sum(findings[r].count for r in JARGON if r in findings)
    plain = sum(len(m.plain.findall(b.text)) for b in prose)
    readable = clean_words >= READABILITY_MIN_WORDS
    values: dict[str, float | None] = {
        "sentence_median": statistics.median(lengths) if lengths else None,
        "sentence_p90": percentile(lengths, 90) if lengths else None,
        "sentence_spread": statistics.pstdev(lengths) if len(lengths) >= 3 else None,
        "one_line_share": sum(n == 1 for n in paragraphs) / len(paragraphs) if paragraphs else None,
        "paragraph_spread": _cv(paragraphs) if len(paragraphs) >= 3 else None,
        "clean_share": clean_words / sum(all_lengths) if sum(all_lengths) else None,
        "hedge_rate": hedged / claims if claims else None,
        "numbers_per_100": 100 * numbers / clean_words if clean_words else None,
        "flesch": readability.score(clean_text, "flesch-reading-ease") if readable else None,
        "grade": readability.score(clean_text, "grade-level") if readable else None,
        "analogy_rate": 100 * analogies / len(lengths) if lengths else None,
        "plain_verb_ratio": plain / (plain + jargon) if (plain + jargon) and any(r in active for r in JARGON) else None,
    }
    metrics = {metric.key: metric for metric in METRICS}
    for rule_id in sorted(findings):
        rule = active.get(rule_id)
        metric = rule_metric(rule_id, rule.spec.split(" ", 1)[0] if rule is not None and rule.spec else "")
        metrics[metric.key] = metric
        values[metric.key] = 100 * findings[rule_id].count / words if words else None
    return Profile(words, all_lengths, values, metrics, diagnostics, findings, len(lengths))


def _cv(values: list[int]) -> float:
    mean = statistics.mean(values)
    return statistics.pstdev(values) / mean if mean else 0.0


def _soft_matches(rule, doc: Document, ruleset: RuleSet) -> list[tuple[int, int]]:
    """A rule's soft-entry matches (``kinds.soft``), or none for a rule without soft entries."""
    check = rule.check
    soft = getattr(check, "soft", None)
    if soft is None:
        return []
    scoped = dataclasses.replace(doc, blocks=[b for b in doc.blocks if rule.reads(b)]) if rule.scope else doc
    return soft.matches(scoped, ruleset.context, getattr(check, "matcher", None))


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, as in ``scripts/calibrate.py``."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


__all__ = [
    "METRICS",
    "Finding",
    "Metric",
    "Profile",
    "percentile",
    "profile_document",
    "profile_text",
    "sentence_histogram",
]
