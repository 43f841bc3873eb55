"""Vale styles as vibelint rules: a team keeps its Vale packages (write-good, Microsoft, its own).

A Vale rule is a YAML file ``<StylesPath>/<Style>/<Rule>.yml`` whose ``extends`` names a check.
Six checks map onto vibelint kinds (existence, substitution, occurrence, repetition, conditional,
capitalization), with the same regex templates Vale builds (``\\b(?:tokens)\\b`` unless
``nonword``); the rest (spelling, metric, readability, sequence, script, consistency) are listed
once on stderr as not loaded, never dropped silently. See "Vale styles" in the README.
"""

from __future__ import annotations

import configparser
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .packs import ConfigError, Examples, Rule, compile_check, make_rule

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
    level: Literal["suggestion", "warning", "error"] = "suggestion"
    scope: list[str] = ["text"]
    link: str | None = None
    description: str = ""
    action: dict[str, Any] | None = None  # only `name: replace` matters here: a substitution becomes a safe fix
    limit: int | None = None  # accepted, not applied
    vocab: bool = True  # accepted, not applied (vibelint's `accept` config plays that part)

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
    prefix: str = ""  # accepted, not applied


_MODELS: dict[str, type[_Rule]] = {
    "existence": _Existence, "substitution": _Substitution, "occurrence": _Occurrence,
    "repetition": _Repetition, "conditional": _Conditional, "capitalization": _Capitalization,
}


@dataclass
class ValeStyles:
    rules: list[Rule] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rule id, why it was not loaded)


@lru_cache(maxsize=32)
def load_vale_styles(path: Path) -> ValeStyles:
    """A StylesPath (one folder per style), a single style folder, or a ``.vale.ini`` (its StylesPath
    and BasedOnStyles). Rules are named ``<Style>.<Rule>`` as in Vale."""
    path = path.resolve()
    if path.is_file():
        styles = _styles_from_ini(path)
    elif not path.is_dir():
        raise ConfigError(f"{path}: Vale styles folder not found")
    elif any(path.glob("*.yml")):
        styles = [path]
    else:
        styles = sorted(p for p in path.iterdir() if p.is_dir() and any(p.glob("*.yml")))
        if not styles:
            raise ConfigError(f"{path}: no Vale styles here (expected <Style>/<Rule>.yml files)")
    result = ValeStyles()
    for style in styles:
        if isinstance(style, str):  # a BasedOnStyles entry with no folder (Vale's built-in "Vale" style)
            reason = "style not found in StylesPath" if style != "Vale" else "Vale's own built-in style"
            result.skipped.append((style, reason))
            continue
        for file in sorted(style.glob("*.yml")):
            try:
                result.rules.append(load_vale_rule(file, style.name))
            except Unsupported as why:
                result.skipped.append((f"{style.name}.{file.stem}", str(why)))
    return result


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


def _styles_from_ini(ini: Path) -> list[Path | str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string("[vale-global]\n" + ini.read_text(encoding="utf-8"), source=str(ini))
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"{ini}: cannot read Vale config: {str(exc).splitlines()[0]}") from None
    styles_path = parser.get("vale-global", "stylespath", fallback=None)
    if not styles_path:
        raise ConfigError(f"{ini}: StylesPath: missing")
    root = (ini.parent / styles_path).resolve()
    names: list[str] = []
    for section in parser.sections():
        for name in parser.get(section, "basedonstyles", fallback="").split(","):
            if name.strip() and name.strip() not in names:
                names.append(name.strip())
    return [root / n if (root / n).is_dir() else n for n in names]


def load_vale_rule(path: Path, style: str) -> Rule:
    """One Vale YAML rule as a vibelint rule; ``Unsupported`` when it cannot run here."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{at}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    lines = _key_lines(node)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: (top level): expected a mapping of keys (extends, message, ...)")
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
    _check_regexes(model, path, lines)
    rule_id = f"{style}.{path.stem}"
    scope, unit = _scope(model.scope)
    kind, options, message = _translate(model, unit)
    try:
        check = compile_check(kind, options, str(path), "")
    except ConfigError as exc:
        detail = str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc)
        bad = regex.search(r"bad regex '(.*?)'", detail)
        line = next((i + 1 for i, src in enumerate(text.splitlines()) if bad and bad.group(1)[:20] in src), 1)
        raise ConfigError(f"{path}:{line}: {detail.lstrip(': ')}") from None
    why = (model.description or _plain(model.message)).strip()
    return make_rule(id=rule_id, kind=kind, severity=LEVELS[model.level], message=message, why=why,
                     spec=f"Vale style {style}", link=model.link, options=options, examples=Examples(), check=check,
                     origin=str(path), scope=scope, source=f"Vale: {style}")


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
    for key, pattern in candidates:
        try:
            regex.compile(go_regex(pattern))
        except regex.error as exc:
            line = lines.get(key, lines.get(key.split(".")[0], 1))
            message = exc.msg  # type: ignore[attr-defined]  # regex sets it; types-regex does not declare it
            raise ConfigError(f"{path}:{line}: {key.split('.')[0]}: bad regex {pattern!r}: {message}") from None


def _translate(model: _Rule, unit: str) -> tuple[str, dict[str, Any], str]:
    """The vibelint kind, its options and the message template for one validated Vale rule."""
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
        patterns = {go_regex(rf"\b(?:{k})\b" if not model.nonword else f"(?:{k})"): _replacement(v)
                    for k, v in model.swap.items()}
        fixable = model.action is not None and model.action.get("name") == "replace"
        return "substitution", {"patterns": patterns, "exceptions": _exceptions(model.exceptions),
                                "ignore-case": model.ignorecase, "fixable": fixable, "carry-case": model.capitalize}, \
            _message(model.message, "choices", "match")
    if isinstance(model, _Occurrence):
        if not model.max and not model.min:
            raise Unsupported("neither max nor min")
        options: dict[str, Any] = {"patterns": [go_regex(model.token)],
                                   "scope": "sentence" if unit == "sentence" else "paragraph",
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
    options = {"match": match, "style": model.style, "exceptions": [go_regex(e) for e in model.exceptions],
               "threshold": model.threshold}
    if model.indicators:
        options["indicators"] = model.indicators
    return "capitalization", options, _message(model.message, "match")


def _scope(scopes: list[str]) -> tuple[tuple[str, ...], str]:
    """Vale scopes -> (vibelint block scopes, counting unit for occurrence: "sentence" or "block")."""
    include: set[str] = set()
    exclude: set[str] = set()
    unit = "block"
    for raw in scopes:
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
        (exclude if negated else include).update(_SCOPE_BLOCKS[name])
        if name == "sentence" and not negated:
            unit = "sentence"
    chosen = (include or set(_ALL_BLOCKS)) - exclude
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
