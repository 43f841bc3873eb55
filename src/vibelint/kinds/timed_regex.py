"""Rule regexes with a time budget, compiled at load or (for the shipped packs) on first use.

Rule files come from users and the internet: one backtracking pattern must not hang an editor.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

import regex

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

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int, compiled: regex.Pattern | None = None):
        self.pattern, self.flags, self._compiled = pattern, flags, compiled

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None) -> list:
        """All matches as a list: regex's timeout runs from the call, so the caller's time must not count.
        (Spelled out, not through ``_call``: the rules' hottest call, thousands of times per megabyte.)"""
        budget = pattern_budget(string)
        try:
            return list((self._compiled or self.compiled).finditer(string, pos, endpos, timeout=budget))
        except TimeoutError:
            raise PatternTimeout(self.pattern, budget) from None

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

    def __getstate__(self):
        """Kept with its compiled form when it has one (the compiled-pack cache compiles every shipped
        pattern before writing): ``regex`` pickles a pattern as the code its Python parser produced,
        and unpickling hands that to its C core, so no pattern is parsed again (all 290 shipped ones
        come back in about 3 ms, against 0.2 s to compile them). Else as source, compiled on first use."""
        return self.pattern, self.flags, self._compiled

    def __setstate__(self, state) -> None:
        self.pattern, self.flags, self._compiled = state
        if self._compiled is None:
            _NOT_YET_COMPILED.append(self)


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
        _ = _NOT_YET_COMPILED.pop().compiled  # the property compiles it
