"""What every rule kind shares: the hit it reports, option models, and phrase matching in context."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

import regex
from pydantic import BaseModel, ConfigDict

from ..text.prose import SIMPLE_WORD, Block, Document

_WORD_CHAR = r"[\p{L}\p{N}_]"
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "*": "*", "_": "_"}
_MENTION_BEFORE = regex.compile(r"\b(?:word|words|term|terms|phrase|phrases|verb|verbs)(?:\s+like)?\s*[\"'“‘]?$", regex.I)


class Options(BaseModel):
    """Base for kind options: kebab-case keys in TOML, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", alias_generator=lambda name: name.replace("_", "-"))


@dataclass
class Hit:
    """One finding of a kind, before the engine adds the rule's id, severity and message.

    Offsets are relative to the block for block checks and absolute for document checks.
    """

    start: int
    end: int
    values: dict[str, object] = field(default_factory=dict)
    replacement: str | None = None  # a safe fix
    suggestions: list[str] = field(default_factory=list)


@dataclass
class Context:
    """Per-run settings every kind may read."""

    accepted: frozenset[str] = frozenset()


class Check:
    """A compiled rule body. Block checks are pure in the block text so results can be cached."""

    # "block": check_block on each block (cached per paragraph in the editor); "document":
    # check_document once; "both": a kind with soft entries (hard ones per block, clusters per draft)
    scope = "block"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return []

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        return []


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


def phrases_pattern(phrases: list[str], ignore_case: bool = True) -> str:
    """Many phrases as one trie-shaped regex, word-bounded, longest match first.

    A flat alternation of hundreds of phrases makes the regex engine retry every branch at every
    word; a trie shares prefixes and fails after a character or two.
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

    return rf"\m(?:{build(trie)})(?!{_WORD_CHAR})"


PATTERN_TIMEOUT = 1.0  # seconds one scan of one rule pattern may take, plus as much again per million characters


def pattern_budget(string: str) -> float:
    """The timeout for one scan of ``string``: the builtin pack's slowest scan takes about 0.15 s per MB."""
    return PATTERN_TIMEOUT * (1 + len(string) / 1_000_000)


class PatternTimeout(Exception):
    """A rule's regex ran past its budget (catastrophic backtracking, e.g. ``(a|aa)+$``)."""

    def __init__(self, pattern: str, seconds: float):
        super().__init__(f"pattern {pattern!r} ran over {seconds:.3g} s")
        self.pattern, self.seconds = pattern, seconds


class TimedPattern:
    """A rule regex (compiled at load, or on first use for the shipped packs) whose scans pass the
    ``regex`` module's ``timeout``.

    Rule files come from users (and the internet): one backtracking pattern must not hang an
    editor or a pre-commit hook. The engine turns ``PatternTimeout`` into one diagnostic and
    disables the rule for the rest of the file.
    """

    __slots__ = ("_compiled", "pattern", "flags")

    def __init__(self, pattern: str, flags: int, compiled: regex.Pattern | None = None):
        self.pattern, self.flags, self._compiled = pattern, flags, compiled

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None) -> list:
        """All matches as a list: regex's timeout runs from the call, so the caller's time must not count."""
        return self._call(lambda **kw: list(self.compiled.finditer(string, pos, endpos, **kw)), string)

    def findall(self, string: str, pos: int | None = None, endpos: int | None = None) -> list:
        return self._call(lambda **kw: self.compiled.findall(string, pos, endpos, **kw), string)

    def search(self, string: str, pos: int | None = None, endpos: int | None = None):
        return self._call(lambda **kw: self.compiled.search(string, pos, endpos, **kw), string)

    def match(self, string: str, pos: int | None = None, endpos: int | None = None):
        return self._call(lambda **kw: self.compiled.match(string, pos, endpos, **kw), string)

    def fullmatch(self, string: str, pos: int | None = None, endpos: int | None = None):
        return self._call(lambda **kw: self.compiled.fullmatch(string, pos, endpos, **kw), string)

    def sub(self, repl, string: str, count: int = 0) -> str:
        return self._call(lambda **kw: self.compiled.sub(repl, string, count, **kw), string)

    def _call(self, scan, string: str):
        budget = pattern_budget(string)
        try:
            return scan(timeout=budget)
        except TimeoutError:
            raise PatternTimeout(self.pattern, budget) from None

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r})"


_DEFERRED = ContextVar("vibelint_deferred_compile", default=False)


