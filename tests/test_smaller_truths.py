"""Issue 12, item 8: a config error points at the option's own line; --statistics keeps severities apart."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

JARGON = "We utilize the GPU. We utilize the CPU.\n"


@pytest.mark.parametrize("name, text, line", [
    (".vibelint.toml", '[rules."karpathy.long-sentence"]\nmax = "forty"\n', 2),
    (".vibelint.toml", 'fail-on = "info"\n\n[rules."karpathy.long-sentence"]\nseverity = "error"\nmax = "forty"\n', 5),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.vibelint.rules."karpathy.long-sentence"]\nmax = "forty"\n', 5),
    (".vibelint.toml", '[rules."karpathy.plain-verbs"]\nfixable = true\n\nswap = { utilize = 3 }\n', 4),
])
def test_a_bad_rule_option_points_at_its_own_line(tmp_path, name, text, line):
    (tmp_path / name).write_text(text)
    (tmp_path / "post.md").write_text(JARGON)
    proc = run_cli("check", "--no-cache", "post.md", cwd=tmp_path)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(err) == 1, err
    assert err[0].startswith(f"vibelint: error: {tmp_path / name}:{line}: rules.karpathy."), err


def two_folders(tmp_path):
    for folder, severity in (("strict", "error"), ("relaxed", "info")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ".vibelint.toml").write_text(f'[severity]\n"karpathy.plain-verbs" = "{severity}"\n')
        (tmp_path / folder / "post.md").write_text(JARGON)
    (tmp_path / "relaxed" / "more.md").write_text(JARGON)


def test_statistics_across_folders_with_different_severities_count_each_severity(tmp_path):
    two_folders(tmp_path)
    text = run_cli("check", "--no-cache", "strict", "relaxed", "--statistics", cwd=tmp_path)
    assert text.returncode == 1
    assert text.stdout.decode().splitlines() == [
        "4  karpathy.plain-verbs  info     [*] 4 fixable",
        "2  karpathy.plain-verbs  error    [*] 2 fixable",
        "Found 6 findings in 3 files.",
    ]
    rows = json.loads(run_cli("check", "--no-cache", "strict", "relaxed", "--statistics", "--format", "json",
                              cwd=tmp_path).stdout)["statistics"]
    assert rows == [{"rule": "karpathy.plain-verbs", "severity": "info", "count": 4, "fixable": 4},
                    {"rule": "karpathy.plain-verbs", "severity": "error", "count": 2, "fixable": 2}]
    github = run_cli("check", "--no-cache", "strict", "relaxed", "--statistics", "--format", "github", cwd=tmp_path)
    assert github.stdout.decode().splitlines() == [
        "::notice title=vibelint statistics::karpathy.plain-verbs (info): 4 findings (4 fixable)",
        "::notice title=vibelint statistics::karpathy.plain-verbs (error): 2 findings (2 fixable)",
    ]
