"""Phrase lists and regexes matched in a paragraph, with the context filters every kind shares."""

from __future__ import annotations

from functools import cached_property

import regex

from ..text.prose import SIMPLE_WORD, Block
from .base import Context
from .literals import COMMON_WORDS, required_literals
from .mentions import is_mention
from .timed_regex import TimedPattern, compile_regex

_WORD_CHAR = r"[\p{L}\p{N}_]"
_HAN = regex.compile(r"\p{Han}")


def lowercase_words(text: str) -> list[str]:
    """A phrase's words as the prefilter needs them in ``Block.word_set`` (same split; "İ" counts as "i")."""
    return SIMPLE_WORD.findall(text.lower().replace("\u0307", ""))


_SPACE_OR_HYPHEN = regex.compile(r"[\s\-‐‑–]+")


def normalize(phrase: str) -> str:
    """Lookup key for a matched phrase: lowercase, one space for any run of space or hyphen."""
    return _SPACE_OR_HYPHEN.sub(" ", phrase.replace("’", "'")).strip().lower()


def _atoms(phrase: str) -> list[str]:
    """A literal phrase as regex atoms: flexible whitespace, hyphen or space, either apostrophe."""
    atoms: list[str] = []
    for ch in phrase.strip():
        if ch.isspace():
            if atoms and atoms[-1] != r"\s+":
                atoms.append(r"\s+")
        elif ch in "-‐‑–":
            atoms.append(r"[\-‐‑–\s]")
        elif ch in "'’":
            atoms.append(r"['’]")
        else:
            atoms.append(regex.escape(ch))
    return atoms


def phrases_pattern(phrases: list[str], ignore_case: bool = True, bounded: bool = True) -> str:
    """Many phrases as one trie-shaped regex, word-bounded, longest match first.

    A flat alternation of hundreds of phrases makes the regex engine retry every branch at every
    word; a trie shares prefixes and fails after a character or two. ``bounded=False`` is for
    Chinese phrases: Chinese has no spaces, so 赋能 inside 来赋能业务 is a match.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for atom in _atoms(phrase.lower() if ignore_case else phrase):
            node = node.setdefault(atom, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [atom + build(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    if not bounded:
        return f"(?:{build(trie)})"
    return rf"\m(?:{build(trie)})(?!{_WORD_CHAR})"


def is_chinese_phrase(phrase: str) -> bool:
    """A phrase with a Han character is matched without word boundaries (see ``phrases_pattern``)."""
    return bool(_HAN.search(phrase))


class TermMatcher:
    """Phrases (one compiled alternation) and regexes, each mapped to a value (advice, replacement).

    Context filters shared by every kind live here: a quoted mention ("don't write 'utilize'"),
    an exception regex covering the match ("financial leverage"), an accepted word from config.
    """

    def __init__(self, terms: dict[str, str], patterns: dict[str, str] | None = None,
                 ignore_case: bool = True, exceptions: list[str] = ()):
        phrases = [t for t in terms if t.strip() and not is_chinese_phrase(t)]
        self.chinese = [t.strip() for t in terms if is_chinese_phrase(t)]  # no word boundaries, no word-set prefilter
        self.values = {normalize(t): v for t, v in terms.items()}
        self.phrases, self.ignore_case = phrases, ignore_case
        # (regex, value, strings one of which the lowercase text must contain, or None: always run)
        self.patterns = [(compile_regex(p, ignore_case), v, _as_set(required_literals(p) if ignore_case else None))
                         for p, v in (patterns or {}).items()]
        # every such string once: a block is searched for each of them once, not once per pattern
        self.literals = tuple({n for _, _, needs in self.patterns for n in needs or ()})
        self.exceptions = [compile_regex(e) for e in exceptions]
        # a phrase can only match if all its words are in the text: phrases are filed under their
        # rarest-looking word, so a block is checked against the few phrases whose key word it has
        self.phrase_words: dict[str, list[frozenset[str]]] = {}
        for words in map(lowercase_words, phrases):
            if words:
                self.phrase_words.setdefault(_key_word(words), []).append(frozenset(words))
        self.key_words = frozenset(self.phrase_words)

    @cached_property
    def alternation(self) -> TimedPattern | None:
        """The phrases as one regex, compiled on first use: a run served from the cache never needs it.

        Phrases are escaped literals, so compiling late cannot fail; user regexes compile at load.
        """
        return compile_regex(phrases_pattern(self.phrases, self.ignore_case), self.ignore_case) if self.phrases else None

    @cached_property
    def chinese_alternation(self) -> TimedPattern | None:
        """The Chinese phrases as one unbounded regex, compiled on first use."""
        return compile_regex(phrases_pattern(self.chinese, self.ignore_case, bounded=False), self.ignore_case) if self.chinese else None

    def is_phrase(self, m) -> bool:
        """Did the match come from the phrase table rather than from a regex pattern?"""
        return any(a is not None and m.re is a.compiled for a in (self.alternation, self.chinese_alternation))

    def _phrase_may_match(self, words: frozenset[str]) -> bool:
        return any(needed <= words for key in self.key_words.intersection(words) for needed in self.phrase_words[key])

    def find(self, block: Block, ctx: Context):
        """Yield (match, value) for every match in the block's text that context does not excuse.

        The block's word set and lowercase text let most blocks skip the regex scans entirely.
        """
        text = block.text
        found = []
        if self.phrases and self._phrase_may_match(block.word_set):
            found = [(m, self.values.get(normalize(m.group()), "")) for m in self.alternation.finditer(text)]
        if self.chinese and _HAN.search(text):
            found += [(m, self.values.get(normalize(m.group()), "")) for m in self.chinese_alternation.finditer(text)]
        lower = block.lower if self.patterns else ""
        if "\u0307" in lower:  # "İ" lowercases to "i" + a combining dot, and the regexes match it as "i"
            lower += "\n" + lower.replace("\u0307", "")
        present = {n for n in self.literals if n in lower}
        for pattern, value, needs in self.patterns:
            if needs is None or not needs.isdisjoint(present):
                for m in pattern.finditer(text):
                    found.append((m, m.expand(value)))
        if not found:
            return
        excused = [(e.start(), e.end()) for x in self.exceptions for e in x.finditer(text)]
        for m, value in found:
            if ctx.accepted and normalize(m.group()) in ctx.accepted:
                continue
            if is_mention(text, m.start(), m.end()):
                continue
            if any(a <= m.start() and m.end() <= b for a, b in excused):
                continue
            yield m, value


def _key_word(words: list[str]) -> str:
    """The word a phrase is filed under for prefiltering: its longest uncommon word."""
    uncommon = [w for w in words if w not in COMMON_WORDS] or words
    return max(uncommon, key=len)


def _as_set(literals: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(literals) if literals else None
