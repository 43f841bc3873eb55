"""After ``check`` has run: write fixed texts back (``--fix``) or collect them as diffs (``--diff``).

One pass over the outcomes, in the order the files were given, so the stderr lines (a file that
could not be read, a lossy text left alone, a write that failed) come out file by file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .runner import FileResult
from .text.source import write_atomic


@dataclass
class Settled:
    """Which outcomes are still to be reported, the diffs to print, and whether a user-visible error happened."""

    reportable: list[FileResult] = field(default_factory=list)  # read fine, and not shown as a diff
    diffs: list[str] = field(default_factory=list)
    failed: bool = False  # a file named on the command line could not be read, or a fix could not be written


def settle(outcomes: list[FileResult], *, fix: bool, diff: bool) -> Settled:
    """Say why a file was not linted, write or diff each changed text, and keep the rest for the report."""
    settled = Settled()
    for outcome in outcomes:
        target = outcome.target
        if outcome.error:
            print(f"vibelint: {'note' if target.walked else 'error'}: {outcome.error}", file=sys.stderr)
            settled.failed = settled.failed or not target.walked
            continue
        if (fix or diff) and outcome.encoding.lossy:
            print(f"vibelint: note: {target.display}: not fixed: it has bytes that are not valid "
                  f"{outcome.encoding.name.upper()} (read with --encoding-errors=replace)", file=sys.stderr)
        changed = outcome.source != outcome.original
        if diff and changed:
            settled.diffs.append(unified_diff(outcome))
            continue
        # stdin's text always goes back to stdout, fixed or not: a pipe must not lose the draft
        if fix and (changed or target.path is None) and not write_back(outcome):
            settled.failed = True
            continue
        settled.reportable.append(outcome)
    return settled


def unified_diff(outcome: FileResult) -> str:
    display = outcome.target.display
    import difflib

    return "".join(difflib.unified_diff(
        outcome.original.splitlines(keepends=True), outcome.source.splitlines(keepends=True),
        f"a/{display}", f"b/{display}"))


def write_back(outcome: FileResult) -> bool:
    """Replace the file atomically, in its own encoding (stdin's fixed text goes to stdout); False if that failed."""
    target = outcome.target
    if target.path is None:
        sys.stdout.write(outcome.source)
        return True
    try:
        write_atomic(str(target.path), outcome.source, outcome.encoding)
    except OSError as exc:
        print(f"vibelint: error: {target.display}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True
