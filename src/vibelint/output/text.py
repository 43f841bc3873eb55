"""ruff-style text output: location, severity, rule id, message, the line with the span underlined.

A long line is shown as a window around the span (``CONTEXT`` characters either side, cut at a
word where one is near, ``…`` where the line goes on; a side is cut only if that hides more than
``SLACK`` characters), a long span is cut after ``MAX_MARKED``
characters, and one line shows at most ``PER_LINE`` findings, then says how many more it has:
a 5 MB line with 200,000 findings prints a few hundred lines, not gigabytes.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from ..packs import SEVERITIES

COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m", "hint": "\033[1;34m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"
CONTEXT = 60  # characters of the line shown before and after a span
SNAP = 15  # a cut moves up to this many characters inward to fall between words
SLACK = 20  # a side is cut only if that hides more than this many characters
MAX_MARKED = 120  # characters of one span underlined; a longer one is cut with …
PER_LINE = 100  # findings shown for one source line; the rest are counted in one note
ELLIPSIS = "…"


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
        per_line = Counter(line for _, (line, *_rest) in report.located())
        shown: Counter[int] = Counter()
        for d, (line, col, _end_line, _end_col) in report.located():
            counts[d.severity] = counts.get(d.severity, 0) + 1
            fixable += d.fix is not None
            if shown[line] == PER_LINE:
                continue
            shown[line] += 1
            out.append(f"{paint(BOLD, report.path)}:{line}:{col}: {paint(COLORS[d.severity], d.severity)}"
                       f"[{paint(BOLD, d.rule)}] {d.message}")
            before, marked, after = window(report.source, report.index.starts, line, d.start, d.end)
            gutter = str(line)
            pad = " " * len(gutter)
            out.append(paint(DIM, f"{pad} |"))
            out.append(f"{paint(DIM, gutter + ' |')} {_tabs(before + marked + after)}")
            carets = paint(COLORS[d.severity], "^" * max(display_width(marked), 1))
            out.append(f"{paint(DIM, pad + ' |')} {' ' * display_width(before)}{carets}")
            if d.suggestions:
                label = LABELS[report.lang]["fix" if d.fix else "suggestion"]
                out.append(f"{paint(DIM, pad + ' =')} {label}: {' | '.join(d.suggestions)}")
            out.append("")
            if shown[line] == PER_LINE and per_line[line] > PER_LINE:
                more = per_line[line] - PER_LINE
                out.append(f"{paint(BOLD, report.path)}:{line}: note: {more:,} more finding{'s' if more != 1 else ''}"
                           " on this line not shown (--format json lists every one)")
                out.append("")
    total = sum(counts.values())
    if reports and all(r.lang == "zh" for r in reports):
        out.extend(_summary_zh(counts, fixable, fixed, paint))
        return "\n".join(out).rstrip("\n")
    if total:
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
                          for s in SEVERITIES if s in counts)
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


LABELS = {"en": {"fix": "fix", "suggestion": "suggestion"}, "zh": {"fix": "修改", "suggestion": "建议"}}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "hint": "线索"}


def _summary_zh(counts: dict[str, int], fixable: int, fixed: int, paint) -> list[str]:
    """The closing lines in Chinese, when every file linted is a Chinese draft (or --lang zh)."""
    total = sum(counts.values())
    lines = []
    if total:
        parts = "，".join(f"{SEVERITY_ZH[s]} {counts[s]} 个"
                         for s in ("error", "warning", "info", "hint") if s in counts)
        summary = f"共发现 {total} 个问题（{parts}）"
        if fixable:
            summary += f"；其中 {fixable} 个可用 --fix 自动修改"
        lines.append(paint(BOLD, summary + "。"))
    elif not fixed:
        lines.append(paint(BOLD, "没有发现问题。"))
    if fixed:
        lines.append(f"已修改 {fixed} 处。")
    return lines


def window(source: str, starts: list[int], line: int, start: int, end: int) -> tuple[str, str, str]:
    """The part of 1-based ``line`` to show for the span ``start:end``: (before, underlined, after),
    with ``…`` where the line or the span goes on. Reads only the window, never the whole line."""
    line_start = starts[line - 1]
    line_end = starts[line] if line < len(starts) else len(source)
    for _ in range(2):  # the line break: \n, \r\n or \r
        if line_end > line_start and source[line_end - 1] in "\r\n":
            line_end -= 1
    start = min(start, line_end)
    span_end = min(max(end, start), line_end)
    mark_end = min(span_end, start + MAX_MARKED)
    left = start - CONTEXT
    if left - line_start > SLACK:
        space = source.find(" ", left, min(left + SNAP, start))
        left = space + 1 if space != -1 else left
    else:
        left = line_start
    if mark_end < span_end:  # a cut span: nothing after it but the mark that it goes on
        return ((ELLIPSIS if left > line_start else "") + source[left:start], source[start:mark_end], ELLIPSIS)
    right = mark_end + CONTEXT
    if line_end - right > SLACK:
        space = source.rfind(" ", max(right - SNAP, mark_end), right)
        right = space if space != -1 else right
    else:
        right = line_end
    return ((ELLIPSIS if left > line_start else "") + source[left:start], source[start:mark_end],
            source[mark_end:right] + (ELLIPSIS if right < line_end else ""))


def _tabs(line: str) -> str:
    return line.replace("\t", "    ")
