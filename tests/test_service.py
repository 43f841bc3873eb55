"""The LintService's input rules, which the command line and the editor share."""

from __future__ import annotations

import json

import pytest

from vibelint import cli
from vibelint.service import LintService, LintSettings
from vibelint.text.source import InputError


def test_a_buffer_is_measured_in_bytes_like_a_file(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('max-file-size = "2KB"\n')
    service = LintService(LintSettings(root=tmp_path))
    draft = tmp_path / "a.md"
    service.accept("a" * 1_500, "a.md", draft)  # 1,500 bytes: fits
    with pytest.raises(InputError, match=r"^a\.md: too big to lint: 3,000 bytes, max-file-size is 2,000$"):
        service.accept("ä" * 1_500, "a.md", draft)  # 1,500 characters, but 3,000 bytes on disk
    draft.write_text("ä" * 1_500, encoding="utf-8")
    with pytest.raises(InputError, match="3,000 bytes, max-file-size is 2,000"):
        service.read(draft, "a.md", service.max_file_size(draft))


def test_a_late_nul_is_linted_and_written_back_unchanged(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    text = "Plain words here.\n\n" * 500 + "We utilize \x00 it.\n"  # the NUL is past the first 8,000 bytes: not binary
    (tmp_path / "late.md").write_text(text, encoding="utf-8")
    assert cli.main(["check", "--no-cache", "--format", "json", "late.md"]) == 1
    [finding] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert finding["rule"] == "karpathy.plain-verbs"
    # the editor sees the same text and gets the same finding at the same place
    service = LintService(LintSettings(root=tmp_path))
    [found] = service.lint(text, "late.md", service.ruleset_for(tmp_path / "late.md")).diagnostics
    assert (found.rule, found.start) == (finding["rule"], finding["offset"])
    assert cli.main(["check", "--no-cache", "--fix", "late.md"]) == 0
    assert (tmp_path / "late.md").read_text(encoding="utf-8") == text.replace("utilize", "use")


def test_an_early_nul_means_binary_on_disk(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin.md").write_bytes(b"We utilize \x00 it.\n")
    assert cli.main(["check", "--no-cache", "bin.md"]) == 2
    assert capsys.readouterr().err == "vibelint: error: bin.md: binary file (NUL byte), skipped\n"
