"""The rule kinds: each turns validated options into a compiled, pure check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .base import Check, Context, Hit, Options
from .capitalization import Capitalization, CapitalizationOptions
from .conditional import Conditional, ConditionalOptions
from .document import DocumentOptions, DocumentShape
from .existence import Existence, ExistenceOptions
from .metric import MetricLimit, MetricOptions
from .occurrence import Occurrence, OccurrenceOptions
from .repetition import Repetition, RepetitionOptions
from .sentence import SentenceCondition, SentenceOptions
from .substitution import Substitution, SubstitutionOptions

# kind name -> (its options model, the check class built from one validated instance of it)
KINDS: dict[str, tuple[type[Options], Callable[[Any], Check]]] = {
    "existence": (ExistenceOptions, Existence),
    "substitution": (SubstitutionOptions, Substitution),
    "sentence": (SentenceOptions, SentenceCondition),
    "metric": (MetricOptions, MetricLimit),
    "occurrence": (OccurrenceOptions, Occurrence),
    "document": (DocumentOptions, DocumentShape),
    "repetition": (RepetitionOptions, Repetition),
    "conditional": (ConditionalOptions, Conditional),
    "capitalization": (CapitalizationOptions, Capitalization),
}

__all__ = ["KINDS", "Check", "Context", "Hit", "Options"]
