"""SARIF 2.1.0, the format GitHub code scanning uploads: each rule with its help text, each finding with its region."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..packs import Rule
from .rule_help import summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
BUILTIN_HELP = {  # findings about vibelint itself, not about the prose
    "vibelint.unknown-rule": "A vibelint comment names a rule id that does not exist.",
    "vibelint.rule-failed": "A rule raised an error on this file and was skipped; the other rules ran.",
}


def render(reports, rules: list[Rule], statistics: list[dict] | None = None, excused: list[dict] | None = None) -> str:
    descriptors = [_descriptor(rule) for rule in rules]
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for report in reports:
        for d, (line, col, end_line, end_col) in report.located():
            if d.rule not in index:
                index[d.rule] = len(descriptors)
                descriptors.append({"id": d.rule, "shortDescription": {"text": BUILTIN_HELP.get(d.rule, d.rule)}})
            region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
                      "snippet": {"text": report.source[d.start:d.end]}}
            location = {"physicalLocation": {"artifactLocation": _artifact(report.path), "region": region}}
            result = {"ruleId": d.rule, "ruleIndex": index[d.rule], "level": LEVELS[d.severity],
                      "message": {"text": d.message}, "locations": [location]}
            if d.fix:
                start, end = report.position(d.fix.start), report.position(d.fix.end)
                deleted = {"startLine": start[0], "startColumn": start[1], "endLine": end[0], "endColumn": end[1]}
                result["fixes"] = [{
                    "description": {"text": f"Replace with '{d.fix.replacement}'"},
                    "artifactChanges": [{"artifactLocation": _artifact(report.path),
                                         "replacements": [{"deletedRegion": deleted,
                                                           "insertedContent": {"text": d.fix.replacement}}]}],
                }]
            results.append(result)
    run = {
        "tool": {"driver": {"name": "vibelint", "version": __version__, "semanticVersion": __version__,
                            "rules": descriptors}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if statistics is not None:
        properties: dict = {"statistics": statistics}
        if excused is not None:
            properties["excused_by_habit"] = excused
        run["properties"] = properties
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


def _descriptor(rule: Rule) -> dict:
    examples = "\n".join([f"- Bad: {b}" for b in rule.examples.bad] + [f"- Good: {g}" for g in rule.examples.good])
    why = " ".join(rule.why.split())
    descriptor = {
        "id": rule.id,
        "name": rule.id.rsplit(".", 1)[-1],
        "shortDescription": {"text": summary(rule)},
        "fullDescription": {"text": why},
        # rules from Vale styles have no examples: no empty examples paragraph then
        "help": {"text": f"{why}\n\nSpec: {rule.spec}" + (f"\n\n{examples}" if examples else ""),
                 "markdown": f"{why}\n\n**Spec:** {rule.spec}" + (f"\n\n{examples}" if examples else "")},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["prose", rule.kind]},
    }
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def _artifact(path: str) -> dict:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
