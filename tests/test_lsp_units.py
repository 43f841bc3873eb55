"""The language server's pure parts: positions, edits, settings, configs, code actions, incremental linting."""

from __future__ import annotations

import random

import pytest
import regex
from hypothesis import given, settings as hsettings, strategies as st
from lsprotocol import types

from conftest import CORPUS, needs_corpus
from vibelint.engine import lint
from vibelint.lsp.actions import FIX_ALL, code_actions, minimal_edit, wanted
from vibelint.lsp.documents import OpenDocument, apply_change, apply_changes
from vibelint.lsp.linting import to_lsp
from vibelint.service import LintService, SessionCache
from vibelint.lsp.positions import TextIndex, units
from vibelint.lsp.settings import ClientSettings, parse_settings, unwrap

_BREAK = regex.compile(r"\r\n|\r|\n")


def editor_lint(text, name, ruleset, cache):
    """What the server runs on every edit: the service's lint through its session cache, every severity."""
    return LintService(cache=cache).lint(text, name, ruleset).diagnostics


def project_configs(settings, root, report):
    """The server's service for these client settings: its config lookup (reload, fallback, report)."""
    return LintService(settings.lint_settings(root, report))


def reference_position(text: str, offset: int) -> tuple[int, int]:
    """UTF-16 (line, character) computed the slow, obvious way."""
    line_start, line = 0, 0
    for m in _BREAK.finditer(text):
        if m.end() > offset:
            break
        line_start, line = m.end(), line + 1
    return line, len(text[line_start:offset].encode("utf-16-le")) // 2


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


# --- positions ----------------------------------------------------------------------------------

def test_utf16_columns_count_astral_characters_twice():
    text = "😀 中文 We utilize it.\nnext 🎉 line"
    index = TextIndex(text)
    start = text.index("utilize")
    assert index.position(start) == pos(0, 9)  # 😀 is 2 units, 中 and 文 one each
    assert index.offset(pos(0, 9)) == start
    assert index.position(text.index("line")) == pos(1, 8)


def test_utf8_and_utf32_encodings():
    text = "é😀x"
    assert TextIndex(text, "utf-8").position(3) == pos(0, 7)
    assert TextIndex(text, "utf-32").position(3) == pos(0, 3)
    assert TextIndex(text, "utf-8").offset(pos(0, 6)) == 2


def test_only_lsp_line_breaks_end_lines():
    text = "a\x0cb\u2028c\rd\r\ne utilize"
    index = TextIndex(text)
    assert index.position(text.index("utilize")) == pos(2, 2)
    assert index.position(text.index("c")) == pos(0, 4)


def test_offsets_clamp_past_line_and_document_end():
    index = TextIndex("ab\r\ncd")
    assert index.offset(pos(0, 99)) == 2
    assert index.offset(pos(7, 0)) == 6


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t😀中é\x0c\u2028")), max_size=40), st.data())
def test_positions_match_reference(text, data):
    index = TextIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # between CR and LF is not a position in LSP
    expected = reference_position(text, offset)
    assert (index.position(offset).line, index.position(offset).character) == expected
    assert index.offset(index.position(offset)) == offset


def test_units():
    assert units("a😀b") == 4
    assert units("a😀b", "utf-8") == 6
    assert units("abc", "utf-8") == 3


# --- edits --------------------------------------------------------------------------------------

def test_apply_change_ranges_and_full_text():
    text = "😀 hello\nworld"
    edit = types.TextDocumentContentChangePartial(range=types.Range(start=pos(0, 3), end=pos(1, 1)), text="J")
    assert apply_change(text, edit) == "😀 Jorld"
    full = types.TextDocumentContentChangeWholeDocument(text="new")
    assert apply_changes(text, [edit, full]) == "new"


def test_lint_name_follows_language_id():
    assert OpenDocument("file:///a/notes.txt", "markdown", 1, "").lint_name == "notes.txt.md"
    assert OpenDocument("file:///a/notes.md", "plaintext", 1, "").lint_name == "notes.md.txt"
    assert OpenDocument("untitled:Untitled-1", "plaintext", 1, "").lint_name == "untitled:Untitled-1.txt"
    assert OpenDocument("file:///a/notes.md", "markdown", 1, "").lint_name == "notes.md"


# --- settings -----------------------------------------------------------------------------------

