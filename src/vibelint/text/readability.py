"""Readability (Flesch reading ease, Flesch-Kincaid grade) from one pass over a paragraph.

The numbers are textstat 0.7.13's, exactly: its word list (punctuation removed, contractions'
apostrophes kept, split at whitespace), its sentence count (runs ending in ``.!?``, those of two
words or fewer not counted) and its Pyphen syllable count, the path textstat takes for a word
without a cmudict entry. vibelint never used textstat's cmudict (0.7.x downloads it from the
network on first use) and its thresholds are calibrated with this count. Computing the three
counts here, once per text for both formulas, replaces textstat's three tokenisations of every
paragraph (and its import, with NLTK behind it); ``tests/test_readability_agreement.py`` and
``bench/readability.py`` check the numbers against textstat's own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

LANG = "en_US"  # the hyphenation dictionary; textstat's default language, the only one vibelint asks for

# textstat.backend (stdlib ``re``, as textstat uses it: ``regex`` draws \w and \b slightly differently):
# remove_punctuation(rm_apostrophe=False) removes apostrophes not opening a contraction's ending
# (utils.constants.RE_NONCONTRACTION_APOSTROPHE), then everything else neither a word character, space
# nor apostrophe. Both lookups see the original text, so one pass removes the same characters.
_REMOVED_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")  # the first lookup, alone
_PUNCTUATION = re.compile(_REMOVED_APOSTROPHE.pattern + r"|[^\w\s\']")
# what _PUNCTUATION's second branch removes from ASCII text (re's \s takes \x1c-\x1f too): once the first
# branch's apostrophes are gone (its look-ahead reads the text as written, so they go first), a byte
# translation removes the same characters without a regex
_ASCII_PUNCTUATION = bytes(i for i in range(128) if _PUNCTUATION.fullmatch(chr(i)) and chr(i) != "'")
# counts.count_sentences: these runs are its sentences
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A word left after removing punctuation: removal never touches whitespace, so the words are the runs of
# non-space characters that keep something, and a run keeps something exactly when it has a word
# character (the apostrophes kept are those followed by t, s, d, ve, ll or re, all word characters).
_WORD = re.compile(r"[^\w\s]*\w\S*")

# textstat's "en" constants (utils.constants.LANG_CONFIGS) and its Flesch-Kincaid formula
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6


class Counts(NamedTuple):
    words: int
    sentences: int
    syllables: int


@lru_cache(maxsize=32)  # both measures of one paragraph come one after the other
def counts(text: str) -> Counts:
    """Words, sentences and syllables of ``text`` as textstat counts them.

    textstat's sentence count leaves out the runs of two words or fewer; a run's words are counted
    where it lies in ``text`` (pos/endpos), the same as in a copy of it, without making one.
    """
    if not text:
        return Counts(0, 0, 0)
    words = _words(text)
    pieces = 0
    find_words = _WORD.finditer
    for piece in _SENTENCE.finditer(text):
        found = find_words(text, *piece.span())
        if next(found, None) and next(found, None) and next(found, None):  # three words are enough to know
            pieces += 1
    return Counts(len(words), max(1, pieces), sum(map(_syllables().__getitem__, words)))


def _words(text: str) -> list[str]:
    """textstat's words: punctuation removed (``_PUNCTUATION``), lowercased, split at whitespace."""
    if text.isascii():  # most paragraphs: the apostrophes it removes, then a fixed set of characters
        kept = _REMOVED_APOSTROPHE.sub("", text) if "'" in text else text
        return kept.encode().translate(None, _ASCII_PUNCTUATION).decode().lower().split()
    return _PUNCTUATION.sub("", text).lower().split()  # lowercasing adds or removes no whitespace


