"""document: whole-draft shape, e.g. a long draft with no short standalone paragraph (a punchline)."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.prose import Document
from .base import Check, Context, Hit, Options
from .metric import PROSE_BLOCKS


@dataclass(kw_only=True)
class DocumentOptions(Options):
    """The document-shape rule's options: how long a draft must be before it needs short paragraphs."""

    min_words: int  # drafts shorter than this are left alone
    min_count: int = 1  # how many short paragraphs the draft should have
    short_max_words: int  # a "short paragraph" has at most this many words...
    short_max_sentences: int = 1  # ...and at most this many sentences


class DocumentShape(Check):
    scope = "document"

    def __init__(self, options: DocumentOptions):
        self.options = options

    def check_document(self, doc: Document, ctx: Context) -> list[Hit]:
        o = self.options
        words = sum(b.words for b in doc.blocks)
        if words < o.min_words:
            return []
        kinds = frozenset(PROSE_BLOCKS)
        # a prose block with a sentence (not all whitespace): ``isspace`` makes no copy as ``strip`` did
        paragraphs = [b for b in doc.blocks if b.kind in kinds and b.text and not b.text.isspace()]
        if not paragraphs:
            return []
        # word counts first: only a paragraph short enough is split into sentences; enough of them, and the
        # draft has its punchlines (the rest is not read)
        short = 0
        for b in paragraphs:
            if b.words <= o.short_max_words and len(b.sentences) <= o.short_max_sentences:
                short += 1
                if short >= o.min_count:
                    return []
        longest = max(paragraphs, key=lambda b: b.words)
        first = longest.sentences[0]
        return [Hit(longest.start + first.start, longest.start + first.end,
                    {"words": words, "count": short, "min": o.min_count})]
