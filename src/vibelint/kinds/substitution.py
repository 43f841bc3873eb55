"""substitution: a bad form and its preferred form; a single plain replacement is a safe fix.

Soft entries (``[options.soft]``, see ``soft.py``) fire only in clusters and are never fixed
automatically: a word the author also uses is a judgement call. Messages may use ``{cluster}``.
"""

from __future__ import annotations

from ..text.prose import Block, Document
from .base import Check, Context, Hit, Options, TermMatcher, case_like
from .soft import SoftClusters, SoftOptions


class SubstitutionOptions(Options):
    swap: dict[str, str] = {}  # phrase -> replacement; "a | b" offers choices and is never auto-fixed
    patterns: dict[str, str] = {}  # regex -> replacement template (\1 ...)
    exceptions: list[str] = []
    ignore_case: bool = True
    fixable: bool = True  # False: suggest only (the rewrite needs a human)
    carry_case: bool = True  # Utilize -> Use; False keeps the replacement as written (terminology: GitHub)
    soft: SoftOptions | None = None  # entries that fire only in clusters (suggestions, never fixes)


class Substitution(Check):
    def __init__(self, options: SubstitutionOptions):
        self.matcher = TermMatcher(options.swap, options.patterns, options.ignore_case, options.exceptions)
        self.fixable = options.fixable
        self.carry_case = options.carry_case
        self.soft = SoftClusters(options.soft, options.ignore_case) if options.soft else None
        if self.soft is not None:
            self.scope = "both"

    def _hit(self, start: int, end: int, matched: str, replacement: str, cluster: str, fixable: bool) -> Hit | None:
        written = [c.strip() for c in replacement.split("|") if c.strip()]
        if matched in written:
            return None  # already reads as the replacement (a case-insensitive swap "javascript" -> "JavaScript")
        choices = [case_like(c, matched) for c in written] if self.carry_case else written
        safe = fixable and len(choices) == 1 and choices[0] != matched
        return Hit(
            start, end,
            {"match": matched, "replacement": " or ".join(f"'{c}'" for c in choices), "choices": " or ".join(choices),
             "cluster": cluster},
            replacement=choices[0] if safe else None,
            suggestions=choices,
        )

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        hits = (self._hit(m.start(), m.end(), m.group(), value, "", self.fixable) for m, value in self.matcher.find(block, ctx))
        return [h for h in hits if h is not None]

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        if self.soft is None:
            return []
        hits = (self._hit(s.block_start + s.match.start(), s.block_start + s.match.end(), s.match.group(), s.value,
                          f" ({s.note})", False) for s in self.soft.find(doc, ctx, self.matcher))
        return [h for h in hits if h is not None]
