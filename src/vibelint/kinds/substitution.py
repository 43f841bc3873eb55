"""substitution: a bad form and its preferred form; a single plain replacement is a safe fix."""

from __future__ import annotations

from ..text.prose import Block
from .base import Check, Context, Hit, Options, TermMatcher, case_like


class SubstitutionOptions(Options):
    swap: dict[str, str] = {}  # phrase -> replacement; "a | b" offers choices and is never auto-fixed
    patterns: dict[str, str] = {}  # regex -> replacement template (\1 ...)
    exceptions: list[str] = []
    ignore_case: bool = True
    fixable: bool = True  # False: suggest only (the rewrite needs a human)
    carry_case: bool = True  # Utilize -> Use; False keeps the replacement as written (terminology: GitHub)


class Substitution(Check):
    def __init__(self, options: SubstitutionOptions):
        self.matcher = TermMatcher(options.swap, options.patterns, options.ignore_case, options.exceptions)
        self.fixable = options.fixable
        self.carry_case = options.carry_case

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        hits = []
        for m, replacement in self.matcher.find(block, ctx):
            written = [c.strip() for c in replacement.split("|") if c.strip()]
            if m.group() in written:
                continue  # already reads as the replacement (a case-insensitive swap "javascript" -> "JavaScript")
            choices = [case_like(c, m.group()) for c in written] if self.carry_case else written
            safe = self.fixable and len(choices) == 1 and choices[0] != m.group()
            hits.append(Hit(
                m.start(), m.end(),
                {"match": m.group(), "replacement": " or ".join(f"'{c}'" for c in choices), "choices": " or ".join(choices)},
                replacement=choices[0] if safe else None,
                suggestions=choices,
            ))
        return hits
