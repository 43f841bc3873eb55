"""A rule's one-line `summary` (what it flags) is what `vibelint rules` and SARIF show."""

from __future__ import annotations

import json
import tomllib

from conftest import ROOT, run_cli

SUMMARIES = {data["id"]: data["summary"] for data in
             (tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").rglob("*.toml")))}

USER_RULE = '''id = "house.no-very"
kind = "existence"
severity = "warning"
summary = "The word very, which says nothing."
message = "Cut '{match}'."
spec = "3.2"
why = "Section 3.2 of the study is about short lines. Very adds length and no meaning."

[options]
terms = { very = "Cut it." }

[examples]
bad = ["It is very good."]
good = ["It is good."]
'''


def test_every_builtin_rule_file_has_a_summary_that_is_not_its_rationale():
    assert len(SUMMARIES) >= 14
    for rule_id, summary in SUMMARIES.items():
        assert summary.strip() and "\n" not in summary and not summary.startswith("Section"), rule_id


def test_vibelint_rules_shows_each_summary(tmp_path):
    out = run_cli("rules", cwd=tmp_path).stdout.decode().splitlines()
    shown = {line.split()[0]: line for line in out}
    for rule_id, summary in SUMMARIES.items():
        assert shown[rule_id].endswith("  " + summary), shown[rule_id]
    listed = {r["id"]: r for r in json.loads(run_cli("rules", "--format", "json", cwd=tmp_path).stdout)}
    assert {rule_id: listed[rule_id]["summary"] for rule_id in SUMMARIES} == SUMMARIES


def test_sarif_short_description_is_the_summary_and_the_rationale_stays_in_the_full_one(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "no-very.toml").write_text(USER_RULE)
    (tmp_path / "post.md").write_text("It is very good. We utilize the GPU.\n")
    proc = run_cli("check", "--no-cache", "--rule-path", "styles", "--format", "sarif", "post.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    rules = {r["id"]: r for r in json.loads(proc.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    expected = SUMMARIES | {"house.no-very": "The word very, which says nothing."}
    assert {rule_id: r["shortDescription"]["text"] for rule_id, r in rules.items()} == expected
    assert rules["house.no-very"]["fullDescription"]["text"].startswith("Section 3.2 of the study")
    (tmp_path / ".vibelint.toml").write_text('rule-paths = ["styles"]\n')
    [line] = [line for line in run_cli("rules", cwd=tmp_path).stdout.decode().splitlines() if line.startswith("house.")]
    assert line.endswith("  The word very, which says nothing.")
