"""Vale styles as vibelint rules: a team keeps its Vale packages (write-good, Microsoft, its own).

A Vale rule is a YAML file ``<StylesPath>/<Style>/<Rule>.yml`` whose ``extends`` names a check.
Six checks map onto vibelint kinds (existence, substitution, occurrence, repetition, conditional,
capitalization), with the same regex templates Vale builds (``\\b(?:tokens)\\b`` unless
``nonword``); the rest (spelling, metric, readability, sequence, script, consistency) are listed
once on stderr as not loaded, never dropped silently. See "Vale styles" in the README.
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .packs import ConfigError, Examples, Rule, compile_check, make_rule
from .vale_config import ValeIni, read_vale_ini, report_not_applied

SUPPORTED = ("existence", "substitution", "occurrence", "repetition", "conditional", "capitalization")
UNSUPPORTED = ("spelling", "metric", "readability", "sequence", "script", "consistency")
LEVELS = {"suggestion": "info", "warning": "warning", "error": "error"}
_ALL_BLOCKS = ("paragraph", "list_item", "blockquote", "table_cell", *(f"heading.h{n}" for n in range(1, 7)))
_SCOPE_BLOCKS = {
    "text": _ALL_BLOCKS, "raw": _ALL_BLOCKS, "paragraph": _ALL_BLOCKS, "sentence": _ALL_BLOCKS,
    "summary": ("paragraph", "list_item", "blockquote"),
    "heading": tuple(f"heading.h{n}" for n in range(1, 7)),
    "list": ("list_item",), "blockquote": ("blockquote",),
    "table": ("table_cell",), "table.cell": ("table_cell",), "table.header": ("table_cell",),
    **{f"heading.h{n}": (f"heading.h{n}",) for n in range(1, 7)},
}
_OTHER_FORMATS = ("rst", "adoc", "asciidoc", "html", "org", "xml", "dita", "txt")


class Unsupported(Exception):
    """A rule that is valid Vale but cannot run here; the message says why (shown in the note)."""


class _Rule(BaseModel):
    """The keys every Vale rule may have. Unknown keys are errors (a typo would silently do nothing)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    extends: str
    message: str
    level: Literal["suggestion", "warning", "error"] = "warning"  # Vale's default (check/manager.go)
    scope: list[str] = ["text"]
    link: str | None = None
    description: str = ""
    action: dict[str, Any] | None = None  # only `name: replace` matters here: a substitution becomes a safe fix
    limit: int | None = None  # accepted, not applied
    # the .vale.ini's Vocab accept list joins the exceptions (existence, repetition, conditional, capitalization)
    vocab: bool = True

    @field_validator("scope", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class _Existence(_Rule):
    tokens: list[str] = []
    raw: list[str] = []
    append: bool = False
    ignorecase: bool = False
    nonword: bool = False
    exceptions: list[str] = []


class _Substitution(_Rule):
    swap: dict[str, str]
    ignorecase: bool = False
    nonword: bool = False
    exceptions: list[str] = []
    capitalize: bool = False
    append: bool = False  # accepted, not applied

    @field_validator("swap", mode="before")
    @classmethod
    def _plain_strings(cls, value):
        # YAML 1.1 reads `on`, `yes`, `1` as non-strings; Vale treats every swap entry as text
        if isinstance(value, dict):
            return {str(k): "" if v is None else str(v) for k, v in value.items()}
        return value


class _Occurrence(_Rule):
    token: str
    max: int = 0
    min: int = 0
    ignorecase: bool = False


class _Repetition(_Rule):
    tokens: list[str]
    max: int = 0
    alpha: bool = False
    ignorecase: bool = False
    exceptions: list[str] = []


class _Conditional(_Rule):
    first: str
    second: str
    ignorecase: bool = False
    exceptions: list[str] = []
    in_: str | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              alias_generator=lambda n: "in" if n == "in_" else n)


class _Capitalization(_Rule):
    match: str
    style: Literal["AP", "Chicago"] = "AP"
    exceptions: list[str] = []
    indicators: list[str] = []
    threshold: float = 0.8
    prefix: str = ""


