"""The kind protocol: what a rule kind gets (options, context) and what it reports (hits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text.prose import Block, Document

if TYPE_CHECKING:
    from .phrases import PhraseIndex


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Options:
    """Base for kind options: plain dataclasses (``@dataclass(kw_only=True)``) inside, validated at the edge.

    ``packs.compile_check`` validates a rule file's table into one with pydantic (``validate.py``):
    kebab-case keys in TOML, unknown keys rejected, types checked and coerced as a pydantic model
    would; a ``__post_init__`` holds the checks across fields. The compiled-pack cache holds these
    instances, so a run whose packs come from it never imports pydantic.
    """

    __pydantic_config__ = {"extra": "forbid", "alias_generator": _kebab}


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
    # the phrase matchers (``TermMatcher``) without whose matches ``check_block`` finds nothing; None: it
    # may find something anyway. The engine skips the check on a paragraph where none of them has a candidate.
    gate: tuple | None = None

    def check_block(self, block: Block, ctx: Context) -> list[Hit]:
        return []

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        return []

    def block_part(self, block: Block, ctx: Context) -> object:
        """What ``check_document`` works out from ``block`` alone (None: nothing), made where the block rules
        run: a split draft's forked children (``split.py``) make it for their paragraphs and send it back
        (``adopt_block_part``), so the document pass after them only looks it up."""
        return None

    def adopt_block_part(self, block: Block, part: object, ctx: Context) -> None:
        """Keep a ``block_part`` of ``block`` made in another process."""
