"""--fix is safe: idempotent, byte-exact outside the fixed spans, deterministic on overlaps, atomic on disk."""

from __future__ import annotations

import codecs
import os
import stat

import pytest
import regex
from hypothesis import example, given, settings, strategies as st

from conftest import run_cli
from fuzzing import EXAMPLES, FUZZ
from vibelint import cli
from vibelint.engine import Diagnostic, Fix, apply_fixes, fix_until_stable, lint
from vibelint.packs import builtin_rules
from vibelint.text import source as source_module
from vibelint.text.source import Encoding, write_atomic

def fixable_phrases() -> list[str]:
    """Every phrase the builtin pack rewrites by itself: swaps with a single replacement in fixable rules."""
    phrases = []
    for rule in builtin_rules():
        if rule.kind == "substitution" and rule.options.get("fixable", True):
            phrases += [bad for bad, good in rule.options.get("swap", {}).items() if "|" not in good]
    return sorted(phrases)


PHRASES = fixable_phrases()
FILLERS = ["We", "it", "the model", "works", "today", "😀", "🎉👍🏽", "中文", "日本語のテキスト", "é", "naïve", "Ωmega",
           "**bold**", "`code utilize`", "[link](https://example.com/utilize)", "# ", "- ", "> ", "1. ", "| a | b |",
           "<!-- note -->", "```", ".", ",", "!", "?", "'", "\u00a0", "\u200b"]
SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n", "\r"]


def phrase_forms(phrase: str) -> list[str]:
    return [phrase, phrase[:1].upper() + phrase[1:], phrase.upper(), phrase.replace(" ", "\t"), phrase.replace(" ", "\n")]


phrase = st.sampled_from(PHRASES).flatmap(lambda p: st.sampled_from(phrase_forms(p)))
piece = st.one_of(phrase, st.sampled_from(FILLERS), st.sampled_from(SEPARATORS))
drafts = st.builds(lambda bom, parts: bom + "".join(parts), st.sampled_from(["", "\ufeff"]), st.lists(piece, max_size=40))
names = st.sampled_from(["draft.md", "draft.txt"])

WORDS_ONLY = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\s'’\-‐‑–]*")
# what a fix may write: words, and in Chinese the enumeration comma between them (zh.jargon's documented swap
# 降本增效 -> 降低成本、提高效率); no markup, no sentence punctuation
REPLACEMENT = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\s'’\-‐‑–]*(?:、[\p{L}\p{N}][\p{L}\p{N}\s'’\-‐‑–]*)*")


def splice(text: str, fixes: list[Fix]) -> str:
    """The fixes applied right to left: a second, independent way to compute apply_fixes' result."""
    for fix in reversed(fixes):
        text = text[:fix.start] + fix.replacement + text[fix.end:]
    return text


def non_overlapping(fixes: set[Fix]) -> list[Fix]:
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end, f.replacement)):
        if not chosen or fix.start >= chosen[-1].end:
            chosen.append(fix)
    return chosen


def test_the_pack_has_fixable_phrases():
    assert len(PHRASES) > 200 and "utilize" in PHRASES and "in order to" in PHRASES


@pytest.mark.slow  # hypothesis: many generated drafts
@FUZZ
@given(drafts, names)
def test_fixing_twice_changes_nothing(default_ruleset, text, name):
    fixed, _, _ = fix_until_stable(text, name, default_ruleset)
    again, count, result = fix_until_stable(fixed, name, default_ruleset)
    assert again == fixed and count == 0
    assert not [d for d in result.diagnostics if d.fix is not None], "a fix was left for a second run"


@pytest.mark.slow  # hypothesis: many generated drafts
@FUZZ
@given(drafts, names)
@example(text="降本增效", name="draft.md")  # a swap whose replacement has an enumeration comma (found by CI)
def test_fixes_touch_only_their_spans(default_ruleset, text, name):
    """Each pass rewrites whole words only, and every byte between the fixed spans is kept
    (CRLF, lone CR, BOM, tabs, emoji, CJK, markup)."""
    for _ in range(10):
        diagnostics = lint(text, name, default_ruleset).diagnostics
        fixes = {d.fix for d in diagnostics if d.fix is not None}
        if not fixes:
            break
        for fix in fixes:
            span = text[fix.start:fix.end]
            assert WORDS_ONLY.fullmatch(span), f"fix span {span!r} is not plain words"
            assert REPLACEMENT.fullmatch(fix.replacement), fix
        fixed, applied = apply_fixes(text, diagnostics)
        chosen = non_overlapping(fixes)
        assert applied == len(chosen)
        assert fixed == splice(text, chosen)
        for kept in (text[:chosen[0].start], text[chosen[-1].end:]):
            assert kept in fixed
        text = fixed