_MODELS: dict[str, type[_Rule]] = {
    "existence": _Existence, "substitution": _Substitution, "occurrence": _Occurrence,
    "repetition": _Repetition, "conditional": _Conditional, "capitalization": _Capitalization,
}


@dataclass
class ValeStyles:
    rules: list[Rule] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rule id, why it was not loaded)
    ini: ValeIni | None = None  # the .vale.ini that decides, per file, which rules run
    levels: dict[str, str] = field(default_factory=dict)  # rule id -> its Vale level (for MinAlertLevel)


@lru_cache(maxsize=32)
def load_vale_styles(path: Path) -> ValeStyles:
    """A StylesPath (one folder per style), a single style folder, or a ``.vale.ini`` (the styles and
    rules it names, switched per file as Vale does: see vale_config). Rules are named ``<Style>.<Rule>``."""
    path = path.resolve()
    if path.is_file():
        return _from_ini(read_vale_ini(path))
    if not path.is_dir():
        raise ConfigError(f"{path}: Vale styles folder not found")
    if any(path.glob("*.yml")):
        styles = [path]
    else:
        styles = sorted(p for p in path.iterdir() if p.is_dir() and any(p.glob("*.yml")))
        if not styles:
            raise ConfigError(f"{path}: no Vale styles here (expected <Style>/<Rule>.yml files)")
    result = ValeStyles()
    for style in styles:
        for file in sorted(style.glob("*.yml")):
            _add(result, file, style.name, [])
    return result


def _add(result: ValeStyles, file: Path, style: str, accepted: list[str], ini: ValeIni | None = None) -> None:
    rule_id = f"{style}.{file.stem}"
    try:
        rule, level = _load(file, style, accepted, ini)
    except Unsupported as why:
        result.skipped.append((rule_id, str(why)))
        return
    except _Unreadable as why:
        result.skipped.append((rule_id, f"unreadable: {why}"))
        return
    result.rules.append(rule)
    result.levels[rule.id] = level


def _from_ini(ini: ValeIni) -> ValeStyles:
    """The rules a .vale.ini names: whole styles from BasedOnStyles, single rules from ``Style.Rule`` keys,
    Vale's built-in ``Vale`` style from the Vocab lists. Refused when nothing would run."""
    result = ValeStyles(ini=ini)
    report_not_applied(ini)
    whole = ini.styles
    for name in ini.packages:
        package = name.rsplit("/", 1)[-1].removesuffix(".zip")
        if not (ini.styles_path / package).is_dir() and package != "config":
            result.skipped.append((package, f"package not synced into {ini.styles_path} (run `vale sync`)"))
    for style in whole:
        if style == "Vale":
            continue
        folder = ini.styles_path / style
        if not folder.is_dir():
            result.skipped.append((style, f"style not found in StylesPath {ini.styles_path}"))
            continue
        for file in sorted(folder.glob("*.yml")):
            _add(result, file, style, ini.accepted, ini)
    for rule_id in ini.named_rules:
        style, _, name = rule_id.partition(".")
        if style in whole or style == "Vale" or not name:
            continue
        file = ini.styles_path / style / f"{name}.yml"
        if file.is_file():
            _add(result, file, style, ini.accepted, ini)
        else:
            result.skipped.append((rule_id, f"no rule file {file}"))
    if "Vale" in whole or any(r.startswith("Vale.") for r in ini.named_rules):
        for rule_id, data in _builtin_vale(ini).items():
            if data is None:
                result.skipped.append((rule_id, "spelling"))
                continue
            rule, level = _from_data(data, Path(f"{ini.path}#{rule_id}"), "Vale", rule_id.split(".")[1], [], ini)
            result.rules.append(rule)
            result.levels[rule.id] = level
    if not ini.enables_any({r.id for r in result.rules}, result.levels):
        named = ", ".join(f"{i} ({why})" for i, why in result.skipped) or "none"
        raise ConfigError(f"{ini.path}: enables no rule vibelint can run (BasedOnStyles: {', '.join(whole) or 'none'}; "
                          f"rules switched on: {', '.join(r for r in ini.named_rules) or 'none'}; not loaded: {named})")
    return result


