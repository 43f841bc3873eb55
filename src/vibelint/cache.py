"""The result cache: an unchanged file under unchanged rules is not linted again (like ruff's).

Where it lives: ``--cache-dir`` or ``VIBELINT_CACHE_DIR`` when given (one folder for every file);
otherwise ``cache-dir`` (default ``.vibelint_cache``) under each file's project root: the folder
of its config file, else its git repository's root, else the current folder. A config file comes
with whatever repository was cloned, so its ``cache-dir`` must stay inside that project: one
that resolves outside (an absolute path, ``..``, a symlink out) is refused with one line.

What it holds: one small JSON entry per linted file, ``<cache>/<version>/files/<ab>/<sha256 of
the path>.json``, holding the path, the key it was linted under and its diagnostics. A run reads
the entries of the files it lints and nothing else, and an entry over ``MAX_ENTRY_BYTES`` is not
stored (a file with 200,000 findings is linted again rather than cached). The key hashes the
file's bytes, the rule set (every rule's id, kind, severity, message and options, plus accepted
words) and vibelint's own code, so editing a rule, a config or vibelint itself invalidates
exactly what it should. Paths are absolute but not resolved (resolving costs a syscall per part).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cachefiles import make_temp, module_stamps
from .engine import Diagnostic, Fix, RuleSet
from .packs import ConfigError

if TYPE_CHECKING:
    from .config import Config

FORMAT = 2
MAX_ENTRY_BYTES = 1_000_000  # what one file may store: about 8,000 findings
ENV = "VIBELINT_CACHE_DIR"


class ResultCache:
    """One cache folder: an entry file per linted file, read on demand, written by ``save``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.version = folder / __version__
        self.pending: dict[str, str | None] = {}  # path -> entry text to write; None: remove a stale entry

    def entry_file(self, path: str) -> Path:
        name = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()
        return self.version / "files" / name[:2] / f"{name[2:]}.json"

    def get(self, path: str, key: str) -> list[Diagnostic] | None:
        entry = self.get_entry(path, key)
        return entry[0] if entry is not None else None

    def get_entry(self, path: str, key: str) -> tuple[list[Diagnostic], list[Diagnostic]] | None:
        """(diagnostics, findings excused by the writer's voice), or None for a miss."""
        try:
            with open(self.entry_file(path), "rb") as handle:
                entry = json.loads(handle.read(MAX_ENTRY_BYTES + 1))
            if entry["format"] != FORMAT or entry["path"] != path or entry["key"] != key:
                return None
            return ([_diagnostic(item) for item in entry["diagnostics"]],
                    [_diagnostic(item) for item in entry.get("excused", ())])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # a missing, stale or damaged entry is a miss

    def put(self, path: str, key: str, diagnostics: list[Diagnostic], excused: Sequence[Diagnostic] = ()) -> None:
        """Queue the entry; one over MAX_ENTRY_BYTES is not stored (and a stale one is removed)."""
        head = f'{{"format":{FORMAT},"path":{json.dumps(path, ensure_ascii=False)},"key":"{key}","diagnostics":['
        parts, size = [], len(head) + 2
        if excused:  # only with a voice file: an entry without one is as before
            head = head.replace('"diagnostics":[', '"excused":' + json.dumps([_record(d) for d in excused],
                                                                             ensure_ascii=False, separators=(",", ":"))
                                + ',"diagnostics":[')
            size = len(head) + 2
        for d in diagnostics:
            part = json.dumps(_record(d), ensure_ascii=False, separators=(",", ":"))
            size += len(part) + 1
            if size > MAX_ENTRY_BYTES:
                self.pending[path] = None
                return
            parts.append(part)
        self.pending[path] = head + ",".join(parts) + "]}"

    def save(self) -> None:
        """Write each queued entry atomically. Failing to write a cache is not an error."""
        if not self.pending:
            return
        try:
            self.folder.mkdir(parents=True)
        except FileExistsError:
            pass
        except OSError:
            return
        else:  # only in a folder we made: a .gitignore of '*' in an existing folder would hide its files
            try:
                (self.folder / ".gitignore").write_text("# Automatically created by vibelint.\n*\n", encoding="utf-8")
            except OSError:
                return
        with contextlib.suppress(OSError):
            (self.version / "results.json").unlink(missing_ok=True)  # the one-file cache of earlier builds
        for path, text in self.pending.items():
            target = self.entry_file(path)
            try:
                if text is None:
                    target.unlink(missing_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = make_temp(str(target.parent), ".entry-")
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as handle:
                        handle.write(text)
                    os.replace(tmp, target)
                except OSError:
                    os.unlink(tmp)
                    raise
            except OSError:
                pass
        self.pending.clear()


class Caches:
    """The cache folder for each linted file (see the module docstring for where it lives)."""

    def __init__(self, folder: Path | None = None):
        """``folder``: from the command line or the environment, used for every file, never questioned."""
        self.fixed = ResultCache(folder) if folder is not None else None
        self.by_folder: dict[Path, ResultCache] = {}
        self.checked: set[tuple[Path, Path]] = set()  # (cache folder, project root) found inside
        self.git_roots: dict[Path, Path | None] = {}

    @classmethod
    def from_options(cls, cache_dir: str | None) -> Caches:
        """``--cache-dir`` wins over ``VIBELINT_CACHE_DIR``; relative paths are relative to the current folder."""
        chosen = cache_dir or os.environ.get(ENV) or None
        return cls(Path(chosen).absolute() if chosen else None)

    def for_file(self, config: Config, path: Path) -> ResultCache:
        if self.fixed is not None:
            return self.fixed
        root = config.path.parent if config.path is not None else (self._git_root(path.absolute().parent) or Path.cwd())
        folder = root / config.model.cache_dir
        if (folder, root) not in self.checked:
            _check_inside(folder, root, config)
            self.checked.add((folder, root))
        if folder not in self.by_folder:
            self.by_folder[folder] = ResultCache(folder)
        return self.by_folder[folder]

    def save(self) -> None:
        for cache in [self.fixed] if self.fixed is not None else self.by_folder.values():
            cache.save()

    def _git_root(self, folder: Path) -> Path | None:
        if folder not in self.git_roots:
            found = None
            for candidate in (folder, *folder.parents):
                if candidate in self.git_roots:
                    found = self.git_roots[candidate]
                    break
                if os.path.exists(candidate / ".git"):  # a folder, or a file in worktrees and submodules
                    found = candidate
                    break
            self.git_roots[folder] = found
        return self.git_roots[folder]


def _check_inside(folder: Path, root: Path, config: Config) -> None:
    """A cache folder chosen by a config file (or the default) must resolve to a folder inside the project."""
    real_root = root.resolve()
    real = folder.resolve()
    if real != real_root and real.is_relative_to(real_root):
        return
    advice = "use --cache-dir or VIBELINT_CACHE_DIR to put it elsewhere, or --no-cache"
    if config.path is not None and "cache-dir" in config.file_keys:
        raise config.error(["cache-dir"], f"{config.model.cache_dir!r} is outside the project ({real_root}); "
                                          f"a config file may only put the cache inside its own project ({advice})")
    raise ConfigError(f"{folder}: the cache folder resolves outside the project ({real} is not inside {real_root}; "
                      f"a symlink?): refused ({advice})")


def cache_key(data: bytes, lint_path: str, ruleset_key: str) -> str:
    markdown = not lint_path.lower().endswith(".txt")
    return hashlib.sha256(b"%s\0%d\0" % (ruleset_key.encode(), markdown) + data).hexdigest()


_RULESET_KEYS: dict[int, str] = {}


def ruleset_key(ruleset: RuleSet) -> str:
    """A hash of everything in a rule set that can change its results."""
    if ruleset.serial not in _RULESET_KEYS:
        parts = [[r.id, r.kind, r.severity, r.message, r.options, r.scope, r.lang, r.translations]
                 for r in ruleset.rules]
        blob = json.dumps([code_stamp(), sorted(ruleset.context.accepted), sorted(ruleset.known_ids), parts,
                           ruleset.lang], sort_keys=True, default=repr)
        _RULESET_KEYS[ruleset.serial] = hashlib.sha256(blob.encode()).hexdigest()
    return _RULESET_KEYS[ruleset.serial]


_STAMP: list[str] = []


def code_stamp() -> str:
    """vibelint's version plus its modules' sizes and mtimes: an editable install changing invalidates the cache."""
    if not _STAMP:
        _STAMP.append(hashlib.sha256(repr((__version__, module_stamps())).encode()).hexdigest())
    return _STAMP[0]


def _record(d: Diagnostic) -> list:
    fix = [d.fix.start, d.fix.end, d.fix.replacement] if d.fix else None
    return [d.rule, d.severity, d.message, d.start, d.end, fix, d.suggestions]


def _diagnostic(item: list) -> Diagnostic:
    rule, severity, message, start, end, fix, suggestions = item
    return Diagnostic(rule, severity, message, int(start), int(end), Fix(*fix) if fix else None, list(suggestions))