def test_settings_wrappings_and_bad_values():
    for payload in ({"settings": {"vibelint": {"ignore": ["x"]}}}, {"vibelint": {"ignore": ["x"]}}, {"ignore": ["x"]}):
        assert unwrap(payload) == {"ignore": ["x"]}
    assert unwrap({"settings": None}) is None
    assert unwrap({"editor": {"fontSize": 3}}) is None
    settings, problems = parse_settings({"minimumSeverity": "loud", "select": ["karpathy"], "rulePaths": ["r"]})
    assert settings.minimum_severity == "hint" and settings.select == ["karpathy"] and settings.rule_paths == ["r"]
    assert len(problems) == 1 and "minimumSeverity" in problems[0]


# --- configs ------------------------------------------------------------------------------------

def test_broken_config_reports_once_and_falls_back(tmp_path):
    (tmp_path / ".vibelint.toml").write_text("select = 5\n")
    errors = []
    configs = project_configs(ClientSettings(), tmp_path, errors.append)
    ruleset = configs.ruleset_for(tmp_path / "a.md")
    configs.ruleset_for(tmp_path / "sub" / "b.md")
    assert ruleset is not None and any(r.id == "karpathy.plain-verbs" for r in ruleset.rules)
    assert len(errors) == 1 and ".vibelint.toml" in errors[0]


def test_config_is_reread_when_its_file_changes(tmp_path):
    config = tmp_path / ".vibelint.toml"
    config.write_text("ignore = []\n")
    configs = project_configs(ClientSettings(), tmp_path, print)
    first = configs.ruleset_for(tmp_path / "a.md")
    assert configs.ruleset_for(tmp_path / "a.md") is first  # cached: the block cache stays warm
    config.write_text('ignore = ["karpathy.plain-verbs"]\n')
    import os
    os.utime(config, ns=(1, 1))
    assert not any(r.id == "karpathy.plain-verbs" for r in configs.ruleset_for(tmp_path / "a.md").rules)


