"""GitHub Actions workflow annotations (::error / ::warning / ::notice)."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def render(reports) -> str:
    lines = []
    for report in reports:
        for d, (line, col, end_line, end_col) in report.located():
            props = (f"file={_escape(report.path, True)},line={line},col={col},endLine={end_line},"
                     f"endColumn={end_col},title={_escape(d.rule, True)}")
            lines.append(f"::{LEVELS[d.severity]} {props}::{_escape(d.message)}")
    return "\n".join(lines)
