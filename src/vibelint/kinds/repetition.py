"""repetition: the same token twice in a row ("the the"), within one sentence (Vale's `repetition`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.prose import Block
from .base import Check, Context, Hit, Options
from .timed_regex import compile_regex


@dataclass(kw_only=True)
class RepetitionOptions(Options):
    """A repetition rule's options: which tokens count, and how many repeats in a row are allowed."""

    # regexes; consecutive matches are compared
    tokens: list[str] = field(default_factory=lambda: [r"[^\s.,;:!?()\"']+"])
    max: int = 0  # repeats allowed in a row ("very very" with max = 1)
    alpha: bool = False  # only letter-only tokens count (not "1 1" or "-- --")
    exceptions: list[str] = field(default_factory=list)  # regexes; a repeat they match inside is excused
    ignore_case: bool = True


class Repetition(Check):
    def __init__(self, options: RepetitionOptions):
        self.pattern = compile_regex("(?:" + "|".join(f"(?:{t})" for t in options.tokens) + ")", options.ignore_case)
        self.exceptions = [compile_regex(e, options.ignore_case) for e in options.exceptions]
        self.max, self.alpha, self.ignore_case = options.max, options.alpha, options.ignore_case

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        text, hits = block.text, []
        prev, prev_start, count = "", 0, 0
        for m in self.pattern.finditer(text):
            word = m.group().strip()
            same = bool(word) and (word.casefold() == prev.casefold() if self.ignore_case else word == prev)
            same = same and (not self.alpha or word.isalpha())
            count = count + 1 if same else 0
            if same and count > self.max:
                span = text[prev_start:m.end()]
                if self._one_sentence(block, prev_start, m.end()) and not self._excused(span) \
                        and word.lower() not in ctx.accepted:
                    hits.append(Hit(prev_start, m.end(), {"match": word}))
                    count = 0
            prev, prev_start = word, m.start()
        return hits

    def _excused(self, span: str) -> bool:
        return any(e.search(span) for e in self.exceptions)

    @staticmethod
    def _one_sentence(block: Block, start: int, end: int) -> bool:
        """ "I forgot that. That is..." repeats across a sentence end, which is fine."""
        return any(s.start <= start and end <= s.end for s in block.sentences)
