"""A word being talked about, not used: 'utilize', "the word synergy", *delve*."""

from __future__ import annotations

import regex

from .. import regexes

_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "*": "*", "_": "_", "「": "」", "『": "』"}
_MENTION_BEFORE = regexes.compile(r"\b(?:word|words|term|terms|phrase|phrases|verb|verbs)(?:\s+like)?\s*[\"'“‘]?$",
                                regex.I)


def is_mention(text: str, start: int, end: int) -> bool:
    """The word is being talked about, not used: 'utilize', "the word synergy", *delve*."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in _QUOTE_PAIRS and after == _QUOTE_PAIRS[before]:
        return True
    return bool(_MENTION_BEFORE.search(text, max(0, start - 24), start))
