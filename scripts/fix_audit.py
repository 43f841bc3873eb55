#!/usr/bin/env python3
"""Audit the pack's automatic fixes on real text: every sentence where a fix fires, before and after.

    python scripts/fix_audit.py                 # print every automatic fix, sentence by sentence
    python scripts/fix_audit.py --suggestions   # also the suggest-only findings (no fix applied)
    python scripts/fix_audit.py --rule plain-verbs --corpus kp,dev_off
    python scripts/fix_audit.py --write tests/data/fix_audit.jsonl   # pin the results (read them first!)

With --write, only the rules that can fix are audited (not those with fixable = false).

Corpora (in ../shared/corpus beside the repo): kp (his long-form, longform/kp_*.md), dev_off
(real off-voice text, longform/dev_off_*.md), tweets (karpathy_en.md) and authors (other
writers' blog posts, authors/**/*.md). Each file is linted with the pack's substitution rules;
each finding's sentence is cut out of the source, and the rule's fixes are applied to that
sentence alone (the same thing ``--fix`` does to the file, one sentence at a time). Nothing here
judges grammar: a person reads the output, and an entry whose fix breaks a sentence goes into
the rule's ``suggest`` table (fires, offers the replacement, never rewrites).

The pinned file holds one JSON object per line: rule, corpus, the sentence, and the sentence after
``--fix`` (the same sentence when the finding is suggest-only). tests/test_fix_audit.py checks
that the pack still turns each pinned sentence into its pinned result.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import RuleSet, fix_until_stable, lint  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = {
    "kp": lambda: sorted((CORPUS / "longform").glob("kp_*.md")),
    "dev_off": lambda: sorted((CORPUS / "longform").glob("dev_off_*.md")),
    "tweets": lambda: [CORPUS / "karpathy_en.md"],
    "authors": lambda: sorted((CORPUS / "authors").glob("**/*.md")),
}


def substitution_rules(only: list[str] | None = None, fixing: bool = False) -> dict[str, RuleSet]:
    """One rule set per substitution rule of the pack, so each rule's fixes are applied alone
    (with ``fixing``, only the rules that can fix at all: not those with ``fixable = false``)."""
    catalog = load_config(None, CliOptions()).catalog
    known = frozenset(r.id for r in catalog)
    return {r.id: RuleSet([r], known) for r in catalog
            if r.kind == "substitution" and (not only or any(o in r.id for o in only))
            and (not fixing or r.options.get("fixable", True))}


def pinned(records: list[dict]) -> list[dict]:
    """What the pin holds: one entry per distinct (rule, sentence), in corpus order."""
    seen, pins = set(), []
    for r in records:
        if (r["rule"], r["sentence"]) not in seen:
            seen.add((r["rule"], r["sentence"]))
            pins.append({k: r[k] for k in ("rule", "corpus", "sentence", "fixed")})
    return pins


def fix_sentence(sentence: str, ruleset: RuleSet) -> str:
    """The sentence after ``--fix`` with this rule alone (every safe fix, until nothing changes)."""
    return fix_until_stable(sentence, "sentence.md", ruleset)[0]


def findings(path: Path, rule_id: str, ruleset: RuleSet):
    """(line, matched text, suggestions, auto-fixable, sentence) for each finding of the rule in the file."""
    source = path.read_text(encoding="utf-8")
    result = lint(source, str(path), ruleset)
    blocks = result.document.blocks
    for d in result.diagnostics:
        if d.rule != rule_id:
            continue
        block = next(b for b in blocks if b.start <= d.start < b.end)
        s = next(s for s in block.sentences if block.start + s.start <= d.start < block.start + s.end)
        sentence = " ".join(source[block.start + s.start:block.start + s.end].split())
        line = source.count("\n", 0, d.start) + 1
        yield line, source[d.start:d.end], d.suggestions, d.fix is not None, sentence


def audit(corpora: list[str], rules: dict[str, RuleSet]) -> list[dict]:
    records = []
    for corpus in corpora:
        for path in CORPORA[corpus]():
            for rule_id, ruleset in rules.items():
                for line, match, suggestions, fixable, sentence in findings(path, rule_id, ruleset):
                    records.append({
                        "rule": rule_id, "corpus": corpus, "file": f"{path.name}:{line}", "match": match,
                        "suggestions": suggestions, "auto": fixable,
                        "sentence": sentence, "fixed": fix_sentence(sentence, ruleset),
                    })
    return records


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=",".join(CORPORA), help="comma-separated: " + ", ".join(CORPORA))
    ap.add_argument("--rule", action="append", help="only rules whose id contains this (repeatable)")
    ap.add_argument("--suggestions", action="store_true", help="also print suggest-only findings")
    ap.add_argument("--write", type=Path, help="pin the results of the rules that can fix: one JSON object per line")
    a = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"fix_audit: no corpus at {CORPUS}")
    corpora = [c for c in a.corpus.split(",") if c]
    records = audit(corpora, substitution_rules(a.rule, fixing=bool(a.write)))
    counts: collections.Counter = collections.Counter()
    for r in records:
        counts[r["rule"], r["corpus"], "auto" if r["auto"] else "suggest"] += 1
        if r["auto"] or a.suggestions:
            label = "FIX" if r["auto"] else "SUGGEST " + " | ".join(r["suggestions"])
            print(f"[{r['corpus']}] {r['file']} {r['rule']} {r['match']!r} {label}")
            print(f"   before: {r['sentence']}")
            if r["fixed"] != r["sentence"]:
                print(f"   after:  {r['fixed']}")
    print("\nfindings per rule and corpus (auto = fixed by --fix, suggest = offered only):")
    for rule in sorted({k[0] for k in counts}):
        row = ", ".join(f"{c} {counts[rule, c, 'auto']} auto / {counts[rule, c, 'suggest']} suggest" for c in corpora)
        print(f"  {rule}: {row}")
    print(f"  total: {sum(v for k, v in counts.items() if k[2] == 'auto')} automatic fixes, "
          f"{sum(v for k, v in counts.items() if k[2] == 'suggest')} suggest-only findings")
    if a.write:
        pins = pinned(records)
        a.write.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pins), encoding="utf-8")
        print(f"wrote {len(pins)} sentences to {a.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
