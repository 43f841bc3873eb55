"""Lint an editor buffer and turn engine diagnostics into LSP diagnostics.

``lint_for_editor`` is the exact path the server runs on every edit (engine + shared
``BlockCache`` + the minimum-severity filter), kept pure so tests can compare it with a
fresh, uncached lint after any sequence of edits.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

from ..engine import BlockCache, Diagnostic, RuleSet, lint_document, severity_rank
from ..packs import Rule
from ..text.parse import parse
from ..text.prose import Block
from .positions import TextIndex

SOURCE = "vibelint"

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

_outcome_ids = itertools.count(1)


class EditorCache(BlockCache):
    """``BlockCache`` plus each block's sentence split and word set, both pure in the block text.

    Block rules hit the cache for unchanged paragraphs, but document rules re-read every
    block's sentences on every lint; splitting them again was a third of an edit's lint time.
    """

    # Each cached block costs about 15 KB (hits, sentences, word set): 20,000 entries grew a long editing
    # session past 190 MB (bench/lsp_memory.py). 4,000 holds a dozen 10,000-word drafts (341 blocks each).
    def __init__(self, size: int = 4_000):
        super().__init__(size)
        self.blocks: OrderedDict[str, tuple] = OrderedDict()

    def restore(self, blocks: list[Block]) -> None:
        for block in blocks:
            found = self.blocks.get(block.text)
            if found is not None:
                block._sentences, block._words = found

    def remember(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block._sentences is not None:
                self.blocks[block.text] = (block._sentences, block._words)
                self.blocks.move_to_end(block.text)
        while len(self.blocks) > self.size:
            self.blocks.popitem(last=False)


def lint_for_editor(text: str, name: str, ruleset: RuleSet, cache: BlockCache | None,
                    minimum: str = "hint") -> list[Diagnostic]:
    """Engine diagnostics at or above ``minimum`` severity.

    A NUL (which the CLI refuses as binary, but a buffer may hold) becomes U+FFFD first, as
    markdown-it does internally: same length, so offsets hold, and its paragraph is still found.
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    doc = parse(text, name)
    if isinstance(cache, EditorCache):
        cache.restore(doc.blocks)
    diagnostics = lint_document(doc, ruleset, cache)
    if isinstance(cache, EditorCache):
        cache.remember(doc.blocks)
    limit = severity_rank(minimum)
    return [d for d in diagnostics if severity_rank(d.severity) <= limit]


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
class Outcome:
    """One lint of one text version under one rule set: what the server shows and acts on."""

    text: str
    ruleset: RuleSet | None  # None: linting is off for this document (disabled or excluded)
    settings_generation: int
    diagnostics: list[Diagnostic]
    items: list[types.Diagnostic]
    millis: float = 0.0
    id: str = field(default_factory=lambda: str(next(_outcome_ids)))

    @property
    def rules(self) -> dict[str, Rule]:
        return {r.id: r for r in self.ruleset.rules} if self.ruleset else {}
