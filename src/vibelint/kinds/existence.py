"""existence: flag words and phrases from a list, each with advice on what to do instead."""

from __future__ import annotations

from ..text.prose import Block
from .base import Check, Context, Hit, Options, TermMatcher


class ExistenceOptions(Options):
    terms: dict[str, str] = {}  # phrase -> advice
    patterns: dict[str, str] = {}  # regex -> advice (may use \1 for groups)
    exceptions: list[str] = []  # regexes; a hit inside one of their matches is excused
    ignore_case: bool = True


class Existence(Check):
    def __init__(self, options: ExistenceOptions):
        self.matcher = TermMatcher(options.terms, options.patterns, options.ignore_case, options.exceptions)

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return [
            Hit(m.start(), m.end(), {"match": m.group(), "advice": advice})
            for m, advice in self.matcher.find(block, ctx)
        ]
