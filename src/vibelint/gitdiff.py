"""``--diff-base REF``: which lines changed since a git ref, so only those get reported.

Changes are the working tree against REF (committed, staged and unstaged edits), plus untracked
files that are not ignored, which count as changed throughout. Renames are followed whatever the
user's ``diff.renames`` says, so a moved file brings only its edited lines. Two cases a commit
hook meets: before the first commit ``HEAD`` names no commit yet, so every file is new; while
committing a merge (``MERGE_HEAD`` exists) against ``HEAD``, a line counts only if it is in
neither parent, since what the merge brings in was written on the other branch.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .files import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # an untracked or added file: every line counts

Changes = dict[Path, set[int] | None]


def changed_lines(ref: str, cwd: Path | None = None, paths: Iterable[str | Path] = ()) -> Changes:
    """Absolute path -> 1-based changed line numbers (None: the whole file) for every changed file.

    ``paths`` are the paths named on the command line; one outside the repository is an error.
    """
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd, "not inside a git repository").strip())
    _check_inside(top, paths, cwd)
    commit = _commit(ref, top)
    if commit is None:
        if not _names_unborn_head(ref, top):
            raise UsageError(f"--diff-base: unknown git ref {ref!r}")
        tracked = _git(["ls-files", "--cached", "-z"], top, "git ls-files failed")  # first commit: all of it is new
        changes: Changes = {top / name: ALL_LINES for name in filter(None, tracked.split("\0"))}
    else:
        changes = _diff(commit, top)
        merging = _commit("MERGE_HEAD", top)
        if merging is not None and commit == _commit("HEAD", top):
            changes = _intersect(changes, _diff(merging, top))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top, "git ls-files failed")
    for name in filter(None, untracked.split("\0")):
        changes[top / name] = ALL_LINES
    return {path.resolve(): lines for path, lines in changes.items() if lines is None or lines}


def _check_inside(top: Path, paths: Iterable[str | Path], cwd: Path | None) -> None:
    root = top.resolve()
    for name in paths:
        if str(name) == "-":
            continue
        path = (Path(cwd or ".") / name).resolve()
        if path != root and root not in path.parents:
            raise UsageError(f"{name}: outside the git repository {top} (--diff-base compares with its history)")


def _commit(ref: str, top: Path) -> str | None:
    done = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
    return done.stdout.strip() if done.returncode == 0 else None


def _names_unborn_head(ref: str, top: Path) -> bool:
    """True when REF is HEAD (or its branch) and that branch has no commit yet."""
    branch = _run(["symbolic-ref", "--quiet", "HEAD"], top)
    if branch.returncode != 0:  # detached HEAD: it names a commit, so it is not unborn
        return False
    full = branch.stdout.strip()
    return ref in ("HEAD", "@", full, full.removeprefix("refs/heads/"))


def _diff(commit: str, top: Path) -> Changes:
    diff = _git(["-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-prefix",
                 "--find-renames", commit, "--"], top, "git diff failed")
    changes: Changes = {}
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
    return changes


def _intersect(ours: Changes, theirs: Changes) -> Changes:
    """Lines changed against both parents of a merge (line numbers are the working tree's in both)."""
    # a file missing from the diff against theirs is exactly theirs: nothing in it is new
    return {path: (lines or set()) & (theirs.get(path) or set()) for path, lines in ours.items()}


def _run(args: list[str], cwd: Path | None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], check=False, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape")
    except OSError as exc:
        raise UsageError(f"--diff-base needs git: {exc.strerror or exc}") from None


def _git(args: list[str], cwd: Path | None, problem: str) -> str:
    done = _run(args, cwd)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise UsageError(f"{problem}" + (f" ({detail})" if detail else ""))
    return done.stdout


def _unquote(name: str) -> str:
    """git quotes paths with tabs, newlines or quotes C-style ("a\\tb.md"); undo that."""
    if name.startswith('"') and name.endswith('"'):
        escapes = {"t": "\t", "n": "\n", '"': '"', "\\": "\\"}
        return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[1]), name[1:-1])
    return name
