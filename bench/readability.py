#!/usr/bin/env python3
"""vibelint's readability against textstat's own, on every paragraph of the corpus: equal, and how much faster.

    python bench/readability.py [--rounds 3]

The texts are what the readability rules and the voice profile measure: the text of every
paragraph, list item and blockquote of every Markdown file under ../shared/corpus (and each whole
file, as the voice profile scores a document at once). textstat 0.7.13 (the ``test`` extra)
is asked the way vibelint asked it before it counted for itself: Pyphen syllables, its cmudict
never consulted (0.7.x would download it). Prints how many texts agree exactly for each measure,
the largest difference, and the time of each (the best of ``--rounds``, caches cleared between).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from shared_corpus import missing

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MEASURES = ("flesch-reading-ease", "grade-level")


def texts() -> list[str]:
    from vibelint.text.parse import parse

    out: list[str] = []
    for path in sorted(CORPUS.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        prose = ("paragraph", "list_item", "blockquote")
        out.extend(b.text for b in parse(source, str(path)).blocks if b.kind in prose)
        out.append(source)
    return out


def textstat_scorer():
    """textstat's own Flesch functions, syllables from Pyphen alone (cmudict switched off)."""
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lambda lang: None
    textstat.set_lang("en_US")
    return {"flesch-reading-ease": textstat.flesch_reading_ease, "grade-level": textstat.flesch_kincaid_grade}


def cache_syllables_per_word() -> None:
    """What vibelint did before it counted for itself: textstat's formulas, its syllable count replaced by
    the same Pyphen count cached per word (textstat's own hyphenates every word of every text)."""
    from functools import lru_cache

    from textstat.backend.metrics import _syllables_per_word
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_pyphen import get_pyphen

    per_word = lru_cache(maxsize=100_000)(lambda word: len(get_pyphen("en_US").positions(word)) + 1)
    _syllables_per_word.count_syllables = lambda text, lang: (
        sum(map(per_word, list_words.__wrapped__(text, lowercase=True))) if text else 0)


def clear_textstat_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if missing("bench", CORPUS):
        return 2
    from vibelint.text import readability

    sample = texts()
    theirs = textstat_scorer()
    size = sum(len(t) for t in sample)
    print(f"{len(sample)} texts ({size / 1e6:.2f} MB) from {CORPUS}")
    for measure in MEASURES:
        ours = [readability.score(t, measure) for t in sample]
        reference = [float(theirs[measure](t)) for t in sample]
        equal = sum(a == b for a, b in zip(ours, reference, strict=True))
        worst = max(abs(a - b) for a, b in zip(ours, reference, strict=True))
        print(f"{measure:<20} equal {equal}/{len(sample)}, largest difference {worst:g}")
    timings: dict[str, list[float]] = {"text/readability.py": [], "textstat": [], "textstat, syllables cached": []}
    for name in timings:
        if name == "textstat, syllables cached":
            cache_syllables_per_word()
        for _ in range(args.rounds):
            readability.counts.cache_clear()
            clear_textstat_caches()
            scorer = readability.score if name == "text/readability.py" else (lambda t, m: theirs[m](t))
            start = time.process_time()
            for t in sample:
                for measure in MEASURES:
                    scorer(t, measure)
            timings[name].append(time.process_time() - start)
    best = {name: min(values) for name, values in timings.items()}
    print(f"time for both measures of every text, best of {args.rounds} (per-word syllable counts kept between "
          "rounds where cached):")
    for name, seconds in best.items():
        print(f"  {name:<28} {seconds * 1000:6.0f} ms   {seconds / best['text/readability.py']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
