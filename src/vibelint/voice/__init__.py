"""The voice score and report: how close a draft is to the author's voice, and where it drifts.

``profile`` measures a draft with the linter's own pipeline, ``score`` compares it with the
author's baseline (``baseline.json``, rebuilt by ``scripts/build_baseline.py``), ``report``
renders a self-contained HTML page.
"""

from .profile import Profile, profile_document, profile_text
from .score import Score, score_profile, summary_line

__all__ = ["Profile", "Score", "profile_document", "profile_text", "score_profile", "summary_line"]
