"""existence: flag words and phrases from a list, each with advice on what to do instead.

Entries are *hard* (``terms``/``patterns``: fire alone) or *soft* (``[options.soft]``: words the
author also uses, which fire only in a cluster; see ``soft.py``). Messages may use ``{cluster}``:
empty for a hard hit, " (4 chatbot words in this 120-word paragraph)" for a soft one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.prose import Block, Document
from .base import Check, Context, Hit, Options
from .phrases import TermMatcher
from .soft import SoftClustered, SoftClusters, SoftOptions


@dataclass(kw_only=True)
class ExistenceOptions(Options):
    """An existence rule's options: phrases and regexes that should not be there, each with advice."""

    terms: dict[str, str] = field(default_factory=dict)  # phrase -> advice
    patterns: dict[str, str] = field(default_factory=dict)  # regex -> advice (may use \1 for groups)
    exceptions: list[str] = field(default_factory=list)  # regexes; a hit inside one of their matches is excused
    ignore_case: bool = True
    soft: SoftOptions | None = None  # entries that fire only in clusters


class Existence(SoftClustered, Check):
    def __init__(self, options: ExistenceOptions):
        self.matcher = TermMatcher(options.terms, options.patterns, options.ignore_case, options.exceptions)
        self.gate = (self.matcher,)
        self.soft = SoftClusters(options.soft, options.ignore_case) if options.soft else None
        if self.soft is not None:
            self.scope = "both"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return [
            Hit(m.start(), m.end(), {"match": m.group(), "advice": advice, "cluster": "", "cluster_zh": ""})
            for m, advice in self.matcher.find(block, ctx)
        ]

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        if self.soft is None:
            return []
        hits, excused = self.soft.find_excused(doc, ctx, self.matcher)
        return [
            Hit(s.block_start + s.match.start, s.block_start + s.match.end,
                {"match": s.match.text, "advice": s.match.value, "cluster": f" ({s.note})",
                 "cluster_zh": f"（{s.note_zh}）"}, excused=reason)
            for found, reason in ((hits, ""), (excused, "habit")) for s in found
        ]
