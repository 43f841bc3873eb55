"""conditional: if `first` appears, `second` must too (Vale's `conditional`).

The classic use is acronyms: `first` finds "WHO", `second` finds definitions such as
"World Health Organization (WHO)" and captures the acronym. With a capture group in `second`, a
`first` match is fine when an earlier or the same block captured that text; without one,
`second` only has to appear somewhere in the same block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..text.prose import Document
from .base import Check, Context, Hit, Options
from .phrases import TermMatcher
from .timed_regex import compile_regex


@dataclass(kw_only=True)
class ConditionalOptions(Options):
    """A conditional rule's options (Vale's conditional check): a term used before what defines it."""

    first: str  # regex: the antecedent that is flagged
    second: str  # regex: the consequent; its capture groups name what is defined
    # regexes; a `first` match inside one of their matches is excused
    exceptions: list[str] = field(default_factory=list)
    ignore_case: bool = False


class Conditional(Check):
    scope = "document"  # definitions carry over from earlier blocks

    def __init__(self, options: ConditionalOptions):
        self.first = TermMatcher({}, {options.first: ""}, options.ignore_case, options.exceptions)
        self.second = compile_regex(options.second, options.ignore_case)
        self.captures = regex.compile(options.second).groups > 0  # does `second` define names?

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        defined: set[str] = set()
        hits = []
        for block in doc.blocks:
            firsts = list(self.first.find(block, ctx))
            seconds = list(self.second.finditer(block.text)) if firsts or self.captures else []
            if self.captures:
                defined.update(g for m in seconds for g in m.groups() if g)
            elif seconds:
                continue
            for m, _ in firsts:
                if self.captures and m.group() in defined:
                    continue
                hits.append(Hit(block.start + m.start(), block.start + m.end(), {"match": m.group()}))
        return hits
