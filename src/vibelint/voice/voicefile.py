"""A writer's voice file: what ``vibelint voice learn`` writes and what ``voice = "..."`` / ``--voice`` reads.

The file is JSON, versioned by its ``schema`` (``vibelint.voice/1``; the README documents every key):

- ``writer``: the label the report's title and ``explain`` show;
- ``corpus``: how many documents and words it was learned from, and what was skipped;
- ``thresholds``: rule id -> the option the writer's own writing sets (``max`` of long-sentence and
  wall-of-text, ``min`` of readability, ``min-words`` of punchline), with the pack's value and how
  it was derived (the same percentiles ``scripts/calibrate.py`` takes of Karpathy's long-form);
- ``habits``: soft entries (words and constructions that fire only in clusters) the writer uses
  steadily; for this writer they are off the soft list: they neither fire nor count towards a cluster.
  Hard entries are never habits: a habit can only name a soft entry, and only the soft clusters read it;
- ``baseline``: the score's baseline (the shape of ``baseline.json``), measured on the writer's
  documents linted with their thresholds and habits.

A damaged file, a file of a newer schema or a hand edit that breaks the shape is one line naming
the file (a ``ConfigError``: exit 2 on the command line, one error in the editor).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..packs import ConfigError, Rule
from .score import Baseline, BaselineFile

SCHEMA_NAME = "vibelint.voice"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThresholdModel(_Model):
    option: str  # the rule option it sets: "max", "min", "min-words"
    value: float
    pack: float | None = None  # the pack's value, for comparison
    writer: float | None = None  # the writer's own percentile (differs from value where the pack's is looser)
    how: str = ""  # "p99.5 of 1,234 sentences ..."


class HabitModel(_Model):
    rule: str
    entry: str  # the soft entry as the rule file spells it: a phrase, or a pattern's regex
    type: Literal["term", "pattern"]
    documents: int = Field(ge=0)  # documents it occurs in
    share: float = Field(ge=0, le=1)  # ... as a share of the documents learned from
    per_1k: float = Field(ge=0)  # occurrences per 1,000 words of the whole corpus
    example: str = ""


class CorpusModel(_Model):
    documents: int = Field(ge=0)
    words: int = Field(ge=0)
    skipped: dict[str, Annotated[int, Field(ge=0)]] = {}  # reason -> files


class VoiceModel(_Model):
    schema_: str = Field(alias="schema")
    writer: str
    created_by: str = ""
    corpus: CorpusModel
    thresholds: dict[str, ThresholdModel] = {}
    habits: list[HabitModel] = []
    warnings: list[str] = []
    baseline: BaselineFile


@dataclass
class Voice:
    """A loaded voice file."""

    path: str
    writer: str
    thresholds: dict[str, ThresholdModel]
    habits: dict[str, list[str]]  # rule id -> its entries excused as habits
    baseline: Baseline
    corpus: CorpusModel
    model: VoiceModel | None = None
    _options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def options_for(self, rule: Rule) -> dict[str, Any]:
        """The rule options this voice sets for ``rule`` (empty: the pack's rule as it is)."""
        options: dict[str, Any] = {}
        learned = self.thresholds.get(rule.id)
        if learned is not None and learned.option in rule.options:
            value = learned.value
            options[learned.option] = int(value) if float(value).is_integer() else value
        habits = self.habits.get(rule.id)
        soft = rule.options.get("soft")
        if habits and isinstance(soft, dict):
            options["soft"] = {**soft, "habits": sorted(habits)}
        return options

    def describe(self, rule_id: str) -> str | None:
        """For ``explain``: the learned threshold and where it came from, or None."""
        learned = self.thresholds.get(rule_id)
        if learned is None:
            return None
        pack = f"; the pack's is {_show(learned.pack)}" if learned.pack is not None else ""
        return (f"Threshold: {learned.option} = {_show(learned.value)}, learned from the voice of {self.writer!r} "
                f"({self.path}): {learned.how}{pack}.")


def _show(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def load_voice(path: str | Path, shown: str | None = None) -> Voice:
    """Read and validate a voice file; every problem is a one-line ConfigError naming it."""
    name = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such voice file (learn one: vibelint voice learn FOLDER -o {name})") from None
    except IsADirectoryError:
        raise ConfigError(f"{name}: is a folder, not a voice file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read voice file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise ConfigError(f"{name}: damaged voice file: not JSON{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("schema"), str):
        raise ConfigError(f"{name}: not a voice file (no \"schema\": \"{SCHEMA}\")")
    schema = data["schema"]
    family, _, version = schema.partition("/")
    if family != SCHEMA_NAME or not version.isdigit():
        raise ConfigError(f"{name}: not a voice file (schema {schema!r}, expected {SCHEMA!r})")
    if int(version) > SCHEMA_VERSION:
        raise ConfigError(f"{name}: voice file schema {schema} is newer than this vibelint reads ({SCHEMA}): "
                          "upgrade vibelint, or learn the voice again with this one")
    if int(version) < SCHEMA_VERSION:
        raise ConfigError(f"{name}: voice file schema {schema} is older than this vibelint reads ({SCHEMA}): "
                          "learn the voice again")
    try:
        model = VoiceModel.model_validate(data)
        baseline = Baseline.from_json(data["baseline"])
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "(top)"
        raise ConfigError(f"{name}: damaged voice file: {where}: {error['msg']}") from None
    habits: dict[str, list[str]] = {}
    for habit in model.habits:
        habits.setdefault(habit.rule, []).append(habit.entry)
    return Voice(name, model.writer, dict(model.thresholds), habits, baseline, model.corpus, model)


def dumps(data: dict) -> str:
    """The voice file's text: two-space JSON, keys in the order written, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
