"""Phrase lists and regexes matched in a paragraph, with the context filters every kind shares."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

import regex

from .. import regexes
from ..text.prose import HAN, SIMPLE_WORD, Block, simple_words
from .base import Context
from .literals import COMMON_WORDS, required_literal_sets, required_literals
from .mentions import is_mention
from .timed_regex import TimedPattern, compile_regex

_WORD_CHAR = r"[\p{L}\p{N}_]"


def lowercase_words(text: str) -> list[str]:
    """A phrase's words as the prefilter needs them in ``Block.word_set`` (same split; "İ" counts as "i")."""
    return SIMPLE_WORD.findall(text.lower().replace("\u0307", ""))


_SPACE_OR_HYPHEN = regexes.compile(r"[\s\-‐‑–]+")


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
    return bool(HAN.search(phrase))


class PhraseMatch:
    """A phrase-list match, shaped like the regex match the kinds read (start, end, group, span)."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text[self._start:self._end]

    def __repr__(self) -> str:
        return f"<PhraseMatch {self.span()} {self.group()!r}>"


class TermMatcher:
    """Phrases and regexes, each mapped to a value (advice, replacement).

    Phrases are not a regex of their own: every matcher of a rule set files its phrases in one
    ``PhraseIndex`` (``Context.phrases``), which reads each paragraph once for all of them and
    hands each matcher what its own regex would have found. A matcher outside such an index
    (a check used alone) builds an index of its own on first use.

    Context filters shared by every kind live here: a quoted mention ("don't write 'utilize'"),
    an exception regex covering the match ("financial leverage"), an accepted word from config.
    """

    def __init__(self, terms: dict[str, str], patterns: dict[str, str] | None = None,
                 ignore_case: bool = True, exceptions: Sequence[str] = ()):
        phrases = [t for t in terms if t.strip() and not is_chinese_phrase(t)]
        self.chinese = [t.strip() for t in terms if is_chinese_phrase(t)]  # no word boundaries, no word-set prefilter
        self.values = {normalize(t): v for t, v in terms.items()}
        self.phrases, self.ignore_case = phrases, ignore_case
        # (regex, value, sets of strings: the lowercase text must contain one of each, or the regex
        # cannot match and is neither compiled nor run; empty: always run)
        self.patterns = [(compile_regex(p, ignore_case), v, _as_sets(required_literal_sets(p) if ignore_case else ()))
                         for p, v in (patterns or {}).items()]
        # per pattern, sets of whole words a match holds one of each of (whole_words.py): on an ASCII paragraph,
        # a tighter test than the strings ("ai" is in "said"; the word "ai" is not)
        self.pattern_words = [_as_word_sets(p, ignore_case) for p in (patterns or {})]
        # every such string once: a block is searched for each of them once, not once per pattern
        self.literals = tuple({n for _, _, needs in self.patterns for one_of in needs for n in one_of})
        # the patterns filed under each string of their first (best) set: a block's few strings name the
        # few patterns worth testing, instead of testing every pattern's sets on every block
        self.always = [i for i, (_, _, needs) in enumerate(self.patterns) if not needs]
        self.by_literal: dict[str, list[int]] = {}
        for i, (_, _, needs) in enumerate(self.patterns):
            for literal in needs[0] if needs else ():
                self.by_literal.setdefault(literal, []).append(i)
        self.exceptions = [compile_regex(e) for e in exceptions]
        # the strings each exception's matches must contain: most paragraphs with a match hold none
        # of them, and the exception is then neither compiled nor run
        self.exception_needs = [_as_set(required_literals(e)) for e in exceptions]
        self._own_index: PhraseIndex | None = None
        self._runnable: dict[frozenset[str], list[int]] = {}  # see _runnable_with

    @cached_property
    def alternation(self) -> TimedPattern | None:
        """The phrases as one trie-shaped regex: the reference the index is tested against, and the
        fallback for a paragraph whose lowercase form changes length ("İ")."""
        if not self.phrases:
            return None
        return compile_regex(phrases_pattern(self.phrases, self.ignore_case), self.ignore_case)

    @cached_property
    def chinese_alternation(self) -> TimedPattern | None:
        """The Chinese phrases as one unbounded regex, compiled on first use (Chinese has no word
        boundaries for the index to file a phrase under)."""
        if not self.chinese:
            return None
        return compile_regex(phrases_pattern(self.chinese, self.ignore_case, bounded=False), self.ignore_case)

    @staticmethod
    def is_phrase(m) -> bool:
        """Did the match come from the phrase table rather than from a regex pattern?"""
        return isinstance(m, PhraseMatch)

    def _index(self, ctx: Context) -> PhraseIndex:
        """The rule set's shared index when it holds this matcher, else one of its own."""
        if ctx.phrases is not None and self in ctx.phrases.slots:
            return ctx.phrases
        if self._own_index is None:
            self._own_index = PhraseIndex([self])
        return self._own_index

    def phrase_spans(self, block: Block, ctx: Context) -> list[tuple[int, int]]:
        """Where this matcher's phrases match in the block, as its own regex would find them."""
        index = self._index(ctx)
        if self not in index.slots:  # a phrase the index cannot file: the regex, as before
            return [m.span() for m in self.alternation.finditer(block.text)] if self.alternation else []
        return index.spans(block, self)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_runnable": {}}  # a memo of one process's paragraphs, not part of the matcher

    def _runnable_with(self, present: frozenset[str]) -> list[int]:
        """The patterns, in order, whose required strings are all among ``present`` (a block's literals):
        worked out once per distinct set (paragraphs share a few thousand sets; kept in ``_runnable``)."""
        by_literal = self.by_literal
        candidates = {i for literal in present if literal in by_literal for i in by_literal[literal]}
        runnable = [i for i in (sorted(candidates.union(self.always)) if candidates else self.always)
                    if not any(one_of.isdisjoint(present) for one_of in self.patterns[i][2][1:])]
        if len(self._runnable) > 20_000:  # a language server's sessions are long: stay bounded
            self._runnable.clear()
        self._runnable[present] = runnable
        return runnable

    def find(self, block: Block, ctx: Context):
        """Yield (match, value) for every match in the block's text that context does not excuse."""
        text = block.text
        found: list = []
        if self.phrases:
            values = self.values
            for start, end in self.phrase_spans(block, ctx):
                found.append((PhraseMatch(text, start, end), values.get(normalize(text[start:end]), "")))
        chinese = self.chinese_alternation if self.chinese and HAN.search(text) else None
        if chinese is not None:
            for m in chinese.finditer(text):
                found.append((PhraseMatch(text, m.start(), m.end()), self.values.get(normalize(m.group()), "")))
        if self.patterns:
            index = self._index(ctx)
            present = index.literals_in(block) if self in index.slots else literals_in(block, self.literals)
            runnable = self._runnable.get(present)
            if runnable is None:
                runnable = self._runnable_with(present)
            words = block.word_set if text.isascii() else None
            for i in runnable:
                if words is not None and any(one_of.isdisjoint(words) for one_of in self.pattern_words[i]):
                    continue
                pattern, value, _ = self.patterns[i]
                for rm in pattern.finditer(text):
                    found.append((rm, rm.expand(value)))
        if not found:
            return
        lower = block.lower
        if "\u0307" in lower:  # "İ" lowercases to "i" + a combining dot, and the regexes match it as "i"
            lower += "\n" + lower.replace("\u0307", "")
        excused = [(e.start(), e.end())
                   for x, needs in zip(self.exceptions, self.exception_needs, strict=True)
                   if needs is None or any(n in lower for n in needs) for e in x.finditer(text)]
        for m, value in found:
            if ctx.accepted and normalize(m.group()) in ctx.accepted:
                continue
            if is_mention(text, m.start(), m.end()):
                continue
            if any(a <= m.start() and m.end() <= b for a, b in excused):
                continue
            yield m, value


