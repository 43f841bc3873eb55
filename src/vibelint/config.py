"""Configuration: ``.vibelint.toml`` or ``[tool.vibelint]`` in ``pyproject.toml``, found upward.

The closest config file to a linted file wins (like ruff). Everything is validated strictly:
an unknown key, an unknown rule id or a bad value is one error naming the file, line and key.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .engine import RuleSet, matches
from .entry import loading
from .kinds import Context, Options
from .kinds.phrases import normalize
from .packs import (
    SEVERITIES,
    ConfigError,
    Rule,
    Severity,
    builtin_rules,
    check_unique,
    compile_check,
    line_of,
    load_folder,
    plugin_rules,
)

CONFIG_NAMES = (".vibelint.toml", "pyproject.toml")
MAX_FILE_SIZE = 10 * 1024 * 1024  # the engine takes about 2 s and 30 MB of memory per MB of prose


# Plain dataclasses, validated by pydantic when a config file is read (validate.py): kebab-case keys,
# unknown keys rejected. The built-in defaults are constructed, not validated.


@dataclass(kw_only=True)
class Override(Options):
    """One ``[[overrides]]`` table: different rules, accepted words or severities for some files."""

    files: list[str]
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)


@dataclass(kw_only=True)
class ConfigModel(Options):
    """A config file's settings (``.vibelint.toml`` or ``[tool.vibelint]``), as validated at the edge."""

    select: list[str] | None = None  # None: every rule
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = "warning"
    rule_paths: list[str] = field(default_factory=list)
    vale_styles: list[str] = field(default_factory=list)  # Vale StylesPath, style folders or .vale.ini, relative
    accept: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True  # walked folders skip what .gitignore files ignore
    cache_dir: str = ".vibelint_cache"  # relative to the config file's folder
    voice: str | None = None  # a voice file (vibelint voice learn), relative to the config file
    # bigger files are skipped: bytes, or a size pydantic's ByteSize reads ("20MB", "512KiB"); 0: no limit
    max_file_size: int | str = MAX_FILE_SIZE
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> kind options (and "severity")
    overrides: list[Override] = field(default_factory=list)
    lang: Literal["en", "zh"] | None = None  # messages and labels; unset: each file's own language

    def __post_init__(self) -> None:
        if isinstance(self.max_file_size, str):  # read from a file: validation is under way, pydantic is loaded
            self.max_file_size = byte_size(self.max_file_size, "max-file-size")


def byte_size(value: str, key: str) -> int:
    """A size as pydantic's ``ByteSize`` reads it ("20MB", "512KiB", "0"), in bytes; a bad one raises
    ``ValueError("key: why")``. The config file and ``--max-file-size`` read sizes alike."""
    from pydantic import ByteSize, TypeAdapter, ValidationError

    try:
        return int(TypeAdapter(ByteSize).validate_python(value))
    except ValidationError as exc:
        raise ValueError(f"{key}: {exc.errors()[0]['msg']}") from None


