"""Rule packs: one TOML file per rule, validated strictly, compiled once.

TOML rather than YAML: it is in the standard library (``tomllib``), it has no implicit typing
surprises (``no`` stays a string), and regexes sit safely in single-quoted literal strings.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import regex

from .cachefiles import UNREADABLE_CACHE, load_pickle, module_stamps, pack_cache_dir, write_atomically
from .kinds import KINDS, Check
from .kinds.timed_regex import compile_deferred, deferred_compile

Severity = Literal["error", "warning", "info", "hint"]  # the one list of severities, most severe first
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# Block kinds a rule's ``scope`` may name; "heading.h2" is a level-2 heading only.
Scope = Literal["paragraph", "heading", "list_item", "blockquote", "table_cell",
                "heading.h1", "heading.h2", "heading.h3", "heading.h4", "heading.h5", "heading.h6"]
SCOPES: tuple[str, ...] = get_args(Scope)
ENTRY_POINT_GROUP = "vibelint.packs"


class ConfigError(Exception):
    """A rule or config file that cannot be used; the message is one line naming file, line and key."""


@dataclass
class FixExample:
    """A rule file's fix example: a text, and what ``--fix`` must turn it into (run as a test)."""

    text: str
    expected: str


@dataclass
class Examples:
    """A rule's examples (a rule file must give bad and good ones; rules from Vale styles have none)."""

    bad: list[str] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    fix: list[FixExample] = field(default_factory=list)


@dataclass
class Rule:
    """A loaded rule: its data plus the compiled check."""

    id: str
    kind: str
    severity: str
    message: str
    why: str
    spec: str
    link: str | None
    options: dict[str, Any]
    examples: Examples
    check: Check
    origin: str  # the file it came from
    scope: tuple[str, ...] = ()  # block kinds (SCOPES) the rule reads; empty: every block
    source: str = ""  # where the pack comes from, for `vibelint rules`: "karpathy (built-in)", "Vale: Microsoft"
    summary: str = ""  # what the rule flags, in one line; empty for rules from Vale styles (they have none)
    # the text its check reads: "masked" (markup blanked in place, the packs' view), "plain" (markup
    # removed, hits mapped back: Vale's text scopes), "raw" (the source as written: Vale's raw scope)
    view: str = "masked"
    lang: str | None = None  # the language of the sentences it reads ("en", "zh"); None: every sentence
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {summary, message, why}

    def text(self, name: str, lang: str | None) -> str:
        """``summary``, ``message`` or ``why`` in ``lang``, falling back to the rule file's own words."""
        if lang and lang in self.translations and self.translations[lang].get(name):
            return self.translations[lang][name]
        return getattr(self, name)

    def with_changes(self, severity: str | None = None, options: dict[str, Any] | None = None,
                     check: Check | None = None) -> Rule:
        """A copy with a config's severity and option overrides; ``check`` is the check compiled from them."""
        return Rule(self.id, self.kind, severity or self.severity, self.message, self.why, self.spec, self.link,
                    {**self.options, **(options or {})}, self.examples, check or self.check, self.origin,
                    self.scope, self.source, self.summary, self.view,
                    self.lang, self.translations)

    def reads(self, block) -> bool:
        """Is the block in the rule's scope? ("heading.h1" matches level-1 headings only.)"""
        if not self.scope:
            return True
        return block.kind in self.scope or (block.kind == "heading" and f"heading.h{block.level}" in self.scope)


def make_rule(*, id: str, kind: str, severity: str, message: str, why: str, spec: str, link: str | None,
              options: dict[str, Any], examples: Examples, check: Check, origin: str,
              scope: tuple[str, ...] = (), source: str = "", summary: str = "", view: str = "masked",
              lang: str | None = None, translations: dict[str, dict[str, str]] | None = None) -> Rule:
    """The one way a rule is made, from a rule file or a Vale style alike: checked, or a one-line ConfigError."""
    from pydantic import ValidationError

    from .validate import RuleData, describe_error

    table = dataclasses.asdict(examples) if isinstance(examples, Examples) else examples
    fields = {"id": id, "kind": kind, "severity": severity, "message": message, "why": why, "spec": spec,
              "link": link, "options": options, "examples": table, "check": check, "origin": origin,
              "scope": scope, "source": source, "summary": summary, "view": view}
    try:
        data = RuleData.model_validate(fields)
    except ValidationError as exc:
        raise ConfigError(describe_error(exc, origin, "")) from None
    if data.kind not in KINDS:
        raise ConfigError(f"{origin}: kind: unknown kind {data.kind!r} (one of {', '.join(KINDS)})")
    return Rule(data.id, data.kind, data.severity, data.message, data.why, data.spec, data.link, data.options,
                data.examples.plain(), data.check, data.origin, data.scope, data.source, data.summary, data.view, lang,
                dict(translations or {}))


