"""Config files and user rule packs: found upward, validated strictly, errors with file, line and key."""

import json
import textwrap

import pytest

from conftest import run_cli


def setup(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def rules_found(tmp_path, target="docs/post.md", *extra):
    result = run_cli("check", target, "--format", "json", *extra, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]


def test_config_found_upward_from_the_file(tmp_path):
    setup(tmp_path, {".vibelint.toml": 'ignore = ["karpathy.plain-verbs"]\n', "docs/post.md": "We utilize it.\n"})
    assert rules_found(tmp_path) == []


def test_pyproject_tool_section(tmp_path):
    setup(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.vibelint]\nfail-on = "error"\n',
                     "docs/post.md": "We utilize it.\n"})
    assert run_cli("check", "docs/post.md", cwd=tmp_path).returncode == 0


def test_severity_options_accept_and_overrides(tmp_path):
    setup(tmp_path, {
        ".vibelint.toml": """
            accept = ["leverage"]
            [rules."karpathy.plain-verbs"]
            severity = "error"
            [[overrides]]
            files = ["drafts/*"]
            ignore = ["karpathy"]
        """,
        "docs/post.md": "We utilize it. We leverage it.\n",
        "drafts/wip.md": "We utilize it.\n",
    })
    data = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["path"], d["severity"], d["text"]) for d in data["diagnostics"]] == [("docs/post.md", "error", "utilize")]


def test_rule_option_override_is_validated(tmp_path):
    setup(tmp_path, {".vibelint.toml": '[rules."karpathy.plain-verbs"]\nswapp = {}\n', "docs/post.md": "x\n"})
    result = run_cli("check", "docs/post.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "vibelint: error: " in result.stderr.decode()
    assert ".vibelint.toml:1: rules.karpathy.plain-verbs.swapp: unknown key" in result.stderr.decode()


@pytest.mark.parametrize("config, message", [
    ('select = ["karpathy"]\nfail_on = "x"\n', ".vibelint.toml:2: fail_on: unknown key"),
    ('fail-on = "loud"\n', ".vibelint.toml:1: fail-on: input should be 'error', 'warning', 'info' or 'hint'"),
    ('select = "karpathy"\n', ".vibelint.toml:1: select: input should be a valid list"),
    ('ignore = ["karpathy.nope"]\n', ".vibelint.toml:1: ignore: unknown rule id 'karpathy.nope'"),
    ('select = [\n', ".vibelint.toml: invalid TOML"),
])
def test_bad_config_is_one_line_exit_2(tmp_path, config, message):
    setup(tmp_path, {".vibelint.toml": config, "docs/post.md": "x\n"})
    result = run_cli("check", "docs/post.md", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


USER_RULE = """
    id = "house.no-very"
    kind = "existence"
    severity = "warning"
    summary = "The word very."
    message = "Cut '{match}'."
    spec = "3.2 short punchy lines"
    why = "Our house style."
    [options]
    terms = { very = "cut it" }
    [examples]
    bad = ["It is very good."]
    good = ["It is good."]
"""


def test_user_rule_pack_from_config(tmp_path):
    setup(tmp_path, {".vibelint.toml": 'rule-paths = ["styles"]\n', "styles/no-very.toml": USER_RULE,
                     "docs/post.md": "It is very good.\n"})
    assert rules_found(tmp_path) == ["house.no-very"]
    assert "house.no-very" in run_cli("rules", "--config", str(tmp_path / ".vibelint.toml")).stdout.decode()


@pytest.mark.parametrize("change, message", [
    (("kind = \"existence\"", "kind = \"magic\""), "no-very.toml:3: kind: unknown kind 'magic'"),
    (("severity = \"warning\"", "severity = \"loud\""), "no-very.toml:4: severity: input should be"),
    (("terms = {", "termz = {"), "no-very.toml:10: options.termz: unknown key"),
    (("    summary = \"The word very.\"\n", ""), "no-very.toml:1: summary: field required"),
    (("summary = \"The word very.\"", "summary = \"\""), "no-very.toml:5: summary: string should have at least 1 character"),
    (("    why =", "    whyy ="), "no-very.toml:8: whyy: unknown key"),
    (("terms = { very = \"cut it\" }", "patterns = { '(unclosed' = \"x\" }"), "no-very.toml:10: options: bad regex"),
])
def test_bad_rule_file_names_file_line_and_key(tmp_path, change, message):
    setup(tmp_path, {"styles/no-very.toml": USER_RULE.replace(*change), "docs/post.md": "x\n"})
    result = run_cli("check", "docs/post.md", "--rule-path", "styles", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err and "Traceback" not in err, err
