"""Build the author's baseline from his own writing: long-form documents and tweets.

Sources, per measurement (each metric's ``source`` in ``profile.METRICS``; recorded per key in
``baseline.json``):

- **Style metrics: long-form** (``../shared/corpus/longform/kp_*.md``: blog posts, course notes,
  READMEs). The score is for blog-length drafts; a tweets-day is tweets joined one per paragraph,
  so its rhythm (one-line paragraphs, paragraph spread, sentence spread) is the format's, and his
  hedging, numbers and readability differ between the two registers too. Each document is one
  value; nothing is pooled across documents.
- **Finding rates: both**, per rule the higher of his long-form rate and his tweets rate (findings
  per word, pooled). A rule he trips in either register at some rate is forgiven up to that rate;
  a rule he never trips (hard AI filler, say) costs from its first finding.

A tweets-day is his tweets of one date, one paragraph each. Days shorter than ``MIN_WORDS`` are
left out. ``scripts/build_baseline.py`` writes the result to ``baseline.json``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..engine import RuleSet
from .profile import (
    LONGFORM,
    METRICS,
    TWEETS,
    Profile,
    profile_text,
    sentence_histogram,
)
from .score import BASELINE_SCHEMA

MIN_WORDS = 30
AUTHOR = "karpathy"
LONGFORM_GLOB = "kp_*.md"


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


def longform_documents(folder: Path) -> dict[str, str]:
    """file name -> text of each of his long-form documents."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob(LONGFORM_GLOB))}


def profile_days(days: dict[str, str], ruleset: RuleSet) -> dict[str, Profile]:
    return {date: profile_text(text, f"{date}.md", ruleset) for date, text in days.items()}


def profile_all(texts: dict[str, str], ruleset: RuleSet) -> dict[str, Profile]:
    return {name: profile_text(text, name, ruleset) for name, text in texts.items()}


def rates_per_word(profiles: list[Profile]) -> dict[str, float]:
    """rule id -> findings per word, pooled over the profiles."""
    words = sum(p.words for p in profiles)
    counts: dict[str, int] = defaultdict(int)
    for p in profiles:
        for rule_id, found in p.findings.items():
            counts[rule_id] += found.count
    return {rule_id: n / words for rule_id, n in counts.items()} if words else {}


def build(longform: dict[str, Profile], tweets: dict[str, Profile], note: str = "") -> dict:
    """The baseline data file's content from the profiles of his documents and tweets-days."""
    days = [p for p in tweets.values() if p.words >= MIN_WORDS]
    docs = [p for p in longform.values() if p.words >= MIN_WORDS]
    units = {LONGFORM: docs, TWEETS: days}
    metrics, sources = {}, {}
    for metric in METRICS:
        values = [p.values.get(metric.key) for p in units[metric.source]]
        metrics[metric.key] = sorted(round(float(v), 4) for v in values if v is not None)
        sources[metric.key] = metric.source
    rates = {LONGFORM: rates_per_word(docs), TWEETS: rates_per_word(days)}
    rule_rates = {}
    for rule_id in sorted(set(rates[LONGFORM]) | set(rates[TWEETS])):
        source = max((LONGFORM, TWEETS), key=lambda s: rates[s].get(rule_id, 0.0))
        rule_rates[rule_id] = round(rates[source].get(rule_id, 0.0), 8)
        sources[rule_id] = source
    return {
        "schema": BASELINE_SCHEMA,
        "source": (f"{len(docs)} long-form documents of @{AUTHOR} ({sum(p.words for p in docs)} words) "
                   f"and {len(days)} days of his tweets with {MIN_WORDS}+ words{note}"),
        "units": {LONGFORM: len(docs), TWEETS: len(days)},
        "min_words": MIN_WORDS,
        "sentence_histogram": [round(v, 4) for v in sentence_histogram([n for p in docs for n in p.sentences])],
        "sources": sources,
        "rule_rates": rule_rates,
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