def compile_check(kind: str, options: dict[str, Any], origin: str, prefix: str = "options") -> Check:
    from pydantic import ValidationError

    from .validate import describe_error, validate

    options_model, check_class = KINDS[kind]
    try:
        validated = validate(options_model, options)
    except ValidationError as exc:
        raise ConfigError(describe_error(exc, origin, prefix)) from None
    try:
        return check_class(validated)
    except regex.error as exc:
        pattern, message = exc.pattern, exc.msg  # type: ignore[attr-defined]  # regex sets both; types-regex omits them
        raise ConfigError(f"{origin}: {prefix}: bad regex {pattern!r}: {message}") from None


def load_rule(path: Path, source: str = "") -> Rule:
    import tomllib  # here: the shipped packs come compiled from the cache, without it

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    from pydantic import ValidationError

    from .validate import RuleFile, describe_error

    try:
        model = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_error(exc, str(path), "", text)) from None
    if model.kind not in KINDS:
        raise ConfigError(f"{path}:{line_of(text, ['kind'])}: kind: unknown kind {model.kind!r} "
                          f"(one of {', '.join(KINDS)})")
    origin = str(path)
    try:
        check = compile_check(model.kind, model.options, origin)
    except ConfigError as exc:
        raise ConfigError(_with_line(str(exc), origin, text)) from None
    except Exception as exc:  # a kind that rejects its options in a way validation did not catch
        raise ConfigError(f"{origin}: options: {exc}") from None
    return make_rule(id=model.id, kind=model.kind, severity=model.severity, message=model.message, why=model.why,
                     spec=model.spec, link=model.link, options=model.options, examples=model.examples.plain(),
                     check=check, origin=origin, scope=tuple(model.scope), source=source, summary=model.summary,
                     lang=model.lang,
                     translations={k: v.model_dump(exclude_none=True) for k, v in model.translations.items()})


def load_folder(folder: Path, source: str | None = None) -> list[Rule]:
    """Every ``*.toml`` under a folder, sorted by path; duplicate ids are an error.

    ``source`` labels the rules for `vibelint rules`; by default "<folder> (rule path)".
    """
    if not folder.is_dir():
        raise ConfigError(f"{folder}: rule folder not found")
    label = source if source is not None else f"{folder} (rule path)"
    rules = [load_rule(p, label) for p in sorted(folder.rglob("*.toml"))]
    check_unique(rules)
    return rules


