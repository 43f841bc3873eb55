"""Soft entries: words the author also uses, flagged only where they cluster.

"Additionally", "crucial" or "robust" alone say nothing: Karpathy writes them too (his CS231n
notes open twenty paragraphs with "Additionally,"). Machine prose differs in *density*: four
of them in one paragraph, or a whole draft thick with them. A soft entry therefore fires only
when its paragraph, or its document, holds more of the list than his long-form writing ever
does (the thresholds sit above his 99th percentile and live in the rule file). Hard entries
(delve, synergy, "I hope this helps") keep firing alone; they are the kind's ordinary terms.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from ..text.prose import Document
from .base import Context, Options
from .phrases import TermMatcher, is_chinese_phrase, normalize

# Block kinds whose words count: running prose, not headings or table cells.
PROSE = ("paragraph", "list_item", "blockquote")


@dataclass(kw_only=True)
class SoftOptions(Options):
    """Entries that fire only in clusters (``soft`` in an existence or substitution rule): alone they are fine."""

    terms: dict[str, str] = field(default_factory=dict)  # phrase -> advice (existence)
    # phrase -> replacement (substitution; same as terms, named as the kind names it)
    swap: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)  # regex -> advice or replacement
    exceptions: list[str] = field(default_factory=list)
    # a paragraph is a cluster with at least this many soft hits...
    paragraph_count: int = 3
    # ...and at least this many per 100 of its words
    paragraph_density: float = 0.0
    # a whole draft is a cluster with at least this many soft hits (None: never)...
    document_count: int | None = None
    # ...and at least this many per 1,000 of its words
    document_density: float = 0.0
    label: str = "such words"  # for the note: "4 chatbot transitions in 120 words"
    label_zh: str = ""  # the same in Chinese messages, with its measure word: "个套话连接词" (default: "个" + label)
    # the writer's habits (set by a voice file, not in rule files): entries, as spelled above, that are
    # off the list for this writer: they neither fire nor count towards a cluster
    habits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for key, value, least in (("paragraph-count", self.paragraph_count, 1),
                                  ("paragraph-density", self.paragraph_density, 0),
                                  ("document-count", self.document_count, 1),
                                  ("document-density", self.document_density, 0)):
            if value is not None and value < least:
                raise ValueError(f"{key}: input should be greater than or equal to {least}")


@dataclass(frozen=True)
class SoftMatch:
    """One soft entry's match in a paragraph, kept per paragraph text for the next edit."""

    start: int  # offsets in the block text
    end: int
    text: str
    value: str  # the entry's advice or replacement
    entry: str = ""  # the entry as the rule file spells it: the phrase, or the pattern's regex
    kind: str = "term"  # "term" (a phrase) or "pattern"


@dataclass
class SoftHit:
    """A soft match the cluster count turned into a finding, with the cluster that explains it."""

    block_start: int  # source offset of the block the match is in
    match: SoftMatch
    note: str  # why it fires: the cluster it belongs to
    note_zh: str = ""  # the same, for Chinese messages


MEMO_SIZE = 4096  # paragraphs whose soft matches are kept: an edit re-scans only the paragraph it changed


def _keep(block, key: tuple, entry: tuple[list[SoftMatch], int]) -> None:
    """Keep a paragraph's soft matches on it. Most paragraphs have none: for them only the key goes into a
    set of keys (``Block._soft_none``), one instance of each set shared by every paragraph that has it
    (a dictionary per paragraph cost a 10 MB draft about 25 MB)."""
    if entry[0]:
        if block._soft is None:
            block._soft = {}
        block._soft[key] = entry
        return
    keys = _WITH.get((block._soft_none, key))
    if keys is None:  # a set and a key not met yet: a few dozen in a run
        if len(_WITH) > 10_000:  # a language server's sessions are long: stay bounded
            _WITH.clear()
            _NONE_SETS.clear()
        keys = block._soft_none | {key}
        keys = _WITH[block._soft_none, key] = _NONE_SETS.setdefault(keys, keys)
    block._soft_none = keys


_NONE_SETS: dict[frozenset, frozenset] = {}  # one instance of each set of keys
_WITH: dict[tuple[frozenset, tuple], frozenset] = {}  # (a set of keys, a key) -> the set with it, from _NONE_SETS


def _first_of_each(found: list[SoftMatch]) -> list[SoftMatch]:
    """One hit per entry per paragraph: an essay about innovation says "innovation" ten times,
    which is its topic, not its register; ten *different* business words are the register."""
    seen: set[str] = set()
    kept = []
    for m in found:
        key = normalize(m.text)
        if key not in seen:
            seen.add(key)
            kept.append(m)
    return kept


