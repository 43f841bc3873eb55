"""Each rule pack's page (rules/PACK/README.md) is generated from its rule files and must not go stale."""

import dataclasses
import importlib.util
import shutil

import pytest
from conftest import ROOT

from vibelint.packs import Examples, load_folder

spec = importlib.util.spec_from_file_location("rule_docs", ROOT / "scripts" / "rule_docs.py")
rule_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rule_docs)

PACKS = rule_docs.pack_folders()


def test_every_shipped_pack_has_a_page():
    assert {p.name for p in PACKS} >= {"karpathy", "zh"}
    assert all((p / "README.md").exists() for p in PACKS)


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_pack_page_is_current(folder):
    page = (folder / "README.md").read_text(encoding="utf-8")
    assert page == rule_docs.render_pack(folder, load_folder(folder)), (
        f"{folder / 'README.md'} is stale: run `python scripts/rule_docs.py`")


def test_the_page_shows_each_rules_summary_why_spec_options_and_examples():
    folder = ROOT / "rules" / "karpathy"
    page = (folder / "README.md").read_text(encoding="utf-8")
    for rule in load_folder(folder):
        section = page.split(f"\n## {rule.id}\n", 1)[1].split("\n## ", 1)[0]
        assert f"**{rule_docs._escape(rule.summary)}**" in section
        assert f"**Spec:** {rule_docs._escape(rule.spec)}" in section
        assert " ".join(rule.why.split()[:8]) in section
        for text in rule.examples.bad + rule.examples.good:
            assert rule_docs._escape(" ".join(text.split("\n\n")[0].split())) in section, text
        if rule.options:
            assert "### Options" in section
    # a threshold shows as its value, a long phrase table as a few entries and the count
    long_sentence = page.split("\n## karpathy.long-sentence\n", 1)[1].split("\n## ", 1)[0]
    assert "| `max` | `53` |" in long_sentence
    assert "`utilize` → `use`" in page and "entries)" in page


def test_check_fails_on_a_stale_page_and_names_it(tmp_path, capsys):
    pack = tmp_path / "karpathy"
    shutil.copytree(ROOT / "rules" / "karpathy", pack)
    assert rule_docs.main(["--check", str(pack)]) == 0
    rule = pack / "hype.toml"
    rule.write_text(rule.read_text(encoding="utf-8").replace('severity = "warning"', 'severity = "error"', 1),
                    encoding="utf-8")
    assert rule_docs.main(["--check", str(pack)]) == 1
    assert f"{pack / 'README.md'} is stale" in capsys.readouterr().err
    assert rule_docs.main([str(pack)]) == 0 and rule_docs.main(["--check", str(pack)]) == 0
    assert "| [`karpathy.hype`](#karpathyhype) | error |" in (pack / "README.md").read_text(encoding="utf-8")


def test_any_pack_folder_works_and_a_rule_without_examples_gets_a_section(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "no-foo.toml").write_text('''id = "house.no-foo"
kind = "existence"
severity = "warning"
summary = "Foo, where the house style says bar."
message = "Write bar, not {match}."
spec = "1.1 house style"
why = """Bar is the house word, `foo_bar` is code. | Pipes, *stars* and <tags> stay as written."""
[options]
terms = { foo = "" }
[examples]
bad = ["We foo it."]
good = ["We bar it."]
''', encoding="utf-8")
    assert rule_docs.main([str(pack)]) == 0
    page = (pack / "README.md").read_text(encoding="utf-8")
    assert "# The `house` rule pack" in page and "## house.no-foo" in page
    assert "- We foo it." in page and "| `terms` | `foo` |" in page
    assert r"Bar is the house word, `foo_bar` is code. \| Pipes, \*stars\* and \<tags\> stay as written." in page
    bare = dataclasses.replace(load_folder(pack)[0], examples=Examples(), options={})
    section = "\n".join(rule_docs.render_rule(bare, pack))
    assert "## house.no-foo" in section and "### Examples" not in section and "### Options" not in section
    assert rule_docs.main(["--check", str(pack)]) == 0


def test_a_broken_rule_file_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "bad.toml").write_text('id = "x.y"\n', encoding="utf-8")
    assert rule_docs.main(["--check", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rule_docs: error: ") and "bad.toml" in err and "\n" not in err
