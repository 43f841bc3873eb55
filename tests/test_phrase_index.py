"""The shared phrase index finds, for every matcher, exactly what that matcher's own trie regex finds.

The engine reads each paragraph once for every rule's phrase list (kinds/phrases.py:
``PhraseIndex``); the trie regex each matcher used before (``phrases_pattern``) is the reference.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from vibelint.kinds import Context
from vibelint.kinds.phrases import PhraseIndex, TermMatcher, term_matchers
from vibelint.text.prose import Block

# overlapping, nested and flexible phrases: hyphen or space, either apostrophe, prefixes of each other
PHRASES = [["in order to", "in order", "order", "e-mail", "e mail", "it's", "it is not", "a - b", "follow-up call",
            "follow up"],
           ["order to", "to delve", "delve", "mail", "it is", "not just", "ab", "a b", "follow"],
           ["Mail", "IT is"]]  # the last one case-sensitive
ALPHABET = list("aefilmnoprstubdcwAIMOT -‐–'’_.\n\t2\u00a0")
WORDS = ["in", "order", "to", "e", "mail", "it", "'s", "is", "not", "just", "delve", "a", "b", "ab", "-", "follow",
         "up", "call", "IT", "Mail"]


def _matchers() -> list[TermMatcher]:
    return [TermMatcher(dict.fromkeys(p, "")) for p in PHRASES[:2]] + [TermMatcher(dict.fromkeys(PHRASES[2], ""),
                                                                                    ignore_case=False)]


MATCHERS = _matchers()
SHARED = Context(phrases=PhraseIndex(MATCHERS))


def _check(text: str) -> None:
    block = Block("paragraph", 0, text)
    for matcher in MATCHERS:
        expected = [m.span() for m in matcher.alternation.finditer(text)]
        assert matcher.phrase_spans(block, SHARED) == expected, (matcher.phrases, text)
        assert matcher.phrase_spans(Block("paragraph", 0, text), Context()) == expected  # its own index


def test_known_cases():
    for text in ["in order to delve", "in  order\nto", "E-Mail e mail e–mail email", "it’s it's it is not just",
                 "a - b a  b ab", "follow-up call, follow up", "_in order", "x-in order", "IT is it is", "ordering"]:
        _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(ALPHABET, max_size=3), max_size=14).map(" ".join))
def test_generated_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_generated_characters(text):
    _check(text)


def test_the_builtin_pack_on_its_own_examples(default_ruleset):
    """Every built-in phrase list, on every example text of every rule."""
    matchers = [m for rule in default_ruleset.rules for m in term_matchers(rule.check)]
    index = PhraseIndex(matchers)
    ctx = Context(phrases=index)
    texts = [t for rule in default_ruleset.rules for t in [*rule.examples.bad, *rule.examples.good]]
    assert len(texts) > 50
    for text in texts:
        block = Block("paragraph", 0, text)
        for matcher in matchers:
            if matcher.phrases:
                assert matcher.phrase_spans(block, ctx) == [m.span() for m in matcher.alternation.finditer(text)]


def test_a_matcher_outside_the_index_runs_its_patterns_on_the_strings_it_finds_itself():
    """A phrase the index cannot file ("_x") keeps the matcher out of it: its patterns are then gated by the
    strings it looks for on its own, and still run where those strings are."""
    outside = TermMatcher({"_x": "underscore"}, patterns={r"\bleverage\s+(\w+)": "use \\1"})
    index = PhraseIndex([*MATCHERS, outside])
    assert outside not in index.slots
    context = Context(phrases=index)
    found = [(m.group(), value) for m, value in outside.find(Block("paragraph", 0, "We leverage AI and _x."), context)]
    assert found == [("_x", "underscore"), ("leverage AI", "use AI")]  # phrases first, then patterns
    assert list(outside.find(Block("paragraph", 0, "We use AI."), context)) == []
