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



_MODULES: list[tuple[tuple[str, int, int], ...]] = []


def module_stamps() -> tuple[tuple[str, int, int], ...]:
    """Each of vibelint's modules as (path inside the package, size, mtime in ns), sorted, read once per process.

    What the caches of compiled packs and of results are keyed by besides the version: an edited
    checkout or editable install keeps its version number while its code changes. ``os.scandir`` gives
    the sizes and times with the listing; two ``Path.rglob`` walks and a stat per module took 8 ms
    of every run, a 5 KB post's lint included."""
    if not _MODULES:
        import os

        package = os.path.dirname(os.path.abspath(__file__))
        found: list[tuple[str, int, int]] = []
        folders = [""]
        while folders:
            inside = folders.pop()
            try:
                listing = os.scandir(os.path.join(package, inside))
            except OSError:  # not a folder on disk (a zip import): nothing to stamp, as rglob found nothing
                continue
            with listing as entries:
                for entry in entries:
                    name = f"{inside}/{entry.name}" if inside else entry.name
                    if entry.is_dir() and entry.name != "__pycache__":
                        folders.append(name)
                    elif entry.name.endswith(".py") and entry.is_file():
                        stat = entry.stat()
                        found.append((name, stat.st_size, stat.st_mtime_ns))
        _MODULES.append(tuple(sorted(found)))
    return _MODULES[0]


def write_atomically(folder: Path, name: str, value: object) -> None:
    """Pickle ``value`` to folder/name through a temporary file and a rename: whole or not at all, even
    with two runs at once. A read-only home or a full disk only means it is built again next time."""
    import os
    import pickle

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = make_temp(str(folder), f".{name}-", ".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    prune(folder, name)


KEEP = 4  # entries of one kind kept: a few installs side by side (two venvs, two Pythons) never rebuild


def prune(folder: Path, name: str, keep: int = KEEP) -> None:
    """Remove the older entries of ``name``'s kind (``packs-``, ``hyph-ac-``, ``regexes-``) beyond the
    newest ``keep``, this one included.

    An entry is named by a digest of what it was built from (vibelint's version, Python's, the rule
    files), so every upgrade writes a new one and nothing reads the old one again: without this, the
    folder grew by about 0.5 MB per version, for good. A run still reading one removed here has it
    open (POSIX), or finds it gone and builds it again, as after any damage."""
    kind = name.rsplit("-", 1)[0] + "-"
    entries = []
    try:
        for path in folder.iterdir():
            rest = path.name[len(kind):]
            # "hyph-" must not take "hyph-ac-..." entries: the rest of one of its own names is the digest
            if path.name.startswith(kind) and rest.endswith(".pickle") and "-" not in rest and path.name != name:
                entries.append((path.stat().st_mtime, path))
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[max(keep - 1, 0):]:
        with contextlib.suppress(OSError):
            path.unlink()


def make_temp(folder: str, prefix: str, suffix: str = "") -> tuple[int, str]:
    """``tempfile.mkstemp`` without importing ``tempfile`` (with ``shutil``, ``random`` and the
    compression modules behind it: several milliseconds of every run that writes a cache entry):
    a new file only this process can have made (O_EXCL), readable by its owner only."""
    import os

    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.getpid()}-{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name")


def load_pickle(path: Path):
    """``pickle.load`` of a kept file, with the cyclic garbage collector paused while it runs.

    A compiled pack is some 30,000 objects, none of them garbage: left on, the collector would
    walk them again and again while they are made, for nothing. (No ``gc.freeze`` here: a host
    program's objects are not vibelint's to pin; the command's entry point freezes its own.)
    """
    import gc
    import pickle

    was_on = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    finally:
        if was_on:
            gc.enable()
