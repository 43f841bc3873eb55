"""Sentence splitting tuned for technical prose and tweets.

A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace (Chinese 。！？；…… anywhere,
with their closing quotes and brackets: Chinese has no space between sentences), unless the dot belongs to an
abbreviation (e.g., i.e., vs., Dr.) or an initial, or is an ellipsis. Dots inside tokens
("3e-4", "v2.0", URLs) never end a sentence because no space follows them. A line break ends a
sentence too, except inside hard-wrapped prose (a long line running on into a lowercase word).
"""

from __future__ import annotations

import regex

from .. import regexes
from .prose import HAN, Sentence, count_words

ABBREVIATIONS = frozenset(
    "e.g i.e vs etc cf al dr mr mrs ms prof st jr sr inc ltd corp approx dept est misc resp "
    "u.s u.k a.m p.m ph.d w.r.t aka incl".split()
)
NUMBERED = frozenset("no nos fig figs eq eqs vol pp ch sec p".split())  # abbreviations only before a number
_CLOSE_CJK = "”’」』）》〉】)\\]\"'"
# Latin marks end a sentence before a space; Chinese ones (。！？；, a Chinese ellipsis ……, and
# ! or ? typed half-width) end it wherever they stand, with their closing quotes and brackets
_BOUNDARY = regexes.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)|\n"
                          rf"|[。！？；]+[{_CLOSE_CJK}]*|(?<=\p{{Han}}[{_CLOSE_CJK}]?)(?:…{{2,}}|[!?]+)[{_CLOSE_CJK}]*")
# the word a dot ends (letters and dots), read backwards from the dot: one attempt at the end of the window,
# not one from each of its 24 starting points (the same match: the longest run before the dot; 3x faster)
_WORD_BEFORE = regexes.compile(r"([\p{L}\.]+)\.$", regex.REVERSE)
_HARD_WRAP_MIN = 50
_HARD_WRAP_MIN_HAN = 20  # Chinese lines are denser: 20 characters say about what 50 letters do


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    han = not text.isascii()  # an ASCII paragraph (most) has no Han character to look for before a mark
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            if _wrapped(text, start, m.start()):
                continue
            end = m.start()
        else:
            if not _ends_sentence(text, m, han):
                continue
            end = m.end()
        _add(sentences, text, start, end)
        start = m.end()
    _add(sentences, text, start, len(text))
    return sentences


def _ends_sentence(text: str, m: regex.Match, han: bool) -> bool:
    if m.group()[0] in "。！？；…" or (han and m.start() and HAN.match(text, m.start() - 1)):
        return True  # Chinese punctuation has no abbreviations to skip
    mark = m.group().rstrip("\"'”’)]")
    if mark == "." * len(mark) and len(mark) > 1:
        return False  # ellipsis
    if mark != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start() + 1)  # abbreviations are short
    if not before:
        return True
    word = before.group(1).lower().strip(".")
    if word == "etc":  # ends a sentence only when a capital follows
        return text[m.end():].lstrip()[:1].isupper()
    if word in ABBREVIATIONS:
        return False
    if word in NUMBERED and text[m.end():].lstrip()[:1].isdigit():
        return False
    return not (len(word) == 1 and word.isalpha() and text[before.start(1)].isupper())


def _wrapped(text: str, start: int, newline: int) -> bool:
    """A line break inside hard-wrapped prose: a long line that runs on into lowercase."""
    line_start = text.rfind("\n", start, newline) + 1
    line = text[line_start:newline].rstrip("\r ")
    rest = text[newline + 1:].lstrip(" \t")
    if line and rest and HAN.match(line[-1]) and len(line) >= _HARD_WRAP_MIN_HAN:
        return bool(HAN.match(rest[0]))  # Chinese wrapped mid-sentence: a Han character on both sides
    if len(line) < _HARD_WRAP_MIN or not line or not (line[-1].isalnum() or line[-1] in ",;-"):
        return False
    return bool(rest) and rest[0].islower()


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Trim whitespace; a fragment without words (an emoji, a lone bracket) joins the previous sentence."""
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return
    start += len(segment) - len(segment.lstrip())
    end = start + len(stripped)
    words = count_words(stripped)
    if words == 0 and sentences:
        last = sentences[-1]
        sentences[-1] = Sentence(last.start, end, last.words)
        return
    sentences.append(Sentence(start, end, words))
