"""A ``.vale.ini`` read the way Vale reads it, so a Vale user's config means the same thing here.

Vale decides per file and per rule (``lint.shouldRun`` and ``core.NewFile`` in Vale's source):

* every section whose glob matches the file contributes its rule switches, later sections
  overriding earlier ones (``Style.Rule = YES``, ``NO`` or a level, which also means YES);
* the *last* matching section with ``BasedOnStyles`` replaces the ``[*]`` styles;
* a rule switched in a matching section wins, then one switched in ``[*]``, then the rule runs
  when its style is among the file's styles;
* a level given to a rule anywhere is that rule's level, and a rule below ``MinAlertLevel``
  (default ``warning``) does not run.

Globs are Vale's: ``*`` crosses folders (gobwas/glob without separators) unless the pattern has
``**`` (doublestar), ``{a,b}`` alternates, a leading ``!`` negates; they match the file's path
relative to the folder of the ``.vale.ini`` (where Vale is run from). ``Vocab`` word lists
(``<StylesPath>/config/vocabularies/NAME/accept.txt`` and ``reject.txt``, or Vale 2's
``<StylesPath>/Vocab/NAME/``) become exceptions and Vale's ``Vale.Terms``/``Vale.Avoid`` rules.
Settings vibelint does not apply are named once on stderr.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .packs import ConfigError

VALE_LEVELS = ("suggestion", "warning", "error")
CORE_KEYS = ("StylesPath", "MinAlertLevel", "Vocab", "Packages")
# Vale settings that change what Vale reads; vibelint's own parser decides those things
NOT_APPLIED = ("IgnoredScopes", "SkippedScopes", "IgnoredClasses", "WordTemplate", "NLPEndpoint", "BlockIgnores",
               "TokenIgnores", "CommentDelimiters", "Transform", "Lang")
# Vale's defaults for the scope settings: what vibelint does anyway (code is never prose here)
DEFAULTS = {"IgnoredScopes": {"code", "tt"}, "SkippedScopes": {"script", "style", "pre", "figure"}}
SYNTAX_KEYS = ("BasedOnStyles", *NOT_APPLIED)
OTHER_SECTIONS = ("formats", "asciidoctor", "DEFAULT")


@dataclass
class Section:
    glob: str
    line: int
    styles: list[str] | None = None  # BasedOnStyles, None: not set here
    checks: dict[str, bool] = field(default_factory=dict)
    pattern: regex.Pattern | None = None
    negated: bool = False

    def matches(self, path: str) -> bool:
        assert self.pattern is not None
        return bool(self.pattern.fullmatch(path)) != self.negated


@dataclass
class ValeIni:
    path: Path
    styles_path: Path
    min_level: str = "warning"
    vocab: list[str] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    global_styles: list[str] = field(default_factory=list)
    global_checks: dict[str, bool] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)  # rule id -> Vale level given in the config
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)  # "Key (line N)"

    @property
    def styles(self) -> list[str]:
        """Every style named in BasedOnStyles, in order."""
        names = list(self.global_styles)
        for section in self.sections:
            names += [s for s in section.styles or [] if s not in names]
        return names

    @property
    def named_rules(self) -> list[str]:
        """Every ``Style.Rule`` switched anywhere, in order."""
        names = list(self.global_checks)
        for section in self.sections:
            names += [r for r in section.checks if r not in names]
        return names

    def file_key(self, relpath: str) -> tuple[int, ...]:
        """Which sections match the file: all that decides a rule for it."""
        return tuple(i for i, s in enumerate(self.sections) if s.matches(relpath))

    def level(self, rule_id: str, level: str) -> str:
        return self.levels.get(rule_id, level)

    def runs(self, rule_id: str, level: str, key: tuple[int, ...]) -> bool:
        """Vale's ``shouldRun`` for a rule of the given (Vale) level on a file with these matching sections."""
        if VALE_LEVELS.index(self.level(rule_id, level)) < VALE_LEVELS.index(self.min_level):
            return False
        matching = [self.sections[i] for i in key]
        checks: dict[str, bool] = {}
        styles = self.global_styles
        for section in matching:
            checks.update(section.checks)
            if section.styles is not None:
                styles = section.styles
        if rule_id in checks:
            return checks[rule_id]
        if rule_id in self.global_checks:
            return self.global_checks[rule_id]
        return rule_id.split(".", 1)[0] in styles

    def enables_any(self, rule_ids: set[str], levels: dict[str, str]) -> bool:
        """Does some file get at least one of these rules? (Every combination of sections is not
        needed: a rule runs somewhere when it runs for the sections of one glob alone or for none.)"""
        keys = [()] + [(i,) for i in range(len(self.sections))] + [tuple(range(len(self.sections)))]
        return any(self.runs(r, levels[r], k) for r in rule_ids for k in keys)


