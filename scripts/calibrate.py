#!/usr/bin/env python3
"""Calibrate the karpathy pack's thresholds on the author's own tweets, and print the corpus figures.

    python scripts/calibrate.py            # print thresholds and figures
    python scripts/calibrate.py --write    # also write the thresholds into rules/karpathy/*.toml
    python scripts/calibrate.py --check    # exit 1 if the rule files disagree with the corpus

Thresholds are high percentiles of the author's own distribution (he rarely goes past them, so
the rules stay quiet on his writing and speak up on drafts that drift):
- long-sentence: the 99th percentile of his sentence lengths (words);
- wall-of-text: the 99th percentile of his paragraph lengths (sentences);
- readability: the 1st percentile of Flesch reading ease over his paragraphs of 60+ words.
Figures: warning-or-worse diagnostics per 1,000 words on ../shared/corpus/karpathy_en.md (must be
at most 3) and on tests/data/jargon_draft.md (must be at least 20).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import lint, severity_rank  # noqa: E402
from vibelint.text import readability  # noqa: E402
from vibelint.text.parse import parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
JARGON_DRAFT = ROOT / "tests" / "data" / "jargon_draft.md"
READABILITY_MIN_WORDS = 60
MARKER = "# calibrated: scripts/calibrate.py"
PROSE = {"paragraph", "list_item", "blockquote"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def author_texts() -> list[str]:
    with open(CORPUS / "tweets.jsonl", encoding="utf-8") as handle:
        tweets = [json.loads(line) for line in handle]
    return [t["text"] for t in tweets if t["author"] == "karpathy"]


def thresholds() -> dict[str, tuple[str, float, str]]:
    """rule id -> (option key, value, how it was derived)."""
    sentence_words, paragraph_sentences, ease = [], [], []
    for text in author_texts():
        for block in parse(text).blocks:
            if block.kind not in PROSE:
                continue
            sentence_words += [s.words for s in block.sentences]
            paragraph_sentences.append(len(block.sentences))
            if block.words >= READABILITY_MIN_WORDS:
                ease.append(readability.score(block.text, "flesch-reading-ease"))
    return {
        "karpathy.long-sentence": ("max", math.ceil(percentile(sentence_words, 99)),
                                   f"p99 of {len(sentence_words)} sentences (median {percentile(sentence_words, 50):.0f} words)"),
        "karpathy.wall-of-text": ("max", math.ceil(percentile(paragraph_sentences, 99)),
                                  f"p99 of {len(paragraph_sentences)} paragraphs (median {percentile(paragraph_sentences, 50):.0f} sentences)"),
        "karpathy.readability": ("min", math.floor(percentile(ease, 1)),
                                 f"p1 of {len(ease)} paragraphs of {READABILITY_MIN_WORDS}+ words (median {percentile(ease, 50):.0f})"),
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
    for label, path in (("author corpus", CORPUS / "karpathy_en.md"), ("jargon draft", JARGON_DRAFT)):
        rate, count, words = per_thousand_words(path)
        print(f"{label:<14} {rate:6.2f} warnings+ per 1,000 words ({count} in {words} words: {path.name})")
    return 1 if args.check and mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
