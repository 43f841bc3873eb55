"""A .vale.ini read as Vale reads it, and Vale's own scenarios as the yardstick.

The expectations are Vale's: lint.shouldRun and core.NewFile for which rules run on which file,
check/substitution.go for messages and overlapping keys, checks.feature for the scenarios.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

sys.path.insert(0, str(Path(__file__).parent))
import vale_scenarios as vs  # noqa: E402



def styles(tmp_path: Path) -> Path:
    """A StylesPath with two styles (A, B) of one existence rule each, and a Vocab."""
    for style, word in (("A", "alpha"), ("B", "beta")):
        (tmp_path / "styles" / style).mkdir(parents=True)
        (tmp_path / "styles" / style / "Word.yml").write_text(
            f"extends: existence\nmessage: \"'%s' found\"\nlevel: suggestion\ntokens: [{word}]\n", encoding="utf-8")
    vocab = tmp_path / "styles" / "config" / "vocabularies" / "Team"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("alpha beta\n", encoding="utf-8")
    (vocab / "reject.txt").write_text("gamma\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("An alpha and a beta and a gamma.\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text("An alpha and a beta.\n", encoding="utf-8")
    return tmp_path


def lint(folder: Path, ini: str, *paths: str) -> tuple[list[tuple[str, str, str]], str, int]:
    (folder / ".vale.ini").write_text(ini, encoding="utf-8")
    done = run_cli("check", "--vale-styles", ".vale.ini", "--ignore", "karpathy", "--format", "json", "--no-cache",
                   "--exit-zero", *paths, cwd=folder)
    if done.returncode != 0:
        return [], done.stderr.decode(), done.returncode
    found = [(d["path"], d["rule"], d["severity"]) for d in json.loads(done.stdout)["diagnostics"]]
    return found, done.stderr.decode(), done.returncode


def test_sections_switches_and_levels_follow_vale_precedence(tmp_path):
    folder = styles(tmp_path)
    ini = ("StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = A\n\n"
           "[docs/*.md]\nBasedOnStyles = B\n\n[*.md]\nA.Word = error\n")
    found, _, _ = lint(folder, ini, "a.md", "docs/b.md")
    # a.md: [*] styles (A); docs/b.md: the last matching BasedOnStyles (B) replaces them, but the
    # switch A.Word from the matching [*.md] section runs A.Word there too, at the level it gives
    assert found == [("a.md", "A.Word", "error"), ("docs/b.md", "A.Word", "error"), ("docs/b.md", "B.Word", "info")]


def test_min_alert_level_defaults_to_warning(tmp_path):
    folder = styles(tmp_path)
    found, _, _ = lint(folder, "StylesPath = styles\n[*]\nBasedOnStyles = A\nB.Word = warning\n", "a.md")
    assert found == [("a.md", "B.Word", "warning")], "A.Word is a suggestion, below Vale's default MinAlertLevel"


def test_a_rule_switched_off_in_a_section(tmp_path):
    folder = styles(tmp_path)
    found, _, _ = lint(folder, "StylesPath = styles\nMinAlertLevel = suggestion\n[*]\nBasedOnStyles = A, B\n"
                               "[docs/*]\nB.Word = NO\n", "a.md", "docs/b.md")
    assert found == [("a.md", "A.Word", "info"), ("a.md", "B.Word", "info"), ("docs/b.md", "A.Word", "info")]


def test_vocab_accepts_and_rejects(tmp_path):
    folder = styles(tmp_path)
    (folder / "a.md").write_text("Alpha Beta here, and a gamma.\n", encoding="utf-8")
    found, _, _ = lint(folder, "StylesPath = styles\nVocab = Team\n[*]\nBasedOnStyles = Vale\n", "a.md")
    # Vale.Terms wants the accepted term's case; Vale.Avoid flags the rejected word
    assert found == [("a.md", "Vale.Terms", "error"), ("a.md", "Vale.Avoid", "error")]


def test_a_config_that_enables_nothing_exits_2(tmp_path):
    folder = styles(tmp_path)
    found, err, code = lint(folder, "StylesPath = styles\n[*.md]\nA.Word = NO\n", "a.md")
    assert code == 2 and err.count("\n") == 1 and "enables no rule vibelint can run" in err and "Traceback" not in err


def test_unapplied_settings_are_named_once(tmp_path):
    folder = styles(tmp_path)
    _, err, code = lint(folder, "StylesPath = styles\nMinAlertLevel = suggestion\nIgnoredScopes = code, tt\nSkippedScopes = script\n"
                                "[*]\nBasedOnStyles = A\nBlockIgnores = (?s)x.*?y\nTokenIgnores = \\$.*?\\$\n", "a.md")
    assert code == 0
    assert err.count("Vale settings not applied") == 1
    assert "BlockIgnores (line 7)" in err and "TokenIgnores (line 8)" in err
    assert "IgnoredScopes" not in err and "SkippedScopes" not in err, "Vale's defaults are what vibelint does"


def test_unreadable_rule_skipped_and_lenient_escapes_load(tmp_path):
    folder = styles(tmp_path)
    (folder / "styles" / "A" / "Broken.yml").write_text("extends: existence\nmessage: [x\n", encoding="utf-8")
    # Joblint's Hair.yml: "\'" inside double quotes, which Vale's YAML reader takes as "'"
    (folder / "styles" / "A" / "Hair.yml").write_text(
        'extends: existence\nmessage: "you\\\'re %s"\ntokens: [beta]\n', encoding="utf-8")
    found, err, code = lint(folder, "StylesPath = styles\n[*]\nBasedOnStyles = A\nA.Word = warning\n", "a.md")
    assert code == 0, err
    assert ("a.md", "A.Hair", "warning") in found and ("a.md", "A.Word", "warning") in found
    assert "A.Broken (unreadable: line 3" in err


def test_markup_does_not_leak_into_matches_or_messages(tmp_path):
    style = tmp_path / "styles" / "S"
    style.mkdir(parents=True)
    (style / "Spacing.yml").write_text(
        "extends: existence\nmessage: \"Check '%s'\"\nnonword: true\ntokens: ['[a-z] {2,}[A-Z]']\n", encoding="utf-8")
    (style / "Case.yml").write_text("extends: capitalization\nmessage: \"'%s' should be sentence-cased\"\n"
                                    "scope: heading\nmatch: $sentence\n", encoding="utf-8")
    (style / "Raw.yml").write_text("extends: existence\nmessage: \"raw '%s'\"\nscope: raw\nnonword: true\n"
                                   "tokens: ['`[a-z/]+`']\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("## `this` is in sentence case\n\nIn the **Project name** field, run `ls`.\n",
                                   encoding="utf-8")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*]\nBasedOnStyles = S\n")
    done = run_cli("check", "--vale-styles", ".vale.ini", "--ignore", "karpathy", "--format", "json", "--no-cache",
                   "a.md", cwd=tmp_path)
    found = [(d["rule"], d["line"], d["column"], d["message"]) for d in json.loads(done.stdout)["diagnostics"]]
    # no 'e   P' from the blanked **, no 'xxxxxx is in sentence case'; raw scope sees the backticks
    assert found == [("S.Raw", 1, 4, "raw '`this`'"), ("S.Raw", 3, 36, "raw '`ls`'")]


def test_sarif_and_rules_json_for_a_rule_without_examples(tmp_path):
    folder = styles(tmp_path)
    (folder / ".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*]\nBasedOnStyles = A\n")
    done = run_cli("check", "--vale-styles", ".vale.ini", "--select", "A.", "--format", "sarif", "--no-cache", "a.md",
                   cwd=folder)
    rules = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]
    word = next(r for r in rules if r["id"] == "A.Word")
    assert "Bad:" not in word["help"]["text"] and not word["help"]["text"].endswith("\n\n")
    listing = run_cli("rules", "--vale-styles", ".vale.ini", "--format", "json", cwd=folder)
    entry = next(r for r in json.loads(listing.stdout) if r["id"] == "A.Word")
    assert entry["examples"] == {"bad": [], "good": [], "fix": []}


@pytest.mark.skipif(not vs.available(), reason=f"needs Vale's test material in {vs.DATA}: lay it out with "
                    "scripts/vale_testdata.py (VIBELINT_VALE_DATA to point elsewhere)")
def test_vale_scenarios_match_the_readme_counts():
    """Every scenario through the CLI; the README table is what this run gives, row for row."""
    results = [vs.judge(s) for s in vs.scenarios()]
    table = vs.summary(results)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for suite, row in table.items():
        line = re.search(rf"^\| {re.escape(suite)} \|(.*)\|$", readme, re.M)
        assert line, f"README has no row for {suite}"
        cells = [int(c) for c in line.group(1).split("|")]
        assert cells == [row[k] for k in ("scenarios", "exact", "loose", "failed", "lines", "lines_exact",
                                          "lines_loose", "missing", "extra")], suite