class SoftClusters:
    """Find soft entries and keep those in a cluster (a dense paragraph, or a dense draft)."""

    def __init__(self, options: SoftOptions, ignore_case: bool):
        self.options = options
        self.matcher = TermMatcher({**options.terms, **options.swap}, options.patterns, ignore_case, options.exceptions)
        self.phrase_of = {normalize(t): t for t in {**options.terms, **options.swap}}
        self.habits = frozenset(h if h in options.patterns else normalize(h) for h in options.habits)
        # a cluster reads the whole draft on every lint (every keystroke in an editor), but a
        # paragraph's matches depend on its text alone: remember them, like the engine's BlockCache
        self._memo: OrderedDict[tuple, tuple[list[SoftMatch], int]] = OrderedDict()  # -> (matches, words)
        self._token = object()  # names these clusters in the matches kept on blocks (_key); a new one when unpickled

    def find(self, doc: Document, ctx: Context, hard: TermMatcher | None = None) -> list[SoftHit]:
        """Soft hits in clusters; a soft match inside a ``hard`` one of the same rule is left to the
        hard entry ("accelerate innovation" is one finding, not two)."""
        return self.find_excused(doc, ctx, hard)[0]

    def find_excused(self, doc: Document, ctx: Context,
                     hard: TermMatcher | None = None) -> tuple[list[SoftHit], list[SoftHit]]:
        """(hits, hits excused by the writer's habits). A habit is off this writer's list: it neither
        fires nor counts towards a cluster. The excused hits are those the list with the habits on it
        reports and the list without them does not (a habit, or a word whose cluster it made)."""
        key = self._key(ctx, hard)
        per_block: list[tuple] = []  # (block, matches, words) of the paragraphs with a match
        words = 0
        for block in doc.blocks:
            if block.kind in PROSE:
                if key in block._soft_none:  # the look-ups of _block_matches, inline: every paragraph, every keystroke
                    count = block._word_count  # Block.words, without the call where it is known (most blocks)
                    words += count if count is not None else block.words
                    continue
                memo = block._soft
                known = memo.get(key) if memo is not None else None
                found, count = known or self._block_matches(block, ctx, hard, key)
                words += count
                if found:
                    per_block.append((block, found, count))
        if not self.habits:
            return self._clusters(per_block, words), []
        everything = self._clusters(per_block, words)
        if not everything:
            return [], []
        kept = self._clusters([(b, [m for m in found if not self.is_habit(m)], n) for b, found, n in per_block], words)
        spans = {(h.block_start, h.match.start, h.match.end) for h in kept}
        return kept, [h for h in everything if (h.block_start, h.match.start, h.match.end) not in spans]

    def block_part(self, block, ctx: Context, hard: TermMatcher | None) -> list[SoftMatch] | None:
        """The paragraph's soft matches (``Check.block_part``), as ``find_excused`` reads them."""
        if block.kind not in PROSE:
            return None
        return self._block_matches(block, ctx, hard, self._key(ctx, hard))[0]

    def adopt(self, block, part: list[SoftMatch], ctx: Context, hard: TermMatcher | None) -> None:
        _keep(block, self._key(ctx, hard), (part, block.words))

    def _key(self, ctx: Context, hard: TermMatcher | None) -> tuple:
        """What a paragraph's soft matches are kept under on the block: these clusters (a token of their
        own, so a block outliving a config reload holds no old rule set alive), the accepted words, and
        whether the matches inside a hard one (always this rule's own matcher) were dropped."""
        return self._token, ctx.accepted, hard is None

    def is_habit(self, m: SoftMatch) -> bool:
        return (normalize(m.entry) if m.kind == "term" else m.entry) in self.habits

    def _clusters(self, per_block: list[tuple], words: int) -> list[SoftHit]:
        """The matches in a dense paragraph, or all of them in a dense draft of ``words`` words."""
        o = self.options
        total = sum(len(found) for _, found, _ in per_block)
        if not total:
            return []
        words = words or 1
        dense_draft = (o.document_count is not None and total >= o.document_count
                       and 1000 * total / words >= o.document_density)
        hits: list[SoftHit] = []
        label_zh = o.label_zh or f"个{o.label}"
        for block, found, block_words in per_block:
            if not found:
                continue
            count, block_words = len(found), max(block_words, 1)
            if count >= o.paragraph_count and 100 * count / block_words >= o.paragraph_density:
                note = f"{count} {o.label} in this {block_words}-word paragraph"
                note_zh = f"本段 {block_words} {self._unit(found)}中有 {count} {label_zh}"
            elif dense_draft:
                note = f"{total} {o.label} in this {words}-word draft"
                note_zh = f"全文 {words} {self._unit(found)}中有 {total} {label_zh}"
            else:
                continue
            hits.extend(SoftHit(block.start, m, note, note_zh) for m in found)
        return hits

    def entries(self, blocks, ctx: Context, hard: TermMatcher | None = None):
        """(entry, "term" or "pattern", matched text) for every soft match in ``blocks``, habits included
        (``vibelint voice learn`` counts them per document)."""
        for block in blocks:
            if block.kind in PROSE:
                for m in self._block_matches(block, ctx, hard)[0]:
                    yield m.entry, m.kind, m.text

    @staticmethod
    def _unit(found: list[SoftMatch]) -> str:
        """What the length counts, in Chinese: characters (字) for Chinese entries, words (词) for English ones."""
        return "字" if any(is_chinese_phrase(m.text) for m in found) else "词"

    def matches(self, doc: Document, ctx: Context, hard: TermMatcher | None = None) -> list[tuple[int, int]]:
        """Every soft match as source spans, in a cluster or not (once per entry per paragraph).

        The voice score counts these instead of the clustered findings: a cluster is a density, and
        adding a sentence can dilute it, but a match never goes away when text is added.
        """
        return [(block.start + m.start, block.start + m.end)
                for block in doc.blocks if block.kind in PROSE for m in self._block_matches(block, ctx, hard)[0]
                if not (self.habits and self.is_habit(m))]

    def _entry_of(self, m) -> tuple[str, str]:
        """Which entry a match came from: (phrase as spelled, "term") or (regex, "pattern")."""
        for (pattern, _, _), source in zip(self.matcher.patterns, self.options.patterns, strict=True):
            if getattr(m, "re", None) is pattern.compiled:  # a phrase match (PhraseMatch) has none
                return source, "pattern"
        key = normalize(m.group())
        return self.phrase_of.get(key, key), "term"

    def _block_matches(self, block, ctx: Context, hard: TermMatcher | None,
                       key: tuple | None = None) -> tuple[list[SoftMatch], int]:
        """The block's soft matches (once per entry, none inside a hard match) and its word count,
        memoized by its text: an unchanged paragraph is neither scanned nor split into sentences again.

        Kept on the block too (under ``key``, ``_key``'s): an editor
        re-reads every paragraph of the draft on every keystroke, and the paragraphs an edit did not
        touch are the same blocks, moved (``text/parse.py``), so one look-up answers for each."""
        if key is not None:
            if key in block._soft_none:
                return [], block.words
            memo = block._soft
            known = memo.get(key) if memo is not None else None
            if known is not None:
                return known
        entry = self._scan_block(block, ctx, hard)
        if key is not None:
            _keep(block, key, entry)
        return entry

    def _scan_block(self, block, ctx: Context, hard: TermMatcher | None) -> tuple[list[SoftMatch], int]:
        index = ctx.phrases
        if index is not None and self.matcher in index.slots:  # the shared index may rule the paragraph out
            active = index.active(block)
            if active is not None and index.slots[self.matcher] not in active:
                return [], block.words
        key = (block.text, ctx.accepted, id(hard))
        cached = self._memo.get(key)
        if cached is not None:
            self._memo.move_to_end(key)
            return cached
        found = [SoftMatch(m.start(), m.end(), m.group(), value, *self._entry_of(m))
                 for m, value in self.matcher.find(block, ctx)]
        if found and hard is not None:
            spans = [m.span() for m, _ in hard.find(block, ctx)]
            found = [m for m in found if not any(a < m.end and m.start < b for a, b in spans)]
        entry = (_first_of_each(found), block.words)
        self._memo[key] = entry
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return entry


class SoftClustered:
    """A kind whose document pass is its soft clusters (``soft``) beside its hard matcher (``matcher``):
    the per-paragraph part of that pass (``Check.block_part``) is the paragraph's soft matches."""

    soft: SoftClusters | None
    matcher: TermMatcher

    def block_part(self, block, ctx: Context) -> object:
        return self.soft.block_part(block, ctx, self.matcher) if self.soft is not None else None

    def adopt_block_part(self, block, part, ctx: Context) -> None:
        if self.soft is not None and part is not None:
            self.soft.adopt(block, part, ctx, self.matcher)
