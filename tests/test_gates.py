"""Gated block checks (``Check.gate``): skipping a check where its phrase lists have no candidate
never loses a finding. Every rule's own examples, mixed, are linted with and without the gates."""

from __future__ import annotations

import copy
import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from vibelint.engine import RuleSet, lint


def ungated(ruleset: RuleSet) -> RuleSet:
    rules = []
    for rule in ruleset.rules:
        check = copy.copy(rule.check)
        check.gate = None
        rules.append(dataclasses.replace(rule, check=check))
    return RuleSet(rules, ruleset.known_ids)


def shown(result) -> list[tuple]:
    return [(d.rule, d.message, d.start, d.end, d.fix) for d in result.diagnostics]


def examples(ruleset: RuleSet) -> list[str]:
    found = []
    for rule in ruleset.rules:
        for text in (*rule.examples.bad, *rule.examples.good):
            found.append(text)
    return found


def test_some_checks_are_gated(default_ruleset):
    assert sum(rule.check.gate is not None for rule in default_ruleset.rules) >= 15


def test_gates_lose_nothing_on_every_example(default_ruleset):
    plain = ungated(default_ruleset)
    draft = "\n\n".join(examples(default_ruleset))
    assert shown(lint(draft, "a.md", default_ruleset)) == shown(lint(draft, "a.md", plain))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_gates_lose_nothing_on_mixed_examples(default_ruleset, data):
    pool = examples(default_ruleset)
    picks = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    joins = data.draw(st.lists(st.sampled_from([" ", "\n\n", "\n", " İ ", " 我们 ", "\n\n> ", "\n\n- "]),
                               min_size=len(picks), max_size=len(picks)))
    draft = "".join(p + j for p, j in zip(picks, joins, strict=True))
    assert shown(lint(draft, "a.md", default_ruleset)) == shown(lint(draft, "a.md", ungated(default_ruleset)))
