"""The LintService's input rules, which the command line and the editor share."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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


def test_warm_up_loads_what_a_first_lint_would(tmp_path):
    """The language server warms the service up while the editor starts: afterwards the parser, the
    packs' phrase index with its literal finder, the hyphenation patterns and the URL scan's pattern are
    loaded, and the first real lint loads nothing more."""
    script = """
import sys
from vibelint.service import LintService
from vibelint.packs import builtin_phrase_index
from vibelint.text import readability
service = LintService()
service.warm_up(None)
assert "vibelint.text.parse" in sys.modules
assert builtin_phrase_index()._automaton is not None
assert readability._syllables.cache_info().currsize == 1
from vibelint.text import masking
assert masking._ascii_url.cache_info().currsize == 1  # the URL scan's stdlib pattern, compiled
before = set(sys.modules)
service.lint("We leverage synergy. AI will revolutionize everything.\\n", "a.md", service.ruleset_for(None))
print(sorted(set(sys.modules) - before))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "VIBELINT_PACK_CACHE": str(tmp_path / "packs")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
