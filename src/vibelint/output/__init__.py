"""Formatters: diagnostics of many files -> text for a terminal, JSON, GitHub annotations or SARIF."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..engine import Diagnostic
from ..text.source import LineIndex


@dataclass
class FileReport:
    """One linted file: its display path, text (for positions and source lines) and diagnostics."""

    path: str
    source: str
    diagnostics: list[Diagnostic]
    fixed: int = 0
    excused: list[Diagnostic] | None = None  # with a voice file: findings its habits excused (None: no voice)
    lang: str = "en"  # the language of labels for this file ("zh": Chinese)

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters)."""
        line, col = self.index.position(offset)
        return line + 1, col + 1

    def located(self):
        """Each diagnostic with its 1-based (line, column, end line, end column)."""
        starts = self.index.starts  # inlined LineIndex.position: a docs site has tens of thousands of findings
        for d in self.diagnostics:
            line, end_line = bisect_right(starts, d.start), bisect_right(starts, d.end)
            yield d, (line, d.start - starts[line - 1] + 1, end_line, d.end - starts[end_line - 1] + 1)


def render(fmt: str, reports: list[FileReport], color: bool = False, rules=()) -> str:
    """Every finding, in a format: text, json, github or sarif (which lists ``rules`` with their help).
    Only the format asked for is imported (the four took 1.3 ms of every run)."""
    if fmt == "sarif":
        from . import sarif

        return sarif.render(reports, list(rules))
    if fmt == "json":
        from . import json_format

        return json_format.render(reports)
    if fmt == "github":
        from . import github

        return github.render(reports)
    from . import text

    return text.render(reports, color=color)


def render_statistics(fmt: str, reports: list[FileReport], rules=()) -> str:
    """Counts per rule instead of each finding (SARIF keeps its results and adds the counts)."""
    from . import statistics

    return statistics.render(fmt, reports, list(rules))
