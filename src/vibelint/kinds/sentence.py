"""sentence: a sentence that has a trigger but none of the markers that should come with it.

E.g. a prediction ("X will replace Y") with no hedge ("imo", "I think", "probably"), or
"significantly faster" with no number anywhere in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..text.prose import Block
from .base import Check, Context, Hit, Options
from .phrases import TermMatcher
from .timed_regex import compile_regex


@dataclass(kw_only=True)
class SentenceOptions(Options):
    """A sentence rule's options: triggers, and the markers that excuse a sentence with one."""

    trigger_terms: dict[str, str] = field(default_factory=dict)  # phrase -> advice
    trigger_patterns: dict[str, str] = field(default_factory=dict)  # regex -> advice
    unless: list[str] = field(default_factory=list)  # regexes; any match in the window excuses the sentence
    unless_scope: Literal["sentence", "paragraph"] = "sentence"
    exceptions: list[str] = field(default_factory=list)
    ignore_case: bool = True


class SentenceCondition(Check):
    def __init__(self, options: SentenceOptions):
        self.triggers = TermMatcher(options.trigger_terms, options.trigger_patterns, options.ignore_case,
                                    options.exceptions)
        self.gate = (self.triggers,)
        self.unless = [compile_regex(u, options.ignore_case) for u in options.unless]
        self.paragraph_scope = options.unless_scope == "paragraph"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        triggered = list(self.triggers.find(block, ctx))
        if not triggered:
            return []
        if self.paragraph_scope and self._excused(block.text):
            return []
        hits = []
        for sentence in block.sentences:
            inside = [(m, a) for m, a in triggered if sentence.start <= m.start() < sentence.end]
            if not inside or (not self.paragraph_scope and self._excused(block.text[sentence.start:sentence.end])):
                continue
            m, advice = inside[0]
            hits.append(Hit(m.start(), m.end(), {"match": m.group(), "advice": advice}))
        return hits

    def _excused(self, text: str) -> bool:
        return any(u.search(text) for u in self.unless)
