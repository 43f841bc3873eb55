"""Every rule, from a rule file or a Vale style, is made by ``packs.make_rule`` (validated), and the
hover and `explain` handle a rule that has no examples (Vale styles have none)."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli
from rawlsp import RawServer

from vibelint import packs, vale
from vibelint.kinds.base import Check
from vibelint.packs import ConfigError, Examples, compile_check, load_rule, make_rule
from vibelint.vale import load_vale_rule

OPTIONS = {"swap": {"utilize": "use"}}
STYLES = ROOT / "tests" / "data" / "vale" / "styles"
WEASEL = STYLES / "House" / "Weasel.yml"


def fields(**changes):
    check = compile_check("substitution", OPTIONS, "test.toml")
    base = {"id": "test.rule", "kind": "substitution", "severity": "warning", "message": "m", "why": "w", "spec": "1.1",
            "link": None, "options": OPTIONS, "examples": Examples(), "check": check, "origin": "test.toml"}
    return {**base, **changes}


def test_a_rule_without_examples_is_made_validated():
    rule = make_rule(**fields())
    assert rule.examples.bad == [] and rule.examples.good == []


@pytest.mark.parametrize("changes, message", [
    ({"id": "no dots"}, "test.toml: id: string should match pattern"),
    ({"severity": "fatal"}, "test.toml: severity: input should be 'error', 'warning', 'info' or 'hint'"),
    ({"scope": ("paragraph", "footnote")}, "test.toml: scope.1: input should be"),
    ({"check": object()}, "test.toml: check: input should be an instance of check"),
    ({"examples": {"bad": [1]}}, "test.toml: examples.bad.0: input should be a valid string"),
    ({"kind": "nope"}, "test.toml: kind: unknown kind 'nope'"),
])
def test_make_rule_refuses_bad_fields_in_one_line(changes, message):
    with pytest.raises(ConfigError) as error:
        make_rule(**fields(**changes))
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_vale_rules_and_rule_files_come_out_of_the_same_constructor(monkeypatch):
    made = []
    real = packs.make_rule

    def spy(**kwargs):
        made.append(kwargs["id"])
        return real(**kwargs)

    monkeypatch.setattr(packs, "make_rule", spy)
    monkeypatch.setattr(vale, "make_rule", spy)
    vale_rule = load_vale_rule(WEASEL, "House")
    pack_rule = load_rule(ROOT / "rules" / "karpathy" / "plain-verbs.toml")
    assert made == ["House.Weasel", "karpathy.plain-verbs"]
    assert isinstance(vale_rule.check, Check) and vale_rule.examples == Examples()
    assert pack_rule.examples.bad and pack_rule.examples.good


def test_a_rule_file_still_needs_examples(tmp_path):
    text = (ROOT / "rules" / "karpathy" / "plain-verbs.toml").read_text(encoding="utf-8")
    head = text.split("[examples]")[0]
    broken = tmp_path / "r.toml"
    broken.write_text(head + "[examples]\nbad = []\ngood = [\"x\"]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"examples\.bad: list should have at least 1 item"):
        load_rule(broken)


def test_explain_a_vale_rule_without_examples():
    proc = run_cli("explain", "House.Weasel", "--vale-styles", str(STYLES))
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert out.startswith("House.Weasel  (")
    assert "Bad:" not in out and "Good:" not in out and "Traceback" not in proc.stderr.decode()
    assert "Spec: Vale style House" in out


def test_hover_on_a_vale_finding_over_a_real_server(tmp_path):
    (tmp_path / ".vibelint.toml").write_text(f'vale-styles = ["{STYLES.as_posix()}"]\n', encoding="utf-8")
    server = RawServer(tmp_path, thread=True)
    try:
        server.initialize()
        uri = server.open("draft.md", "This is very good.\n")
        weasel = [d for d in server.diagnostics(uri) if d["code"] == "House.Weasel"]
        assert weasel, "the Vale rule flags 'very'"
        start = weasel[0]["range"]["start"]
        response = server.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": start["line"], "character": start["character"] + 1}})
        value = response["result"]["contents"]["value"]
        assert "`House.Weasel`" in value and "*Spec:* Vale style House" in value
        assert "*Bad:*" not in value
    finally:
        assert server.close() == 0
