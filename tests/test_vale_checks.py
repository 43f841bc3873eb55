"""Vale's checks as Vale runs them, on small styles and drafts written for these tests.

Each expected line is what Vale prints for the same files (``vale --output=line``:
``file:line:col:Style.Rule:message``), worked out from Vale's code: check/capitalization.go and
the converters it calls (jdkato/twine strcase v0.10.1, the version Vale pins), check/occurrence.go,
check/substitution.go. vibelint runs in-process as ``check --vale-styles .vale.ini .`` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import vale_scenarios as vs

from vibelint.kinds.case_convert import Vocab, sentence_case, title_case

RULES = {
    "Heads.yml": """extends: capitalization
message: "'%s' should be in sentence case ('%s')"
scope: heading
match: $sentence
indicators: [":"]
prefix: '^[a-z]\\)\\s'
exceptions: [Kafka, Kafka Streams, I]
""",
    "Title.yml": """extends: capitalization
message: "'%s' should be '%s'"
scope: heading
match: $title
""",
    "Count.yml": """extends: occurrence
message: "%s TODOs in one document"
scope: text
max: 2
token: '\\bTODO\\b'
""",
    "Missing.yml": """extends: occurrence
message: "No summary line"
scope: raw
min: 1
token: '(?m)^Summary:'
""",
    "Later.yml": """extends: existence
message: "'%s' in a section heading"
scope: heading & ~heading.h1
tokens: [later]
""",
    "Sub.yml": """extends: substitution
message: "Use '%s' instead of '%s'."
action:
  name: replace
swap:
  mpl: MPL
  mpl 2.0: MPL 2.0
  cellphone: phone|mobile phone
  'in order to ': 'to '
""",
}
INI = """StylesPath = styles
[sentence.md]
T.Heads = YES
[title.md]
T.Title = YES
[todo.md]
T.Count = YES
T.Missing = YES
T.Later = YES
[swap.md]
T.Sub = YES
"""


def run(tmp_path: Path, drafts: dict[str, str]) -> list[str]:
    (tmp_path / "styles" / "T").mkdir(parents=True)
    for name, text in RULES.items():
        (tmp_path / "styles" / "T" / name).write_text(text, encoding="utf-8")
    (tmp_path / ".vale.ini").write_text(INI, encoding="utf-8")
    for name, text in drafts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    lines, err, code = vs.run_vibelint(tmp_path)
    assert code == 0 and "Traceback" not in err, err
    return lines


def test_sentence_case_as_vale_converts_it(tmp_path):
    draft = ("# Streaming with Kafka Streams\n\n# Reading a YAML file\n\n# c) Setting up Kafka\n\n"
             "# C) Setting up Kafka\n\n# Setup: choose a broker\n\n# 3. Start the broker\n")
    assert run(tmp_path, {"sentence.md": draft}) == [
        # "Kafka Streams" is one exception: one word, as written (a multi-word exception)
        # YAML is not an exception and sentence case has no all-caps pass: 3 of 4 words < 0.8
        "sentence.md:3:3:T.Heads:'Reading a YAML file' should be in sentence case ('Reading a yaml file')",
        # "c) " matches the prefix and is left alone; "C) " does not, so "Setting" should be lower
        "sentence.md:7:3:T.Heads:'C) Setting up Kafka' should be in sentence case ('C) setting up Kafka')",
        # the word after an indicator (':') is capitalized in Vale's conversion, so it must be
        "sentence.md:9:3:T.Heads:'Setup: choose a broker' should be in sentence case ('Setup: Choose a broker')",
        # "3." as the first word is a list marker: "Start" is capitalized, not flagged
    ]


def test_title_case_ap(tmp_path):
    draft = "# Moving to Kafka in a Weekend\n\n# Notes On the Design\n\n# An API for Everyone\n"
    # AP lowercases 'on' (a preposition of three letters or fewer) inside a title; 'API' is all caps
    assert run(tmp_path, {"title.md": draft}) == [
        "title.md:3:3:T.Title:'Notes On the Design' should be 'Notes on the Design'"]


def test_occurrence_counts_over_the_document_and_scope_expressions(tmp_path):
    draft = "# Plan for later\n\nTODO one.\n\n## Do it later\n\nTODO two.\n\nTODO three.\n"
    assert run(tmp_path, {"todo.md": draft}) == [
        "todo.md:1:1:T.Missing:No summary line",  # raw scope, min 1, none in the file: one alert at 1:1
        "todo.md:5:10:T.Later:'later' in a section heading",  # heading & ~heading.h1: the h2 only
        "todo.md:9:1:T.Count:3 TODOs in one document",  # one alert for the document, not one per paragraph
    ]


def test_substitution_messages_and_overlapping_keys(tmp_path):
    draft = "Licensed under mpl 2.0 for now.\n\nCall my cellphone in order to reach me.\n"
    assert run(tmp_path, {"swap.md": draft}) == [
        "swap.md:1:16:T.Sub:Use 'MPL 2.0' instead of 'mpl 2.0'.",  # one alternation, longest key first
        "swap.md:3:9:T.Sub:Use 'phone' or 'mobile phone' instead of 'cellphone'.",  # choices as Vale lists them
        "swap.md:3:19:T.Sub:Use 'to' instead of 'in order to'.",  # the match quoted without its trailing space
    ]


def test_the_converters_on_their_own():
    """twine's conversions: vocabulary entries first, prefix kept, small words by style."""
    vocab = Vocab(["Vale Server", "macOS"], True)
    assert sentence_case("Getting Started With vale server", vocab, [":"], None) == "Getting started with Vale Server"
    assert sentence_case("Top-Level ideas: an overview", vocab, [":"], None) == "Top-level ideas: An overview"
    plain = Vocab([], False)
    assert title_case("a tale of two cities", plain, False, None) == "A Tale of Two Cities"
    assert title_case("going through the woods", plain, False, None) == "Going Through the Woods"
    assert title_case("going through the woods", plain, True, None) == "Going through the Woods", "Chicago"
    assert title_case("step-by-step guide", plain, False, None) == "Step-by-Step Guide"
