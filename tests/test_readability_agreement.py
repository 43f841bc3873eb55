"""vibelint's Flesch reading ease and Flesch-Kincaid grade are textstat's own numbers, to the last bit.

vibelint counts words, sentences and syllables itself (text/readability.py) instead of calling
textstat per paragraph; the rules' thresholds were calibrated on textstat 0.7.13 with Pyphen
syllables, so the reference here is textstat asked that way (its cmudict switched off: 0.7.x would
download it). Tolerance: none, the floats must be equal. ``bench/readability.py`` checks every
paragraph of the corpus (7,405 texts, all equal when written).
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from conftest import CORPUS, needs_corpus

from vibelint.text import readability
from vibelint.text.parse import parse

MEASURES = ("flesch-reading-ease", "grade-level")

# where the tokenisers could part: contractions and quoted words, decimals, abbreviations, hyphens,
# runs of punctuation, short "sentences", underscores, digits, non-ASCII letters and spaces, emoji
EDGES = [
    "", " ", "...", "?!", "a", "Hi. Ok. Go now, please, friend.", "It's 3.5x faster, e.g. on the U.S. data.",
    "'Tis the season. Rock 'n' roll isn't dead; they'd've known. 'quoted' words' ends'",
    "state-of-the-art -- well - known — dashes… and ‘curly’ “quotes” don’t count.",
    "snake_case and __dunder__ names, v2.0.1, 10,000 GPUs, $5.", "Ünïcödé wörds: naïve café, ΣΟΦΙΑ σοφία.",
    "tabs\tand\u00a0non-breaking\u2028separators\x1cand so on. Yes!!! Really?? Ok.", "😀 emoji 🚀 only. 😀 😀.",
    "one two. three four five. six", "A.B.C. D.E.F. ghi jkl mno pqr stu.",
    "No -- way! We -- went home. Yes … ok. Fine ’ then. And 😀 so.",  # two words and a run with none
]


@pytest.fixture
def textstat_scores(monkeypatch):
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)  # Pyphen for every word
    textstat.set_lang("en_US")
    return {"flesch-reading-ease": textstat.flesch_reading_ease, "grade-level": textstat.flesch_kincaid_grade}


def _differences(texts, textstat_scores):
    return [(measure, text[:60], readability.score(text, measure), float(textstat_scores[measure](text)))
            for text in texts for measure in MEASURES
            if readability.score(text, measure) != float(textstat_scores[measure](text))]


def test_edge_cases_agree_with_textstat(textstat_scores):
    assert _differences(EDGES, textstat_scores) == []
    assert readability.score("", "grade-level") == 0.0
    # textstat's counts, not a reader's: "It's 3." "5x faster, e." "g." "on the U." "S." "data." are six
    # runs, two of them over two words; "35x", "eg" and "US" are words once the full stops are removed
    assert readability.counts("It's 3.5x faster, e.g. on the U.S. data.") == (8, 2, 9)


@needs_corpus("karpathy_en.md", "authors", "longform")
def test_real_paragraphs_agree_with_textstat(textstat_scores):
    """Every 7th paragraph of his tweets, the other authors and the long-form drafts (about 1,000 texts)."""
    paths = [CORPUS / "karpathy_en.md", *sorted((CORPUS / "authors").rglob("*.md")),
             *sorted((CORPUS / "longform").rglob("*.md"))]
    texts = [b.text for path in paths for b in parse(path.read_text(encoding="utf-8"), str(path)).blocks
             if b.kind in ("paragraph", "list_item", "blockquote")][::7]
    assert len(texts) > 500
    assert _differences(texts, textstat_scores) == []


def test_syllables_are_pyphens_without_importing_it():
    """Liang's algorithm over the cached patterns gives Pyphen's own hyphenation points, word for word."""
    pyphen = pytest.importorskip("pyphen")
    reference = pyphen.Pyphen(lang=readability.LANG)
    words = ["a", "an", "the", "hyphenation", "extraordinarily", "supercalifragilisticexpialidocious", "naïve",
             "it's", "don't", "35x", "eg", "über", "i̇stanbul", "rock'n'roll", "x" * 40, "café", "ﬁne", "σοφία",
             "learning", "backpropagation", "transformers", "llm", "gpu", "nanogpt", "tokenization", "don’t"]
    counts = readability._syllables()
    assert [counts.points(w) for w in words] == [len(reference.positions(w)) for w in words]


@settings(deadline=None, max_examples=300)
@example("It's 'quoted', don't x'.t y'll they're 'tis rock'n'roll ' '' 've")
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=60),
                 st.text(alphabet=st.sampled_from(list("'tsdvelr .,x-")), max_size=30)))
def test_an_ascii_paragraph_loses_the_same_punctuation_by_translation(text):
    """ASCII text loses the apostrophes textstat removes, then its other punctuation by a byte translation,
    instead of textstat's one regex (text/readability.py): the same words, so the same counts."""
    assert readability._words(text) == readability._PUNCTUATION.sub("", text).lower().split()


@settings(deadline=None, max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéï'’-")), min_size=1, max_size=24))
def test_syllables_are_pyphens_on_generated_words(word):
    """The same on any word, not only on the ones listed above."""
    pyphen = pytest.importorskip("pyphen")
    assert readability._syllables().points(word) == len(pyphen.Pyphen(lang=readability.LANG).positions(word))
