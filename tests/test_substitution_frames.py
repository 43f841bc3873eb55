"""substitution's suggest-only data: the ``suggest`` table, ``suggest-in`` frames, a pattern speaking for a phrase.

What a user sees: the finding, its message and suggestions, and whether ``--fix`` rewrites it.
"""

import pytest
from conftest import run_cli
from test_kinds import make

from vibelint.engine import fix_until_stable, lint
from vibelint.packs import ConfigError, compile_check


def findings(text: str, rules):
    return [(text[d.start:d.end], d.fix.replacement if d.fix else None, d.suggestions, d.message)
            for d in lint(text, "t.md", rules).diagnostics]


def test_suggest_entries_fire_and_offer_but_are_never_fixed():
    rules = make("substitution", message="write {replacement}", swap={"utilize": "use"}, suggest={"facilitate": "help"})
    text = "Facilitate it. We utilize it."
    assert findings(text, rules) == [
        ("Facilitate", None, ["Help"], "write 'Help'"),
        ("utilize", "use", ["use"], "write 'use'"),
    ]
    assert fix_until_stable(text, "t.md", rules)[0] == "Facilitate it. We use it."


def test_a_frame_withholds_the_fix_only_for_matches_inside_it():
    rules = make("substitution", swap={"make changes to": "change"},
                 suggest_in=[r"\bmake\s+changes\s+to\b(?!\s+(?:the|your|our)\b)"])
    text = "We make changes to adapt. We make changes to the code."
    assert [(m, fix) for m, fix, _, _ in findings(text, rules)] == [("make changes to", None), ("make changes to", "change")]
    assert fix_until_stable(text, "t.md", rules)[0] == "We make changes to adapt. We change the code."


def test_a_frame_must_cover_the_whole_match():
    # the frame starts inside the phrase: it does not cover "make changes to", so the fix stays
    rules = make("substitution", swap={"make changes to": "change"}, suggest_in=[r"\bchanges\s+to\s+adapt"])
    assert fix_until_stable("We make changes to adapt.", "t.md", rules)[0] == "We change adapt."


def test_a_pattern_speaks_for_a_phrase_on_the_same_words():
    rules = make("substitution", message="{replacement}",
                 swap={"come to the conclusion that": "conclude that"},
                 patterns={r"(?<=\bhave\s)come to the conclusion that": "concluded that"})
    assert findings("We have come to the conclusion that it works.", rules) == [
        ("come to the conclusion that", "concluded that", ["concluded that"], "'concluded that'")]
    assert findings("We will come to the conclusion that it works.", rules) == [
        ("come to the conclusion that", "conclude that", ["conclude that"], "'conclude that'")]


def test_a_pattern_match_is_fixed_even_if_its_text_is_a_suggest_phrase():
    rules = make("substitution", suggest={"in many cases": "often"}, patterns={r"(?<=^|\.\s)in many cases": "often"})
    assert fix_until_stable("In many cases it works. It works in many cases.", "t.md", rules)[0] == \
        "Often it works. It works in many cases."


def test_fixable_false_still_wins():
    rules = make("substitution", fixable=False, swap={"utilize": "use"})
    assert findings("We utilize it.", rules) == [("utilize", None, ["use"], "utilize")]


def test_a_phrase_in_both_tables_is_a_config_error():
    with pytest.raises(ConfigError, match="both swap and suggest: in order to"):
        compile_check("substitution", {"swap": {"in order to": "to"}, "suggest": {"In  order to": "so as to"}}, "x.toml")


def test_a_bad_frame_regex_is_a_config_error():
    with pytest.raises(ConfigError, match="bad regex"):
        compile_check("substitution", {"swap": {"a": "b"}, "suggest-in": ["(unclosed"]}, "x.toml")


CLI_CASES = [
    # the two sentences: still flagged, no longer rewritten into nonsense
    ("This library facilitates rapid prototyping.", "This library facilitates rapid prototyping."),
    ("We need to facilitate the meeting.", "We need to facilitate the meeting."),
    # verb frames that do carry over
    ("We utilize a transformer and it utilizes the GPU.", "We use a transformer and it uses the GPU."),
    ("Leveraging the cache, we leverage vast datasets.", "Using the cache, we use vast datasets."),
    # the noun is not the verb
    ("They gained leverage over the founders with 3:1 leverage.", "They gained leverage over the founders with 3:1 leverage."),
    ("In some cases, such as macOS, it fails.", "In some cases, such as macOS, it fails."),
    ("In some cases it fails.", "Sometimes it fails."),
    ("We will have the ability to fly.", "We will have the ability to fly."),
    ("They have the ability to fly.", "They can fly."),
    ("That was an added bonus.", "That was an added bonus."),
    ("It was a nice added bonus.", "It was a nice bonus."),
]


def test_cli_fix_on_the_shipped_pack(tmp_path):
    """One post, one paragraph per case, through `vibelint check --fix` as a user runs it."""
    post = tmp_path / "post.md"
    post.write_text("\n\n".join(draft for draft, _ in CLI_CASES) + "\n", encoding="utf-8")
    result = run_cli("check", "--fix", "--no-cache", "post.md", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert post.read_text(encoding="utf-8").rstrip("\n").split("\n\n") == [fixed for _, fixed in CLI_CASES]


def test_cli_shows_the_suggestion_it_does_not_apply():
    result = run_cli("check", "--no-cache", "--select", "karpathy.plain-verbs", "-", stdin=b"This library facilitates rapid prototyping.\n")
    out = result.stdout.decode()
    assert "Plain verb: write 'eases' or 'helps with' instead of 'facilitates'." in out
    assert "fixable" not in out