def _builtin_vale(ini: ValeIni) -> dict[str, dict[str, Any] | None]:
    """Vale's built-in style (check/definition.go ``defaultRules``): Repetition, and Terms/Avoid from the Vocab."""
    rules: dict[str, dict[str, Any] | None] = {
        "Vale.Repetition": {"extends": "repetition", "level": "error", "message": "'%s' is repeated!", "alpha": True,
                            "tokens": [r"[^\s]+"]},
        "Vale.Spelling": None,
    }
    terms = {t.lower(): t for t in ini.accepted if all(c.isalnum() or c in " -" for c in t)}
    if terms:
        rules["Vale.Terms"] = {"extends": "substitution", "level": "error", "message": "Use '%s' instead of '%s'.",
                               "ignorecase": True, "swap": terms, "vocab": False}
    if ini.rejected:
        rules["Vale.Avoid"] = {"extends": "existence", "level": "error", "message": "Avoid using '%s'.",
                               "tokens": list(ini.rejected)}
    return rules


_reported: set[str] = set()


def report_skipped(skipped: list[tuple[str, str]], stream=None) -> None:
    """One note per run listing the rules that were not loaded (each rule named once per process)."""
    new = [(rule_id, why) for rule_id, why in skipped if rule_id not in _reported]
    if not new:
        return
    _reported.update(rule_id for rule_id, _ in new)
    listed = ", ".join(f"{rule_id} ({why})" for rule_id, why in new)
    noun = "rule" if len(new) == 1 else "rules"
    print(f"vibelint: note: Vale styles: {len(new)} {noun} not loaded (unsupported): {listed}",
          file=stream or sys.stderr)


class _Unreadable(Exception):
    """A rule file no YAML reader can make sense of: skipped with a note, the other rules still load."""


def load_vale_rule(path: Path, style: str, accepted: list[str] | None = None) -> Rule:
    """One Vale YAML rule as a vibelint rule; ``Unsupported`` when it cannot run here, ConfigError
    (one line: file, line, key) when it is malformed."""
    try:
        return _load(path, style, accepted or [], None)[0]
    except _Unreadable as why:
        line, _, problem = str(why).partition(": ")
        where = f"{path}:{line.removeprefix('line ')}" if line.startswith("line ") else str(path)
        raise ConfigError(f"{where}: invalid YAML: {problem if line.startswith('line ') else why}") from None