# Atoms of a phrase (``_atoms``) other than single characters.
_WS, _HYPHEN, _APOSTROPHE = r"\s+", r"[\-‐‑–\s]", r"['’]"
# What regex's ``\s`` matches (Unicode White_Space; str.isspace also takes \x1c-\x1f).
_SPACES = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u2028\u2029\u202f\u205f\u3000")
_HYPHENS = frozenset("-‐‑–") | _SPACES
_APOSTROPHES = frozenset("'’")
_LETTER = regexes.compile(r"[\p{L}\p{N}]")
_WORD_AFTER = regexes.compile(_WORD_CHAR)
_WORD_START = regexes.compile(r"\m[\p{L}\p{N}]+")
_LITERAL, _SPACE_RUN, _ONE_HYPHEN, _ONE_APOSTROPHE = range(4)
_KINDS = {_WS: _SPACE_RUN, _HYPHEN: _ONE_HYPHEN, _APOSTROPHE: _ONE_APOSTROPHE}


_NO_SPANS: dict[int, list[tuple[int, int]]] = {}  # a scan that found nothing (shared; never changed)


class _Node:
    """A trie node: the matchers a phrase ends here for, and the ways on."""

    __slots__ = ("children", "edges", "owners")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}  # atom -> node, while building
        self.owners: list[int] = []
        # the children as the walk reads them, in the order the trie regex tries them:
        # (kind, characters, node), a run of plain characters with nothing ending or branching inside it as one string
        self.edges: list[tuple[int, str, _Node]] = []