def test_bad_client_select_keeps_project_config(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('ignore = ["karpathy.plain-verbs"]\n')
    errors = []
    configs = project_configs(ClientSettings(select=["no-such-rule"]), tmp_path, errors.append)
    ruleset = configs.ruleset_for(tmp_path / "a.md")
    assert not any(r.id == "karpathy.plain-verbs" for r in ruleset.rules)
    assert errors and "vibelint.select" in errors[0]


def test_excluded_file_is_not_linted(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('exclude = ["drafts/*"]\n')
    configs = project_configs(ClientSettings(), tmp_path, print)
    assert configs.excluded(tmp_path / "drafts" / "a.md")
    assert not configs.excluded(tmp_path / "a.md")


# --- code actions -------------------------------------------------------------------------------

def _outcome(doc: OpenDocument, ruleset):
    from vibelint.lsp.linting import BufferResult

    result = LintService().lint(doc.text, doc.lint_name, ruleset)
    diagnostics = result.diagnostics
    rules = {r.id: r for r in ruleset.rules}
    return BufferResult(doc.text, ruleset, 1, diagnostics, [to_lsp(d, doc.index, rules) for d in diagnostics], result=result)


def _apply(text: str, edits) -> str:
    index = TextIndex(text)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:index.offset(edit.range.start)] + edit.new_text + text[index.offset(edit.range.end):]
    return text


def _actions(text: str, ruleset, line: int, character: int, only=None, uri="file:///w/a.md"):
    doc = OpenDocument(uri, "markdown", 1, text)
    outcome = _outcome(doc, ruleset)
    request = types.Range(start=pos(line, character), end=pos(line, character))
    return code_actions(doc, outcome, request, only, lambda edits: edits,
                        lambda: LintService().fix(doc.text, doc.lint_name, ruleset, result=outcome.result)[0])


def _plain_verbs(text, ruleset, name="a.md"):
    return [d for d in lint(text, name, ruleset).diagnostics if d.rule == "karpathy.plain-verbs"]


def test_disable_comments_keep_indentation_and_silence_the_rule(default_ruleset):
    text = "---\ntitle: x\n---\n\n- item\n  - We utilize it.\n\n> We leverage it.\n"
    actions = _actions(text, default_ruleset, 5, 8)
    by_title = {a.title: a.edit for a in actions}
    line_edit = by_title["Disable karpathy.plain-verbs for this line"]
    assert line_edit[0].new_text == "  <!-- vibelint-disable-next-line karpathy.plain-verbs -->\n"
    after = _apply(text, line_edit)
    assert [after[d.start:d.end] for d in _plain_verbs(after, default_ruleset)] == ["leverage"]
    file_edit = by_title["Disable karpathy.plain-verbs in this file"]
    assert file_edit[0].range.start == pos(3, 0)  # after the front matter
    assert not _plain_verbs(_apply(text, file_edit), default_ruleset)
    quote = {a.title: a.edit for a in _actions(text, default_ruleset, 7, 5)}
    quoted = quote["Disable karpathy.plain-verbs for this line"]
    assert quoted[0].new_text.startswith("> <!--")
    after = _apply(text, quoted)
    assert [after[d.start:d.end] for d in _plain_verbs(after, default_ruleset)] == ["utilize"]


def test_quick_fix_and_fix_all(default_ruleset):
    text = "We utilize it.\r\nThey leverage 😀 it and utilize more.\r\n"
    actions = _actions(text, default_ruleset, 0, 4)
    quick = [a for a in actions if a.is_preferred]
    assert [(a.edit[0].range, a.edit[0].new_text) for a in quick] == [(types.Range(start=pos(0, 3), end=pos(0, 10)), "use")]
    fix = [a for a in _actions(text, default_ruleset, 0, 0, only=["source.fixAll"]) if a.kind == FIX_ALL]
    assert len(fix) == 1 and len(fix[0].edit) == 1
    fixed = _apply(text, fix[0].edit)
    assert fixed == "We use it.\r\nThey use 😀 it and use more.\r\n"
    assert LintService().fix(text, "a.md", default_ruleset)[0].count("use") == 3


def test_kind_filter():
    assert wanted(FIX_ALL, ["source.fixAll"]) and wanted(FIX_ALL, ["source"]) and wanted(FIX_ALL, None)
    assert not wanted(FIX_ALL, ["quickfix"]) and not wanted("quickfix", ["source"])


def test_minimal_edit_does_not_split_crlf():
    doc = OpenDocument("file:///a.md", "markdown", 1, "a\r\nb")
    edit = minimal_edit(doc, "a\nb")
    assert _apply(doc.text, [edit]) == "a\nb"


# --- incremental linting equals a fresh lint ----------------------------------------------------

_INSERTS = ["utilize", "leverage ", "We utilize the GPU. ", "\n\n", "\n", " ", "😀", "中文", "é", "# ", "- ", "> ",
            "`code utilize`", "x", "game-changing ", "**", "\r\n", "<!-- vibelint-disable-next-line karpathy.plain-verbs -->\n"]


def _random_edit(rng: random.Random, text: str) -> tuple[types.TextDocumentContentChangePartial, str]:
    """A random LSP edit (UTF-16 range computed independently) and the text it should produce."""
    start = rng.randint(0, len(text))
    end = min(len(text), start + rng.choice([0, 0, 1, 2, 5, 30, 200]))
    if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":  # never split a CRLF
        start -= 1
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        end += 1
    new = rng.choice(_INSERTS) if rng.random() < 0.8 else ""
    rng_range = types.Range(start=pos(*reference_position(text, start)), end=pos(*reference_position(text, end)))
    return types.TextDocumentContentChangePartial(range=rng_range, text=new), text[:start] + new + text[end:]


@pytest.mark.slow  # hundreds of random edits, each compared with a fresh lint
@needs_corpus("karpathy_en.md")
def test_incremental_results_equal_full_relint_after_random_edits(default_ruleset):
    rng = random.Random(1234)
    paragraphs = CORPUS.joinpath("karpathy_en.md").read_text(encoding="utf-8").split("\n\n")[:60]
    text = "\n\n".join(paragraphs) + "\n\nWe utilize 😀 中文 leverage.\n"
    doc = OpenDocument("file:///w/draft.md", "markdown", 0, text)
    cache = SessionCache()
    editor_lint(doc.text, doc.lint_name, default_ruleset, cache)
    for step in range(300):
        change, expected = _random_edit(rng, doc.text)
        doc.update([change], step + 1)
        assert doc.text == expected
        incremental = editor_lint(doc.text, doc.lint_name, default_ruleset, cache)
        fresh = lint(expected, doc.lint_name, default_ruleset).diagnostics
        assert incremental == fresh, f"step {step}"
        rules = {r.id: r for r in default_ruleset.rules}
        converted = [to_lsp(d, doc.index, rules) for d in incremental]
        assert [(c.range.start.line, c.range.start.character) for c in converted] == \
               [reference_position(expected, d.start) for d in fresh]
    assert len(cache.entries) > 0 and len(cache.blocks) > 0
