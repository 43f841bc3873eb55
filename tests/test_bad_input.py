"""Bad input through the real CLI: one clear line naming the file, a defined exit code, never a traceback.

Each test here is a row of the README's "Bad input" table.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from vibelint import cli
from vibelint.engine import lint

FLAGGED = "We utilize it.\n"
as_root = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(as_root, reason="root reads files whatever their mode")


def check(*args: str, cwd: Path, stdin: bytes | None = None):
    """Run `vibelint check --no-cache ...`; return (exit code, stdout, stderr lines)."""
    result = run_cli("check", "--no-cache", *args, cwd=cwd, stdin=stdin)
    err = result.stderr.decode()
    assert "Traceback" not in err and "Traceback" not in result.stdout.decode(), err
    return result.returncode, result.stdout.decode(), err.splitlines()


def found(stdout: str) -> list[tuple[str, str]]:
    return [(d["path"], d["text"]) for d in json.loads(stdout)["diagnostics"]]


def test_binary_file_named_is_an_error_walked_is_a_note(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "docs" / "ok.md").write_text(FLAGGED)
    code, out, err = check("docs/image.md", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: docs/image.md: binary file (NUL byte), skipped"])
    assert out.strip() == "No files linted."
    code, out, err = check("docs", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, ["vibelint: note: docs/image.md: binary file (NUL byte), skipped"])
    assert found(out) == [("docs/ok.md", "utilize")]


def test_invalid_utf8_is_an_error_with_the_byte_offset(tmp_path):
    (tmp_path / "post.md").write_bytes(b"We utilize \xe9t\xe9.\n")
    code, _, err = check("post.md", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: post.md: not valid UTF-8: byte 0xe9 at offset 11"])


def test_invalid_utf8_with_replace_is_linted_but_never_written(tmp_path):
    draft = tmp_path / "post.md"
    original = b"We utilize \xe9t\xe9.\n"
    draft.write_bytes(original)
    code, out, err = check("post.md", "--encoding-errors=replace", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, [])
    assert found(out) == [("post.md", "utilize")]
    code, _, err = check("post.md", "--encoding-errors=replace", "--fix", cwd=tmp_path)
    assert code == 1 and err == ["vibelint: note: post.md: not fixed: it has bytes that are not valid UTF-8 "
                                 "(read with --encoding-errors=replace)"]
    assert draft.read_bytes() == original


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom_is_read_with_exact_positions(tmp_path, encoding, bom):
    (tmp_path / "post.md").write_bytes(bom + "# 中文 😀\r\n\r\nWe utilize it.\r\n".encode(encoding))
    code, out, err = check("post.md", "--format", "json", cwd=tmp_path)
    [diagnostic] = json.loads(out)["diagnostics"]
    assert (code, err) == (1, [])
    assert (diagnostic["line"], diagnostic["column"], diagnostic["text"]) == (3, 4, "utilize")


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n\r\n", b"   \t  "])
def test_empty_files_are_clean(tmp_path, content):
    (tmp_path / "empty.md").write_bytes(content)
    code, out, err = check("empty.md", cwd=tmp_path)
    assert (code, out.strip(), err) == (0, "All clean.", [])


def test_a_100_mb_file_is_skipped_by_size_without_being_read(tmp_path):
    (tmp_path / "docs").mkdir()
    with open(tmp_path / "docs" / "huge.md", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: instant to make, and NUL bytes if it were read
    (tmp_path / "docs" / "ok.md").write_text(FLAGGED)
    code, _, err = check("docs/huge.md", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: docs/huge.md: too big to lint: 104,857,600 bytes, "
                               "max-file-size is 10,485,760"])
    code, out, err = check("docs", "--format", "json", cwd=tmp_path)
    assert code == 1 and err == ["vibelint: note: docs/huge.md: too big to lint: 104,857,600 bytes, "
                                 "max-file-size is 10,485,760"]
    assert found(out) == [("docs/ok.md", "utilize")]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_stops_at_the_size_limit(tmp_path):
    code, _, err = check("/dev/zero", cwd=tmp_path)  # stat says 0 bytes; reading stops at the limit
    assert (code, err) == (2, ["vibelint: error: /dev/zero: too big to lint: over 10,485,760 bytes (max-file-size)"])


def test_max_file_size_from_config_and_command_line(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('max-file-size = "1KB"\n')
    (tmp_path / "post.md").write_text(FLAGGED * 100)
    code, _, err = check("post.md", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: post.md: too big to lint: 1,500 bytes, max-file-size is 1,000"])
    code, _, err = check("post.md", "--max-file-size", "0", cwd=tmp_path)  # 0: no limit
    assert (code, err) == (1, [])
    code, _, err = check("-", "--max-file-size", "1KiB", cwd=tmp_path, stdin=FLAGGED.encode() * 100)
    assert (code, err) == (2, ["vibelint: error: -: too big to lint: over 1,024 bytes (max-file-size)"])
    (tmp_path / ".vibelint.toml").write_text('max-file-size = "lots"\n')
    code, _, err = check("post.md", cwd=tmp_path)
    assert code == 2 and len(err) == 1 and ".vibelint.toml:1: max-file-size:" in err[0]


@pytest.mark.slow  # a 5 MB input
def test_a_single_5_mb_line_is_linted(tmp_path):
    line = ("We utilize the model and it works, so we ship it today. " * 90_000)[:5_000_000]
    (tmp_path / "line.md").write_text(line + "\n")
    code, out, err = check("line.md", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, [])
    rules = [d["rule"] for d in json.loads(out)["diagnostics"]]
    assert rules.count("karpathy.plain-verbs") == line.count("utilize")
    assert not [r for r in rules if r.startswith("vibelint.")]  # no builtin pattern ran out of time


@pytest.mark.parametrize("deep", [
    ">" * 10_000 + " too deep to read\n",
    "- " * 10_000 + "too deep to read\n",
    "1. " * 5_000 + "too deep to read\n",
    "> - " * 5_000 + "too deep to read\n",
    "".join("   " * i + "- level\n" for i in range(1_000)),
], ids=["quotes", "bullets", "numbered", "quoted-lists", "indented-bullets"])  # the text itself would be too long a test id
def test_deep_nesting_never_crashes(tmp_path, deep):
    (tmp_path / "deep.md").write_text(FLAGGED + "\n" + deep)
    code, out, err = check("deep.md", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, [])
    assert found(out)[0] == ("deep.md", "utilize")


def test_deep_nesting_is_linted_and_so_is_what_follows(default_ruleset):
    """pulldown-cmark has no nesting limit and vibelint walks its events without recursion: 300 nested
    lists and 1,000 nested quotes are read like any other text, and so is what follows them."""
    levels = 300
    text = "".join("  " * i + "- we utilize\n" for i in range(levels)) + "\nAfter we leverage it.\n"
    texts = [text[d.start:d.end] for d in lint(text, "deep.md", default_ruleset).diagnostics]
    assert texts == ["utilize"] * levels + ["leverage"]
    quotes = ">" * 1_000 + " we utilize\n\nAfter we leverage it.\n"
    assert [quotes[d.start:d.end] for d in lint(quotes, "deep.md", default_ruleset).diagnostics] == ["utilize", "leverage"]


@pytest.mark.parametrize("text", [
    "Intro: we utilize it.\n\n```python\nprint('utilize')\n\nWe leverage this too.\n",
    "Intro: we utilize it.\n\n<!-- a comment never closed\n\nWe leverage this too.\n",
    "---\ntitle: front matter never closed, so not front matter\n\nWe utilize it.\n",
])
def test_unterminated_fences_comments_and_front_matter(tmp_path, text):
    """As CommonMark says: an unclosed fence or HTML comment runs to the end of the file, so what follows is
    not prose; an unclosed front matter is not front matter."""
    (tmp_path / "post.md").write_text(text)
    code, out, err = check("post.md", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, [])
    assert found(out) == [("post.md", "utilize")]


def test_path_that_does_not_exist(tmp_path):
    code, _, err = check("nope.md", "also-nope/", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: nope.md: no such file or directory"])


def test_symlink_loops_are_walked_once(tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "sub" / "post.md").write_text(FLAGGED)
    (tmp_path / "docs" / "sub" / "loop").symlink_to(tmp_path / "docs")
    (tmp_path / "docs" / "self").symlink_to(".")
    code, out, err = check("docs", "--format", "json", cwd=tmp_path)
    assert (code, err) == (1, [])
    assert [t for _, t in found(out)] == ["utilize"]


def test_dangling_symlink(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "docs" / "ok.md").write_text(FLAGGED)
    code, _, err = check("docs", cwd=tmp_path)
    assert (code, err) == (1, ["vibelint: note: docs/gone.md: cannot read: No such file or directory"])
    code, _, err = check("docs/gone.md", cwd=tmp_path)
    assert (code, err) == (2, ["vibelint: error: docs/gone.md: cannot read: No such file or directory"])


@needs_permissions
def test_unreadable_file_and_folder(tmp_path):
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "locked" / "post.md").write_text(FLAGGED)
    (docs / "secret.md").write_text(FLAGGED)
    (docs / "ok.md").write_text(FLAGGED)
    os.chmod(docs / "secret.md", 0)
    os.chmod(docs / "locked", 0)
    try:
        code, _, err = check("docs", cwd=tmp_path)
        assert code == 1 and sorted(err) == ["vibelint: note: docs/locked: cannot read folder: Permission denied",
                                             "vibelint: note: docs/secret.md: cannot read: Permission denied"]
        code, _, err = check("docs/secret.md", cwd=tmp_path)
        assert (code, err) == (2, ["vibelint: error: docs/secret.md: cannot read: Permission denied"])
        code, _, err = check("docs/locked", cwd=tmp_path)
        assert (code, err) == (2, ["vibelint: error: docs/locked: cannot read folder: Permission denied"])
        scored = run_cli("score", "docs/secret.md", "docs/locked/post.md", cwd=tmp_path)
        assert (scored.returncode, scored.stderr.decode()) == (2, "vibelint: error: docs/secret.md: cannot read: Permission denied\n")
        # a file inside the folder we may not search exists; we just may not look at it
        code, out, err = check("docs/locked/post.md", "docs/ok.md", "--format", "json", cwd=tmp_path)
        assert (code, err) == (2, ["vibelint: error: docs/locked/post.md: cannot read: Permission denied"])
        assert found(out) == [("docs/ok.md", "utilize")]
        scored = run_cli("score", "docs/locked/post.md", cwd=tmp_path)
        assert (scored.returncode, scored.stderr.decode()) == (2, "vibelint: error: docs/locked/post.md: cannot read: Permission denied\n")
    finally:
        os.chmod(docs / "locked", 0o755)
        os.chmod(docs / "secret.md", 0o644)


def _deny(paths: set[Path], real):
    """``real`` (os.scandir, os.stat, os.lstat or open) failing with EACCES for ``paths``, as chmod 000 would for a
    normal user. abspath, not resolve: resolve calls os.lstat, which may be the function being replaced."""
    def call(path, *args, **kwargs):
        if not isinstance(path, int) and Path(os.path.abspath(os.fsdecode(path))) in paths:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path, *args, **kwargs)
    return call


def test_unreadable_file_and_folder_reported_even_as_root(tmp_path, monkeypatch, capsys):
    """The same as above, in process, with the operating system's refusal simulated (runs as root too)."""
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "locked" / "post.md").write_text(FLAGGED)
    (docs / "secret.md").write_text(FLAGGED)
    (docs / "ok.md").write_text(FLAGGED)
    denied = {(docs / "locked").resolve(), (docs / "secret.md").resolve()}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "scandir", _deny(denied, os.scandir))
    monkeypatch.setattr("builtins.open", _deny(denied, open))
    assert cli.main(["check", "--no-cache", "docs", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert sorted(captured.err.splitlines()) == ["vibelint: note: docs/locked: cannot read folder: Permission denied",
                                                 "vibelint: note: docs/secret.md: cannot read: Permission denied"]
    assert found(captured.out) == [("docs/ok.md", "utilize")]
    assert cli.main(["check", "--no-cache", "docs/locked"]) == 2
    assert capsys.readouterr().err == "vibelint: error: docs/locked: cannot read folder: Permission denied\n"


def test_file_in_a_folder_we_may_not_search_reported_even_as_root(tmp_path, monkeypatch, capsys):
    """A named file inside a chmod 000 folder: the system refuses even to stat it. That is "cannot read", not
    "no such file or directory"; the other files are still linted (refusal simulated, so root runs it too)."""
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "locked" / "post.md").write_text(FLAGGED)
    (docs / "ok.md").write_text(FLAGGED)
    denied = {(docs / "locked" / "post.md").resolve()}
    monkeypatch.chdir(tmp_path)
    for name in ("stat", "lstat"):
        monkeypatch.setattr(os, name, _deny(denied, getattr(os, name)))
    monkeypatch.setattr("builtins.open", _deny(denied, open))
    assert cli.main(["check", "--no-cache", "docs/locked/post.md", "docs/ok.md", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "vibelint: error: docs/locked/post.md: cannot read: Permission denied\n"
    assert found(captured.out) == [("docs/ok.md", "utilize")]
    assert cli.main(["score", "docs/locked/post.md"]) == 2
    assert capsys.readouterr().err == "vibelint: error: docs/locked/post.md: cannot read: Permission denied\n"
