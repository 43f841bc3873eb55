"""The prose model every rule reads: blocks of text with exact source offsets.

A block's ``text`` has the same length as the source slice it covers, with everything that is
not prose (code spans, URLs, markup, container prefixes) blanked out. Offsets in ``text`` are
therefore offsets in the source plus ``start``: no mapping tables, no drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .. import regexes

WORD = regexes.compile(r"[\p{L}\p{N}][\p{L}\p{N}_'’\-\.]*[\p{L}\p{N}]|[\p{L}\p{N}]")
SIMPLE_WORD = regexes.compile(r"[\p{L}\p{N}]+")
_CJK = regexes.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


# ASCII text (most paragraphs) is read without a regex. A letter or digit becomes "a", a character that
# joins a word's letters (_ ' - .) is dropped, anything else becomes a space: each run of "a" is then one of
# WORD's words (a word runs from a letter or digit over joiners to the last letter or digit before a
# separator), and each run of letters and digits one of SIMPLE_WORD's. 4x and 1.3-1.7x faster than ``re``.
_ASCII_WORD_MAP = bytes(0x61 if chr(i).isascii() and chr(i).isalnum() else 0x20 for i in range(256))
_ASCII_JOINERS = b"_'-."
_ASCII_SIMPLE_MAP = str.maketrans({chr(i): chr(i) if chr(i).isalnum() else " " for i in range(128)})


# The non-ASCII characters most English paragraphs hold, as UTF-8: curly quotes, dashes, the ellipsis, a
# no-break space. None of them is a letter or digit, and only the right single quote joins a word (WORD's ’),
# as the ASCII apostrophe does; written as that ASCII character, a paragraph with no other one reads as ASCII.
_TYPOGRAPHY = tuple((char.encode(), b"'" if char == "’" else b" ") for char in "’‘“”…—–\xa0")
_ASCII_BYTES = bytes(range(128))


def _as_ascii(text: str, apostrophe: bool) -> bytes | None:
    """``text`` as ASCII bytes with ``_TYPOGRAPHY`` replaced (the right single quote by an apostrophe, or a
    space when not ``apostrophe``); None when it holds another non-ASCII character."""
    data = text.encode()
    rest = data.translate(None, _ASCII_BYTES)  # the non-ASCII characters' bytes: a few, looked through fast
    for char, plain in _TYPOGRAPHY:
        if char in rest:
            data = data.replace(char, plain if apostrophe else b" ")
            rest = rest.replace(char, b"")
    return None if rest else data


def simple_words(text: str) -> list[str]:
    """``SIMPLE_WORD``'s matches, runs of letters and digits."""
    if text.isascii():
        return text.translate(_ASCII_SIMPLE_MAP).split()
    data = _as_ascii(text, apostrophe=False)
    return SIMPLE_WORD.findall(text) if data is None else data.decode().translate(_ASCII_SIMPLE_MAP).split()


def count_words(text: str) -> int:
    """Latin-style words, with each CJK character counting as one word."""
    data = text.encode("ascii") if text.isascii() else _as_ascii(text, apostrophe=True)
    if data is not None:
        runs = data.translate(_ASCII_WORD_MAP, _ASCII_JOINERS)
        return runs.count(b" a") + runs.startswith(b"a")
    words = WORD.findall(text)
    if not _CJK.search(text):
        return len(words)
    return sum(len(_CJK.findall(w)) or 1 for w in words)


HAN = regexes.compile(r"\p{Han}")  # a Han character: the one pattern every module that looks for one uses


@cache
def _splitter() -> Callable[[str], list[Sentence]]:
    """``sentences.split_sentences``, imported on first use (sentences.py imports this module). Not an import
    in ``Block.sentences``: a relative import in a function costs about 4 microseconds a call, even once the
    module is loaded (``has_han``'s took 23 ms of a 1 MB lint)."""
    from .sentences import split_sentences

    return split_sentences


@dataclass(slots=True)
class Sentence:
    """One sentence of a block: its offsets in the block's text and its word count (split once, read by many rules)."""

    start: int  # offset in the block text
    end: int
    words: int


_SCANS = ("_phrase_scan", "_literal_scan", "_active")  # (phrase index, what it found in the block)
_COUNTS = ("_word_count", "_han")  # what the block's text alone decides: the document rules ask for every block