def _load(path: Path, style: str, accepted: list[str], ini: ValeIni | None) -> tuple[Rule, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _Unreadable(getattr(exc, "strerror", None) or str(exc)) from None
    lines, data = _read_yaml(text)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: (top level): expected a mapping of keys (extends, message, ...)")
    return _from_data(copy.deepcopy(data), path, style, path.stem, accepted, ini, dict(lines), text)


@lru_cache(maxsize=1024)
def _read_yaml(text: str) -> tuple[dict[str, int], Any]:
    """(key lines, data) of a rule file's text, read once per text: one StylesPath is read again for
    every .vale.ini that uses it, and YAML is most of the cost of loading a style."""
    node, data = _lenient_yaml(text)
    return _key_lines(node), data


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _lenient_yaml(text: str):
    """YAML as Vale's Go reader takes it: an unknown escape in a double-quoted string (``\\'`` in
    Joblint's Hair.yml) is the character itself, where PyYAML refuses the whole file. libyaml reads
    a good file (several times faster); a file it refuses is read again in Python, whose error
    marks say where the escape is."""
    if _FAST_LOADER is not None:
        fast = _FAST_LOADER(text)
        try:
            node = fast.get_single_node()
            return node, (fast.construct_document(node) if node is not None else None)
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    for _ in range(50):
        try:
            loader = yaml.SafeLoader(text)
            try:
                node = loader.get_single_node()
                return node, (loader.construct_document(node) if node is not None else None)
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = str(getattr(exc, "problem", "") or exc)
            if mark is not None and problem.startswith("found unknown escape character") and mark.index > 0 \
                    and text[mark.index - 1] == "\\":
                text = text[:mark.index - 1] + text[mark.index:]
                continue
            raise _Unreadable(f"line {mark.line + 1}: {problem}" if mark else problem) from None
    raise _Unreadable("too many bad escapes")


def _from_data(data: dict[str, Any], path: Path, style: str, name: str, accepted: list[str], ini: ValeIni | None,
               lines: dict[str, int] | None = None, text: str = "") -> tuple[Rule, str]:
    """A rule from its YAML data (a file's, or one of Vale's built-in rules) and its effective Vale level."""
    lines = lines or {}
    extends = data.get("extends")
    if extends in UNSUPPORTED:
        raise Unsupported(str(extends))
    if extends not in _MODELS:
        if extends is None:
            raise ConfigError(f"{path}:1: extends: missing (one of {', '.join(SUPPORTED + UNSUPPORTED)})")
        raise ConfigError(f"{path}:{lines.get('extends', 1)}: extends: unknown check {extends!r} "
                          f"(one of {', '.join(SUPPORTED + UNSUPPORTED)})")
    try:
        model = _MODELS[extends].model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        keys = [str(k) for k in err["loc"]]
        where = ".".join(keys) or "(top level)"
        problem = "unknown key" if err["type"] == "extra_forbidden" else err["msg"].lower()
        line = lines.get(".".join(keys[:2]), lines.get(keys[0] if keys else "", 1))
        raise ConfigError(f"{path}:{line}: {where}: {problem}") from None
    rule_id = f"{style}.{name}"
    folds_case = bool(model.vocab and accepted)
    if folds_case and hasattr(model, "exceptions"):
        model.exceptions = list(model.exceptions) + [a for a in accepted if a not in model.exceptions]
    scope, unit = _scope(model.scope)
    kind, options, message = _translate(model, unit, folds_case)
    try:
        check = _compiled(kind, json.dumps(options), str(path))  # key order kept: swap keys go longest first
    except ConfigError as exc:
        _check_regexes(model, path, lines)  # the bad regex by its key and line, when one alone is bad
        detail = str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc)
        bad = regex.search(r"bad regex '(.*?)'", detail)
        line = next((i + 1 for i, src in enumerate(text.splitlines()) if bad and bad.group(1)[:20] in src), 1)
        raise ConfigError(f"{path}:{line}: {detail.lstrip(': ')}") from None
    why = (model.description or _plain(model.message)).strip()
    level = ini.level(rule_id, model.level) if ini else model.level
    rule = make_rule(id=rule_id, kind=kind, severity=LEVELS[level], message=message, why=why,
                     spec=f"Vale style {style}", link=model.link, options=options, examples=Examples(), check=check,
                     origin=str(path), scope=scope, source=f"Vale: {style}",
                     view="raw" if "raw" in model.scope else "plain")
    return rule, level


_CHECKS: dict[tuple[str, str], Any] = {}


def _compiled(kind: str, options: str, origin: str):
    """The compiled check for a kind and its options (JSON), built once per process: the same rule
    under several .vale.ini files (or a restyled LSP session) compiles its big alternations once.
    Checks hold no per-run state."""
    key = (kind, options)
    if key not in _CHECKS:
        if len(_CHECKS) >= 2048:
            _CHECKS.clear()
        _CHECKS[key] = compile_check(kind, json.loads(options), origin, "")
    return _CHECKS[key]


def _check_regexes(model: _Rule, path: Path, lines: dict[str, int]) -> None:
    """Every regex in the rule compiles, or one error naming its key and line."""
    candidates: list[tuple[str, str]] = []
    for key in ("tokens", "exceptions"):
        candidates += [(f"{key}.{i}", t) for i, t in enumerate(getattr(model, key, []))]
    candidates += [(f"swap.{k}", k) for k in getattr(model, "swap", {})]
    candidates += [(key, getattr(model, key)) for key in ("token", "first", "second") if hasattr(model, key)]
    if raw := getattr(model, "raw", None):
        candidates.append(("raw", "".join(raw)))
    if isinstance(model, _Capitalization) and not model.match.startswith("$"):
        candidates.append(("match", model.match))
    if isinstance(model, _Capitalization) and model.prefix:
        candidates.append(("prefix", model.prefix))
    for key, pattern in candidates:
        problem = _regex_problem(pattern)
        if problem is not None:
            line = lines.get(key, lines.get(key.split(".")[0], 1))
            raise ConfigError(f"{path}:{line}: {key.split('.')[0]}: bad regex {pattern!r}: {problem}") from None


