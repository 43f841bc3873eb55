"""vibelint's own module-level regexes, compiled once per install rather than once per run.

The ``regex`` module parses a pattern in Python, which for the 35 or so patterns a short run
defines at import (masking, sentences, scripts, phrases) cost about 30 ms, a tenth of the run.
``regex`` pickles a compiled pattern as the code that parse produced, and unpickling hands it
straight to its C core; so the patterns are kept in vibelint's cache folder (beside the compiled
packs), keyed by the versions of vibelint, regex and Python, and read back in about a
millisecond. A pattern not yet there is compiled as usual and added when the process exits.
With the cache folder off (``VIBELINT_PACK_CACHE=off``) this is plain ``regex.compile``.
"""

from __future__ import annotations

import regex

_STORE: dict[tuple[str, int], regex.Pattern] | None = None
_ADDED: dict[tuple[str, int], regex.Pattern] = {}


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, from the kept ones when it is there."""
    store = _store()
    key = (pattern, flags)
    found = store.get(key)
    if found is None:
        found = store[key] = regex.compile(pattern, flags)
        if _location() is not None:
            if not _ADDED:
                import atexit

                atexit.register(_save)
            _ADDED[key] = found
    return found


def _location():
    from . import __version__
    from .cachefiles import pack_cache_dir

    folder = pack_cache_dir()
    if folder is None:
        return None
    import hashlib
    import sys

    tag = f"{__version__} {regex.__version__} {sys.version}"
    return folder, f"regexes-{hashlib.sha256(tag.encode()).hexdigest()[:24]}.pickle"


def _read(where) -> dict:
    import pickle

    from .cachefiles import UNREADABLE_CACHE

    folder, name = where
    try:
        with open(folder / name, "rb") as handle:
            stored = pickle.load(handle)
    except (*UNREADABLE_CACHE, pickle.UnpicklingError):  # missing, damaged or foreign: compiled again
        return {}
    if not isinstance(stored, dict):
        return {}
    return {key: value for key, value in stored.items()
            if isinstance(value, regex.Pattern) and value.pattern == key[0] and value.flags & key[1] == key[1]}


def _store() -> dict[tuple[str, int], regex.Pattern]:
    global _STORE
    if _STORE is None:
        where = _location()
        _STORE = _read(where) if where is not None else {}
    return _STORE


def _save() -> None:
    """Add this process's new patterns to the kept ones (another run may have added its own meanwhile)."""
    from .cachefiles import write_atomically

    where = _location()
    if where is None or not _ADDED:
        return
    merged = {**_read(where), **_ADDED}
    write_atomically(where[0], where[1], merged)