def builtin_folder() -> Path:
    """The packs shipped in the wheel, or the repository's ``rules/`` in a source checkout."""
    shipped = Path(__file__).resolve().parent / "packs"  # in the wheel; importlib.resources costs an import
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "rules"


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The shipped packs, from the compiled-pack cache when it was made from these very files."""
    folder = builtin_folder()
    paths = sorted(folder.rglob("*.toml"))
    key = _pack_key(paths)
    cached = _read_compiled(key)
    if cached is not None:
        rules, index = cached
    else:
        from .kinds.phrases import PhraseIndex, term_matchers

        with deferred_compile():
            rules = tuple(load_folder(folder))
        compile_deferred()  # kept compiled: reading a compiled regex back costs far less than compiling it
        for rule in rules:
            rule.source = f"{rule.id.split('.', 1)[0]} (built-in)"
        index = PhraseIndex([m for rule in rules for m in term_matchers(rule.check)])
        _write_compiled(key, (rules, index))
    global _BUILTIN_INDEX
    _BUILTIN_INDEX = index
    return rules


_BUILTIN_INDEX = None  # the shipped packs' phrase index (kinds/phrases.py), kept with them


def builtin_phrase_index():
    """Every phrase list of the shipped packs in one index, built (or read from the cache) with them."""
    builtin_rules()
    return _BUILTIN_INDEX


# The compiled form of the shipped packs (validated options as plain dataclasses, built checks,
# compiled regexes) is kept between runs: loading 18 TOML files through pydantic, building their
# checks and compiling their regexes cost more than the rest of a small file's lint. The file is
# named by a digest of the rule files' bytes, vibelint's, Python's and regex's versions and
# vibelint's modules' sizes and times, so any edit or upgrade makes a new one; a file that cannot
# be read back (truncated, another Python) is ignored and rebuilt.
# Only the shipped packs are kept: rule paths, plugins and Vale styles load from their files on
# every run, so a bad file always fails with its file and line.
PACK_CACHE_FORMAT = 3  # 2: regexes kept compiled, options as dataclasses; 3: the phrase tries as tuples
def _pack_key(paths: list[Path]) -> str:
    import hashlib
    import sys

    from . import __version__

    # regex: the compiled patterns are its code, which another release may read differently
    digest = hashlib.sha256(f"{PACK_CACHE_FORMAT} {__version__} {sys.version} {regex.__version__}".encode())
    # the code that built the pickle: an edited checkout or editable install keeps its version number,
    # but its classes may have changed shape (a stat of each module costs well under a millisecond)
    for name, size, mtime in module_stamps():
        digest.update(f"{name} {size} {mtime}\0".encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError):  # load_folder reports it
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def _read_compiled(key: str) -> tuple[tuple[Rule, ...], Any] | None:
    folder = pack_cache_dir()
    if folder is None:
        return None
    import pickle

    try:
        stored_key, (rules, index) = load_pickle(folder / f"packs-{key}.pickle")
    except FileNotFoundError:
        return None
    except (*UNREADABLE_CACHE, pickle.UnpicklingError):  # a damaged or foreign file: rebuilt from the rule files
        return None
    if stored_key != key or not isinstance(rules, tuple) or not all(isinstance(r, Rule) for r in rules):
        return None
    return rules, index


def _write_compiled(key: str, rules: tuple[tuple[Rule, ...], Any]) -> None:
    folder = pack_cache_dir()
    if folder is None:
        return
    write_atomically(folder, f"packs-{key}.pickle", (key, rules))


@lru_cache(maxsize=1)
def plugin_rules() -> tuple[Rule, ...]:
    """Rule packs installed as Python packages: entry points in the ``vibelint.packs`` group.

    An entry point names an importable package (``house = "vibelint_house"``); every ``*.toml``
    in its folder is a rule. A plugin that cannot be imported or loaded is one error naming it.
    """
    if not _may_have_plugins():
        return ()
    from importlib.metadata import entry_points

    rules: list[Rule] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else ep.name
        where = f"plugin {dist} (entry point {ENTRY_POINT_GROUP}: {ep.name} = {ep.value})"
        try:
            module = ep.load()
        except Exception as exc:
            raise ConfigError(f"{where}: cannot import: {type(exc).__name__}: {exc}") from None
        locations = list(getattr(module, "__path__", None) or [])
        if not locations and getattr(module, "__file__", None):
            locations = [str(Path(module.__file__).parent)]
        if not locations:
            raise ConfigError(f"{where}: {ep.value!r} is not a package with a folder of rule files")
        try:
            found = [r for loc in locations for r in load_folder(Path(loc), f"{dist} (plugin)")]
        except ConfigError as exc:
            raise ConfigError(f"plugin {dist}: {exc}") from None
        if not found:
            raise ConfigError(f"{where}: no rule files (*.toml) in {locations[0]}")
        rules.extend(found)
    check_unique(rules)
    return tuple(rules)


def _may_have_plugins() -> bool:
    """Does any installed distribution on ``sys.path`` declare a ``vibelint.packs`` entry point?

    Read straight from the ``entry_points.txt`` files: importing ``importlib.metadata`` (and the
    email parser it loads) cost more than linting a small post, and almost no install has a plugin.
    """
    import os
    import sys

    header = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file or a missing folder: let importlib.metadata decide
            if entry and os.path.isfile(entry):
                return True
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8",
                              errors="replace") as handle:
                        if header in handle.read():
                            return True
                except OSError:
                    continue
    return False


def check_unique(rules: list[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise ConfigError(f"{rule.origin}: id: {rule.id!r} is already defined in {seen[rule.id]}")
        seen[rule.id] = rule.origin


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _with_line(message: str, origin: str, text: str) -> str:
    """Add a line number to a message made without the file text: the bad regex's line, else the key's."""
    rest = message[len(origin) + 2:]
    key = rest.split(":", 1)[0]
    line = line_of(text, key.split("."))
    quoted = regex.search(r"bad regex ('.*?'|\".*?\"):", rest)
    if quoted:
        pattern = quoted.group(1)[1:-1]
        line = next((i + 1 for i, source_line in enumerate(text.splitlines()) if pattern in source_line), line)
    return f"{origin}:{line}: {rest}"


def line_of(text: str | None, keys: list[str]) -> int:
    """Best-effort 1-based line of a dotted key in TOML text: the last key part found, in order."""
    if not text:
        return 1
    lines = text.splitlines()
    line_no, start = 0, 0
    for key in keys:
        if key.isdigit():
            continue
        pattern = regex.compile(rf"^\s*(?:\[+\s*)?(?:[\w\-.\"']*\.)?[\"']?{regex.escape(key)}[\"']?\s*(?:=|\]|\.)")
        for i in range(start, len(lines)):
            if pattern.search(lines[i]):
                line_no, start = i, i
                break
    return line_no + 1