@dataclass
class Block:
    """One prose unit: a paragraph, heading, list-item paragraph, quote paragraph or table cell."""

    kind: str
    start: int  # source offset of text[0]
    text: str
    _sentences: list[Sentence] | None = field(default=None, repr=False)
    _words: frozenset[str] | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False)
    level: int = 0  # heading level (1-6) for headings, else 0
    # block-relative ranges that markup (tags, link targets, emphasis, escapes, container prefixes) and
    # code spans occupy in ``text``: what the "plain" view (``plain_view``) takes out or neutralises
    markup: tuple[tuple[int, int], ...] = ()
    code: tuple[tuple[int, int], ...] = ()
    # (phrase index, what it found): every rule's phrase lists, read once (kinds/phrases.py)
    _phrase_scan: tuple | None = field(default=None, repr=False, compare=False)
    _literal_scan: tuple | None = field(default=None, repr=False, compare=False)
    _active: tuple | None = field(default=None, repr=False, compare=False)  # (index, slots that may match)
    _han: bool | None = field(default=None, repr=False, compare=False)
    _word_count: int | None = field(default=None, repr=False, compare=False)
    # soft clusters' matches (kinds/soft.py): the clusters with some here, and the keys of those with none
    _soft: dict | None = field(default=None, repr=False, compare=False)
    _soft_none: frozenset = field(default=frozenset(), repr=False, compare=False)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = _splitter()(self.text)
        return self._sentences

    @property
    def words(self) -> int:
        """The block's word count: the sum of its sentences' counts, without splitting it into sentences
        (a sentence boundary never falls inside a word), so a rule can rule a short block out cheaply."""
        if self._word_count is None:
            self._word_count = (sum(s.words for s in self._sentences) if self._sentences is not None
                                else count_words(self.text))
        return self._word_count

    @property
    def has_han(self) -> bool:
        """Does the text hold a Han character? (Every document rule of a language asks, on every lint.)"""
        if self._han is None:
            self._han = not self.text.isascii() and HAN.search(self.text) is not None  # most paragraphs: ASCII
        return self._han

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def word_set(self) -> frozenset[str]:
        """Lowercase words, for rules to skip blocks that cannot match."""
        if self._words is None:
            words = simple_words(self.lower)
            # "İ" lowercases to "i" + a combining dot, which splits its word; rules match it as "i"
            if "\u0307" in self.lower:
                words += SIMPLE_WORD.findall(self.lower.replace("\u0307", ""))
            self._words = frozenset(words)
        return self._words

    def memo(self) -> tuple[list[Sentence], frozenset[str] | None] | None:
        """What this block has worked out that depends only on its text (sentences, word set), once split."""
        return (self._sentences, self._words) if self._sentences is not None else None

    def adopt(self, memo: tuple[list[Sentence], frozenset[str] | None]) -> None:
        """Take another block's ``memo`` for the same text instead of splitting it again."""
        self._sentences, self._words = memo

    def scans(self, phrases: bool = True) -> dict:
        """What the phrase index and the word count worked out for this block, without the index itself
        (``adopt_scans``): a forked child sends it back with its results, so the document rules do not
        scan the paragraph again. Without ``phrases``, only the counts (word count, Han or not): no
        document rule will read the phrase index on this block."""
        found = ({name: getattr(self, name)[1] for name in _SCANS if getattr(self, name) is not None}
                 if phrases else {})
        for name in _COUNTS:
            if getattr(self, name) is not None:
                found[name] = getattr(self, name)
        return found

    def adopt_scans(self, scans: dict, index: object) -> None:
        """Take the ``scans`` of this block made in a forked child, whose phrase index was ``index``."""
        for name, value in scans.items():
            setattr(self, name, value if name in _COUNTS else (index, value))

    def release(self) -> None:
        """Drop the prefilter caches once the block rules are done: on a 10 MB file they held about 180 MB."""
        self._words = self._lower = None


def plain_view(block: Block) -> tuple[Block, list[int] | None]:
    """The block with markup removed rather than blanked, and where each of its characters came from.

    "In the **Project name** field" reads "In the Project name field", not "In the   Project name
    field", so a spacing rule sees what a reader sees; code spans become ``*`` runs (no letters, so
    no case and no word to match), as Vale reads them. The map has one more entry than the text
    (its end), so a hit's end maps too. None: nothing to remove, the block itself is the view.
    """
    if not block.markup and not block.code:
        return block, None
    text = block.text
    drop = bytearray(len(text))
    for a, b in block.markup:
        for i in range(a, b):
            drop[i] = 1
    chars = list(text)
    for a, b in block.code:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = "*"
    keep = [i for i in range(len(text)) if not drop[i]]
    view = Block(block.kind, block.start, "".join(chars[i] for i in keep), level=block.level)
    return view, [*keep, len(text)]


@dataclass
class Directive:
    """A vibelint comment: disable, enable, disable-next-line or disable-file."""

    action: str
    rule_ids: list[str]
    start: int
    end: int


@dataclass
class Document:
    """A parsed draft: the source as written, its prose blocks in order, and its vibelint comments."""

    source: str
    blocks: list[Block]
    directives: list[Directive]

    @property
    def words(self) -> int:
        return sum(b.words for b in self.blocks)
