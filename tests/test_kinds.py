"""Each rule kind on its own: small options, plain text, the hits a user would see."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vibelint.engine import RuleSet, lint
from vibelint.kinds import KINDS
from vibelint.kinds.base import Context
from vibelint.kinds.substitution import case_like
from vibelint.packs import Examples, Rule
from vibelint.validate import validate


def make(kind: str, severity: str = "warning", message: str = "{match}", **options) -> RuleSet:
    options_model, check = KINDS[kind]
    options = {key.replace("_", "-"): value for key, value in options.items()}
    rule = Rule(f"test.{kind}", kind, severity, message, "why", "1.1", None, options,
                Examples(bad=["x"], good=["y"]), check(validate(options_model, options)), "test")
    return RuleSet([rule], frozenset([rule.id]))


def found(text: str, ruleset: RuleSet, path: str = "t.md"):
    return [(text[d.start:d.end], d.message) for d in lint(text, path, ruleset).diagnostics]


def test_existence_is_word_bounded_case_insensitive_and_flexible():
    rules = make("existence", message="{match}: {advice}", terms={"move the needle": "say what changes", "delve": "look"})
    assert found("We must Move  the\nneedle. Delve in. delved. Undelve.", rules) == [
        ("Move  the\nneedle", "Move  the\nneedle: say what changes"), ("Delve", "Delve: look")]


def test_existence_exceptions_and_mentions():
    rules = make("existence", terms={"leverage": ""}, exceptions=[r"financial leverage"])
    assert found("Financial leverage is risky. Avoid the word leverage. Don't write 'leverage'.", rules) == []
    assert found("We leverage it.", rules) == [("leverage", "leverage")]
    assert found("It feels like leverage the team.", rules) == [("leverage", "leverage")]


def test_existence_patterns_expand_groups():
    rules = make("existence", message="{advice}", patterns={r"\bthe year of (\w+)": "the decade of \\1"})
    assert found("2025 is the year of agents.", rules) == [("the year of agents", "the decade of agents")]


def test_substitution_preserves_case_and_offers_a_safe_fix():
    rules = make("substitution", message="{replacement}", swap={"utilize": "use", "leverage": "use | apply"})
    result = lint("Utilize it. UTILIZE it. We leverage it.", "t.md", rules)
    fixes = [d.fix.replacement if d.fix else None for d in result.diagnostics]
    assert fixes == ["Use", "USE", None]
    assert result.diagnostics[2].message == "'use' or 'apply'"
    assert case_like("use", "utilize") == "use"


def test_substitution_never_fixes_across_markup():
    rules = make("substitution", swap={"in order to": "to"})
    result = lint("We did it in *order* to win.", "t.md", rules)
    assert len(result.diagnostics) == 1 and result.diagnostics[0].fix is None


def test_accepted_words_are_skipped():
    rules = make("existence", terms={"synergy": ""})
    rules.context = Context(frozenset({"synergy"}))
    assert found("Synergy is our product name.", rules) == []


def test_sentence_kind_needs_a_marker():
    rules = make("sentence", trigger_patterns={r"\bwill replace\b": "hedge"}, unless=[r"\bimo\b", r"\bprobably\b"])
    assert found("AI will replace programmers. Imo AI will replace typing. It will probably replace docs.", rules) == [
        ("will replace", "will replace")]


def test_sentence_kind_paragraph_scope():
    rules = make("sentence", trigger_patterns={r"\bwill replace\b": ""}, unless=[r"\bimo\b"], unless_scope="paragraph")
    assert found("Imo this matters. AI will replace typing.", rules) == []


def test_metric_sentence_length():
    rules = make("metric", message="{value}>{limit}", measure="sentence-words", max=5)
    text = "One two three four five six seven. Short one."
    assert found(text, rules) == [("One two three four five six seven.", "7>5")]


def test_metric_paragraph_sentences_ignores_headings():
    rules = make("metric", measure="paragraph-sentences", max=2, message="{value}")
    assert found("# A. B. C.\n\nOne. Two. Three.\n", rules) == [("One.", "3")]


def test_metric_readability_only_on_long_paragraphs():
    rules = make("metric", measure="flesch-reading-ease", min=50, min_words=10, message="{value}")
    hard = ("Institutional organizational considerations necessitate comprehensive reevaluation "
            "of interdepartmental communication methodologies, particularly regarding "
            "administrative responsibilities, infrastructural modernization, and operational sustainability.")
    assert len(found(hard, rules)) == 1
    assert found("Institutional organizational considerations necessitate reevaluation.", rules) == []


def test_occurrence_per_sentence():
    rules = make("occurrence", message="{count}", terms=["maybe", "perhaps", "i think"], scope="sentence", max=2)
    assert found("I think maybe it is perhaps fine. Maybe not.", rules) == [("I think maybe it is perhaps", "3")]


def test_occurrence_per_document():
    rules = make("occurrence", message="{count}", terms=["lol"], scope="document", max=1)
    assert found("lol.\n\nlol again.\n\nok lol\n", rules) == [("lol", "3")]


def test_document_shape_wants_a_short_paragraph():
    rules = make("document", message="{words}", min_words=20, short_max_words=5)
    long_para = " ".join(["Word"] * 12) + ". " + " ".join(["More"] * 12) + "."
    assert len(found(long_para + "\n\n" + long_para + "\n", rules)) == 1
    assert found(long_para + "\n\nStrap in.\n\n" + long_para + "\n", rules) == []
    assert found("Too short to matter.\n", rules) == []


@pytest.mark.parametrize("pattern, literals", [
    (r"\bnavigat(?:e|ed)", ("navigat",)),
    (r"\b(?:will|shall)\s+", ("shall", "will")),
    (r"\b(?:will|\x27ll|’ll|(?:is|are)\s+going\s+to)\s+", ("'ll", "going", "will", "’ll")),
    (r"\bthe\s+majority\s+of\b", ("majority",)),
    (r"\b10x\s+developers?", ("developer",)),
    (r"\bdeclare[ds]?\s+20\d\d", ("declare",)),
    (r"\b(?:by\s+)?orders?\s+of", ("order",)),  # the optional group is skipped, not trusted
    (r"(?<=\bwill\b[^.]{0,80})\bby", ("by",)),  # lookarounds are skipped
    (r"\bwill\b[^.!?\n]{0,80}?\Kwithin", ("within",)),  # quantifier counts are not text
    (r"\p{Lu}\w+\s+is\s+dead", ("dead",)),  # neither are escapes
    (r"\b(?:a|the)\b|\bfoo", ("a", "foo", "the")),
    (r"\b(?:a|(?:b)?)\s+x", ("x",)),
    (r"[A-Z][a-z]+", None),
    (r"\bfoo(*SKIP)bar", ("foo",)),  # a backtracking verb is not text ("skip" is not needed)
    (r"\A(?!.*,\s+and)(?s:.*)(*SKIP)(*FAIL)|\bgoing\s+to", ("going",)),  # a branch that always fails needs nothing
    (r"\bfoo(*FAIL)|\bbar(*F)", None),
    (r"\b(?P<w>\w+)\s+\g<w>\b", None),  # a backreference's name is not text
])
def test_required_literals_are_what_every_match_must_contain(pattern, literals):
    from vibelint.kinds.literals import required_literals

    assert required_literals(pattern) == literals


@pytest.mark.parametrize("pattern, sets", [
    (r"\bthe\s+end\s+of\s+(?:coding|work)", (("coding", "work"), ("end",))),  # all of them, the best first
    (r"\ba\s+(?:large|great)\s+number\s+of\b", (("number",), ("great", "large"))),
    (r"\b(?:will|shall)\s+be\s+dead", (("dead",),)),  # a set with a common word filters little: left out
    (r"\b(?-i:Testament)\b", (("testament",),)),  # a group with its own flags is read (compared lowercase)
    (r"(?x:foo # not text)bar", (("bar",),)),  # a verbose group is not: its comment is no literal
    (r"\bfoo\s+bar|\bbaz", (("baz", "foo"),)),  # top-level alternatives: one set, a string from each branch
    (r"[A-Z][a-z]+", ()),
])
def test_required_literal_sets_are_all_a_match_needs(pattern, sets):
    from vibelint.kinds.literals import required_literal_sets

    assert required_literal_sets(pattern) == sets


def test_prefilter_never_hides_a_match_of_a_builtin_pattern():
    """Every builtin regex that matches a rule example must find one of its literals in that example."""
    from vibelint.packs import builtin_rules

    checked = 0
    for rule in builtin_rules():
        examples = rule.examples.bad + rule.examples.good
        for matcher in [m for m in vars(rule.check).values() if hasattr(m, "patterns")]:
            for pattern, _, needs in matcher.patterns:
                for text in examples:
                    if needs and pattern.search(text):
                        checked += 1
                        assert all(any(n in text.lower() for n in one_of) for one_of in needs), (
                            rule.id, pattern.pattern, text)
    assert checked > 20


VOCAB = ["in", "order", "to", "it's", "best-in-class", "state", "of", "the", "art", "will", "élan", "ﬁne", "x2"]


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5),
       words=st.lists(st.sampled_from(VOCAB + ["In", "ORDER", "It’s", "Best In Class", "STATE-OF", "İn", "İT’S"]),
                      max_size=12),
       seps=st.lists(st.sampled_from([" ", "  ", "-", "\n", ", ", ". ", "_", "’", ""]), min_size=12, max_size=12))
def test_the_phrase_prefilter_never_hides_a_match(phrases, words, seps):
    """Skipping blocks whose words cannot hold a whole phrase, or that lack a regex's literals, must find
    exactly what a full scan finds."""
    from vibelint.kinds.phrases import TermMatcher
    from vibelint.text.prose import Block

    text = "".join(w + s for w, s in zip(words, seps))
    # the same phrases as regexes too: their prefilter is the literals every match must contain
    patterns = {r"\b" + r"\s+".join(map(regex.escape, phrase.split())) + r"\b": "" for phrase in phrases}
    matcher = TermMatcher(dict.fromkeys(phrases, ""), patterns)
    filtered = [m.span() for m, _ in matcher.find(Block("paragraph", 0, text), Context())]
    matcher._phrase_may_match = lambda words: True
    matcher.patterns = [(pattern, value, ()) for pattern, value, _ in matcher.patterns]  # no literals: always run
    assert filtered == [m.span() for m, _ in matcher.find(Block("paragraph", 0, text), Context())]


SOFT = {"terms": {"moreover": "cut it", "crucial": "why?", "robust": "against what?", "additionally": "cut it"},
        "paragraph-count": 3, "paragraph-density": 10.0, "document-count": 4, "document-density": 50.0,
        "label": "chatbot words"}


def test_soft_entries_fire_only_in_a_dense_paragraph():
    rules = make("existence", message="{match}{cluster}", soft=SOFT)
    assert found("Moreover, the loss is robust.", rules) == []  # two: below the paragraph count
    dense = "Moreover, robust and crucial."
    assert found(dense, rules) == [("Moreover", "Moreover (3 chatbot words in this 4-word paragraph)"),
                                   ("robust", "robust (3 chatbot words in this 4-word paragraph)"),
                                   ("crucial", "crucial (3 chatbot words in this 4-word paragraph)")]
    # the same three words spread thin: the paragraph density is not reached
    sparse = "Moreover " + "word " * 40 + "robust " + "word " * 40 + "crucial."
    assert found(sparse, rules) == []


def test_soft_entries_fire_in_a_dense_draft_and_count_each_entry_once_per_paragraph():
    rules = make("existence", message="{match}{cluster}", soft=SOFT)
    draft = "Moreover, it works.\n\nIt is robust.\n\nAdditionally, it is fast.\n\nThat is crucial."
    hits = found(draft, rules)
    assert [h[0] for h in hits] == ["Moreover", "robust", "Additionally", "crucial"]
    assert hits[0][1] == "Moreover (4 chatbot words in this 13-word draft)"
    # a topic word repeated is one entry: "robust robust robust" is not a cluster of three
    assert found("Robust robust robust models.", rules) == []


def test_hard_and_soft_entries_together_and_soft_never_fixed():
    rules = make("substitution", message="{match}{cluster} -> {replacement}", swap={"utilize": "use"},
                 soft={"swap": {"innovative": "new", "strategic": "planned", "synergies": "overlap"},
                       "paragraph-count": 3})
    result = lint("We utilize innovative, strategic synergies.", "t.md", rules)
    assert [(d.message, d.fix is not None) for d in result.diagnostics] == [
        ("utilize -> 'use'", True),
        ("innovative (3 such words in this 5-word paragraph) -> 'new'", False),
        ("strategic (3 such words in this 5-word paragraph) -> 'planned'", False),
        ("synergies (3 such words in this 5-word paragraph) -> 'overlap'", False)]


def test_soft_exceptions_and_accepted_words():
    rules = make("existence", message="{match}", soft={**SOFT, "exceptions": [r"\brobust\s+loss\b"]})
    assert found("Moreover, a robust loss is crucial.", rules) == []


def test_the_literal_finder_finds_what_substring_tests_find():
    """The index finds a paragraph's literals in one Aho-Corasick pass, overlapping ones included: the same
    set as a substring test per literal, on the packs' own examples ("İ" read both ways)."""
    from vibelint.packs import builtin_phrase_index, builtin_rules
    from vibelint.text.prose import Block

    rules = builtin_rules()
    index = builtin_phrase_index()
    texts = [t for rule in rules for t in [*rule.examples.bad, *rule.examples.good]]
    texts += ["İT’S the end of coding", "the agi's 10x", ""]
    for text in texts:
        block = Block("paragraph", 0, text)
        lower = block.lower + "\n" + block.lower.replace("\u0307", "")
        assert index._find_literals(block) == {n for n in index.literals if n in lower}, text
    assert sum(len(index._find_literals(Block("paragraph", 0, t))) for t in texts) > 100


def test_a_paragraph_keeps_its_soft_matches_without_keeping_the_rules_alive():
    """The editor keeps each paragraph's soft matches on its block between keystrokes (kinds/soft.py); a
    block that outlives its rule set (a config reload) must not hold the old rules in memory."""
    import gc
    import weakref

    from vibelint.engine import lint_document
    from vibelint.text.parse import parse

    rules = make("existence", message="{match}{cluster}", soft=SOFT)
    doc = parse("Moreover, robust and crucial.\n\nA plain line with nothing in it at all.\n", "t.md")
    assert [d.message for d in lint_document(doc, rules)][0].startswith("Moreover (3 chatbot words")
    assert all(b._soft or b._soft_none for b in doc.blocks)  # kept on the blocks, with a match or without
    assert [d.message for d in lint_document(doc, rules)][0].startswith("Moreover (3 chatbot words")  # read back
    gone = weakref.ref(rules.rules[0].check.soft)
    del rules
    gc.collect()
    assert gone() is None and doc.blocks
