"""JSON output: a stable, documented schema (see README, "JSON output")."""

from __future__ import annotations

import json

SCHEMA = "vibelint.diagnostics/1"
_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps(..., ensure_ascii=False) builds one per call


def render(reports) -> str:
    items = []
    for report in reports:
        for d, (line, col, end_line, end_col) in report.located():
            items.append({
                "path": report.path,
                "rule": d.rule,
                "severity": d.severity,
                "message": d.message,
                "line": line,
                "column": col,
                "end_line": end_line,
                "end_column": end_col,
                "offset": d.start,
                "end_offset": d.end,
                "text": report.source[d.start:d.end],
                "suggestions": d.suggestions,
                "fix": {"offset": d.fix.start, "end_offset": d.fix.end, "replacement": d.fix.replacement} if d.fix else None,
            })
    counts: dict[str, int] = {}
    for item in items:
        counts[item["severity"]] = counts.get(item["severity"], 0) + 1
    # one diagnostic per line: readable, and json's C encoder stays in use (indent= would switch it off)
    listing = "".join(f"\n    {_encode(item)}," for item in items).rstrip(",")
    if listing:
        listing += "\n  "
    return (f'{{\n  "schema": "{SCHEMA}",\n  "files": {len(reports)},\n  "diagnostics": [{listing}],\n'
            f'  "counts": {json.dumps(counts)}\n}}')
