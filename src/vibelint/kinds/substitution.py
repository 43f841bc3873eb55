"""substitution: a bad form and its preferred form; a single plain replacement is a safe fix.

A fix is applied by ``--fix`` only where the replacement keeps the sentence grammatical. The rule
file says where that is not so, in data: ``suggest`` entries ("facilitate X" is not "help X")
and ``suggest-in`` frames ("make changes to adapt" is not "change adapt") still fire and offer
the replacement, but leave the rewrite to the writer.

Soft entries (``[options.soft]``, see ``soft.py``) fire only in clusters and are never fixed
automatically: a word the author also uses is a judgement call. Messages may use ``{cluster}``:
empty for a hard hit, " (4 business words in this 120-word paragraph)" for a soft one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.prose import Block, Document
from .base import Check, Context, Hit, Options
from .phrases import PhraseMatch, TermMatcher, normalize
from .soft import SoftClustered, SoftClusters, SoftOptions
from .timed_regex import compile_regex


@dataclass(kw_only=True)
class SubstitutionOptions(Options):
    """A substitution rule's options: what to write instead, and when the swap is only offered."""

    # phrase -> replacement, fixed by --fix; "a | b" offers choices and is never auto-fixed
    swap: dict[str, str] = field(default_factory=dict)
    # phrase -> replacement offered but never auto-fixed (it does not fit every frame the phrase is used in)
    suggest: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)  # regex -> replacement template (\1 ...)
    # regexes: a match inside one of them is offered, not fixed (a frame where the replacement breaks the sentence)
    suggest_in: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    ignore_case: bool = True
    fixable: bool = True  # False: suggest only (the rewrite needs a human)
    carry_case: bool = True  # Utilize -> Use; False keeps the replacement as written (terminology: GitHub)
    soft: SoftOptions | None = None  # entries that fire only in clusters (suggestions, never fixes)
    # matches never overlap: where entries match at one place, the one listed first wins and the text
    # it covers is not searched again (one regex alternation, as Vale's substitution builds it)
    one_match: bool = False

    def __post_init__(self) -> None:
        both = sorted({normalize(p) for p in self.swap} & {normalize(p) for p in self.suggest})
        if both:
            raise ValueError(f"phrases in both swap and suggest: {', '.join(both)}")


class Substitution(SoftClustered, Check):
    def __init__(self, options: SubstitutionOptions):
        self.matcher = TermMatcher({**options.swap, **options.suggest}, options.patterns, options.ignore_case,
                                   options.exceptions)
        self.gate = (self.matcher,)
        self.suggest_only = frozenset(normalize(p) for p in options.suggest)
        self.frames = [compile_regex(p, options.ignore_case) for p in options.suggest_in]
        self.fixable = options.fixable
        self.carry_case = options.carry_case
        self.one_match = options.one_match
        self.soft = SoftClusters(options.soft, options.ignore_case) if options.soft else None
        if self.soft is not None:
            self.scope = "both"

    def _hit(self, start: int, end: int, matched: str, replacement: str, cluster: str, fixable: bool,
             cluster_zh: str = "") -> Hit | None:
        written = [c.strip() for c in replacement.split("|") if c.strip()]
        if matched in written:
            return None  # already reads as the replacement (a case-insensitive swap "javascript" -> "JavaScript")
        choices = [case_like(c, matched) for c in written] if self.carry_case else written
        safe = fixable and len(choices) == 1 and choices[0] != matched
        return Hit(
            start, end,
            {"match": matched, "replacement": " or ".join(f"'{c}'" for c in choices), "choices": " or ".join(choices),
             "cluster": cluster, "observed": matched.strip(), "written": "|".join(choices),
             "listed": _listed(choices), "cluster_zh": cluster_zh,
             # Chinese messages read the same keys; the engine swaps these in for them
             "replacement_zh": "或".join(f"「{c}」" for c in choices), "choices_zh": "或".join(choices)},
            replacement=choices[0] if safe else None,
            suggestions=choices,
        )

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        found = list(self.matcher.find(block, ctx))
        if self.one_match:
            found = self._first_listed(found)
        # a pattern is the more specific entry: where it matches the same words as a phrase, it speaks
        # for them ("have come to the conclusion that" -> "have concluded that", not "have conclude that")
        by_pattern = {m.span() for m, _ in found if not self._is_phrase(m)}
        hits = []
        frames: list[tuple[int, int]] | None = None  # found on the first hit that could be a fix
        for m, replacement in found:
            if self._is_phrase(m) and m.span() in by_pattern:
                continue
            fixable = self.fixable and not (self._is_phrase(m) and normalize(m.group()) in self.suggest_only)
            if fixable and self.frames:
                if frames is None:
                    frames = [(f.start(), f.end()) for x in self.frames for f in x.finditer(block.text)]
                fixable = not any(a <= m.start() and m.end() <= b for a, b in frames)
            hit = self._hit(m.start(), m.end(), m.group(), replacement, "", fixable)
            if hit is not None:
                hits.append(hit)
        return hits

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        if self.soft is None:
            return []
        found, excused = self.soft.find_excused(doc, ctx, self.matcher)
        hits = []
        for soft, reason in ((found, ""), (excused, "habit")):
            for s in soft:
                hit = self._hit(s.block_start + s.match.start, s.block_start + s.match.end, s.match.text, s.match.value,
                                f" ({s.note})", False, f"（{s.note_zh}）")
                if hit is not None:
                    hit.excused = reason
                    hits.append(hit)
        return hits

    def _first_listed(self, found: list) -> list:
        """Leftmost match first; at one place the entry listed first; nothing inside a kept match."""
        order = {id(p.compiled): i for i, (p, _, _) in enumerate(self.matcher.patterns)}
        found.sort(key=lambda item: (item[0].start(), order.get(id(getattr(item[0], "re", None)), -1)))
        kept, end = [], -1
        for m, value in found:
            if m.start() >= end:
                kept.append((m, value))
                end = max(m.end(), m.start() + 1)
        return kept

    def _is_phrase(self, m) -> bool:
        """Did the match come from the phrase tables (``swap``, ``suggest``) rather than ``patterns``?"""
        return isinstance(m, PhraseMatch)


def case_like(replacement: str, original: str) -> str:
    """Carry the original's case over: UTILIZE -> USE, Utilize -> Use, utilize -> use."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _listed(choices: list[str]) -> str:
    """Choices as Vale lists them (``core.ToSentence``): 'a'; 'a' or 'b'; 'a', 'b', or 'c'."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return ", ".join([*quoted[:-1], "or " + quoted[-1]])
