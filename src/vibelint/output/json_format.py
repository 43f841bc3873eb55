"""JSON output: a stable, documented schema (see README, "JSON output")."""

from __future__ import annotations

import json

SCHEMA = "vibelint.diagnostics/1"
_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) uses for a str


def _diagnostic(path: str, d, line: int, col: int, end_line: int, end_col: int, text: str) -> str:
    """One diagnostic as json.dumps(..., ensure_ascii=False) writes it, in a fifth of the time
    (a docs site can have tens of thousands): every value is a str, an int, a list of str or null."""
    suggestions = ", ".join(map(_string, d.suggestions))
    fix = (f'{{"offset": {d.fix.start}, "end_offset": {d.fix.end}, "replacement": {_string(d.fix.replacement)}}}'
           if d.fix else "null")
    return (f'{{"path": {path}, "rule": {_string(d.rule)}, "severity": {_string(d.severity)}, '
            f'"message": {_string(d.message)}, "line": {line}, "column": {col}, "end_line": {end_line}, '
            f'"end_column": {end_col}, "offset": {d.start}, "end_offset": {d.end}, "text": {_string(text)}, '
            f'"suggestions": [{suggestions}], "fix": {fix}}}')


def render(reports) -> str:
    lines = []
    counts: dict[str, int] = {}
    for report in reports:
        path = _string(report.path)
        for d, (line, col, end_line, end_col) in report.located():
            counts[d.severity] = counts.get(d.severity, 0) + 1
            lines.append(_diagnostic(path, d, line, col, end_line, end_col, report.source[d.start:d.end]))
    # one diagnostic per line: readable, and quick to write (indent= would switch json's C encoder off)
    listing = ",".join(f"\n    {line}" for line in lines)
    if listing:
        listing += "\n  "
    return (f'{{\n  "schema": "{SCHEMA}",\n  "files": {len(reports)},\n  "diagnostics": [{listing}],\n'
            f'  "counts": {json.dumps(counts)}\n}}')