def read_vale_ini(path: Path) -> ValeIni:
    """Parse and check a ``.vale.ini``; ConfigError (one line, with the line number) when Vale would refuse it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read Vale config: {getattr(exc, 'strerror', None) or exc}") from None
    entries = _parse(text, path)
    core = [e for e in entries if e[0] == ""]
    styles_value = next((v for _, k, v, _ in reversed(core) if k == "StylesPath"), None)
    if not styles_value:
        raise ConfigError(f"{path}:1: StylesPath: missing (vibelint reads Vale rules from a StylesPath)")
    ini = ValeIni(path, (path.parent / Path(styles_value).expanduser()).resolve())
    if not ini.styles_path.is_dir():
        line = next(n for s, k, _, n in core if k == "StylesPath")
        raise ConfigError(f"{path}:{line}: StylesPath: folder not found: {ini.styles_path}")
    by_section: dict[str, Section] = {}
    for section, key, value, line in entries:
        if section == "":
            _core_key(ini, key, value, line)
        elif section in OTHER_SECTIONS:
            ini.not_applied.append(f"[{section}] {key} (line {line})")
        elif section == "*":
            styles = _section_key(ini, path, key, value, line, ini.global_checks)
            if styles is not None:
                ini.global_styles = _merge(ini.global_styles, styles)
        else:
            target = by_section.get(section)
            if target is None:
                target = by_section[section] = Section(section, line)
                target.negated = section.startswith("!")
                target.pattern = _glob(section.lstrip("!"), path, line)
                ini.sections.append(target)
            styles = _section_key(ini, path, key, value, line, target.checks)
            if styles is not None:
                target.styles = _merge(target.styles or [], styles)
    for name in ini.vocab:
        _load_vocab(ini, name)
    return ini


def _section_key(ini: ValeIni, path: Path, key: str, value: str, line: int, checks: dict) -> str | None:
    """One key of the ``[*]`` section or a glob section: a rule switch goes into ``checks``; the value
    of ``BasedOnStyles`` is returned for the caller to merge into that section's styles."""
    if key == "BasedOnStyles":
        return value
    if key in CORE_KEYS:
        raise ConfigError(f"{path}:{line}: {key}: a core option; it belongs above any [section] "
                          "(Vale refuses it here)")
    if key in NOT_APPLIED:
        _not_applied(ini, key, value, line)
    else:
        checks[key] = _switch(ini, key, value)
    return None


def _core_key(ini: ValeIni, key: str, value: str, line: int) -> None:
    if key == "StylesPath":
        return
    if key == "MinAlertLevel":
        if value not in VALE_LEVELS:
            raise ConfigError(f"{ini.path}:{line}: MinAlertLevel: must be 'suggestion', 'warning', or 'error', "
                              f"not {value!r}")
        ini.min_level = value
    elif key == "Vocab":
        ini.vocab = _merge(ini.vocab, value)
    elif key == "Packages":
        ini.packages = _merge(ini.packages, value)
    elif key in ("BasedOnStyles",):
        raise ConfigError(f"{ini.path}:{line}: BasedOnStyles: a syntax-specific option; put it under a section "
                          "such as [*] (Vale refuses it here)")
    elif key in NOT_APPLIED:
        _not_applied(ini, key, value, line)
    else:
        ini.not_applied.append(f"{key} (line {line}, unknown to Vale)")


