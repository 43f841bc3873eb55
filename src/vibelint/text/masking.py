"""Blank out what is not prose inside a block of raw inline Markdown, keeping every offset.

Code, URLs, e-mail addresses and @handles become a run of ``x`` (one "word" to the metrics,
nothing to the word lists); markup (HTML tags, link targets, emphasis delimiters, escapes)
becomes spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import regex

from .. import regexes

CODE_FILL = "x"

_BACKTICKS = regexes.compile(r"`+")
_AUTOLINK = regexes.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*"  # a URI, or
                          r"|[\w.!#$%&'*+/=?^`{|}~\-]+@[\w\-]+(?:\.[\w\-]+)*)>")  # an e-mail address
_HTML = regexes.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9\-]*(?:\s+[^<>]*?)?/?>", regex.DOTALL)
_LINK_TAIL = regexes.compile(r"\]\((?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"  # ](destination
                           r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"  # optional title)
                           r"|\]\[[^\]\n]*\]")  # or ][reference]
_TLD = r"(?:com|org|net|io|ai|dev|edu|gov|co|me|app|ly|gl|be|so|sh|xyz|info|html?|md|py)"
_URL = regexes.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[a-z0-9\-]+\.)+" + _TLD + r"(?:/[^\s<>\"]*)?(?![\w])"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
    r"|(?<![\w])@\w+",
    regex.IGNORECASE,
)
_URL_HINT = regexes.compile(r"://|www\.|@|\." + _TLD + r"\b", regex.IGNORECASE)  # cheap test before _URL
# On ASCII text (most paragraphs) the stdlib's ``re`` does both, where it agrees with ``regex`` on every character
# (case, \b, \w) once \s is spelled out (``re``'s takes \x1c-\x1f too). The hint, which runs on every paragraph,
# is split into substring tests and a regex that starts with a literal dot, which ``re`` skips to: 3x faster.
# The URL scan is about 2x faster. (They were a third of a 1 MB draft's masking, which runs before the fork.)
_ASCII_TLD_HINT = re.compile(r"\." + _TLD + r"\b", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)…'\""
_MATH = regexes.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\d$])", regex.DOTALL)
_ESCAPE = regexes.compile(r"\\(?=[!-/:-@\[-`{-~\n])")
_IMAGE_BANG = regexes.compile(r"!(?=\[)")
_EMPHASIS = regexes.compile(r"\*+|~~+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])")


# (pattern, what it blanks with, a string it needs) before the URLs; (pattern, strings it needs one of) after
_BEFORE_URLS = ((_AUTOLINK, CODE_FILL, "<"), (_HTML, " ", "<"), (_LINK_TAIL, " ", "]"), (_MATH, CODE_FILL, "$"))
_AFTER_URLS = ((_IMAGE_BANG, ("![",)), (_ESCAPE, ("\\",)), (_EMPHASIS, ("*", "~", "_")))


def mask_inline(raw: str, code_ranges: list[tuple[int, int]] | None = None,
                markup_ranges: list[tuple[int, int]] | None = None) -> str:
    """Return ``raw`` with non-prose blanked; code span ranges are appended to ``code_ranges``, and the
    ranges of markup blanked to spaces (tags, link targets, emphasis, escapes) to ``markup_ranges``."""
    claimed: list[tuple[int, int, str]] = []
    # the claimed ranges' starts and ends, sorted (they never overlap): whether a match is free is two
    # bisections, not a look at every claim (a paragraph of 100,000 "*" took minutes)
    starts: list[int] = []
    ends: list[int] = []

    def free(start: int, end: int) -> bool:
        i = bisect_right(starts, start)
        return not (i and ends[i - 1] > start) and not (i < len(starts) and starts[i] < end)

    def claim(start: int, end: int, ch: str) -> None:
        i = bisect_right(starts, start)
        starts.insert(i, start)
        ends.insert(i, end)
        claimed.append((start, end, ch))

    if "`" in raw:
        for start, end in _code_spans(raw):
            claim(start, end, CODE_FILL)
            if code_ranges is not None:
                code_ranges.append((start, end))
    # each pattern needs a string most prose lacks: test for it before scanning
    for pattern, ch, needs in _BEFORE_URLS:
        if needs not in raw:
            continue
        for m in pattern.finditer(raw):
            if free(m.start(), m.end()):
                claim(m.start(), m.end(), ch)
    for start, end in _urls(raw):
        if free(start, end):
            claim(start, end, CODE_FILL)
    for pattern, any_of in _AFTER_URLS:
        if not any(map(raw.__contains__, any_of)):
            continue
        for m in pattern.finditer(raw):
            if free(m.start(), m.end()):
                claim(m.start(), m.end(), " ")
    if not claimed:
        return raw
    claimed.sort()
    if markup_ranges is not None:
        markup_ranges.extend((start, end) for start, end, ch in claimed if ch == " ")
    pieces, pos = [], 0
    for start, end, ch in claimed:
        pieces.append(raw[pos:start])
        pieces.append(_blank(raw[start:end], ch))
        pos = end
    pieces.append(raw[pos:])
    return "".join(pieces)


def _blank(segment: str, ch: str) -> str:
    """Replace every character but line breaks, so line structure survives."""
    if "\n" not in segment and "\r" not in segment:
        return ch * len(segment)
    return "".join(c if c in "\r\n" else ch for c in segment)


def _code_spans(raw: str) -> list[tuple[int, int]]:
    """CommonMark code spans: a backtick run closes only on a run of the same length."""
    spans = []
    runs = [m for m in _BACKTICKS.finditer(raw) if not (m.start() > 0 and raw[m.start() - 1] == "\\")]
    i = 0
    while i < len(runs):
        opener = runs[i]
        size = opener.end() - opener.start()
        close = next((j for j in range(i + 1, len(runs)) if runs[j].end() - runs[j].start() == size), None)
        if close is None:
            i += 1
            continue
        spans.append((opener.start(), runs[close].end()))
        i = close + 1
    return spans


def mask_urls(raw: str) -> str:
    """Plain text: only URLs, e-mail addresses and @handles are not prose."""
    pieces, pos = [], 0
    for start, end in _urls(raw):
        pieces.append(raw[pos:start])
        pieces.append(_blank(raw[start:end], CODE_FILL))
        pos = end
    if not pieces:
        return raw
    pieces.append(raw[pos:])
    return "".join(pieces)


def may_hold_url(raw: str) -> bool:
    """Is there a "://", "www.", "@" or a dot and a known top-level domain (``_URL_HINT``)?"""
    if not raw.isascii():
        return _URL_HINT.search(raw) is not None
    return "@" in raw or "://" in raw or _ASCII_TLD_HINT.search(raw) is not None or "www." in raw.lower()


def url_pattern(raw: str) -> re.Pattern | regex.Pattern:
    """``_URL``, or on ASCII text the same pattern in the stdlib's faster ``re``."""
    return _ascii_url() if raw.isascii() else _URL