@lru_cache(maxsize=4096)
def _regex_problem(pattern: str) -> str | None:
    """Why a Vale regex does not compile, or None (asked once per pattern: styles share many)."""
    try:
        regex.compile(go_regex(pattern))
    except regex.error as exc:
        return str(exc.msg)  # type: ignore[attr-defined]  # regex sets it; types-regex does not declare it
    return None


def _translate(model: _Rule, unit: str, folds_case: bool = False) -> tuple[str, dict[str, Any], str]:
    """The vibelint kind, its options and the message template for one validated Vale rule
    (``folds_case``: the .vale.ini's accepted words were added to the exceptions)."""
    if isinstance(model, _Existence):
        tokens = "|".join(t for t in model.tokens if t.strip())
        body = "" if not tokens else (rf"\b(?:{tokens})\b" if not model.nonword else f"(?:{tokens})")
        raw = "".join(model.raw)
        pattern = go_regex(body + raw if model.append else raw + body)
        if not pattern:
            raise Unsupported("no tokens or raw")
        if "^" in pattern or "$" in pattern:
            pattern = "(?m)" + pattern  # Vale's templates are multi-line
        return "existence", {"patterns": {pattern: ""}, "exceptions": _exceptions(model.exceptions),
                             "ignore-case": model.ignorecase}, _message(model.message, "match")
    if isinstance(model, _Substitution):
        # one alternation of the keys, longest first, as Vale builds it: "mpl 2.0" is one hit, not two
        keys = sorted(model.swap, key=len, reverse=True)
        patterns = {go_regex(rf"\b(?:{k})\b" if not model.nonword else f"(?:{k})"): _replacement(model.swap[k])
                    for k in keys}
        fixable = model.action is not None and model.action.get("name") == "replace"
        message = model.message
        if fixable:  # Vale lists the choices quoted ('a' or 'b'), so a quoted first %s loses its quotes
            for spec in ("'%s'", '"%s"'):
                if message.count(spec) == 2:
                    message = message.replace(spec, "%s", 1)
        return "substitution", {"patterns": patterns, "exceptions": _exceptions(model.exceptions),
                                "ignore-case": model.ignorecase, "fixable": fixable, "carry-case": model.capitalize,
                                "one-match": True}, \
            _message(message, "listed" if fixable else "written", "observed")
    if isinstance(model, _Occurrence):
        if not model.max and not model.min:
            raise Unsupported("neither max nor min")
        # Vale counts over each block of the scope: a sentence, a paragraph or heading, or (text, raw,
        # summary) the whole document at once
        counted = {"sentence": "sentence", "block": "paragraph"}.get(unit, "document")
        options: dict[str, Any] = {"patterns": [go_regex(model.token)], "scope": counted,
                                   "ignore-case": model.ignorecase}
        options.update({k: v for k, v in (("max", model.max), ("min", model.min)) if v})
        return "occurrence", options, _message(model.message, "count")
    if isinstance(model, _Repetition):
        return "repetition", {"tokens": [go_regex(t) for t in model.tokens], "max": model.max, "alpha": model.alpha,
                              "exceptions": _exceptions(model.exceptions), "ignore-case": model.ignorecase}, \
            _message(model.message, "match")
    if isinstance(model, _Conditional):
        if model.in_:
            raise Unsupported("conditional with `in` (Vale views)")
        return "conditional", {"first": go_regex(model.first), "second": go_regex(model.second),
                               "exceptions": _exceptions(model.exceptions), "ignore-case": model.ignorecase}, \
            _message(model.message, "match")
    assert isinstance(model, _Capitalization)
    match = model.match if model.match.startswith("$") else go_regex(model.match)
    # Vale's indicators replace the default ':' (none given: only a leading "8." counts)
    options = {"match": match, "style": model.style, "exceptions": [go_regex(e) for e in model.exceptions],
               "threshold": model.threshold, "indicators": model.indicators, "prefix": go_regex(model.prefix),
               "vocab-folds-case": folds_case}
    return "capitalization", options, _message(model.message, "match", "expected")


