"""The pack's automatic fixes on real sentences, as read and judged by a person (scripts/fix_audit.py).

tests/data/fix_audit.jsonl holds every sentence of his long-form, his tweets, the off-voice set
and the other authors' posts where a rule that can fix fires, with the sentence after ``--fix``
(unchanged where the finding is only a suggestion). Each result was read: a fix that broke a
sentence made its entry suggest-only or got a frame. If a rule change alters what ``--fix`` does
to one of them, these tests say which; rerun the script, read the new results, then re-pin.
"""

import importlib.util
import json

import pytest
from conftest import ROOT, needs_corpus

PIN = ROOT / "tests" / "data" / "fix_audit.jsonl"
PINNED = [json.loads(line) for line in PIN.read_text(encoding="utf-8").splitlines()]


def _script():
    spec = importlib.util.spec_from_file_location("fix_audit", ROOT / "scripts" / "fix_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fix_audit = _script()
RULES = fix_audit.substitution_rules(fixing=True)


def test_the_pin_is_a_real_sample():
    rules = {p["rule"] for p in PINNED}
    assert {"karpathy.plain-verbs", "karpathy.wordy-phrases", "karpathy.nominalizations"} <= rules
    fixed = [p for p in PINNED if p["fixed"] != p["sentence"]]
    offered = [p for p in PINNED if p["fixed"] == p["sentence"]]
    assert len(fixed) >= 100 and len(offered) >= 30


@pytest.mark.parametrize("pin", PINNED, ids=lambda p: f"{p['rule'][9:]}:{p['sentence'][:40]}")
def test_fix_gives_the_reviewed_sentence(pin):
    ruleset = RULES[pin["rule"]]
    found = fix_audit.lint(pin["sentence"], "sentence.md", ruleset).diagnostics
    assert any(d.rule == pin["rule"] for d in found), "the rule no longer fires here: re-audit"
    assert fix_audit.fix_sentence(pin["sentence"], ruleset) == pin["fixed"]


@pytest.mark.slow  # applies every fix to the whole corpus
@needs_corpus("longform")
def test_every_fix_on_the_corpus_was_reviewed():
    """A new entry or exception that changes what --fix does on the corpus must be read before it ships."""
    now = fix_audit.pinned(fix_audit.audit(list(fix_audit.CORPORA), RULES))
    key = lambda p: (p["rule"], p["sentence"], p["fixed"])
    unreviewed = sorted({key(p) for p in now} - {key(p) for p in PINNED})
    gone = sorted({key(p) for p in PINNED} - {key(p) for p in now})
    assert not unreviewed and not gone, (
        f"{len(unreviewed)} results not in the pin, e.g. {unreviewed[:3]}; {len(gone)} pinned ones gone, "
        f"e.g. {gone[:3]}: run scripts/fix_audit.py, read them, then --write {PIN.relative_to(ROOT)}")
