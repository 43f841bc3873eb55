"""Client settings (``initializationOptions``, ``workspace/didChangeConfiguration``), validated at the edge.

Editors send settings in several wrappings (``{settings: {vibelint: {...}}}``, ``{vibelint: {...}}``
or the bare object); all are accepted. A bad value is reported and that one key falls back to
its default, so one typo in an editor's settings never switches the linter off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from ..config import CliOptions
from ..packs import Severity
from ..service import LintSettings

SECTION = "vibelint"


class ClientSettings(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True, frozen=True)

    enable: bool = True
    minimum_severity: Severity = "hint"
    select: list[str] | None = None  # None: whatever the project config selects
    ignore: list[str] = []
    rule_paths: list[str] = []
    debounce_ms: int = Field(default=50, ge=0, le=10_000)  # delay after a keystroke before linting
    voice_score: bool = True  # the voice score code lens and $/vibelint/voiceScore notification
    lang: Literal["en", "zh"] | None = None  # message language over the config's `lang`; None: each file's own

    def lint_settings(self, root: Path | None, report: Callable[[str], None]) -> LintSettings:
        """The service settings for an editor session: these options over the project config, which is
        re-read when its file changes; a broken one is reported once and the built-in defaults used."""
        rule_paths = [str(p if p.is_absolute() else (root or Path.cwd()) / p) for p in map(Path, self.rule_paths)]
        options = CliOptions(select=self.select, ignore=list(self.ignore), rule_paths=rule_paths, lang=self.lang)
        return LintSettings(options, root=root, reload_configs=True, report=report)


def _known(key: str) -> bool:
    return key in ClientSettings.model_fields or any(f.alias == key for f in ClientSettings.model_fields.values())


def unwrap(payload: Any) -> dict[str, Any] | None:
    """The vibelint settings object inside any of the usual wrappings, or None if there is none.

    A bare object counts only if it has at least one vibelint key, so a client that sends all
    of its settings (or an empty "something changed") does not reset vibelint's.
    """
    if not isinstance(payload, dict):
        return None
    if "settings" in payload:
        payload = payload["settings"]
        if not isinstance(payload, dict):
            return None
    if SECTION in payload:
        return payload[SECTION] if isinstance(payload[SECTION], dict) else None
    return payload if any(_known(key) for key in payload) else None


def parse_settings(payload: Any) -> tuple[ClientSettings, list[str]]:
    """Settings from a client payload, plus one message per rejected key."""
    data = unwrap(payload) or {}
    good: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        try:
            ClientSettings.model_validate({key: value})
        except ValidationError as exc:
            problems.append(f"vibelint setting {key!r}: {exc.errors()[0]['msg'].lower()}; using the default")
            continue
        good[key] = value
    return ClientSettings.model_validate(good), problems
