"""The whole-word prefilter (kinds/whole_words.py) never rules out an ASCII paragraph that has a match.

A word it claims wrongly would hide a finding without a sound: so besides known cases, random
patterns from a small grammar run on random ASCII text, and every shipped pattern runs on the
development corpus.
"""

import json
import random

import regex
from conftest import CORPUS, needs_corpus, run_cli
from test_hostile_rules import write_rules

from vibelint.kinds.phrases import term_matchers
from vibelint.kinds.whole_words import required_word_sets
from vibelint.text.parse import parse
from vibelint.text.prose import simple_words


def _sets(pattern: str) -> list[set[str]]:
    return [set(found) for found in required_word_sets(pattern)]


def test_words_between_boundaries():
    assert _sets(r"\b(?:ai|agi)\s+will\b") == [{"ai", "agi"}, {"will"}]
    assert _sets(r"\bthe\s+majority\s+of") == [{"majority"}, {"the"}]  # "of" may go on: "ofs"


def test_an_optional_last_letter_gives_both_words():
    assert _sets(r"\bllms?\b") == [{"llm", "llms"}]


def test_no_word_where_a_neighbour_may_be_a_letter():
    assert _sets(r"\bgpt\d*\s") == []  # "gpt4"
    assert _sets(r"\bai\w*") == []  # "aim"
    assert _sets(r"foo_bar\b") == []  # the underscore is a word character
    assert _sets(r"\bsocial[a-z]+\b") == []  # a range may hold letters
    assert _sets(r"\bre(?:do|make)\b") == []  # "redo"
    assert _sets(r"navigat(?:e|ing)\s+the\s+maze") == [{"the"}]  # "mazes": what follows a match is not known


def test_word_guards_in_lookarounds():
    assert _sets(r"(?<![\w-])action(?!\w)") == [{"action"}]
    assert _sets(r"(?<![\w-]x)action\b") == []  # a longer guard says nothing about the next character
    assert _sets(r"(?<=\s)action\b") == []


def test_alternatives_each_need_a_word():
    assert _sets(r"\bfoo\b|\bbar\b") == [{"foo", "bar"}]
    assert _sets(r"\bfoo\b|bar") == []
    assert _sets(r"(?:\w+\s+)(*SKIP)(*FAIL)|\bfoo\b") == [{"foo"}]


def test_unreadable_flags_give_nothing():
    assert _sets(r"(?x) \b foo \b") == []
    assert _sets(r"(?w)\bfoo\b") == []


def test_a_backreference_is_no_word():
    assert _sets(r"\b(?P<w>\w+)\s+\g<w>\b") == []  # "the the": no "w" in it


def test_fuzzy_matching_gives_nothing():
    """``regex``'s fuzzy constraint: "(?:colour){e<=1}" matches "color", and its "e" is no word."""
    assert _sets(r"\b(?:colour){e<=1}\b") == []
    assert regex.search(r"\b(?:colour){e<=1}\b", "the color", regex.IGNORECASE)


def test_repeated_groups_do_not_borrow_their_neighbours():
    assert _sets(r"\b(?:ab)+\b") == []
    assert _sets(r"(?:\s+foo\s+)+") == [{"foo"}]


# Random patterns from a grammar of the syntax the reader knows (and some it does not), each drawn with a text
# its pieces would match, put between random neighbours: so matches, and claimed words, are common.
# (Plain seeded draws, not hypothesis: its composite draws made this test take a minute and a half.)
# (pattern piece, texts it may match); a zero-width piece matches "" where it holds at all
_LEAVES = [("a", ["a", "A"]), ("b", ["b"]), ("ab", ["ab", "AB"]), ("ba", ["ba"]), ("aa", ["aa"]),
           (r"\b", [""]), (r"\s+", [" ", "  ", "\n"]), (" ", [" "]), (r"\s", [" ", "\t"]), (r"[\s\-]", [" ", "-"]),
           ("-", ["-"]), (r"\x27", ["'"]), (r"\m", [""]), (r"\M", [""]), (r"(?<!\w)", [""]), (r"(?!\w)", [""]),
           (r"(?<![\w-])", [""]), ("A", ["a", "A"]), ("1", ["1"]), ("_", ["_"]), (".", ["a", " ", "_", "1"]),
           (r"\d", ["1"]), (r"\w", ["a", "_", "1"]), (r"\W", [" ", "-"]), ("[a-b]", ["a", "b"]),
           ("[^a]", ["b", " ", "1"]), ("[ _]", [" ", "_"]), ("(?=a)", [""]), ("(?!b)", [""]), ("^", [""]), ("$", [""]),
           (r"\A", [""]), (r"\Z", [""]), (r"\K", [""]), (r"\B", [""]), ("(?i)", [""]), ("(?:)", [""])]
