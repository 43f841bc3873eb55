"""The voice score and report: how close a draft is to the author's voice, and where it drifts.

``profile`` measures a draft with the linter's own pipeline, ``score`` compares it with the
author's baseline (``baseline.json``, rebuilt by ``scripts/build_baseline.py``), ``report``
renders a self-contained HTML page. ``learn`` learns a writer's own voice file (``voicefile``)
from a folder of their writing.

The names below load on first use: ``vibelint check`` imports ``voice.cli`` for its ``--voice``
option and must not pay for the profile's imports.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {"Profile": "profile", "profile_document": "profile", "profile_text": "profile",
            "Score": "score", "score_profile": "score", "summary_line": "score"}

__all__ = ["Profile", "Score", "profile_document", "profile_text", "score_profile", "summary_line"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
