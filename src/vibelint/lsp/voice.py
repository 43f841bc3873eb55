"""The voice score in the editor: a code lens on the first line and a notification for status bars.

Scoring measures the lint the diagnostics came from (no second parse or lint), and runs only when
asked for a code lens or after the user pauses (``DELAY``). One result is kept per URI and lint.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from ..engine import RuleSet
from ..service import LintService
from ..voice.score import Score, baseline_of, format_value, score_profile
from .linting import BufferResult

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

    def get(self, uri: str, outcome: BufferResult, service: LintService) -> Voice:
        """The score of a buffer's lint (``outcome.result`` and ``outcome.ruleset`` must be set)."""
        assert outcome.result is not None and outcome.ruleset is not None
        current = self.latest.get(uri)
        if current is not None and current.text is outcome.text and current.ruleset is outcome.ruleset:
            return current
        profile = service.profile(outcome.result, outcome.ruleset)
        score = score_profile(profile, baseline_of(outcome.ruleset))
        voice = Voice(outcome.text, outcome.ruleset, score, profile.words)
        self.latest[uri] = voice
        return voice


def code_lens(voice: Voice) -> list[types.CodeLens]:
    """One lens above the first line; its command is empty, so it is a label, not a button."""
    top = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    return [types.CodeLens(range=top, command=types.Command(title=voice.title, command=""))]
