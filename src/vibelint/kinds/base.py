"""The kind protocol: what a rule kind gets (options, context) and what it reports (hits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ..text.prose import Block, Document

if TYPE_CHECKING:
    from .phrases import PhraseIndex


class Options(BaseModel):
    """Base for kind options: kebab-case keys in TOML, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", alias_generator=lambda name: name.replace("_", "-"), defer_build=True)


@dataclass
class Hit:
    """One finding of a kind, before the engine adds the rule's id, severity and message.

    Offsets are relative to the block for block checks and absolute for document checks.
    """

    start: int
    end: int
    values: dict[str, object] = field(default_factory=dict)
    replacement: str | None = None  # a safe fix
    suggestions: list[str] = field(default_factory=list)
    excused: str = ""  # why it is not reported ("habit": the writer's voice excuses it); counted by --statistics


@dataclass
class Context:
    """Per-run settings every kind may read."""

    accepted: frozenset[str] = frozenset()
    # every phrase list of the rule set in one index, read once per paragraph (the engine sets it)
    phrases: PhraseIndex | None = field(default=None, compare=False, repr=False)


class Check:
    """A compiled rule body. Block checks are pure in the block text so results can be cached."""

    # "block": check_block on each block (cached per paragraph in the editor); "document":
    # check_document once; "both": a kind with soft entries (hard ones per block, clusters per draft)
    scope = "block"

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return []

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        return []
