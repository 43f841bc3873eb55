"""``--diff-base REF``: which lines changed since a git ref, so only those get reported.

Changes are the working tree against REF (committed, staged and unstaged edits), plus untracked
files that are not ignored, which count as changed throughout.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .files import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # an untracked or added file: every line counts


def changed_lines(ref: str, cwd: Path | None = None) -> dict[Path, set[int] | None]:
    """Absolute path -> 1-based changed line numbers (None: the whole file) for every changed file."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd, "not inside a git repository").strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, f"--diff-base: unknown git ref {ref!r}")
    diff = _git(["-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-prefix",
                 ref, "--"], top, "git diff failed")
    changes: dict[Path, set[int] | None] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:].removesuffix("\t")  # git adds a tab after names with spaces
            if name == "/dev/null":  # deleted file
                current = set()
                continue
            current = changes.setdefault(top / _unquote(name), set())
        elif current is not None and (match := _HUNK.match(line)):
            start, count = int(match[1]), int(match[2] or 1)
            current.update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top, "git ls-files failed")
    for name in filter(None, untracked.split("\0")):
        changes[top / name] = ALL_LINES
    return {path.resolve(): lines for path, lines in changes.items() if lines is None or lines}


def _git(args: list[str], cwd: Path | None, problem: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape")
    except OSError as exc:
        raise UsageError(f"--diff-base needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise UsageError(f"{problem}" + (f" ({detail})" if detail and "unknown git ref" not in problem else ""))
    return done.stdout


def _unquote(name: str) -> str:
    """git quotes paths with tabs, newlines or quotes C-style ("a\\tb.md"); undo that."""
    if name.startswith('"') and name.endswith('"'):
        escapes = {"t": "\t", "n": "\n", '"': '"', "\\": "\\"}
        return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[1]), name[1:-1])
    return name
