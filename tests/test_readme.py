"""The README's shell examples, run like doctests so they cannot go stale.

Every ```console block is a transcript: each `$ command` runs with bash in the repository root (with this
Python's `vibelint` first on PATH) and what it prints, stdout and stderr together, must be exactly the lines
that follow. Every other `vibelint ...` command in a code block must parse with the real argument parser, and
runs (exit 0 or 1, no traceback; in this process, through ``run_cli``) when the files it names exist in the
repository."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from vibelint.cli import build_parser

README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(lang: str | None = None) -> list[tuple[int, str, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m[1], m[2]) for m in FENCE.finditer(text)
            if lang is None or m[1] == lang]


def transcripts() -> list[tuple[str, str, str]]:
    """(where, command, expected output) for every `$ ` line of every console block."""
    found = []
    for line_no, _, body in blocks("console"):
        parts = re.split(r"^\$ (.*)\n", body, flags=re.MULTILINE)
        assert parts[0] == "", f"README.md:{line_no}: a console block starts with a `$ ` line"
        for command, output in zip(parts[1::2], parts[2::2], strict=True):
            found.append((f"README.md:{line_no}", command, output))
    return found


def shell_env() -> dict:
    return {**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")},
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_the_readme_has_transcripts():
    commands = [command for _, command, _ in transcripts()]
    assert any("--statistics" in c for c in commands) and any(c.startswith("vibelint score") for c in commands)
    assert len(commands) >= 4


@pytest.mark.parametrize("where,command,expected", transcripts(), ids=[t[1][:60] for t in transcripts()])
def test_console_transcript(where, command, expected):
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=shell_env(), capture_output=True, text=True,
                          timeout=120, check=False)
    printed = [line.rstrip() for line in (done.stdout + done.stderr).rstrip("\n").splitlines()]
    wanted = [line.rstrip() for line in expected.rstrip("\n").splitlines()]
    assert printed == wanted, f"{where}: `{command}` printed:\n" + "\n".join(printed)


def vibelint_commands() -> list[tuple[str, str]]:
    """`vibelint ...` lines of the non-console code blocks (comments cut, the part after a pipe kept)."""
    found = []
    for line_no, lang, body in blocks():
        if lang in ("console", "json", "yaml", "toml", "markdown", "lua"):
            continue
        for offset, line in enumerate(body.splitlines(), start=1):
            command = line.split(" # ", 1)[0].split("|")[-1].strip()
            if command.startswith("vibelint "):
                found.append((f"README.md:{line_no + offset}", command))
    return found


def test_the_readme_commands_are_found():
    commands = [c for _, c in vibelint_commands()]
    assert "vibelint explain karpathy.plain-verbs" in commands and len(commands) >= 15, commands


@pytest.mark.parametrize("where,command", vibelint_commands(), ids=[c for _, c in vibelint_commands()])
def test_readme_command_parses_and_runs(where, command):
    argv = shlex.split(command)[1:]
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: unknown option, bad choice, missing argument
        pytest.fail(f"{where}: `{command}` does not parse (exit {exc.code})")
    assert getattr(args, "command", None), f"{where}: `{command}` names no subcommand"
    paths = [p for p in (getattr(args, "paths", None) or [getattr(args, "path", None)]) if p and p != "-"]
    paths += [p for p in getattr(args, "vale_styles", []) or []]
    if "-" in argv or any(p == "." or not (ROOT / p).exists() for p in paths) or args.command in ("lsp", "report"):
        return  # stdin, files that are only examples, the whole checkout, a server, or a command that writes a file
    done = run_cli(*argv, cwd=ROOT)
    assert done.returncode in (0, 1), f"{where}: `{command}` exited {done.returncode}: {done.stderr.decode()}"
    assert b"Traceback" not in done.stderr
