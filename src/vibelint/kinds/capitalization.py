"""capitalization: a heading (or any block in the rule's scope) in title case, sentence case,
lower or upper case, or matching a regex (Vale's `capitalization`, judged as Vale judges it).

The text is converted to the style (``case_convert``: Vale's converters) and compared word by
word: a block passes when at least ``threshold`` of its words are as converted, match an
exception, or (title case) are all capitals, so one proper noun does not fail a heading. A
sentence-case block fails outright when its first word is not capitalized. ``exceptions``
(regexes, case-sensitive unless ``(?i)``) are words and phrases written as they are; ``prefix``
is a regex for a leading part left alone ("a. "). Scope it with ``scope = ["heading"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from ..text.prose import Block
from .base import Check, Context, Hit, Options
from .case_convert import WORD, Vocab, alternation, go_title, sentence_case, title_case
from .timed_regex import compile_regex


@dataclass(kw_only=True)
class CapitalizationOptions(Options):
    """A capitalization rule's options (Vale's capitalization check): the case a heading or text must have."""

    match: str = "$sentence"  # $title, $sentence, $lower, $upper, or a regex the text must contain
    style: Literal["AP", "Chicago"] = "AP"  # for $title
    # regexes for words and phrases written as they are (names, acronyms)
    exceptions: list[str] = field(default_factory=list)
    # for $sentence: the word after a word with one of these endings is capitalized
    indicators: list[str] = field(default_factory=lambda: [":"])
    threshold: float = 0.8  # share of words that must already be right
    prefix: str = ""  # a regex: a leading match ("a. ", "Step 1: ") is kept as written
    vocab_folds_case: bool = True  # an exception equal to a word but for case gives its own spelling

    def __post_init__(self) -> None:
        if self.match.startswith("$") and self.match not in ("$title", "$sentence", "$lower", "$upper"):
            raise ValueError(f"match: unknown style {self.match!r} ($title, $sentence, $lower, $upper or a regex)")
        try:
            regex.compile(self.prefix)
        except regex.error as exc:
            raise ValueError(f"prefix: bad regex {self.prefix!r}: {exc.msg}") from None  # type: ignore[attr-defined]


class Capitalization(Check):
    def __init__(self, options: CapitalizationOptions):
        self.options = options
        exceptions = alternation(options.exceptions, False)
        # Vale's exception regex: case-sensitive terms, searched in a word (isMatch) and tried
        # first when splitting words, so a listed phrase is one word
        self.exception = compile_regex(exceptions, False) if exceptions else None
        self.words = regex.compile(f"{exceptions}|{WORD}" if exceptions else WORD)
        self.vocab = Vocab(options.exceptions, options.vocab_folds_case)
        self.prefix = regex.compile(options.prefix) if options.prefix else None
        self.pattern = None if options.match.startswith("$") else compile_regex(options.match, False)

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        text = block.text.strip()
        if not text:
            return []
        expected, ok = self.judge(text)
        if ok:
            return []
        start = block.text.index(text)
        return [Hit(start, start + len(text), {"match": text, "expected": expected})]

    def passes(self, text: str) -> bool:
        return self.judge(text)[1]

    def expected(self, text: str) -> str:
        """The text as the style would write it (for messages; for a regex style, the regex)."""
        return self.judge(text)[0]

    def judge(self, text: str) -> tuple[str, bool]:
        """(the text as the style writes it, whether the text passes), as Vale's check does."""
        match = self.options.match
        if self.pattern is not None:
            return self.pattern.pattern, bool(self.pattern.search(text)) or self._has_exception(text)
        if match in ("$lower", "$upper"):
            want = text.lower() if match == "$lower" else text.upper()
            return want, text == want or self._has_exception(text)
        if match == "$title":
            want = title_case(text, self.vocab, self.options.style == "Chicago", self.prefix)
        else:
            want = sentence_case(text, self.vocab, self.options.indicators, self.prefix)
        words, wanted = self.words.findall(text), self.words.findall(want)
        if not words:
            return want, True
        good = 0
        for i, word in enumerate(words):
            as_wanted = i >= len(wanted) or word == wanted[i] or self._has_exception(word)
            if as_wanted or (match == "$title" and word == word.upper()):  # title case lets capitals be
                good += 1
            elif match == "$sentence" and i == 0 and word != go_title(word.lower()):
                return want, False  # a sentence-case block must start with a capital
        return want, good / len(words) >= self.options.threshold

    def _has_exception(self, text: str) -> bool:
        return self.exception is not None and self.exception.search(text) is not None
