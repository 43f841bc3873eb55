"""Every rule's own examples are tests: bad must fire, good must not, fix must give the expected text."""

import pytest

from vibelint.config import CliOptions, load_config
from vibelint.engine import RuleSet, fix_until_stable, lint
from vibelint.packs import builtin_rules

RULES = builtin_rules()
CATALOG = load_config(None, CliOptions()).catalog


def only(rule_id: str) -> RuleSet:
    rules = [r for r in CATALOG if r.id == rule_id]
    return RuleSet(rules, frozenset(r.id for r in CATALOG))


def ids(result):
    return [d.rule for d in result.diagnostics]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_examples_fire(rule):
    for text in rule.examples.bad:
        assert rule.id in ids(lint(text, "example.md", only(rule.id))), f"{rule.id} did not fire on: {text!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_examples_stay_quiet(rule):
    for text in rule.examples.good:
        found = lint(text, "example.md", only(rule.id)).diagnostics
        assert not found, f"{rule.id} fired on good example {text!r}: {[d.message for d in found]}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples.fix], ids=lambda r: r.id)
def test_fix_examples(rule):
    for example in rule.examples.fix:
        fixed, count, _ = fix_until_stable(example.text, "example.md", only(rule.id))
        assert count >= 1
        assert fixed == example.expected


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented_and_traced_to_the_spec(rule):
    assert rule.why.strip() and rule.message.strip()
    assert rule.spec[:1].isdigit(), f"{rule.id}: spec must start with a section number of the study"
    assert rule.origin.endswith(rule.id.split(".", 1)[1] + ".toml"), "one rule per file, named after its id"


def test_every_shipped_pattern_compiles():
    """The shipped packs compile their regexes on first use; loading them eagerly, as user rules are, proves each one."""
    from vibelint.packs import builtin_folder, load_folder

    assert [r.id for r in load_folder(builtin_folder())] == [r.id for r in RULES]
