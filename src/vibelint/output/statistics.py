"""``--statistics``: how many findings each rule made (and how many ``--fix`` can apply), in any format."""

from __future__ import annotations

import json
from collections import Counter

from ..engine import severity_rank

SCHEMA = "vibelint.statistics/1"


def count(reports) -> list[dict]:
    """One row per rule and severity, most findings first: folders whose configs give a rule
    different severities get a row for each."""
    rows: dict[tuple[str, str], dict] = {}
    for report in reports:
        for d in report.diagnostics:
            row = rows.get((d.rule, d.severity))
            if row is None:
                row = rows[d.rule, d.severity] = {"rule": d.rule, "severity": d.severity, "count": 0, "fixable": 0}
            row["count"] += 1
            row["fixable"] += d.fix is not None
    return sorted(rows.values(), key=lambda r: (-r["count"], r["rule"], severity_rank(r["severity"])))


def excused_by_habit(reports) -> list[dict] | None:
    """With a voice file: findings its habits excused, per rule, most first (None: no voice in this run)."""
    if all(getattr(r, "excused", None) is None for r in reports):
        return None
    counts = Counter(d.rule for r in reports for d in (getattr(r, "excused", None) or ()))
    return [{"rule": rule, "count": n} for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def excused_line(excused: list[dict]) -> str:
    total = sum(e["count"] for e in excused)
    detail = ": " + ", ".join(f"{e['rule']} {e['count']}" for e in excused) if excused else ""
    return f"{total} {_findings(total)} excused by habit (your voice file){detail}."


def render(fmt: str, reports, rules) -> str:
    rows = count(reports)
    excused = excused_by_habit(reports)
    if fmt == "json":
        data = {"schema": SCHEMA, "files": len(reports), "statistics": rows}
        if excused is not None:
            data["excused_by_habit"] = excused
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "sarif":
        from . import sarif

        return sarif.render(reports, rules, statistics=rows, excused=excused)
    if fmt == "github":
        per_rule = Counter(r["rule"] for r in rows)  # a rule with rows of two severities says which is which
        lines = [f"::notice title=vibelint statistics::{r['rule']}"
                 + (f" ({r['severity']})" if per_rule[r["rule"]] > 1 else "")
                 + f": {r['count']} {_findings(r['count'])}"
                 + (f" ({r['fixable']} fixable)" if r["fixable"] else "") for r in rows]
        if excused is not None:
            lines.append(f"::notice title=vibelint statistics::{excused_line(excused)}")
        return "\n".join(lines)
    if not rows:
        return excused_line(excused) if excused is not None else ""
    width = max(len(r["rule"]) for r in rows)
    digits = len(str(rows[0]["count"]))
    lines = [f"{r['count']:>{digits}}  {r['rule']:<{width}}  {r['severity']:<7}"
             + (f"  [*] {r['fixable']} fixable" if r["fixable"] else "") for r in rows]
    total = sum(r["count"] for r in rows)
    lines.append(f"Found {total} {_findings(total)} in {len(reports)} {'file' if len(reports) == 1 else 'files'}.")
    if excused is not None:
        lines.append(excused_line(excused))
    return "\n".join(line.rstrip() for line in lines)


def _findings(n: int) -> str:
    return "finding" if n == 1 else "findings"