@cache
def _ascii_url() -> re.Pattern:
    """Compiled on first use: only a paragraph with a hint needs it (``re`` keeps no compiled pattern between
    runs, and this one takes about a millisecond)."""
    return re.compile(_URL.pattern.replace(r"\s", r"\t\n\x0b\x0c\r "), re.IGNORECASE)


def url_window(raw: str) -> tuple[int, int]:
    """Where ``_URL`` can match in ``raw``, which holds a hint (``may_hold_url``): from the start of the first
    hint's run of non-space characters to the end of the last one's.

    Every match of ``_URL`` holds a hint ("://" or "www.", ".com" before a non-word character, "@") and no
    space, so it lies inside a hint's run; ``_URL`` reads one character either side of it at most (a
    look-behind, which sees before ``pos``, and a look-ahead for a word character, which a space is not).
    Scanning only this window finds the same spans, in a paragraph with one link a few dozen characters
    instead of all of it (the 1 MB draft's URL scans: 85 -> 24 ms)."""
    hints = [m.span() for m in _hint_pattern(raw).finditer(raw)]
    before = _LAST_SPACE.search(raw, 0, hints[0][0])
    after = _SPACE.search(raw, hints[-1][1])
    return (before.end() if before else 0), (after.start() if after else len(raw))


_SPACE = regexes.compile(r"\s")  # what _URL's \s is (and the ASCII scan's spelled-out \s)
_LAST_SPACE = regexes.compile(r"\s", regex.REVERSE)


def _hint_pattern(raw: str) -> re.Pattern | regex.Pattern:
    return _ascii_hint() if raw.isascii() else _URL_HINT


@cache
def _ascii_hint() -> re.Pattern:
    """``_URL_HINT`` in the stdlib's ``re``, for ASCII text, compiled on first use (as ``_ascii_url``)."""
    return re.compile(_URL_HINT.pattern, re.IGNORECASE)


def _urls(raw: str) -> list[tuple[int, int]]:
    """Spans of URLs, addresses and handles, without trailing sentence punctuation."""
    if not may_hold_url(raw):
        return []
    spans = []
    for m in url_pattern(raw).finditer(raw, *url_window(raw)):
        start, end = m.start(), m.end()
        while end > start + 1 and raw[end - 1] in _URL_TRAILING:
            end -= 1
        spans.append((start, end))
    return spans
