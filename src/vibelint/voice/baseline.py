"""Build the author's baseline from the tweet corpus: every metric's value on every tweets-day.

A tweets-day is the author's tweets of one date, one paragraph each, as one Markdown draft.
Days shorter than ``MIN_WORDS`` are left out: a one-line day says nothing about sentence
spread or hedging. ``scripts/build_baseline.py`` writes the result to ``baseline.json``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..engine import RuleSet
from .profile import Profile, profile_text, sentence_histogram
from .score import BASELINE_SCHEMA

MIN_WORDS = 30
AUTHOR = "karpathy"


def author_days(corpus: Path, author: str = AUTHOR) -> dict[str, str]:
    """date -> that day's tweets joined as Markdown paragraphs, in corpus order."""
    days: dict[str, list[str]] = defaultdict(list)
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                tweet = json.loads(line)
                if tweet["author"] == author:
                    days[tweet["date"]].append(tweet["text"].strip())
    return {date: "\n\n".join(texts) + "\n" for date, texts in sorted(days.items())}


def profile_days(days: dict[str, str], ruleset: RuleSet) -> dict[str, Profile]:
    return {date: profile_text(text, f"{date}.md", ruleset) for date, text in days.items()}


def build(profiles: dict[str, Profile], source: str) -> dict:
    """The baseline data file's content from the profiles of the author's days."""
    kept = [p for p in profiles.values() if p.words >= MIN_WORDS]
    keys = list(dict.fromkeys(k for p in kept for k in p.values))
    metrics = {k: sorted(round(float(p.values[k]), 4) for p in kept if p.values.get(k) is not None) for k in keys}
    sentences = [n for p in kept for n in p.sentences]
    # the author's pooled rate of each rare event: findings over exposure (words, or plain verbs + jargon)
    rates = {}
    for key in keys:
        pairs = [p.events[key] for p in kept if key in p.events]
        exposure = sum(e for _, e in pairs)
        if pairs and exposure:
            rates[key] = round(sum(k for k, _ in pairs) / exposure, 8)
    return {
        "schema": BASELINE_SCHEMA,
        "source": f"{source}: {len(profiles)} days of @{AUTHOR} tweets, {len(kept)} with {MIN_WORDS}+ words",
        "days": len(kept),
        "min_words": MIN_WORDS,
        "sentence_histogram": [round(v, 4) for v in sentence_histogram(sentences)],
        "event_rates": rates,
        "metrics": metrics,
    }


def dumps(data: dict) -> str:
    """One metric per line: small diffs when the corpus or a rule changes."""
    head = {k: v for k, v in data.items() if k != "metrics"}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "metrics": {')
    items = list(data["metrics"].items())
    for i, (key, values) in enumerate(items):
        lines.append(f"    {json.dumps(key)}: {json.dumps(values)}{',' if i < len(items) - 1 else ''}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)