fix_lists = st.text(alphabet=st.sampled_from(list("ab \t\r\n😀中\ufeff")), max_size=30).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, len(text)), st.sampled_from(["", "X", "yy", "\r\n", "😀"])),
        max_size=8)))


@pytest.mark.slow  # hypothesis: many generated drafts
@settings(max_examples=max(200, EXAMPLES), deadline=None)
@given(fix_lists, st.randoms())
def test_overlapping_fixes_never_corrupt(case, rnd):
    """Fixes made directly, overlapping at will: the result is always the text with one
    non-overlapping subset spliced in, the same whatever order the diagnostics come in."""
    text, spans = case
    fixes = [Fix(min(a, b), max(a, b), r) for a, b, r in spans]
    diagnostics = [Diagnostic("t.rule", "warning", "m", f.start, f.end, f) for f in fixes]
    fixed, applied = apply_fixes(text, diagnostics)
    chosen = non_overlapping(set(fixes))
    assert (fixed, applied) == (splice(text, chosen), len(chosen))
    rnd.shuffle(diagnostics)
    assert apply_fixes(text, diagnostics) == (fixed, applied)


# --- through the real CLI, with encodings ---------------------------------------------------------

DRAFT = "We utilize it\tin order to ship 😀.\r\n\r\n中文 and we leverage the model.\r\n"
FIXED = "We use it\tto ship 😀.\r\n\r\n中文 and we use the model.\r\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_cli_fix_round_trips_encodings(tmp_path, encoding, bom):
    draft = tmp_path / "post.md"
    draft.write_bytes(bom + DRAFT.encode(encoding))
    os.chmod(draft, 0o604)
    first = run_cli("check", "--fix", "--no-cache", "post.md", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    assert draft.read_bytes() == bom + FIXED.encode(encoding)
    assert stat.S_IMODE(draft.stat().st_mode) == 0o604
    second = run_cli("check", "--fix", "--no-cache", "post.md", cwd=tmp_path)
    assert draft.read_bytes() == bom + FIXED.encode(encoding)
    assert b"Fixed" not in second.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]  # no temp file left


# --- a write that fails half way leaves the original --------------------------------------------

ORIGINAL = codecs.BOM_UTF8 + "We utilize it.\r\n".encode()


class Boom(OSError):
    pass


def _raise(*args, **kwargs):
    raise Boom(28, "No space left on device")


class HalfWriter:
    """A file handle that writes half of what it is given, then fails like a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[:len(data) // 2])
        self.handle.flush()
        raise Boom(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _half_writing_fdopen(real):
    return lambda fd, *a, **k: HalfWriter(real(fd, *a, **k))


@pytest.mark.parametrize("target, make_failure", [
    ("write", _half_writing_fdopen),
    ("fsync", lambda real: _raise),
    ("chmod", lambda real: _raise),
    ("replace", lambda real: _raise),
])
def test_failed_write_leaves_the_original(tmp_path, monkeypatch, target, make_failure):
    draft = tmp_path / "post.md"
    draft.write_bytes(ORIGINAL)
    os.chmod(draft, 0o640)
    name = "fdopen" if target == "write" else target
    monkeypatch.setattr(source_module.os, name, make_failure(getattr(os, name)))
    with pytest.raises(Boom):
        write_atomic(str(draft), "We use it.\r\n", Encoding("utf-8", codecs.BOM_UTF8))
    monkeypatch.undo()
    assert draft.read_bytes() == ORIGINAL
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


def test_interrupted_write_leaves_the_original(tmp_path, monkeypatch):
    draft = tmp_path / "post.md"
    draft.write_bytes(ORIGINAL)

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(source_module.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(draft), "We use it.\r\n", Encoding("utf-8", codecs.BOM_UTF8))
    monkeypatch.undo()
    assert draft.read_bytes() == ORIGINAL and [p.name for p in tmp_path.iterdir()] == ["post.md"]


def test_successful_write_replaces_and_keeps_mode(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_bytes(ORIGINAL)
    os.chmod(draft, 0o600)
    write_atomic(str(draft), "We use it.\r\n", Encoding("utf-8", codecs.BOM_UTF8))
    assert draft.read_bytes() == codecs.BOM_UTF8 + b"We use it.\r\n"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


def test_cli_fix_that_cannot_write_says_so_and_keeps_the_file(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "post.md"
    draft.write_bytes(ORIGINAL)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(source_module.os, "replace", _raise)  # the rename fails, as on a full or read-only disk
    assert cli.main(["check", "--fix", "--no-cache", "post.md"]) == 2
    assert capsys.readouterr().err == "vibelint: error: post.md: cannot write: No space left on device\n"
    assert draft.read_bytes() == ORIGINAL and [p.name for p in tmp_path.iterdir()] == ["post.md"]
