"""occurrence: too many (or too few) of something in one sentence, paragraph or document (e.g. stacked hedges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..text.prose import Block, Document
from .base import Check, Context, Hit, Options
from .phrases import TermMatcher


@dataclass(kw_only=True)
class OccurrenceOptions(Options):
    """An occurrence rule's options: how many matches a sentence, paragraph or draft may hold."""

    terms: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    scope: Literal["sentence", "paragraph", "document"] = "sentence"
    max: int | None = None
    min: int | None = None  # fewer than this in a scope is also a finding (Vale's `min`)
    exceptions: list[str] = field(default_factory=list)
    ignore_case: bool = True

    def __post_init__(self) -> None:
        if self.max is None and self.min is None:
            raise ValueError("max or min is required")


class Occurrence(Check):
    def __init__(self, options: OccurrenceOptions):
        self.matcher = TermMatcher(dict.fromkeys(options.terms, ""), dict.fromkeys(options.patterns, ""),
                                   options.ignore_case, options.exceptions)
        self.max, self.min = options.max, options.min
        if self.min is None:  # with a minimum, a paragraph with no match can break it
            self.gate = (self.matcher,)
        self.scope = "document" if options.scope == "document" else "block"
        self.per_sentence = options.scope == "sentence"

    def _limit(self, count: int) -> int | None:
        """The limit a count breaks, or None."""
        if self.max is not None and count > self.max:
            return self.max
        if self.min is not None and count < self.min:
            return self.min
        return None

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        matches = sorted((m for m, _ in self.matcher.find(block, ctx)), key=lambda m: m.start())
        if self.min is None and self.max is not None and len(matches) <= self.max:
            return []
        if self.per_sentence:
            units = [(s.start, s.end, [m for m in matches if s.start <= m.start() < s.end]) for s in block.sentences]
        else:
            first = block.sentences[0] if block.sentences else None
            units = [(first.start if first else 0, first.end if first else len(block.text), matches)]
        hits = []
        for start, end, group in units:
            limit = self._limit(len(group))
            if limit is None:
                continue
            if group:
                start, end = group[0].start(), group[-1].end()
            hits.append(Hit(start, end, {"count": len(group), "max": limit, "min": limit,
                                    "match": ", ".join(m.group() for m in group)}))
        return hits

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        found = [(block.start + m.start(), block.start + m.end(), m.group())
                 for block in doc.blocks for m, _ in self.matcher.find(block, ctx)]
        limit = self._limit(len(found))
        if limit is None:
            return []
        if found:
            start, end, text = found[min(len(found) - 1, self.max if self.max is not None else 0)]
        elif doc.blocks:
            block = doc.blocks[0]
            start, end, text = block.start, block.start + len(block.text.rstrip()), ""
        else:
            return []
        return [Hit(start, end, {"count": len(found), "max": limit, "min": limit, "match": text})]
