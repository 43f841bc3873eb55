"""Pydantic at the edge: what rule files, rule data and kind options must look like, checked once.

Imported only when something is validated: a rule file or folder being loaded, a config's rule
options compiled, a Vale style read. A run whose shipped packs come from the compiled-pack cache
and that has no config file of its own never imports pydantic (about 0.2 s of a short run).
Inside, the rules, their examples and their kinds' options are plain dataclasses (packs.py, kinds/).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, InstanceOf, TypeAdapter, ValidationError

from .kinds import Check
from .packs import Examples, FixExample, Scope, Severity, line_of


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=lambda name: name.replace("_", "-"), defer_build=True)


class FixExampleModel(StrictModel):
    text: str
    expected: str


class ExamplesModel(StrictModel):
    """A rule's examples; rules from other sources (Vale styles) may have none."""

    bad: list[str] = []
    good: list[str] = []
    fix: list[FixExampleModel] = []

    def plain(self) -> Examples:
        return Examples(list(self.bad), list(self.good), [FixExample(f.text, f.expected) for f in self.fix])


class PackExamples(ExamplesModel):
    """A vibelint rule file must show at least one bad and one good example."""

    bad: list[str] = Field(min_length=1)
    good: list[str] = Field(min_length=1)


class Translation(StrictModel):
    """A rule's words in another language: ``[translations.zh]`` gives Chinese messages."""

    summary: str | None = Field(None, min_length=1, max_length=120, pattern=r"^[^\n]+$")
    message: str | None = None
    why: str | None = None


Lang = Literal["en", "zh"]


class RuleFile(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*(\.[a-z0-9][a-z0-9\-]*)+$")
    kind: str
    severity: Severity
    summary: str = Field(min_length=1, max_length=120, pattern=r"^[^\n]+$")  # what it flags, one line
    message: str
    why: str
    spec: str  # the section of the expression-DNA study the rule comes from, e.g. "3.1"
    link: str | None = None
    scope: list[Scope] = []  # block kinds the rule reads; empty: every block
    # the language the rule reads: its sentences only (a mixed paragraph is read by each pack's rules); none: all text
    lang: Lang | None = None
    translations: dict[Lang, Translation] = {}
    options: dict[str, Any] = {}
    examples: PackExamples


class RuleData(BaseModel):
    """What every loaded rule is made of, whatever its source: ``make_rule`` validates it."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, strict=True, defer_build=True)
    id: str = Field(pattern=r"^[^\s.]+(\.[^\s.]+)+$")  # dotted, no spaces; Vale's "Style.Rule" too
    kind: str
    severity: Severity
    message: str
    why: str
    spec: str
    link: str | None
    options: dict[str, Any]
    examples: ExamplesModel  # given as packs.Examples, checked as a table
    check: InstanceOf[Check]
    origin: str
    scope: tuple[Scope, ...]
    source: str
    summary: str  # one line; "" for a Vale rule (help falls back to the first sentence of why)
    view: Literal["masked", "plain", "raw"] = "masked"


@cache
def _adapter(cls: type) -> TypeAdapter:
    return TypeAdapter(cls)


def validate(cls: type, data: Any) -> Any:
    """``data`` (a TOML table) as an instance of the dataclass ``cls``; raises ``ValidationError``."""
    return _adapter(cls).validate_python(data)


def describe_error(exc: ValidationError, origin: str, prefix: str, text: str | None = None) -> str:
    """The first pydantic error as 'file:line: key.path: what is wrong'.

    A dataclass's ``__post_init__`` names the key it rejects ("match: unknown style ..."): the key
    joins the path, as a field's own error would.
    """
    errors = exc.errors()
    err = next((e for e in errors if e["type"] in UNKNOWN_KEY), errors[0])  # a typo explains a missing key
    keys = [str(part) for part in err["loc"]]
    problem = "unknown key" if err["type"] in UNKNOWN_KEY else err["msg"].lower()
    if err["type"] == "value_error":
        problem = problem.removeprefix("value error, ")
        key, sep, rest = problem.partition(": ")
        if sep and key.replace("-", "").isalnum():
            keys, problem = [*keys, key], rest
    where = ".".join(([prefix] if prefix else []) + keys) or "(top level)"
    line = f":{line_of(text, ([prefix] if prefix else []) + keys)}" if text else ""
    return f"{origin}{line}: {where}: {problem}"


# an unknown key: a model's extra field, a dataclass's unexpected keyword
UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
