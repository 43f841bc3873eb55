#!/usr/bin/env python3
"""Calibrate the karpathy pack's thresholds on the author's own writing, and print the corpus figures.

    python scripts/calibrate.py            # print thresholds and figures
    python scripts/calibrate.py --write    # also write the thresholds into rules/karpathy/*.toml
    python scripts/calibrate.py --check    # exit 1 if the rule files disagree with the corpus

Thresholds are high percentiles of the author's own distribution (he rarely goes past them, so
the rules stay quiet on his writing and speak up on drafts that drift). Each rule names its
source, the writing it is about:
- long-sentence (long-form): the 99.5th percentile of his sentence lengths in words, asides in
  parentheses not counted (his blog posts and course notes, ../shared/corpus/longform/kp_*.md);
- wall-of-text (long-form): the 99.5th percentile of sentences per paragraph over his paragraphs
  of 100+ words (shorter ones are stacked one-liners, his style);
- readability (long-form): the 1st percentile of Flesch reading ease over his paragraphs of 60+ words.
The long-form set is the one a blog post or README is compared with; his tweets are shorter
on every count, so thresholds from them flagged his own blog posts (1.8 warnings per 1,000 words).
Figures: warning-or-worse diagnostics per 1,000 words on his tweets (../shared/corpus/karpathy_en.md)
and on tests/data/jargon_draft.md; `python bench/fidelity.py` gives the whole table.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import lint, severity_rank  # noqa: E402
from vibelint.kinds.metric import words_outside_asides  # noqa: E402
from vibelint.text import readability  # noqa: E402
from vibelint.text.parse import parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
JARGON_DRAFT = ROOT / "tests" / "data" / "jargon_draft.md"
READABILITY_MIN_WORDS = 60
WALL_MIN_WORDS = 100
MARKER = "# calibrated: scripts/calibrate.py"
PROSE = {"paragraph", "list_item", "blockquote"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def longform_paths() -> list[Path]:
    return sorted((CORPUS / "longform").glob("kp_*.md"))


def thresholds() -> dict[str, tuple[str, float, str]]:
    """rule id -> (option key, value, how it was derived)."""
    sentence_words, paragraph_sentences, ease = [], [], []
    for path in longform_paths():
        for block in parse(path.read_text(encoding="utf-8"), str(path)).blocks:
            if block.kind not in PROSE:
                continue
            if block.kind == "blockquote":  # the metric rules do not read quoted passages (their scope)
                continue
            sentence_words += [words_outside_asides(block.text[s.start:s.end], s.words) for s in block.sentences]
            if block.words >= WALL_MIN_WORDS:
                paragraph_sentences.append(len(block.sentences))
            if block.words >= READABILITY_MIN_WORDS:
                ease.append(readability.score(block.text, "flesch-reading-ease"))
    files = f"{len(longform_paths())} long-form files"
    return {
        "karpathy.long-sentence": ("max", math.ceil(percentile(sentence_words, 99.5)),
                                   (f"p99.5 of {len(sentence_words)} sentences, asides not counted "
                                    f"(median {percentile(sentence_words, 50):.0f} words; {files})")),
        "karpathy.wall-of-text": ("max", math.ceil(percentile(paragraph_sentences, 99.5)),
                                  (f"p99.5 of {len(paragraph_sentences)} paragraphs of {WALL_MIN_WORDS}+ words "
                                   f"(median {percentile(paragraph_sentences, 50):.0f} sentences; {files})")),
        "karpathy.readability": ("min", math.floor(percentile(ease, 1)),
                                 (f"p1 of {len(ease)} paragraphs of {READABILITY_MIN_WORDS}+ words "
                                  f"(median {percentile(ease, 50):.0f}; {files})")),
    }


def rule_file(rule_id: str) -> Path:
    return ROOT / "rules" / rule_id.split(".")[0] / (rule_id.split(".", 1)[1] + ".toml")


def threshold_pattern(key: str) -> regex.Pattern:
    return regex.compile(rf"({regex.escape(MARKER)}[^\n]*\n\s*{key}\s*=\s*)(-?[\d.]+)")


def current_value(rule_id: str, key: str) -> float | None:
    m = threshold_pattern(key).search(rule_file(rule_id).read_text(encoding="utf-8"))
    return float(m.group(2)) if m else None


def write_value(rule_id: str, key: str, value: float) -> None:
    path = rule_file(rule_id)
    text = path.read_text(encoding="utf-8")
    new, n = threshold_pattern(key).subn(lambda m: f"{m.group(1)}{value:g}", text)
    if n != 1:
        raise SystemExit(f"{path}: no '{MARKER}' line above '{key} = ...'")
    path.write_text(new, encoding="utf-8")


def per_thousand_words(path: Path) -> tuple[float, int, int]:
    """(warning-or-worse diagnostics per 1,000 words, diagnostics, words) with the built-in pack."""
    cli = CliOptions()
    ruleset = load_config(None, cli).ruleset_for(None, cli)
    result = lint(path.read_text(encoding="utf-8"), str(path), ruleset)
    serious = [d for d in result.diagnostics if severity_rank(d.severity) <= severity_rank("warning")]
    words = result.document.words
    return 1000 * len(serious) / max(words, 1), len(serious), words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write thresholds into the rule files")
    parser.add_argument("--check", action="store_true", help="exit 1 if rule files disagree with the corpus")
    args = parser.parse_args()
    mismatched = []
    for rule_id, (key, value, how) in thresholds().items():
        current = current_value(rule_id, key)
        if args.write:
            write_value(rule_id, key, value)
            current = value
        status = "ok" if current == value else f"MISMATCH (rule file has {current})"
        if current != value:
            mismatched.append(rule_id)
        print(f"{rule_id:<24} {key} = {value:<4} {how}  [{status}]")
    for label, path in (("author tweets", CORPUS / "karpathy_en.md"), ("jargon draft", JARGON_DRAFT)):
        rate, count, words = per_thousand_words(path)
        print(f"{label:<14} {rate:6.2f} warnings+ per 1,000 words ({count} in {words} words: {path.name})")
    return 1 if args.check and mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
