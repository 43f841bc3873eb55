"""Readability through textstat, offline.

textstat 0.7.x looks up syllables in NLTK's cmudict and downloads it on first use, which fails
(and would be wrong) on a machine with no network. We hand textstat ``None`` for the dictionary
so it counts syllables with its bundled Pyphen hyphenation dictionary instead: nothing is ever
downloaded, and the cost stays small. Thresholds are calibrated with the same counter.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _textstat():
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    def no_cmudict(lang: str):
        return None

    _count_syllables.get_cmudict = no_cmudict
    _get_cmudict.get_cmudict = no_cmudict
    return textstat


def score(text: str, measure: str) -> float:
    """``flesch-reading-ease`` (higher is easier) or ``grade-level`` (Flesch-Kincaid grade)."""
    ts = _textstat()
    if measure == "flesch-reading-ease":
        return float(ts.flesch_reading_ease(text))
    return float(ts.flesch_kincaid_grade(text))
