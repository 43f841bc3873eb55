"""Project configuration for open documents: the closest ``.vibelint.toml``/``pyproject.toml``.

This is ``ConfigFinder``'s lookup plus what an editor session needs on top: a broken config is
reported once and replaced by the built-in defaults (the server keeps linting), and a cached
config is re-read when its file's mtime changes, for clients that cannot watch files.
Configs stay cached otherwise, so the rule set (and the block cache keyed on it) survives edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import CliOptions, Config, find_config_file, load_config
from ..engine import RuleSet
from ..packs import ConfigError
from .settings import ClientSettings


@dataclass
class _Entry:
    config: Config
    cli: CliOptions  # the options the config was loaded with (the client's, or none if those were bad)
    file: Path | None
    mtime: int | None


def _mtime(path: Path | None) -> int | None:
    try:
        return path.stat().st_mtime_ns if path else None
    except OSError:
        return None


class ProjectConfigs:
    """Configs by folder for one set of client settings; ``report`` gets each error message once."""

    def __init__(self, settings: ClientSettings, root: Path | None, report: Callable[[str], None]):
        rule_paths = [str(p if p.is_absolute() else (root or Path.cwd()) / p) for p in map(Path, settings.rule_paths)]
        self.cli = CliOptions(select=settings.select, ignore=list(settings.ignore), rule_paths=rule_paths)
        self.root = root
        self.report = report
        self._by_folder: dict[Path, _Entry] = {}
        self._reported: set[str] = set()
        self._builtin_config: Config | None = None

    def invalidate(self) -> None:
        """Forget every config (a config file changed on disk); errors may be shown again."""
        self._by_folder.clear()
        self._reported.clear()

    def ruleset_for(self, file: Path | None) -> RuleSet | None:
        """The rules for a document, or None when the project config excludes the file."""
        entry = self._entry(file)
        if file is not None and entry.config.path is not None and entry.config.is_excluded(file):
            return None
        try:
            return entry.config.ruleset_for(file, entry.cli)
        except ConfigError as exc:  # a per-file override with bad rule options
            self._error(f"{exc} (using the built-in defaults)")
            return self._builtin().ruleset_for(file, CliOptions())

    def max_file_size(self, file: Path | None) -> int:
        """The project's ``max-file-size`` for a document (0: no limit)."""
        entry = self._entry(file)
        return entry.config.max_file_size(entry.cli)

    def _entry(self, file: Path | None) -> _Entry:
        folder = (file.parent if file else (self.root or Path.cwd())).resolve()
        entry = self._by_folder.get(folder)
        if entry is not None and _mtime(entry.file) == entry.mtime:
            return entry
        if entry is not None:
            self._reported.clear()  # the file changed: a new error deserves a new message
        found = find_config_file(folder)
        mtime = _mtime(found)
        entry = next((e for e in self._by_folder.values() if e.file == found and e.mtime == mtime), None)
        if entry is None:
            config, cli = self._load(found)
            entry = _Entry(config, cli, found, mtime)
        self._by_folder[folder] = entry
        return entry

    def _load(self, found: Path | None) -> tuple[Config, CliOptions]:
        """The config with the client's options; without them if they are bad; else the built-in defaults."""
        try:
            return load_config(found, self.cli), self.cli
        except ConfigError as exc:
            message = str(exc)
        if message.startswith(("--select:", "--ignore:")):
            label = "vibelint.select" if message.startswith("--select") else "vibelint.ignore"
            self._error(f"setting {label}:{message.split(':', 1)[1]} (ignoring the select and ignore settings)")
            plain = CliOptions(rule_paths=self.cli.rule_paths)
            try:
                return load_config(found, plain), plain
            except ConfigError as exc:
                message = str(exc)
        self._error(f"{message} (using the built-in defaults)")
        return self._builtin(), CliOptions()

    def _builtin(self) -> Config:
        if self._builtin_config is None:
            self._builtin_config = load_config(None, CliOptions())
        return self._builtin_config

    def _error(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.report(message)
