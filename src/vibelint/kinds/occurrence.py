"""occurrence: too many of something in one sentence, paragraph or document (e.g. stacked hedges)."""

from __future__ import annotations

from typing import Literal

from ..text.prose import Block, Document
from .base import Check, Context, Hit, Options, TermMatcher


class OccurrenceOptions(Options):
    terms: list[str] = []
    patterns: list[str] = []
    scope: Literal["sentence", "paragraph", "document"] = "sentence"
    max: int
    exceptions: list[str] = []
    ignore_case: bool = True


class Occurrence(Check):
    def __init__(self, options: OccurrenceOptions):
        self.matcher = TermMatcher(dict.fromkeys(options.terms, ""), dict.fromkeys(options.patterns, ""),
                                   options.ignore_case, options.exceptions)
        self.max = options.max
        self.scope = "document" if options.scope == "document" else "block"
        self.per_sentence = options.scope == "sentence"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        matches = sorted((m for m, _ in self.matcher.find(block, ctx)), key=lambda m: m.start())
        if len(matches) <= self.max:
            return []
        groups = [[m for m in matches if s.start <= m.start() < s.end] for s in block.sentences] if self.per_sentence else [matches]
        return [
            Hit(group[0].start(), group[-1].end(), {"count": len(group), "max": self.max, "match": ", ".join(m.group() for m in group)})
            for group in groups if len(group) > self.max
        ]

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        found = [(block.start + m.start(), block.start + m.end(), m.group())
                 for block in doc.blocks for m, _ in self.matcher.find(block, ctx)]
        if len(found) <= self.max:
            return []
        start, end, text = found[self.max]
        return [Hit(start, end, {"count": len(found), "max": self.max, "match": text})]