class _Syllables(dict):
    """Pyphen's count for one lowercased word (its hyphenation points + 1), kept: words repeat a lot, and a
    dictionary lookup from ``map`` costs less than a function call. Emptied when it grows past a bound
    (a language server may run for days)."""

    LIMIT = 200_000

    def __init__(self, automaton):
        super().__init__()
        self.automaton = automaton

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        count = self[word] = self.points(word) + 1
        return count

    def points(self, word: str) -> int:
        """How many places ``Pyphen(lang=...).positions(word)`` gives: Liang's algorithm over the
        dictionary's patterns, as Pyphen's ``HyphDict.positions`` takes it (at each place the highest
        value any pattern puts there; odd is a point), then only the points at least two characters from
        either end (Pyphen's default ``left``, ``right``). Where Pyphen tries every substring of the word
        against its pattern table, an Aho-Corasick automaton of the patterns finds those that occur in one
        pass in C: six times faster, the same points."""
        pointed = f".{word.lower()}."
        references = [0] * (len(pointed) + 1)
        last = len(references)
        for end, (size, offset, values) in self.automaton.iter(pointed):
            at = end - size + 1 + offset
            for value in values:
                if at >= last:
                    break
                if value > references[at]:
                    references[at] = value
                at += 1
        return sum(1 for reference in references[3:len(word)] if reference % 2)


@lru_cache(maxsize=1)
def _syllables() -> _Syllables:
    return _Syllables(_hyphenation_automaton(LANG))


def _hyphenation_automaton(lang: str):
    """``lang``'s hyphenation patterns (Pyphen's ``HyphDict``: pattern -> (offset, values)) as an
    Aho-Corasick automaton (pyahocorasick) whose values are (pattern length, offset, values), from
    vibelint's cache folder when it was kept there.

    Parsing the .dic file took longer than linting a short post, and importing Pyphen about 40 ms
    (it lists its dictionaries through importlib.resources): the automaton is kept pickled, so
    reading it back needs neither. The file is named by the dictionary's path, size and date and
    those of Pyphen's code; one that cannot be read back is ignored and rebuilt. Loaded only when a
    readability measure is first computed.
    """
    import hashlib
    import pickle

    from ..cachefiles import UNREADABLE_CACHE, load_pickle, pack_cache_dir, write_atomically

    folder = pack_cache_dir()
    found = _dictionary_file(lang)
    tag = None
    if folder is not None and found is not None:
        try:
            tag = " ".join(f"{f} {f.stat().st_size} {f.stat().st_mtime_ns}" for f in found)
        except OSError:
            tag = None
    target = folder / f"hyph-ac-{hashlib.sha256(tag.encode()).hexdigest()[:24]}.pickle" if folder and tag else None
    if target is not None:
        try:
            stored_tag, automaton = load_pickle(target)
            if stored_tag == tag and hasattr(automaton, "iter"):
                return automaton
        except (*UNREADABLE_CACHE, pickle.UnpicklingError):  # missing, damaged or foreign: parsed again below
            pass
    import ahocorasick
    import pyphen

    automaton = ahocorasick.Automaton()
    for key, (start, values) in pyphen.Pyphen(lang=lang).hd.patterns.items():
        # plain ints: Pyphen's DataInt (an int carrying nonstandard-hyphenation data) has the same parity
        automaton.add_word(key, (len(key), start, tuple(int(v) for v in values)))
    automaton.make_automaton()
    if folder is not None and target is not None:
        write_atomically(folder, target.name, (tag, automaton))
    return automaton


def _dictionary_file(lang: str):
    """(Pyphen's code, the .dic file for ``lang``) found without importing Pyphen; None if not there."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("pyphen")
    if spec is None or spec.origin is None:
        return None
    code = Path(spec.origin)
    dictionary = code.parent / "dictionaries" / f"hyph_{lang}.dic"
    return (code, dictionary) if dictionary.is_file() else None


def score(text: str, measure: str) -> float:
    """``flesch-reading-ease`` (higher is easier) or ``grade-level`` (Flesch-Kincaid grade).

    The arithmetic is textstat's, operation for operation, so the floats are the same to the last bit.
    """
    words, sentences, syllables = counts(text)
    words_per_sentence = words / sentences if sentences else 0.0
    syllables_per_word = syllables / words if words else 0.0
    if words_per_sentence == 0 or syllables_per_word == 0:
        return 0.0
    if measure == "flesch-reading-ease":
        return FRE_BASE - FRE_SENTENCE_LENGTH * words_per_sentence - FRE_SYLLABLES_PER_WORD * syllables_per_word
    return (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59
