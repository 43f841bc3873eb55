"""Readability through textstat, offline.

textstat 0.7.x looks up syllables in NLTK's cmudict and downloads it on first use, which fails
(and would be wrong) on a machine with no network. We hand textstat ``None`` for the dictionary
so it counts syllables with its bundled Pyphen hyphenation dictionary instead (our count, cached per word):
nothing is ever downloaded, and the cost stays small. Thresholds are calibrated with the same counter.
"""

from __future__ import annotations

import sys
import types
from functools import lru_cache


def _import_textstat_without_nltk():
    """Import textstat with a stand-in for NLTK, unless NLTK is already loaded.

    textstat imports NLTK (about 0.3 s) only to reach cmudict, which we never use. The stand-in
    leaves ``sys.modules`` right after the import, so a later ``import nltk`` gets the real one.
    (A host program importing NLTK from another thread during those few milliseconds would get
    the stand-in; vibelint's CLI and language server import from one thread.)
    """
    if "nltk" in sys.modules:
        import textstat
        return textstat
    stand_in = sys.modules["nltk"] = types.ModuleType("nltk")
    try:
        import textstat
    except (ImportError, AttributeError):  # a textstat that needs more of NLTK at import: load it for real
        for name in [m for m in sys.modules if m == "textstat" or m.startswith("textstat.")]:
            del sys.modules[name]
        del sys.modules["nltk"]
        import textstat
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]
    return textstat


@lru_cache(maxsize=1)
def _textstat():
    textstat = _import_textstat_without_nltk()
    from textstat.backend.counts import _count_syllables
    from textstat.backend.metrics import _syllables_per_word
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils import _get_cmudict, _get_pyphen

    def no_cmudict(lang: str):
        return None

    @lru_cache(maxsize=8)
    def word_syllables(lang: str):
        """A cached per-word count for ``lang``: the patch is process-wide, so a host program's
        textstat.set_lang must still get its own language's count."""
        _load_hyphenation(lang)
        pyphen = _get_pyphen.get_pyphen(lang)
        return lru_cache(maxsize=100_000)(lambda word: len(pyphen.positions(word)) + 1)

    def count_syllables(text: str, lang: str) -> int:
        """textstat's count without a dictionary, cached per word: the same numbers, about 4x faster."""
        # list_words.__wrapped__: textstat's own cache would keep the word lists of the last 128
        # paragraphs alive (a 5 MB paragraph's list is about 70 MB), and we never ask twice
        return sum(map(word_syllables(lang), list_words.__wrapped__(text, lowercase=True))) if text else 0

    _count_syllables.get_cmudict = no_cmudict
    _get_cmudict.get_cmudict = no_cmudict
    _count_syllables.count_syllables = count_syllables
    _syllables_per_word.count_syllables = count_syllables  # the name the Flesch formulas call
    return textstat


def _load_hyphenation(lang: str) -> None:
    """Put ``lang``'s parsed hyphenation patterns into Pyphen's own cache from vibelint's cache folder
    (parsing the .dic file took longer than linting a short post); parse and keep them the first time.

    The file is named by the dictionary's path, size and date and Pyphen's version; one that cannot
    be read back is ignored and rebuilt. Loaded only when a readability measure is first computed.
    """
    import hashlib
    import pickle

    import pyphen

    from ..packs import UNREADABLE_CACHE, pack_cache_dir, write_atomically

    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    except (KeyError, TypeError):
        return
    folder = pack_cache_dir()
    if folder is None or path in pyphen.hdcache:
        return
    try:
        stat = path.stat()
    except OSError:
        return
    tag = f"{path} {stat.st_size} {stat.st_mtime_ns} {getattr(pyphen, '__version__', '')}"
    target = folder / f"hyph-{hashlib.sha256(tag.encode()).hexdigest()[:24]}.pickle"
    try:
        with open(target, "rb") as handle:
            stored_tag, patterns = pickle.load(handle)
        if stored_tag == tag and isinstance(patterns, pyphen.HyphDict):
            pyphen.hdcache[path] = patterns
            return
    except (*UNREADABLE_CACHE, pickle.UnpicklingError):  # missing, damaged or foreign: parsed again below
        pass
    patterns = pyphen.hdcache[path] = pyphen.HyphDict(path)
    write_atomically(folder, target.name, (tag, patterns))


def score(text: str, measure: str) -> float:
    """``flesch-reading-ease`` (higher is easier) or ``grade-level`` (Flesch-Kincaid grade)."""
    ts = _textstat()
    if measure == "flesch-reading-ease":
        return float(ts.flesch_reading_ease(text))
    return float(ts.flesch_kincaid_grade(text))