class PhraseIndex:
    """Every phrase of many matchers in one index, read once per paragraph.

    A phrase is filed under its first word (the letters and digits it starts with); the rest of
    it is a trie of ``_atoms``, walked only where that word starts a word of the paragraph, and
    only if the paragraph has every word of some phrase filed under it. The walk tries the ways on
    in the order the matcher's own trie regex (``phrases_pattern``) would: longer first, siblings
    in sorted order, a word boundary at the end. Each matcher then keeps, left to right without
    overlaps, the first ending at each start that is one of its phrases: exactly what its own
    regex finds (tests compare the two on generated text, the pack's examples and the corpus).

    The strings the matchers' regexes need (``required_literals``) are looked for here too, once
    per paragraph for all of them.
    """

    def __init__(self, matchers: list[TermMatcher]):
        # only matchers whose every phrase starts with a letter or digit (the word it is filed
        # under); the rare other one ("_x") keeps its regex
        filed = [(m, [_atoms(p.lower() if m.ignore_case else p) for p in m.phrases]) for m in matchers]
        filed = [(m, entries) for m, entries in filed if all(_first_word(atoms) for atoms in entries)]
        self.slots = {m: i for i, (m, _) in enumerate(filed)}
        # first word -> trie of the rest; one set for case-insensitive matchers (True), one for the others
        building: dict[bool, dict[str, _Node]] = {True: {}, False: {}}
        # filed again under the phrase's rarest-looking word, so a paragraph is checked against the
        # few phrases whose rare word it has: rare word -> {(all its words, first word)}
        self.needs: dict[bool, dict[str, set[tuple[frozenset[str], str]]]] = {True: {}, False: {}}
        for slot, (matcher, entries) in enumerate(filed):
            roots = building[matcher.ignore_case]
            for phrase, atoms in zip(matcher.phrases, entries, strict=True):
                first = _first_word(atoms)
                key = "".join(first)
                words = lowercase_words(phrase) if matcher.ignore_case else SIMPLE_WORD.findall(phrase)
                if words:
                    self.needs[matcher.ignore_case].setdefault(_key_word(words), set()).add((frozenset(words), key))
                node = roots.setdefault(key, _Node())
                for atom in atoms[len(first):]:
                    node = node.children.setdefault(atom, _Node())
                if slot not in node.owners:
                    node.owners.append(slot)
        for roots in building.values():
            for root in roots.values():
                _compress(root)
        # kept as nested tuples (``_Trie``): the compiled-pack cache reads the 2,700 nodes back 6x faster than
        # as objects with a state each
        self.tries: dict[bool, dict[str, _Trie]] = {mode: {key: _as_tuples(root) for key, root in roots.items()}
                                                    for mode, roots in building.items()}
        self.keys = {mode: frozenset(needs) for mode, needs in self.needs.items()}
        self.literals = tuple(sorted({n for m in self.slots for n in m.literals}))
        # for ``active``: the slots a literal may wake (its matcher has a pattern needing it), the slots with
        # a pattern that needs nothing, and those with Chinese phrases (matched only where Han text is)
        self.woken_by: dict[str, set[int]] = {}
        for m, slot in self.slots.items():
            for literal in m.by_literal:
                self.woken_by.setdefault(literal, set()).add(slot)
        self.awake = frozenset(slot for m, slot in self.slots.items() if m.always)
        self.chinese_slots = frozenset(slot for m, slot in self.slots.items() if m.chinese)
        self._automaton: Any = None  # built on first use (and not kept in the pack cache's pickle)
        # one instance of each set of slots or literals a block has: tens of thousands of paragraphs share a few
        # thousand distinct sets (a 10 MB draft's scans held one set per paragraph, about 20 MB)
        self._shared: dict[frozenset, frozenset] = {}

    def spans(self, block: Block, matcher: TermMatcher) -> list[tuple[int, int]]:
        scan = block._phrase_scan
        if scan is None or scan[0] is not self:
            scan = block._phrase_scan = (self, self._scan(block))
        result = scan[1]
        if result is None:  # the lowercase text has another length: matcher by matcher, with its regex
            return [m.span() for m in matcher.alternation.finditer(block.text)] if matcher.alternation else []
        return result.get(self.slots[matcher], [])

    def active(self, block: Block) -> frozenset[int] | None:
        """The slots whose matcher may find something in the block: a phrase of it matched, or a literal
        one of its patterns needs is there (None: any may). A matcher outside them finds nothing here."""
        cached = block._active
        if cached is not None and cached[0] is self:
            return cached[1]
        scan = block._phrase_scan
        if scan is None or scan[0] is not self:
            scan = block._phrase_scan = (self, self._scan(block))
        found: frozenset[int] | None = None
        if scan[1] is not None:  # None: the lowercase text has another length, matched regex by regex
            woken = self.awake.union(scan[1])
            woken = woken.union(*[self.woken_by[n] for n in self.literals_in(block) if n in self.woken_by])
            found = woken | self.chinese_slots if self.chinese_slots and block.has_han else woken
        if found is not None:
            found = self._share(found)
        block._active = (self, found)
        return found

    def _share(self, found: frozenset) -> frozenset:
        if len(self._shared) > 100_000:  # a language server's sessions are long: stay bounded
            self._shared.clear()
        return self._shared.setdefault(found, found)

    def literals_in(self, block: Block) -> frozenset[str]:
        """The index's literals the block contains, found once for all its matchers."""
        cached = block._literal_scan
        if cached is None or cached[0] is not self:
            cached = block._literal_scan = (self, self._find_literals(block))
        return cached[1]

    def _find_literals(self, block: Block) -> frozenset[str]:
        """Every literal the lowercase block contains, in one Aho-Corasick pass (pyahocorasick, in C) that
        reports overlapping occurrences too: a paragraph is read once for all of them, not once per literal."""
        if not self.literals:
            return frozenset()
        lower = block.lower
        if "\u0307" in lower:  # "İ" lowercases to "i" + a combining dot, and the regexes match it as "i"
            lower += "\n" + lower.replace("\u0307", "")
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = _automaton(self.literals)
        return self._share(frozenset([literal for _, literal in automaton.iter(lower)]))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_automaton": None, "_shared": {}}

    def _scan(self, block: Block) -> dict[int, list[tuple[int, int]]] | None:
        """Slot -> its matcher's phrase spans, for every matcher at once."""
        text = block.text
        lower = block.lower
        if len(lower) != len(text):
            return None
        wanted: dict[bool, set[str]] = {}
        for mode in (True, False):
            if self.keys[mode]:
                words = block.word_set if mode else _case_words(text)
                needs = self.needs[mode]
                wanted[mode] = {key for rare in self.keys[mode].intersection(words) for need, key in needs[rare]
                                if need <= words}
        if not any(wanted.values()):
            return _NO_SPANS
        # start -> [(end, owners), ...]: the occurrences of the wanted first words that start a
        # word (\m) and end one (no letter or digit next), and every way a phrase goes on from there
        found: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        for mode, keys in wanted.items():
            haystack = lower if mode else text
            roots = self.tries[mode]
            for key in keys:
                size = len(key)
                at = haystack.find(key)
                while at >= 0:
                    before = haystack[at - 1] if at else " "
                    if not (before.isascii() and before.isalnum()):  # inside an ASCII word: not a start
                        token = _WORD_START.match(text, at)
                        if token is not None and token.end() == at + size:
                            _walk(roots[key], haystack, text, at + size, found.setdefault(at, []))
                    at = haystack.find(key, at + size)
        result: dict[int, list[tuple[int, int]]] = {}
        last: dict[int, int] = {}
        for start in sorted(found):
            taken: set[int] = set()
            for end, owners in found[start]:
                for slot in owners:
                    if slot in taken or last.get(slot, 0) > start:
                        continue
                    taken.add(slot)
                    last[slot] = end
                    result.setdefault(slot, []).append((start, end))
        return result or _NO_SPANS


