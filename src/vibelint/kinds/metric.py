"""metric: a number per sentence or paragraph (length, readability) checked against limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .. import regexes
from ..text import readability
from ..text.prose import Block, count_words
from .base import Check, Context, Hit, Options

BlockKind = Literal["paragraph", "heading", "list_item", "blockquote", "table_cell"]
PROSE_BLOCKS: list[BlockKind] = ["paragraph", "list_item", "blockquote"]


@dataclass(kw_only=True)
class MetricOptions(Options):
    """A metric rule's options: what to measure per sentence or paragraph, and the limits."""

    measure: Literal["sentence-words", "paragraph-sentences", "paragraph-words", "flesch-reading-ease", "grade-level"]
    max: float | None = None
    min: float | None = None
    min_words: int = 0  # only measure texts with at least this many words (readability is noise on short ones)
    # sentence-words: do not count words inside (parentheses): an aside is not what
    # makes a sentence hard to follow, and his long-form prose is full of them ("(e.g. ...)")
    skip_asides: bool = False
    block_kinds: list[BlockKind] = field(default_factory=lambda: list(PROSE_BLOCKS))


class MetricLimit(Check):
    """A number per sentence or paragraph kept within limits (the "metric" kind; not a voice-profile metric)."""

    def __init__(self, options: MetricOptions):
        self.options = options
        self.kinds = frozenset(options.block_kinds)

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        if block.kind not in self.kinds or self._cannot_break(block):
            return []
        measure = self.options.measure
        units: list[tuple[int, int, float, int]]  # start, end, value, words
        if measure == "sentence-words":
            units = [(s.start, s.end, self._sentence_words(block.text, s.start, s.end, s.words), s.words)
                     for s in block.sentences]
        else:
            sentences = block.sentences
            words = sum(s.words for s in sentences)
            if not sentences or words < self.options.min_words:
                return []
            first = sentences[0]
            value: float
            if measure == "paragraph-sentences":
                value = len(sentences)
            elif measure == "paragraph-words":
                value = words
            else:
                value = readability.score(block.text, measure)
            units = [(first.start, first.end, value, words)]
        return [
            Hit(start, end, {"value": _show(value), "limit": _show(limit)})
            for start, end, value, words in units
            if words >= self.options.min_words and (limit := self._broken(value)) is not None
        ]

    def _cannot_break(self, block: Block) -> bool:
        """Can the block's word count alone rule a finding out? Most paragraphs are then never split into
        sentences (a sentence has at most the block's words; an aside only lowers the count)."""
        o = self.options
        if block.words < o.min_words:
            return True
        return o.measure in ("sentence-words", "paragraph-words") and o.min is None and o.max is not None \
            and block.words <= o.max

    def _sentence_words(self, text: str, start: int, end: int, words: int) -> int:
        if not self.options.skip_asides or words <= (self.options.max or 0):
            return words  # an aside only ever makes the count smaller: nothing to recount
        return words_outside_asides(text[start:end], words)

    def _broken(self, value: float):
        if self.options.max is not None and value > self.options.max:
            return self.options.max
        if self.options.min is not None and value < self.options.min:
            return self.options.min
        return None


# one level of nesting: "(see (2))"; full-width parentheses are Chinese asides and glosses: "大语言模型（LLM）"
_ASIDE = regexes.compile(r"\((?:[^()]|\([^()]*\))*\)|（[^（）]*）")


def words_outside_asides(sentence: str, words: int | None = None) -> int:
    """Words of a sentence not inside (parentheses); ``words`` is its full count when known."""
    if "(" not in sentence and "（" not in sentence:
        return count_words(sentence) if words is None else words
    return count_words(_ASIDE.sub(" ", sentence))


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
