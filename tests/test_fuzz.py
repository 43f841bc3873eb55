"""Fuzzing the whole pipeline and the editor's incremental path with generated Markdown.

Budget: ``VIBELINT_FUZZ_EXAMPLES`` examples per test (60 by default; see tests/fuzzing.py).
"""

from __future__ import annotations

import json

import pytest
import regex
from hypothesis import given, strategies as st
from lsprotocol import types

from fuzzing import FUZZ, drafts, markdown, names
from vibelint.engine import fix_until_stable, lint
from vibelint.lsp.documents import OpenDocument
from vibelint.lsp.linting import to_lsp
from vibelint.service import LintService, SessionCache
from vibelint.lsp.positions import TextIndex
from vibelint.output import FileReport, render
from vibelint.text.parse import parse, parse_unmasked
from vibelint.text.source import InputError, decode

pytestmark = pytest.mark.slow  # hypothesis fuzzing of the whole pipeline


QUOTING_KINDS = ("existence", "substitution", "sentence")  # their {match} is the text of the span itself


def check_diagnostics(text: str, diagnostics, rules: dict) -> None:
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= len(text), d
        if d.fix is not None:
            assert 0 <= d.fix.start <= d.fix.end <= len(text), d
            assert d.start <= d.fix.start and d.fix.end <= d.end, d
        rule = rules.get(d.rule)
        if rule is None or rule.kind not in QUOTING_KINDS or "{match}" not in rule.message:
            continue
        span = text[d.start:d.end]
        assert d.end > d.start, d
        first_line = regex.split(r"\r\n|\r|\n", span)[0]
        assert first_line in d.message, (span, d.message)  # the message names the text it points at
        if first_line == span:
            assert regex.search(r"\w", span), d


@FUZZ
@given(drafts, names)
def test_pipeline_never_raises_and_every_span_is_in_the_text(default_ruleset, text, name):
    diagnostics = lint(text, name, default_ruleset).diagnostics
    rules = {r.id: r for r in default_ruleset.rules}
    check_diagnostics(text, diagnostics, rules)
    assert not [d for d in diagnostics if d.rule in ("vibelint.rule-failed", "vibelint.rule-timeout")], diagnostics
    report = FileReport(name, text, diagnostics)
    for fmt in ("text", "json", "github"):
        render(fmt, [report], color=fmt == "text")
    located = json.loads(render("json", [report]))["diagnostics"]
    assert [(d["offset"], d["end_offset"]) for d in located] == [(d.start, d.end) for d in diagnostics]


@FUZZ
@given(drafts, names)
def test_fixing_any_draft_keeps_it_lintable(default_ruleset, text, name):
    fixed, _, result = fix_until_stable(text, name, default_ruleset)
    check_diagnostics(fixed, result.diagnostics, {r.id: r for r in default_ruleset.rules})


@FUZZ
@given(st.binary(max_size=200) | markdown.map(lambda s: s.encode("utf-8", "surrogatepass")) | st.builds(
    lambda bom, text, enc: bom + text.encode(enc, "surrogatepass"),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.text(max_size=50),
    st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"])))
def test_decoding_any_bytes_gives_text_or_one_line_input_error(data):
    try:
        text, _ = decode(data, "f.md")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("f.md: ")
    else:
        assert isinstance(text, str)


# --- the language server's incremental path -----------------------------------------------------

EDIT_TEXTS = ["", "utilize ", "\n", "\r\n", "\n\n", "> ", "- ", "```\n", "<!--", "-->", "😀", "中", "**", "|", "\t",
              "# ", "We leverage it. ", "\r", "\x00"]


def _position(data, index: TextIndex) -> types.Position:
    """A position the client might send: usually valid, sometimes past a line's end or the document's."""
    line = data.draw(st.integers(-1, len(index.starts) + 1))
    character = data.draw(st.integers(-1, 200))
    return types.Position(line=max(0, line), character=max(0, character))


def editor_lint(text, name, ruleset, cache):
    """What the server runs on every edit: the service's lint through its session cache, every severity."""
    return LintService(cache=cache).lint(text, name, ruleset).diagnostics


@FUZZ
@given(markdown, st.data())
def test_incremental_editor_lint_equals_a_fresh_lint(default_ruleset, text, data):
    doc = OpenDocument("file:///w/draft.md", data.draw(st.sampled_from(["markdown", "plaintext"])), 0, text)
    cache = SessionCache()
    rules = {r.id: r for r in default_ruleset.rules}
    editor_lint(doc.text, doc.lint_name, default_ruleset, cache)
    for version in range(1, data.draw(st.integers(1, 8)) + 1):
        start, end = sorted([_position(data, doc.index), _position(data, doc.index)], key=lambda p: (p.line, p.character))
        new = data.draw(st.sampled_from(EDIT_TEXTS) | st.text(max_size=4))
        change = types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)
        doc.update([change], version)
        incremental = editor_lint(doc.text, doc.lint_name, default_ruleset, cache)
        fresh = editor_lint(doc.text, doc.lint_name, default_ruleset, None)
        assert incremental == fresh
        clean = doc.text.replace("\x00", "\ufffd")
        check_diagnostics(clean, incremental, rules)
        for d in incremental:
            item = to_lsp(d, doc.index, rules)
            assert doc.index.offset(item.range.start) <= doc.index.offset(item.range.end) <= len(doc.text)


@FUZZ
@given(markdown, st.booleans())
def test_blocks_masked_one_at_a_time_in_any_order_are_those_of_a_parse(text, backward):
    """A split lint masks each block where its rules run (``parse.Unmasked``); the draft is the same."""
    unmasked = parse_unmasked(text, "draft.md")
    if unmasked is None:  # vibelint comments: parsed whole
        assert "vibelint-" in text
        return
    positions = range(len(unmasked.runs))
    for position in reversed(positions) if backward else positions:
        unmasked.block(position)
    blocks = [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in unmasked.document().blocks]
    assert blocks == [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in parse(text, "draft.md").blocks]
