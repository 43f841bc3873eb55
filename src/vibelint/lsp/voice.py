"""The voice score in the editor: a code lens on the first line and a notification for status bars.

Scoring re-reads the document through the server's caches (block results and sentence splits
of unchanged paragraphs are reused), and runs only when asked for a code lens or after the
user pauses (``DELAY``), never on the diagnostics path. One result is kept per URI and text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from ..engine import BlockCache, RuleSet, lint_document
from ..text.parse import parse
from ..voice.profile import profile_document
from ..voice.score import Score, baseline_of, format_value, score_profile
from .linting import EditorCache

NOTIFICATION = "$/vibelint/voiceScore"
DELAY = 0.5  # seconds of quiet after an edit before the status notification is recomputed


@dataclass
class Voice:
    text: str
    ruleset: RuleSet
    score: Score
    words: int

    @property
    def title(self) -> str:
        if not self.words:
            return "Voice score: no prose yet"
        drifts = self.score.drifts()
        if not drifts:
            return f"Voice score {self.score.score}/100 · no drifts"
        return f"Voice score {self.score.score}/100 · drifts: " + ", ".join(i.metric.label for i in drifts)

    def payload(self, uri: str, version: int | None) -> dict:
        return {
            "uri": uri, "version": version, "score": self.score.score if self.words else None, "title": self.title,
            "drifts": [{"key": i.metric.key, "label": i.metric.label,
                        "value": format_value(i.value, i.metric.unit), "points": round(i.points, 1)}
                       for i in self.score.drifts()],
        }


class VoiceScores:
    def __init__(self):
        self.latest: dict[str, Voice] = {}

    def forget(self, uri: str) -> None:
        self.latest.pop(uri, None)

    def get(self, uri: str, text: str, name: str, ruleset: RuleSet, cache: BlockCache | None) -> Voice:
        current = self.latest.get(uri)
        if current is not None and current.text is text and current.ruleset is ruleset:
            return current
        doc = parse(text.replace("\x00", "\ufffd") if "\x00" in text else text, name)
        if isinstance(cache, EditorCache):
            cache.restore(doc.blocks)
        diagnostics = lint_document(doc, ruleset, cache)
        if isinstance(cache, EditorCache):
            cache.remember(doc.blocks)
        profile = profile_document(doc, diagnostics, ruleset)
        voice = Voice(text, ruleset, score_profile(profile, baseline_of(ruleset)), profile.words)
        self.latest[uri] = voice
        return voice


def code_lens(voice: Voice) -> list[types.CodeLens]:
    """One lens above the first line; its command is empty, so it is a label, not a button."""
    top = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    return [types.CodeLens(range=top, command=types.Command(title=voice.title, command=""))]