def _scope(scopes: list[str]) -> tuple[tuple[str, ...], str]:
    """Vale scopes -> (vibelint block scopes, the unit occurrence counts over: "sentence", "block" for
    paragraph-like scopes, "document" for text/raw/summary). Entries are alternatives; inside one,
    ``&`` joins conditions and ``~`` negates one (``heading & ~heading.h1``)."""
    chosen: set[str] = set()
    excluded: set[str] = set()  # a list entry that only negates ("~heading.h1") takes its blocks out of the rest
    unit = "block"
    for entry in scopes:
        include: set[str] | None = None
        exclude: set[str] = set()
        for raw in (part.strip() for part in entry.split("&")):
            negated = raw.startswith("~")
            name = raw.lstrip("~").strip()
            head, _, fmt = name.rpartition(".")
            if head and fmt in ("md", "markdown"):
                name = head
            elif head and fmt in _OTHER_FORMATS:
                if negated:
                    continue
                raise Unsupported(f"scope {raw} (another format)")
            if name not in _SCOPE_BLOCKS:
                if negated:
                    continue  # ~code, ~link, ...: vibelint reads no code, and cannot cut links out of a block
                raise Unsupported(f"scope {raw}")
            if negated:
                exclude.update(_SCOPE_BLOCKS[name])
            else:
                blocks = set(_SCOPE_BLOCKS[name])
                include = blocks if include is None else include & blocks
                if name == "sentence":
                    unit = "sentence"
                elif name in ("text", "raw", "summary") and unit != "sentence":
                    unit = "document"
        if include is None:
            excluded |= exclude
        else:
            chosen |= include - exclude
    chosen = (chosen or set(_ALL_BLOCKS)) - excluded
    if not chosen:
        raise Unsupported(f"scope {', '.join(scopes)} (empty)")
    if chosen == set(_ALL_BLOCKS):
        return (), unit
    headings = {f"heading.h{n}" for n in range(1, 7)}
    if headings <= chosen:
        chosen = (chosen - headings) | {"heading"}
    return tuple(sorted(chosen)), unit


def go_regex(pattern: str) -> str:
    """Go (RE2) regex syntax the ``regex`` module reads differently: ``\\z`` and ``\\Q...\\E``."""
    pattern = regex.sub(r"\\Q(.*?)(?:\\E|$)", lambda m: regex.escape(m.group(1)), pattern)
    return regex.sub(r"(?<!\\)((?:\\\\)*)\\z", r"\1\\Z", pattern)


def _exceptions(exceptions: list[str]) -> list[str]:
    """Vale word-bounds its exceptions: ``\\b(?:e)\\b``."""
    return [rf"\b(?:{go_regex(e)})\b" for e in exceptions if e.strip()]


def _replacement(value: str) -> str:
    """A swap value as a replacement template: ``$1`` -> ``\\g<1>``, other backslashes literal."""
    return regex.sub(r"\$(\d+)", r"\\g<\1>", value.replace("\\", "\\\\"))


def _message(message: str, *fields: str) -> str:
    """Vale's ``%s`` placeholders, in order, as vibelint's ``{field}``; other braces stay literal."""
    out = message.replace("{", "{{").replace("}", "}}")
    for name in fields:
        out = out.replace("%s", "{" + name + "}", 1)
    return out.replace("%s", "{match}")


def _plain(message: str) -> str:
    return message.replace("%s", "...")


def _key_lines(node) -> dict[str, int]:
    """1-based lines of top-level keys ("swap") and of second-level keys ("swap.leverage")."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            lines[name] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    lines[f"{name}.{sub.value}"] = sub.start_mark.line + 1
            elif isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    lines[f"{name}.{i}"] = item.start_mark.line + 1
    return lines