@contextmanager
def deferred_compile():
    """Compile patterns on first use instead of at load: only for the shipped packs, whose every
    pattern a test compiles. A run served from the result cache then compiles none of them.
    User rules compile at load, so a bad regex is reported with its file and line."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


_NOT_YET_COMPILED: list[TimedPattern] = []


def compile_regex(pattern: str, ignore_case: bool = True) -> TimedPattern:
    # VERSION0: simple case folding, which compiles and matches faster than full folding, fine for English
    flags = regex.IGNORECASE if ignore_case else 0
    if not _DEFERRED.get():
        return TimedPattern(pattern, flags, regex.compile(pattern, flags))
    deferred = TimedPattern(pattern, flags)
    _NOT_YET_COMPILED.append(deferred)
    return deferred


def compile_deferred() -> None:
    """Compile what ``deferred_compile`` put off: once in the parent, before worker processes fork."""
    while _NOT_YET_COMPILED:
        _NOT_YET_COMPILED.pop().compiled


class TermMatcher:
    """Phrases (one compiled alternation) and regexes, each mapped to a value (advice, replacement).

    Context filters shared by every kind live here: a quoted mention ("don't write 'utilize'"),
    an exception regex covering the match ("financial leverage"), an accepted word from config.
    """

    def __init__(self, terms: dict[str, str], patterns: dict[str, str] | None = None,
                 ignore_case: bool = True, exceptions: list[str] = ()):
        phrases = [t for t in terms if t.strip()]
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


_COMMON = frozenset(
    "a an the and or but of in on at to for from by with without as is are was were be been being it its "
    "it's this that these those there their they them we our you your i me my he she his her not no do does "
    "did have has had will would can could should may might must so than then up down out over into about "
    "s t ll re ve d just very more most much many some any all one new make made get got take way world today".split()
)


def _key_word(words: list[str]) -> str:
    """The word a phrase is filed under for prefiltering: its longest uncommon word."""
    uncommon = [w for w in words if w not in _COMMON] or words
    return max(uncommon, key=len)


def _as_set(literals: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(literals) if literals else None


_LITERAL = regex.compile(r"(?:[a-z0-9'’]|\\x27)+", regex.IGNORECASE)  # letters, digits, apostrophes
_OPTIONAL = ("?", "*", "{")


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lowercase strings one of which every match of ``pattern`` must contain, or None if unknown.

    The pattern is read as a sequence of literal runs and groups; each non-optional one gives a
    set of strings a match must contain one of, and the set with the least common, longest
    strings wins: ``\\bthe\\s+majority\\s+of`` gives ("majority",), ``\\b(?:will|\\x27ll|(?:is|are)
    \\s+going)`` gives ("'ll", "going", "will"). A block whose lowercase text contains none of
    them skips the regex scan. Lookarounds, classes and escapes are skipped, never trusted.
    """
    found = _required(pattern)
    return tuple(sorted(found)) if found else None


def _required(body: str) -> set[str] | None:
    alternatives = _split_top_level(body)
    if len(alternatives) > 1:
        found = [_required(a) for a in alternatives]
        return set().union(*found) if all(found) else None
    candidates: list[set[str]] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "(":
            end = _group_end(body, i)
            if end is None:
                return _best(candidates)
            inner = body[i + 1:end]
            optional = body[end + 1:end + 2] in _OPTIONAL
            i = end + 1
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?"):  # lookaround, flags, named group: skip
                continue
            found = None if optional else _required(inner)
            if found:
                candidates.append(found)
            continue
        if ch == "[":
            i = _class_end(body, i) + 1
            continue
        m = _LITERAL.match(body, i)
        if m:
            literal = m.group().replace("\\x27", "'")
            if body[m.end():m.end() + 1] in _OPTIONAL:
                literal = literal[:-1]  # the last character is optional
            if literal:
                candidates.append({literal.lower()})
            i = m.end()
            continue
        if ch == "{":  # a quantifier's counts are not text
            close = body.find("}", i)
            i = close + 1 if close > 0 else len(body)
        elif ch == "\\":
            i = _escape_end(body, i)
        else:
            i += 1
    return _best(candidates)


def _escape_end(body: str, start: int) -> int:
    """Where an escape ends: \\s, \\x27, \\u2019, \\p{L}, \\N{...}."""
    kind = body[start + 1:start + 2]
    if kind in ("p", "P", "N", "x") and body[start + 2:start + 3] == "{":
        close = body.find("}", start)
        return close + 1 if close > 0 else len(body)
    return start + {"x": 4, "u": 6, "U": 10}.get(kind, 2)


def _best(candidates: list[set[str]]) -> set[str] | None:
    """The set whose words are least likely to be in every paragraph: uncommon, then long."""
    def rank(found: set[str]) -> tuple[bool, int]:
        return all(w not in _COMMON for w in found), min(len(w) for w in found)
    return max(candidates, key=rank) if candidates else None


def _group_end(body: str, start: int) -> int | None:
    depth, i = 0, start
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(body, i) + 1
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
        i += 1
    return None


def _class_end(body: str, start: int) -> int:
    i = start + 1
    if body[i:i + 1] == "^":
        i += 1
    if body[i:i + 1] == "]":
        i += 1
    while i < len(body) and body[i] != "]":
        i += 2 if body[i] == "\\" else 1
    return i


def _split_top_level(group: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(group):
        ch = group[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(group, i) + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(group[start:i])
            start = i + 1
        i += 1
    parts.append(group[start:])
    return parts


def is_mention(text: str, start: int, end: int) -> bool:
    """The word is being talked about, not used: 'utilize', "the word synergy", *delve*."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in _QUOTE_PAIRS and after == _QUOTE_PAIRS[before]:
        return True
    return bool(_MENTION_BEFORE.search(text, max(0, start - 24), start))


def case_like(replacement: str, original: str) -> str:
    """Carry the original's case over: UTILIZE -> USE, Utilize -> Use, utilize -> use."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
