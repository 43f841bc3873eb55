"""Rules copied from the internet: a backtracking regex cannot hang the linter."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_kinds import make

from vibelint.engine import RULE_FAILED, RULE_TIMEOUT, BlockCache, RuleSet, lint
from vibelint.kinds import base, timed_regex
from vibelint.kinds.timed_regex import PatternTimeout, compile_regex, pattern_budget

CATASTROPHIC = "(a|aa)+$"  # exponential in `regex` too; `(a+)+$` is not: regex cuts nested repeats short
ATTACK = "a" * 40 + "!"

SLOW_RULE = """
id = "house.{name}"
kind = "existence"
severity = "warning"
summary = "A test rule."
message = "Hit: {{match}}"
why = "Copied from a forum."
spec = "none"
[options]
patterns = {{ '{pattern}' = "cut it" }}
[examples]
bad = ["aaa"]
good = ["b"]
"""


def write_rules(folder: Path, **patterns: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, pattern in patterns.items():
        (folder / f"{name}.toml").write_text(SLOW_RULE.format(name=name, pattern=pattern))


def test_catastrophic_user_rule_is_reported_once_and_the_rest_still_runs(tmp_path):
    write_rules(tmp_path / "rules", slow=CATASTROPHIC, nested="(a+)+$", plain="once")
    draft = tmp_path / "post.md"
    draft.write_text(f"We utilize {ATTACK}\n\nAgain {ATTACK}\n\nAnd once more {ATTACK}\n")
    result = run_cli("check", "--rule-path", "rules", "post.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    timeouts = [d for d in diagnostics if d["rule"] == RULE_TIMEOUT]
    assert len(timeouts) == 1, timeouts  # once per file, then the rule is off for that file
    assert "house.slow timed out and was disabled for this file" in timeouts[0]["message"]
    assert CATASTROPHIC in timeouts[0]["message"]
    rules = {d["rule"] for d in diagnostics}
    assert "house.slow" not in rules
    assert {"karpathy.plain-verbs", "house.plain"} <= rules  # the other rules still ran
    assert [d["text"] for d in diagnostics if d["rule"] == "house.plain"] == ["once"]


def test_each_file_gets_its_own_report(tmp_path, short_timeout):  # the test above waits the real second
    write_rules(tmp_path / "rules", slow=CATASTROPHIC)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(ATTACK + "\n")
    result = run_cli("check", "--rule-path", "rules", "a.md", "b.md", "--format", "json", cwd=tmp_path)
    timeouts = [d["path"] for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == RULE_TIMEOUT]
    assert timeouts == ["a.md", "b.md"]


@pytest.fixture
def short_timeout(monkeypatch):
    """In-process tests need not wait the real second per timeout."""
    monkeypatch.setattr(timed_regex, "PATTERN_TIMEOUT", 0.1)


@pytest.mark.parametrize("kind, options", [
    ("existence", {"patterns": {CATASTROPHIC: "x"}}),
    ("existence", {"terms": {"second": "x"}, "exceptions": [CATASTROPHIC]}),
    ("substitution", {"patterns": {CATASTROPHIC: "b"}}),
    ("sentence", {"trigger_terms": {"second": "x"}, "unless": [CATASTROPHIC]}),
    ("occurrence", {"patterns": [CATASTROPHIC], "max": 1, "scope": "document"}),
])
def test_every_kind_turns_a_timeout_into_one_diagnostic(kind, options, short_timeout):
    text = f"{ATTACK}\n\nSecond {ATTACK}\n"
    diagnostics = lint(text, "t.md", make(kind, **options)).diagnostics
    assert [d.rule for d in diagnostics] == [RULE_TIMEOUT]
    assert diagnostics[0].severity == "warning" and f"rule test.{kind} timed out" in diagnostics[0].message


def test_compiled_patterns_carry_the_timeout(short_timeout):
    pattern = compile_regex(CATASTROPHIC)
    with pytest.raises(PatternTimeout):
        pattern.search(ATTACK)
    with pytest.raises(PatternTimeout):
        pattern.finditer(ATTACK)
    assert [m.group() for m in compile_regex("b+").finditer("abba b")] == ["bb", "b"]
    assert pattern_budget("x" * 2_000_000) == pytest.approx(3 * pattern_budget(""))


class Broken(base.Check):
    def check_block(self, block, ctx):
        raise ZeroDivisionError("division by zero")


def test_a_rule_that_raises_is_reported_once_and_the_rest_still_runs(default_ruleset):
    broken = dataclasses.replace(default_ruleset.rules[0], id="house.broken", check=Broken())
    ruleset = RuleSet([broken, *default_ruleset.rules], default_ruleset.known_ids | {"house.broken"})
    diagnostics = lint("We utilize it.\n\nWe leverage it.\n", "t.md", ruleset).diagnostics
    failed = [d for d in diagnostics if d.rule == RULE_FAILED]
    assert len(failed) == 1 and failed[0].severity == "error"
    assert failed[0].message == "rule house.broken failed and was skipped: ZeroDivisionError: division by zero"
    assert [d.rule for d in diagnostics if d.rule != RULE_FAILED] == ["karpathy.plain-verbs"] * 2


class SlowOnce(base.Check):
    """Times out on blocks containing 'aaaa', like a catastrophic pattern would; counts its runs."""

    def __init__(self):
        self.runs = 0

    def check_block(self, block, ctx):
        self.runs += 1
        if "aaaa" in block.text:
            raise timed_regex.PatternTimeout("(a|aa)+$", 1.0)
        return [base.Hit(0, 2)]


def test_the_editor_does_not_rerun_a_rule_that_timed_out_on_the_same_paragraph(default_ruleset):
    slow = SlowOnce()
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.slow", check=slow)
    ruleset = RuleSet([rule], frozenset({"house.slow"}))
    cache = BlockCache()
    text = "We go.\n\nThen aaaa!\n\nAfter it.\n"
    first = lint(text, "t.md", ruleset, cache).diagnostics
    assert slow.runs == 2  # the first block, then the one it timed out on; then it is off for this file
    second = lint(text, "t.md", ruleset, cache).diagnostics
    assert slow.runs == 2  # the first block's result is cached, and the timeout is remembered
    assert first == second == lint(text, "t.md", ruleset).diagnostics  # the same as a fresh lint
    assert [d.rule for d in first] == ["house.slow", RULE_TIMEOUT]
