"""What one lint of an editor buffer shows: engine diagnostics as LSP diagnostics, kept with the lint.

The lint itself is the ``LintService``'s (``service.py``), the same one ``vibelint check`` runs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

from ..engine import Diagnostic, LintResult, RuleSet
from ..packs import SEVERITIES, Rule
from .positions import TextIndex

SOURCE = "vibelint"

_LSP_LEVELS = (types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning,
               types.DiagnosticSeverity.Information, types.DiagnosticSeverity.Hint)
SEVERITY: dict[str, types.DiagnosticSeverity] = dict(zip(SEVERITIES, _LSP_LEVELS, strict=True))

_outcome_ids = itertools.count(1)


def to_lsp(diag: Diagnostic, index: TextIndex, rules: dict[str, Rule]) -> types.Diagnostic:
    rule = rules.get(diag.rule)
    data: dict[str, Any] | None = None
    if diag.fix is not None:
        fix_range = index.range(diag.fix.start, diag.fix.end)
        data = {"fix": {"range": _range_json(fix_range), "newText": diag.fix.replacement}}
    if diag.suggestions:
        data = {**(data or {}), "suggestions": list(diag.suggestions)}
    return types.Diagnostic(
        range=index.range(diag.start, diag.end),
        message=diag.message,
        severity=SEVERITY.get(diag.severity, types.DiagnosticSeverity.Warning),
        code=diag.rule,
        code_description=types.CodeDescription(href=rule.link) if rule is not None and rule.link else None,
        source=SOURCE,
        data=data,
    )


def _range_json(r: types.Range) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


@dataclass
class BufferResult:
    """One lint of one buffer version under one rule set: what the server shows and acts on."""

    text: str
    ruleset: RuleSet | None  # None: linting is off for this document (disabled or excluded)
    settings_generation: int
    diagnostics: list[Diagnostic]  # at or above the client's minimum severity
    items: list[types.Diagnostic]
    millis: float = 0.0
    result: LintResult | None = None  # the whole lint (every severity): the voice profile and fix-all start here
    id: str = field(default_factory=lambda: str(next(_outcome_ids)))

    @property
    def rules(self) -> dict[str, Rule]:
        return {r.id: r for r in self.ruleset.rules} if self.ruleset else {}