@dataclass
class CliOptions:
    """Settings that win over the config file: command-line flags, or the editor client's settings."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    rule_paths: list[str] = field(default_factory=list)
    vale_styles: list[str] = field(default_factory=list)  # Vale StylesPath, style folder or .vale.ini paths
    max_file_size: int | None = None  # bytes; 0: no limit
    voice: str | None = None  # --voice FILE: a voice file, wins over the config's
    lang: str | None = None  # --lang: messages in "en" or "zh" (None: each file's own language)


@dataclass
class Config:
    """A loaded config: its settings, where they came from (for error lines), and the rules they pick."""

    model: ConfigModel
    path: Path | None  # None: defaults, no file
    text: str = ""
    key_prefix: list[str] = field(default_factory=list)  # ["tool", "vibelint"] inside pyproject.toml
    catalog: list[Rule] = field(default_factory=list)
    vale: list = field(default_factory=list)  # ValeStyles read from a .vale.ini: they switch their rules per file
    cli: CliOptions = field(default_factory=CliOptions)  # the options it was loaded with; they win over the file
    file_keys: frozenset[str] = frozenset()  # the top-level keys the file sets (a default is not a choice)
    _rulesets: dict = field(default_factory=dict)
    _voices: dict = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def error(self, keys: list[str], problem: str) -> ConfigError:
        full = self.key_prefix + keys
        line = line_of(self.text, full) if self.text else 1
        return ConfigError(f"{self.path}:{line}: {'.'.join(keys)}: {problem}")

    def is_excluded(self, file: Path) -> bool:
        if not self.model.exclude:
            return False
        rel = _relative(file, self.root)
        return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(file.name, pattern)
                   for pattern in self.model.exclude)

    # ``cli``: options over the file's; by default the ones the config was loaded with

    def fail_on(self, cli: CliOptions | None = None) -> str:
        return (cli or self.cli).fail_on or self.model.fail_on

    def max_file_size(self, cli: CliOptions | None = None) -> int:
        """Bytes above which a file is skipped; 0 means no limit."""
        cli = cli or self.cli
        return int(cli.max_file_size if cli.max_file_size is not None else self.model.max_file_size)

    def ruleset_for(self, file: Path | None, cli: CliOptions | None = None, use_voice: bool = True) -> RuleSet:
        """The rules for one file: selection, per-glob overrides, severities and options applied
        (and the writer's voice, when ``--voice`` or the config names one)."""
        rel = _relative(file, self.root) if file and self.model.overrides else ""
        active = [o for o in self.model.overrides if file and any(fnmatch.fnmatch(rel, g) for g in o.files)]
        cli = cli or self.cli
        voice = self.voice(cli) if use_voice else None
        vale_keys = tuple(v.ini.file_key(_vale_relative(file, v.ini)) for v in self.vale)
        key = (tuple(id(o) for o in active), tuple(cli.select or ()), tuple(cli.ignore), vale_keys, cli.lang, id(voice))
        if key not in self._rulesets:
            self._rulesets[key] = self._build(active, cli, vale_keys, voice)
        return self._rulesets[key]

    def voice(self, cli: CliOptions):
        """The voice file in force (``--voice`` wins over the config's ``voice``), loaded once; None without one."""
        if cli.voice:
            path, shown, keys = Path(cli.voice), cli.voice, None
        elif self.model.voice:
            path, shown, keys = self.root / self.model.voice, self.model.voice, ["voice"]
        else:
            return None
        if shown not in self._voices:
            from .voice.voicefile import load_voice  # here: only a run with a voice loads it

            try:
                self._voices[shown] = load_voice(path, shown if keys is None else str(path))
            except ConfigError as exc:
                if keys is not None and not path.is_file():  # the config names a file that is not there
                    raise self.error(keys, f"{self.model.voice!r}: no such voice file") from None
                raise exc from None
        return self._voices[shown]

    def _vale_runs(self, rule: Rule, vale_keys: tuple) -> bool:
        """A rule from a .vale.ini runs on this file only where Vale would run it (vale_config)."""
        for styles, key in zip(self.vale, vale_keys, strict=True):
            if rule.id in styles.levels and any(r is rule for r in styles.rules):
                return styles.ini.runs(rule.id, styles.levels[rule.id], key)
        return True

    def _build(self, active: list[Override], cli: CliOptions, vale_keys: tuple = (), voice=None) -> RuleSet:
        known = frozenset(r.id for r in self.catalog)
        select = cli.select or self.model.select  # an empty selection from an editor means "not set"
        ignore = list(self.model.ignore) + list(cli.ignore)
        severity = dict(self.model.severity)
        accept = list(self.model.accept)
        for o in active:
            select = o.select if o.select is not None else select
            ignore += o.ignore
            accept += o.accept
            severity.update(o.severity)
        rules = []
        for rule in self.catalog:
            if self.vale and not self._vale_runs(rule, vale_keys):
                continue
            if select is not None and not any(matches(s, rule.id) for s in select):
                continue
            if any(matches(i, rule.id) for i in ignore):
                continue
            options = dict(self.model.rules.get(rule.id, {}))
            level = options.pop("severity", None) or next((v for k, v in severity.items() if matches(k, rule.id)), None)
            if voice is not None:  # the voice's thresholds and habits; options set in this config win
                options = {**voice.options_for(rule), **options}
            rules.append(self._override(rule, level, options))
        return RuleSet(rules, known, Context(frozenset(normalize(w) for w in accept)), lang=cli.lang or self.model.lang,
                       voice=voice)

    def _override(self, rule: Rule, level: str | None, options: dict[str, Any]) -> Rule:
        if not options:
            return rule.with_changes(severity=level)
        origin = str(self.path)
        try:
            check = compile_check(rule.kind, {**rule.options, **options}, origin, f"rules.{rule.id}")
        except ConfigError as exc:
            # the message names the option ("rules.<id>.max: ..."): point at its line, not the table's
            where = str(exc)[len(origin) + 2:].split(":", 1)[0]
            option = where[len(f"rules.{rule.id}."):].split(".")[0] if where.startswith(f"rules.{rule.id}.") else ""
            keys = self.key_prefix + ["rules", rule.id] + ([option] if option in options else [])
            raise ConfigError(str(exc).replace(f"{origin}:", f"{origin}:{line_of(self.text, keys)}:", 1)) from None
        return rule.with_changes(severity=level, options=options, check=check)

    def validate_ids(self) -> None:
        """Unknown ids in select/ignore/severity/rules are errors, like ruff's unknown selectors."""
        cli = self.cli
        known = [r.id for r in self.catalog]
        checks = [(["select"], self.model.select or []), (["ignore"], self.model.ignore),
                  (["severity"], list(self.model.severity)), (["rules"], list(self.model.rules))]
        for i, o in enumerate(self.model.overrides):
            checks += [(["overrides", str(i), "select"], o.select or []), (["overrides", str(i), "ignore"], o.ignore),
                       (["overrides", str(i), "severity"], list(o.severity))]
        for keys, ids in checks:
            for rule_id in ids:
                if not any(matches(rule_id, k) for k in known):
                    where = [*keys, rule_id] if keys[-1] in ("rules", "severity") else keys
                    raise self.error(where, f"unknown rule id {rule_id!r}")
        for rule_id, options in self.model.rules.items():
            if "severity" in options and options["severity"] not in SEVERITIES:
                raise self.error(["rules", rule_id, "severity"], f"unknown severity {options['severity']!r}")
        for label, ids in (("--select", cli.select or []), ("--ignore", cli.ignore)):
            for rule_id in ids:
                if not any(matches(rule_id, k) for k in known):
                    raise ConfigError(f"{label}: unknown rule id {rule_id!r}")


def _relative(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _vale_relative(file: Path | None, ini) -> str:
    from .vale_config import relative

    return relative(file, ini)


@dataclass
class _Found:
    """A folder's config, the file it was read from (None: no config file) and that file's mtime then."""

    config: Config
    file: Path | None
    mtime: int | None


def _mtime(path: Path | None) -> int | None:
    try:
        return path.stat().st_mtime_ns if path else None
    except OSError:
        return None


class ConfigFinder:
    """Finds and caches the config for each folder, walking upward from the linted file.

    The command line and the editor share it; two options serve a long editor session:
    ``reload`` re-reads a config whose file changed (by its mtime, for clients that cannot watch
    files), and ``report`` turns a broken config from an error into one message (each shown once)
    and the built-in defaults, so the server keeps linting. ``root`` is where a draft without a
    path looks (the editor's workspace folder; default: the working folder).
    """

    def __init__(self, cli: CliOptions, explicit: Path | None = None, *, root: Path | None = None,
                 reload: bool = False, report: Callable[[str], None] | None = None):
        self.cli = cli
        self.root = root
        self.reload = reload
        self.report = report
        self._reported: set[str] = set()
        self._by_folder: dict[Path, _Found] = {}
        self._by_given_folder: dict[Path | None, _Found] = {}
        self._builtin: Config | None = None
        self.explicit = self._load(explicit) if explicit else None

    def for_file(self, file: Path | None) -> Config:
        if self.explicit:
            return self.explicit
        given = file.parent if file is not None else None
        found = self._by_given_folder.get(given)
        if found is None or (self.reload and _mtime(found.file) != found.mtime):
            # resolving is slow; a tree walk asks about each folder many times
            folder = file.resolve().parent if file is not None else (self.root.resolve() if self.root else Path.cwd())
            found = self._by_given_folder[given] = self._found(folder)
        return found.config

    def invalidate(self) -> None:
        """Forget every config (a config file changed on disk); errors may be shown again."""
        self._by_folder.clear()
        self._by_given_folder.clear()
        self._reported.clear()

    def builtin(self) -> Config:
        """The built-in defaults, without the command line's or the client's options (the editor's last resort)."""
        if self._builtin is None:
            self._builtin = load_config(None, CliOptions())
        return self._builtin

    def error(self, message: str) -> None:
        """Report a config problem once (``report`` mode only)."""
        if self.report is not None and message not in self._reported:
            self._reported.add(message)
            self.report(message)

    def _found(self, folder: Path) -> _Found:
        found = self._by_folder.get(folder)
        if found is not None and (not self.reload or _mtime(found.file) == found.mtime):
            return found
        if found is not None:
            self._reported.clear()  # the file changed: a new error deserves a new message
        file = find_config_file(folder)
        mtime = _mtime(file) if self.reload else None
        found = next((f for f in self._by_folder.values() if f.file == file and f.mtime == mtime), None)
        if found is None:
            found = _Found(self._load(file), file, mtime)
        self._by_folder[folder] = found
        return found

    def _load(self, file: Path | None) -> Config:
        """The config with these options; in ``report`` mode, without bad select/ignore, else the built-in defaults."""
        if self.report is None:
            return load_config(file, self.cli)
        try:
            return load_config(file, self.cli)
        except ConfigError as exc:
            message = str(exc)
        if message.startswith(("--select:", "--ignore:")):
            label = "vibelint.select" if message.startswith("--select") else "vibelint.ignore"
            self.error(f"setting {label}:{message.split(':', 1)[1]} (ignoring the select and ignore settings)")
            try:
                return load_config(file, CliOptions(rule_paths=self.cli.rule_paths))
            except ConfigError as exc:
                message = str(exc)
        self.error(f"{message} (using the built-in defaults)")
        return self.builtin()


def find_config_file(folder: Path) -> Path | None:
    for candidate_folder in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    import tomllib  # here: a run with no config file to read never loads it (6 ms, with datetime)

    try:
        return "vibelint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "[tool.vibelint" in path.read_text(encoding="utf-8", errors="replace")


def load_config(path: Path | None, cli: CliOptions) -> Config:
    """Read, validate and resolve a config (None: built-in defaults), with its rule packs."""
    with loading():  # the packs' objects live as long as the process: out of the collector's way
        return _load_config(path, cli)


def _load_config(path: Path | None, cli: CliOptions) -> Config:
    if path is None:
        config = Config(ConfigModel(), None)  # the defaults, valid by definition: nothing to validate
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        prefix = []
        if path.name == "pyproject.toml":
            data, prefix = data.get("tool", {}).get("vibelint", {}), ["tool", "vibelint"]
        from pydantic import ValidationError

        from .validate import describe_error, validate

        try:
            model = validate(ConfigModel, data)
        except ValidationError as exc:
            message = describe_error(exc, str(path), ".".join(prefix), text)
            raise ConfigError(message.replace(": tool.vibelint.", ": ", 1) if prefix else message) from None
        config = Config(model, path, text, prefix, file_keys=frozenset(data))
    catalog = list(builtin_rules()) + list(plugin_rules())
    for folder in [*config.model.rule_paths, *cli.rule_paths]:
        folder_path = (config.root / folder) if not Path(folder).is_absolute() else Path(folder)
        catalog.extend(load_folder(folder_path))
    for styles in [*config.model.vale_styles, *cli.vale_styles]:
        from .vale import load_vale_styles, report_skipped  # here: PyYAML costs 25 ms a run that needs no Vale

        vale = load_vale_styles((config.root / styles) if not Path(styles).is_absolute() else Path(styles))
        report_skipped(vale.skipped)
        catalog.extend(vale.rules)
        if vale.ini is not None:
            config.vale.append(vale)
    check_unique(catalog)
    config.catalog, config.cli = catalog, cli
    config.validate_ids()
    config.voice(cli)  # a missing or damaged voice file is an error now, like a bad rule file, not mid-run
    return config