def _automaton(literals: tuple[str, ...]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def literals_in(block: Block, literals) -> frozenset[str]:
    """Which of the strings the lowercase block text contains ("İ" read both ways, as the regexes match it)."""
    lower = block.lower
    if "\u0307" in lower:  # "İ" lowercases to "i" + a combining dot, and the regexes match it as "i"
        lower += "\n" + lower.replace("\u0307", "")
    return frozenset([n for n in literals if n in lower])


def term_matchers(check: object) -> list[TermMatcher]:
    """The phrase matchers a compiled check holds (its own, and one level down: soft entries)."""
    found = []
    for value in vars(check).values():
        if isinstance(value, TermMatcher):
            found.append(value)
        elif isinstance(getattr(value, "matcher", None), TermMatcher):
            found.append(value.matcher)
    return found


def _first_word(atoms: list[str]) -> list[str]:
    r"""The letters and digits a phrase starts with (``\m`` needs one of them first)."""
    key = []
    for atom in atoms:
        char = _char(atom)
        if char is None or _LETTER.match(char) is None:
            break
        key.append(char)
    return key


def _char(atom: str) -> str | None:
    """The character a single-character atom stands for (``regex.escape`` put a backslash before some)."""
    if len(atom) == 1:
        return atom
    if len(atom) == 2 and atom[0] == "\\":
        return atom[1]
    return None


def _case_words(text: str) -> frozenset[str]:
    return frozenset(simple_words(text))


def _compress(node: _Node) -> None:
    """Order each node's children as the trie regex tries them (sorted atoms) and fold chains of
    plain characters into one string, so a walk compares strings, not characters."""
    for atom, child in sorted(node.children.items()):
        kind = _KINDS.get(atom, _LITERAL)
        chars = (_char(atom) or "") if kind == _LITERAL else ""
        while kind == _LITERAL and not child.owners and len(child.children) == 1:
            ((next_atom, next_child),) = child.children.items()
            if next_atom in _KINDS:
                break
            chars += _char(next_atom) or ""
            child = next_child
        _compress(child)
        node.edges.append((kind, chars, child))
    node.children = {}


# a compressed trie node: its edges (kind, characters, the node they lead to) and the slots a phrase ends here for
_Trie = tuple[tuple[tuple[int, str, "_Trie"], ...], tuple[int, ...]]


def _as_tuples(node: _Node) -> _Trie:
    return tuple((kind, chars, _as_tuples(child)) for kind, chars, child in node.edges), tuple(node.owners)


def _walk(node: _Trie, text: str, original: str, i: int, out: list[tuple[int, tuple[int, ...]]]) -> None:
    """Every way the rest of a phrase matches from ``i``, in the order the trie regex tries them."""
    edges, owners = node
    for kind, chars, child in edges:
        if kind == _LITERAL:
            if text.startswith(chars, i):
                _walk(child, text, original, i + len(chars), out)
        elif kind == _SPACE_RUN:
            j, n = i, len(text)
            while j < n and text[j] in _SPACES:
                j += 1
            for k in range(j, i, -1):  # greedy, then backing off one at a time
                _walk(child, text, original, k, out)
        elif i < len(text) and text[i] in (_HYPHENS if kind == _ONE_HYPHEN else _APOSTROPHES):
            _walk(child, text, original, i + 1, out)
    if owners and (i >= len(text) or _WORD_AFTER.match(original, i) is None):
        out.append((i, owners))


def _key_word(words: list[str]) -> str:
    """The word a phrase is filed under for prefiltering: its longest uncommon word."""
    uncommon = [w for w in words if w not in COMMON_WORDS] or words
    return max(uncommon, key=len)


def _as_word_sets(pattern: str, ignore_case: bool) -> tuple[frozenset[str], ...]:
    """``required_word_sets``, for a case-blind pattern (a case-sensitive one keeps only its strings' test).
    Imported here: a run whose packs come from the compiled-pack cache reads none."""
    from .whole_words import required_word_sets

    return required_word_sets(pattern) if ignore_case else ()


def _as_set(literals: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(literals) if literals else None


def _as_sets(sets: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(one_of) for one_of in sets)