def _not_applied(ini: ValeIni, key: str, value: str, line: int) -> None:
    if key in DEFAULTS and set(_merge([], value)) <= DEFAULTS[key]:
        return  # Vale's default, which is what vibelint does
    ini.not_applied.append(f"{key} (line {line})")


def _switch(ini: ValeIni, key: str, value: str) -> bool:
    """``YES``, ``NO`` or a level (which also switches the rule on); anything else is off, as in Vale."""
    if value in VALE_LEVELS:
        ini.levels[key] = value
        return True
    return value == "YES"


def _merge(previous: list[str], value: str) -> list[str]:
    out = list(previous)
    for item in value.split(","):
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def _parse(text: str, path: Path) -> list[tuple[str, str, str, int]]:
    """(section, key, value, line) for every setting, as go-ini reads Vale's file: ``#``/``;`` comments
    at a line's start or after a space, repeated keys kept (their values merge, like Vale's shadows)."""
    section = ""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise ConfigError(f"{path}:{number}: unclosed section header {line!r}")
            section = line[1:-1].strip()
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ConfigError(f"{path}:{number}: expected 'Key = value', got {line!r}")
        value = regex.split(r"\s[#;]", value, maxsplit=1)[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
            value = value[1:-1]
        entries.append((section, key.strip(), value, number))
    return entries


def _glob(pattern: str, path: Path, line: int) -> regex.Pattern:
    """A Vale section glob as a regex over a slash-separated path."""
    doublestar = "**" in pattern
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i) and doublestar:
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*" if doublestar else ".*")
        elif c == "?":
            out.append("[^/]" if doublestar else ".")
        elif c == "{":
            out.append("(?:")
            depth += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
        elif c == "," and depth:
            out.append("|")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ConfigError(f"{path}:{line}: [{pattern}]: the glob pattern could not be compiled")
            body = pattern[i + 1:end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        elif c == "\\" and i + 1 < len(pattern):
            out.append(regex.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(regex.escape(c))
        i += 1
    if depth:
        raise ConfigError(f"{path}:{line}: [{pattern}]: the glob pattern could not be compiled")
    return regex.compile("".join(out))


def _load_vocab(ini: ValeIni, name: str) -> None:
    for folder in (ini.styles_path / "config" / "vocabularies" / name, ini.styles_path / "Vocab" / name):
        if folder.is_dir():
            break
    else:
        raise ConfigError(f"{ini.path}: Vocab: 'config/vocabularies/{name}' folder does not exist in {ini.styles_path}")
    for file in sorted(folder.rglob("*.txt")):
        if file.name not in ("accept.txt", "reject.txt"):
            continue
        words = ini.accepted if file.name == "accept.txt" else ini.rejected
        for raw in file.read_text(encoding="utf-8", errors="replace").splitlines():
            word = raw.strip()
            if word and not word.startswith("# "):
                words.append(word)


_noted: set[Path] = set()


def report_not_applied(ini: ValeIni, stream=None) -> None:
    """One note per config per run naming the Vale settings vibelint does not apply."""
    if not ini.not_applied or ini.path in _noted:
        return
    _noted.add(ini.path)
    print(f"vibelint: note: {ini.path}: Vale settings not applied: {', '.join(ini.not_applied)}",
          file=stream or sys.stderr)


def relative(file: Path | None, ini: ValeIni) -> str:
    """The path Vale would match the sections against: relative to the config's folder."""
    if file is None:
        return "stdin.md"
    try:
        return file.resolve().relative_to(ini.path.parent.resolve()).as_posix()
    except ValueError:
        return file.as_posix()
