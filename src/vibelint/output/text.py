"""ruff-style text output: location, severity, rule id, message, the line with the span underlined."""

from __future__ import annotations

import unicodedata

COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m", "hint": "\033[1;34m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def display_width(text: str) -> int:
    """Terminal columns: wide CJK and emoji take two, combining marks none, tabs four."""
    width = 0
    for ch in text:
        if ch == "\t":
            width += 4
        elif unicodedata.combining(ch) or ch in "\u200d\ufe0f":
            continue
        else:
            width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def render(reports, color: bool = False) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    out = []
    counts: dict[str, int] = {}
    fixable = fixed = 0
    for report in reports:
        fixed += report.fixed
        for d in report.diagnostics:
            counts[d.severity] = counts.get(d.severity, 0) + 1
            fixable += d.fix is not None
            line, col = report.position(d.start)
            out.append(f"{paint(BOLD, report.path)}:{line}:{col}: {paint(COLORS[d.severity], d.severity)}"
                       f"[{paint(BOLD, d.rule)}] {d.message}")
            source_line = report.index.line_text(line - 1)
            gutter = str(line)
            pad = " " * len(gutter)
            span_end = min(d.end, report.index.starts[line - 1] + len(source_line))
            before = source_line[:col - 1]
            marked = source_line[col - 1:col - 1 + max(span_end - d.start, 0)]
            out.append(paint(DIM, f"{pad} |"))
            out.append(f"{paint(DIM, gutter + ' |')} {_tabs(source_line)}")
            out.append(f"{paint(DIM, pad + ' |')} {' ' * display_width(before)}{paint(COLORS[d.severity], '^' * max(display_width(marked), 1))}")
            if d.suggestions:
                label = "fix" if d.fix else "suggestion"
                out.append(f"{paint(DIM, pad + ' =')} {label}: {' | '.join(d.suggestions)}")
            out.append("")
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in ("error", "warning", "info", "hint") if s in counts)
        summary = f"Found {total} problem{'s' if total != 1 else ''} ({parts})"
        if fixable:
            summary += f"; {fixable} fixable with --fix"
        out.append(paint(BOLD, summary + "."))
    elif not fixed and reports:
        out.append(paint(BOLD, "All clean."))
    elif not fixed:
        out.append("No files linted.")
    if fixed:
        out.append(f"Fixed {fixed} problem{'s' if fixed != 1 else ''}.")
    return "\n".join(out).rstrip("\n")


def _tabs(line: str) -> str:
    return line.replace("\t", "    ")
