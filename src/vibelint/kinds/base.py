"""What every rule kind shares: the hit it reports, option models, and phrase matching in context."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from pydantic import BaseModel, ConfigDict

from ..text.prose import SIMPLE_WORD, Block, Document

_WORD_CHAR = r"[\p{L}\p{N}_]"
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "*": "*", "_": "_"}
_MENTION_BEFORE = regex.compile(r"(?:\b(?:word|words|term|terms|phrase|phrases|verb|verbs)(?:\s+like)?|\blike)\s*[\"'“‘]?$", regex.I)


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

    scope = "block"  # or "document"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return []

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        return []


def lowercase_words(text: str) -> list[str]:
    """Words as the prefilter sees them (the same split as ``Block.word_set``)."""
    return SIMPLE_WORD.findall(text.lower())


def normalize(phrase: str) -> str:
    """Lookup key for a matched phrase: lowercase, one space for any run of space or hyphen."""
    return regex.sub(r"[\s\-‐‑–]+", " ", phrase.replace("’", "'")).strip().lower()


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a regex: flexible whitespace, hyphen or space, either apostrophe."""
    parts = []
    for ch in phrase.strip():
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "-‐‑–":
            parts.append(r"[\-‐‑–\s]")
        elif ch in "'’":
            parts.append(r"['’]")
        else:
            parts.append(regex.escape(ch))
    return "".join(parts)


def bounded(pattern: str) -> str:
    return rf"(?<!{_WORD_CHAR})(?:{pattern})(?!{_WORD_CHAR})"


def compile_regex(pattern: str, ignore_case: bool = True) -> regex.Pattern:
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION1 if ignore_case else regex.VERSION1)


class TermMatcher:
    """Phrases (one compiled alternation) and regexes, each mapped to a value (advice, replacement).

    Context filters shared by every kind live here: a quoted mention ("don't write 'utilize'"),
    an exception regex covering the match ("financial leverage"), an accepted word from config.
    """

    def __init__(self, terms: dict[str, str], patterns: dict[str, str] | None = None,
                 ignore_case: bool = True, exceptions: list[str] = ()):
        ordered = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
        self.values = {normalize(t): v for t, v in terms.items()}
        self.alternation = compile_regex(bounded("|".join(phrase_pattern(t) for t in ordered)), ignore_case) if ordered else None
        self.patterns = [(compile_regex(p, ignore_case), v) for p, v in (patterns or {}).items()]
        self.exceptions = [compile_regex(e) for e in exceptions]
        # a phrase can only match if its first word is in the text (patterns always run)
        self.first_words = frozenset(w[0] for w in map(lowercase_words, ordered) if w)

    def find(self, text: str, ctx: Context, words: frozenset[str] | None = None):
        """Yield (match, value) for every match that context does not excuse.

        ``words`` (the text's lowercase word set) lets most texts skip the phrase scan.
        """
        found = []
        if self.alternation is not None and (words is None or not self.first_words.isdisjoint(words)):
            found = [(m, self.values.get(normalize(m.group()), "")) for m in self.alternation.finditer(text)]
        for pattern, value in self.patterns:
            found.extend((m, m.expand(value)) for m in pattern.finditer(text))
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
