"""capitalization: a heading (or any block in the rule's scope) in title case, sentence case,
lower or upper case, or matching a regex (Vale's `capitalization`).

Like Vale, a block passes when at least `threshold` of its words already look as the style
wants, so one proper noun does not fail a heading; `exceptions` (regexes) are words that may
be written as they are. Scope it with `scope = ["heading"]` in the rule file.
"""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import field_validator

from ..text.prose import Block
from .base import Check, Context, Hit, Options
from .timed_regex import compile_regex

_WORD = regex.compile(r"[\p{N}\p{L}*]+\S*")  # Vale's word split: punctuation stays on its word
_TRAILING_NON_WORD = regex.compile(r"\W+$")
_ARTICLES = {"a", "an", "the"}
_CONJUNCTIONS = {"and", "but", "for", "nor", "or", "so", "yet"}
_PREPOSITIONS = {
    "about", "above", "across", "after", "against", "along", "among", "around", "as", "at", "before", "behind",
    "below", "beneath", "beside", "between", "beyond", "by", "down", "during", "except", "for", "from", "in",
    "inside", "into", "like", "near", "of", "off", "on", "onto", "out", "outside", "over", "past", "per",
    "since", "through", "throughout", "till", "to", "toward", "towards", "under", "until", "up", "upon", "via",
    "with", "within", "without",
}
# AP: articles, conjunctions and prepositions of three letters or fewer stay lowercase.
_AP_SMALL = {w for w in _ARTICLES | _CONJUNCTIONS | _PREPOSITIONS if len(w) <= 3}
# Chicago: articles, coordinating conjunctions and every preposition stay lowercase.
_CHICAGO_SMALL = _ARTICLES | {"and", "but", "for", "nor", "or"} | _PREPOSITIONS


class CapitalizationOptions(Options):
    match: str = "$sentence"  # $title, $sentence, $lower, $upper, or a regex the text must contain
    style: Literal["AP", "Chicago"] = "AP"  # for $title
    exceptions: list[str] = []  # regexes for words written as they are (names, acronyms)
    indicators: list[str] = [":"]  # for $sentence: a word after one of these endings may be capitalized
    threshold: float = 0.8  # share of words that must already be right

    @field_validator("match")
    @classmethod
    def _known_style(cls, value: str) -> str:
        if value.startswith("$") and value not in ("$title", "$sentence", "$lower", "$upper"):
            raise ValueError(f"unknown style {value!r} ($title, $sentence, $lower, $upper or a regex)")
        return value


class Capitalization(Check):
    def __init__(self, options: CapitalizationOptions):
        self.options = options
        self.exception = (compile_regex("|".join(f"(?:{e})" for e in options.exceptions), False)
                          if options.exceptions else None)
        self.exception_full = (compile_regex(r"(?:" + "|".join(f"(?:{e})" for e in options.exceptions) + r")\W*", False)
                               if options.exceptions else None)
        self.pattern = None if options.match.startswith("$") else compile_regex(options.match, False)

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        text = block.text.strip()
        if not text or self.passes(text):
            return []
        start = block.text.index(text)
        return [Hit(start, start + len(text), {"match": text, "expected": self.expected(text)})]

    def passes(self, text: str) -> bool:
        match = self.options.match
        if self.pattern is not None:
            return bool(self.pattern.search(text)) or self._has_exception(text)
        if match == "$lower":
            return text == text.lower() or self._has_exception(text)
        if match == "$upper":
            return text == text.upper() or self._has_exception(text)
        words = _WORD.findall(text)
        if not words:
            return True
        expected = self._convert(words)
        good = 0
        for i, (word, want) in enumerate(zip(words, expected, strict=True)):
            ok = word == want or self._is_exception(word) or _kept(word)
            if match == "$title":
                ok = ok or (len(word) > 1 and word.isupper())
            elif i == 0 and not ok:
                return False  # a sentence-case heading must start with a capital
            good += ok
        return good / len(words) >= self.options.threshold

    def expected(self, text: str) -> str:
        """The text as the style would write it (for messages)."""
        if self.pattern is not None:
            return text
        if self.options.match == "$lower":
            return text.lower()
        if self.options.match == "$upper":
            return text.upper()
        words = list(_WORD.finditer(text))
        converted = self._convert([m.group() for m in words])
        out, pos = [], 0
        for m, new in zip(words, converted, strict=True):
            out += [text[pos:m.start()], m.group() if self._is_exception(m.group()) or _kept(m.group()) else new]
            pos = m.end()
        return "".join(out) + text[pos:]

    def _convert(self, words: list[str]) -> list[str]:
        if self.options.match == "$title":
            small = _AP_SMALL if self.options.style == "AP" else _CHICAGO_SMALL
            last = len(words) - 1
            return [w.lower() if 0 < i < last and _bare(w) in small else _cap(w) for i, w in enumerate(words)]
        out = []
        for i, w in enumerate(words):
            after_indicator = i > 0 and words[i - 1].endswith(tuple(self.options.indicators))
            out.append(_cap(w) if i == 0 else (w if after_indicator else w.lower()))
        return out

    def _is_exception(self, word: str) -> bool:
        return self.exception_full is not None and self.exception_full.fullmatch(word) is not None

    def _has_exception(self, text: str) -> bool:
        return self.exception is not None and self.exception.search(text) is not None


def _bare(word: str) -> str:
    return _TRAILING_NON_WORD.sub("", word).lower()


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if not _kept(word) else word


def _kept(word: str) -> bool:
    """Words whose case is their own: "iPhone", "GitHub", "I", "v2" (a capital after the first letter, or no
    letter first)."""
    return word == "I" or any(c.isupper() for c in word[1:]) or not word[:1].isalpha()
