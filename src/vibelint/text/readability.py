"""Readability through textstat, offline.

textstat 0.7.x looks up syllables in NLTK's cmudict and downloads it on first use, which fails
(and would be wrong) on a machine with no network. We hand textstat ``None`` for the dictionary
so it counts syllables with its bundled Pyphen hyphenation dictionary instead (cached per word):
nothing is ever downloaded, and the cost stays small. Thresholds are calibrated with the same counter.
"""

from __future__ import annotations

from functools import lru_cache


class _CachedPyphen:
    """Pyphen with a per-word cache: prose repeats its words, hyphenation is the slow part."""

    def __init__(self, pyphen):
        self.positions = lru_cache(maxsize=50_000)(pyphen.positions)


@lru_cache(maxsize=1)
def _textstat():
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict, _get_pyphen

    def no_cmudict(lang: str):
        return None

    pyphen_for = lru_cache(maxsize=4)(lambda lang: _CachedPyphen(_get_pyphen.get_pyphen(lang)))
    _count_syllables.get_cmudict = no_cmudict
    _get_cmudict.get_cmudict = no_cmudict
    _count_syllables.get_pyphen = pyphen_for
    return textstat


def score(text: str, measure: str) -> float:
    """``flesch-reading-ease`` (higher is easier) or ``grade-level`` (Flesch-Kincaid grade)."""
    ts = _textstat()
    if measure == "flesch-reading-ease":
        return float(ts.flesch_reading_ease(text))
    return float(ts.flesch_kincaid_grade(text))
