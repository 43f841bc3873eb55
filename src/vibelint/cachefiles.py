"""vibelint's cache folder for what it builds once per install: compiled packs, hyphenation
patterns, compiled regexes. Small and import-light: the first modules to load read from it."""

from __future__ import annotations

import contextlib
from pathlib import Path

# what reading back a damaged, truncated or foreign pickle raises
UNREADABLE_CACHE = (OSError, EOFError, ImportError, AttributeError, IndexError, TypeError, ValueError)


def pack_cache_dir() -> Path | None:
    """Where compiled packs are kept: $VIBELINT_PACK_CACHE, else the user cache folder; "" or "off": nowhere."""
    import os

    setting = os.environ.get("VIBELINT_PACK_CACHE")
    if setting is not None:
        return None if setting in ("", "off") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "vibelint"



def write_atomically(folder: Path, name: str, value: object) -> None:
    """Pickle ``value`` to folder/name through a temporary file and a rename: whole or not at all, even
    with two runs at once. A read-only home or a full disk only means it is built again next time."""
    import os
    import pickle
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
