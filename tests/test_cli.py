"""The `vibelint` command as a user runs it, on real files.

Most tests call the CLI in this process (``run_cli``); check, --fix, --fix through a real stdin and stdout
pipe, and explain each keep one test through a real `python -m vibelint` process (``run_cli_process``)."""

import codecs
import json
import os

import pytest

from conftest import run_cli, run_cli_process


def write(path, text: str, encoding: str = "utf-8", bom: bytes = b"", newline: str = "\n"):
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


def test_check_reports_position_rule_and_underline(tmp_path):
    draft = write(tmp_path / "post.md", "# Title\n\nWe utilize the GPU.\n")
    result = run_cli_process("check", str(draft), "--color", "never", cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "post.md:3:4: warning[karpathy.plain-verbs]" in out
    assert "3 | We utilize the GPU." in out
    assert "  |    ^^^^^^^" in out
    assert "1 fixable with --fix" in out


def test_clean_file_exits_zero(tmp_path):
    draft = write(tmp_path / "post.md", "Strap in.\n")
    result = run_cli("check", str(draft))
    assert result.returncode == 0, result.stdout


def test_stdin_with_filename(tmp_path):
    result = run_cli("check", "-", "--stdin-filename", "notes.md", "--format", "json", stdin=b"We utilize it.\n")
    data = json.loads(result.stdout)
    assert data["diagnostics"][0]["path"] == "notes.md"
    assert data["diagnostics"][0]["rule"] == "karpathy.plain-verbs"
    assert result.returncode == 1


def test_json_schema(tmp_path):
    draft = write(tmp_path / "post.md", "🎉 中文 utilize\n")
    data = json.loads(run_cli("check", str(draft), "--format", "json").stdout)
    assert data["schema"] == "vibelint.diagnostics/1"
    d = data["diagnostics"][0]
    assert set(d) == {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column",
                      "offset", "end_offset", "text", "suggestions", "fix"}
    assert (d["line"], d["column"], d["end_column"], d["text"]) == (1, 6, 13, "utilize")
    assert d["fix"] == {"offset": 5, "end_offset": 12, "replacement": "use"}


def test_github_annotations(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n")
    out = run_cli("check", str(draft), "--format", "github", cwd=tmp_path).stdout.decode()
    assert out.startswith("::warning file=post.md,line=1,col=4,endLine=1,endColumn=11,title=karpathy.plain-verbs::")


def test_fix_keeps_crlf_bom_and_mode(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n\nAnd 🎉 leverage it.\n", bom=codecs.BOM_UTF8, newline="\r\n")
    os.chmod(draft, 0o640)
    result = run_cli_process("check", "--fix", str(draft))
    assert draft.read_bytes() == codecs.BOM_UTF8 + "We use it.\r\n\r\nAnd 🎉 use it.\r\n".encode()
    assert oct(draft.stat().st_mode & 0o777) == "0o640"
    assert b"Fixed 2 problems" in result.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vibelint-")]


def test_fix_keeps_utf16(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n", encoding="utf-16-le", bom=codecs.BOM_UTF16_LE)
    run_cli("check", "--fix", str(draft))
    assert draft.read_bytes() == codecs.BOM_UTF16_LE + "We use it.\n".encode("utf-16-le")


def test_diff_writes_nothing(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n")
    result = run_cli("check", "--diff", str(draft))
    assert result.returncode == 1
    assert "-We utilize it.\n+We use it.\n" in result.stdout.decode()
    assert draft.read_text() == "We utilize it.\n"


def test_fix_from_stdin_prints_fixed_text():
    result = run_cli_process("check", "--fix", "-", stdin=b"We utilize it.\n")
    assert result.stdout == b"We use it.\n"


def test_folders_walk_markdown_and_text_only(tmp_path):
    for rel in ["a.md", "b.txt", "c.markdown", "skip.py", ".hidden/d.md", "node_modules/e.md", "sub/f.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("We utilize it.\n")
    data = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert sorted({d["path"] for d in data["diagnostics"]}) == ["a.md", "b.txt", "c.markdown", "sub/f.md"]


def test_missing_path_and_bad_utf8_exit_2(tmp_path):
    result = run_cli("check", str(tmp_path / "nope.md"))
    assert result.returncode == 2 and b"nope.md: no such file or directory" in result.stderr
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"ok \xff\xfe no")
    result = run_cli("check", str(bad))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"vibelint: error: {bad}: not valid UTF-8: byte 0xff at offset 3"


def test_fail_on(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n")
    assert run_cli("check", str(draft), "--fail-on", "error").returncode == 0
    assert run_cli("check", str(draft), "--fail-on", "hint").returncode == 1
    assert run_cli("check", str(draft), "--exit-zero").returncode == 0


def test_select_and_ignore(tmp_path):
    draft = write(tmp_path / "post.md", "We utilize it.\n")
    assert run_cli("check", str(draft), "--ignore", "karpathy.plain-verbs").returncode == 0
    assert run_cli("check", str(draft), "--ignore", "karpathy").returncode == 0
    result = run_cli("check", str(draft), "--select", "karpathy.nope")
    assert result.returncode == 2 and b"unknown rule id 'karpathy.nope'" in result.stderr


def test_suppression_comments(tmp_path):
    text = (
        "We utilize one.\n\n"
        "<!-- vibelint-disable karpathy.plain-verbs -->\n\nWe utilize two.\n\n<!-- vibelint-enable -->\n\n"
        "We utilize three.\n\n"
        "<!-- vibelint-disable-next-line -->\nWe utilize four.\n\n"
        "<!-- vibelint-disable-next-line karpathy.bogus -->\nWe utilize five.\n"
    )
    draft = write(tmp_path / "post.md", text)
    data = json.loads(run_cli("check", str(draft), "--format", "json").stdout)
    found = [(d["line"], d["rule"]) for d in data["diagnostics"]]
    assert found == [(1, "karpathy.plain-verbs"), (9, "karpathy.plain-verbs"), (14, "vibelint.unknown-rule"),
                     (15, "karpathy.plain-verbs")]


def test_disable_file(tmp_path):
    draft = write(tmp_path / "post.md", "<!-- vibelint-disable-file -->\n\nWe utilize it.\n")
    assert run_cli("check", str(draft)).returncode == 0


def test_comment_inside_code_does_not_suppress(tmp_path):
    draft = write(tmp_path / "post.md", "```\n<!-- vibelint-disable-file -->\n```\n\nWe utilize it.\n")
    assert run_cli("check", str(draft)).returncode == 1


def test_rules_and_explain():
    listing = run_cli("rules").stdout.decode()
    assert "karpathy.plain-verbs" in listing and "substitution" in listing
    explained = run_cli_process("explain", "karpathy.plain-verbs")
    text = explained.stdout.decode()
    assert "Spec: 3.1" in text and "Bad:" in text and "Good:" in text
    missing = run_cli("explain", "karpathy.nope")
    assert missing.returncode == 2 and b"unknown rule id" in missing.stderr


def test_fix_from_stdin_prints_the_text_even_when_nothing_was_fixed():
    """`vibelint check --fix - < draft > out` must never leave `out` empty."""
    clean = run_cli("check", "--fix", "-", stdin=b"Strap in.\n")
    assert clean.returncode == 0 and clean.stdout == b"Strap in.\n"
    fixed = run_cli("check", "--fix", "-", stdin=b"We utilize it.\n")
    assert fixed.stdout == b"We use it.\n"


@pytest.mark.parametrize("columns", [None, "50", "200", "0", "wide"])
def test_help_is_as_wide_as_argparse_would_make_it(monkeypatch, columns):
    """The command's help formatter finds its width without shutil, as shutil.get_terminal_size does."""
    import shutil

    from vibelint import cli

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("argv", [
    ["check", "post.md", "--format", "json", "--jobs", "2"], ["check"], ["rules", "--format", "json"],
    ["explain", "karpathy.hype", "--lang", "zh"], ["lsp", "--stdio"], ["score", "a.md", "--json"],
    ["report", "a.md", "-o", "-"], ["voice", "learn", "blog", "-o", "me.json"],
])
def test_a_command_line_reads_the_same_with_only_its_subcommand_built(argv):
    """``main`` builds only the parser of the subcommand named first (the others cost 5 ms of every run):
    the arguments and the subcommand's help come out the same as from the whole command line."""
    from vibelint.cli import build_parser

    whole, alone = build_parser(), build_parser(argv[0])
    assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))
    helps = [parser._subparsers._group_actions[0].choices[argv[0]].format_help() for parser in (whole, alone)]
    assert helps[0] == helps[1]
    assert build_parser("chekc").format_help() == whole.format_help()  # a typo: every subcommand, for the error