_QUANTIFIERS = [("", 1, 1)] * 4 + [("?", 0, 1), ("*", 0, 2), ("+", 1, 2), ("{0,2}", 0, 2), ("{2}", 2, 2),
                                   ("{1,}", 1, 2), ("??", 0, 1), ("+?", 1, 2)]


# words and what bounds them drawn more often, so that claimed words are common
_DRAWN = _LEAVES[:5] * 6 + _LEAVES[5:13] * 3 + _LEAVES
_NEIGHBOURS = ["a", "b", "ab", "A", "1", "_", " ", "-", "'", ".", "\n"]


def _atom(draw: random.Random, depth: int = 0) -> tuple[str, str]:
    """A piece of pattern (a leaf, or a group of alternatives) and a text one of its ways matches."""
    if depth < 3 and draw.random() < 0.2:
        alternatives = [[_atom(draw, depth + 1) for _ in range(draw.randint(1, 4))] for _ in range(draw.randint(1, 3))]
        chosen = draw.choice(alternatives)
        opener = draw.choice(["?:", "", "?>", "?P<g>"])
        return (f"({opener}{'|'.join(''.join(p for p, _ in alt) for alt in alternatives)})",
                "".join(t for _, t in chosen))
    pattern, texts = draw.choice(_DRAWN)
    return pattern, draw.choice(texts)


def _pattern_and_text(draw: random.Random) -> tuple[str, str]:
    pattern, text = "", ""
    for _ in range(draw.randint(1, 6)):
        piece, sample = _atom(draw)
        suffix, least, most = draw.choice(_QUANTIFIERS)
        if suffix and piece.startswith("("):
            piece = f"(?:{piece})"
        pattern += piece + suffix
        text += sample * draw.randint(least, most)
    def neighbours() -> str:
        return "".join(draw.choice(_NEIGHBOURS) for _ in range(draw.randint(0, 3)))
    return pattern, neighbours() + text + neighbours()


def test_random_patterns_on_text_they_may_match():
    """Seeded, so a failure repeats; 25,000 patterns check claimed words against 221 real matches."""
    draw = random.Random(20261130)
    checked = 0
    for _ in range(25_000):
        pattern, text = _pattern_and_text(draw)
        sets = required_word_sets(pattern)
        if not sets:
            continue
        try:
            compiled = regex.compile(pattern, regex.IGNORECASE)
        except (regex.error, RecursionError):
            continue
        if compiled.search(text) is None:
            continue
        words = set(simple_words(text.lower()))
        assert all(found & words for found in sets), (pattern, text, sets)
        checked += 1
    assert checked > 150


@needs_corpus("longform", "karpathy_en.md")
def test_shipped_patterns_on_the_corpus(default_ruleset):
    """Every match of every shipped pattern in an ASCII paragraph of the development texts holds its words."""
    drafts = [CORPUS / "karpathy_en.md", *sorted((CORPUS / "longform").glob("*.md"))]
    corpus_paragraphs = [b.text for path in drafts for b in parse(path.read_text(encoding="utf-8"), str(path)).blocks]
    patterns = {p.pattern: p for rule in default_ruleset.rules for m in term_matchers(rule.check)
                for p, _, _ in m.patterns}
    with_words = {source: required_word_sets(source) for source in patterns}
    assert sum(bool(s) for s in with_words.values()) >= len(patterns) // 2  # the reader knows most of them
    checked = 0
    for text in corpus_paragraphs:
        if not text.isascii():
            continue
        words = set(simple_words(text.lower()))
        for source, pattern in patterns.items():
            if with_words[source] and pattern.compiled.search(text) is not None:
                checked += 1
                assert all(found & words for found in with_words[source]), (source, text)
    assert checked > 100


def test_a_user_rule_with_a_backreference_or_fuzzy_match_still_fires(tmp_path):
    """End to end, as a user meets it: neither prefilter may skip a paragraph these regexes match."""
    write_rules(tmp_path / "rules", doubled=r"\b(?P<w>\w+)\s+\g<w>\b", fuzzy=r"\b(?:colour){e<=1}\b")
    draft = tmp_path / "post.md"
    draft.write_text("I saw the the cat.\n\nIt has a nice color.\n")
    result = run_cli("check", "--rule-path", "rules", "post.md", "--format", "json", cwd=tmp_path)
    found = {(d["rule"], d["text"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert {("house.doubled", "the the"), ("house.fuzzy", "color")} <= found, result.stdout
