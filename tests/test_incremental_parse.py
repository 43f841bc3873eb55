"""An editor's lint re-parses only what an edit touched (``text.parse.reparse``): the blocks and the
findings must be exactly a full parse's, whatever the edit, including the ones that change what the
rest of the draft is (an opened fence, a list marker, an HTML comment, a blank line removed)."""

from __future__ import annotations

import random

import pytest

from vibelint.service import LintService, SessionCache
from vibelint.text.parse import parse

DRAFT = """---
title: a post
---

# Training a small model

I trained a tiny model last week. It is surprisingly good at this, and we leverage it every day.

- first item with some words
- second item

  continued paragraph inside the item

1. ordered
2. list

> a quote that goes on
and a lazy line

```python
def f():
    return 1
```

Paragraph after code. Moving forward we will delve into the details.

| a | b |
|---|---|
| cell one | cell two |

<div>
html block
</div>

    indented code

$$
x = 1
$$

Setext heading
--------------

Last paragraph, robust and seamless. 我们用 Python 写了一个 tokenizer。

Another one here.
"""

INSERTS = ["```", "~~~", "- ", "1. ", "<!--", "-->", "$$", "    ", "\n", "\n\n", "# ", "| x |", "---", "> ",
           "<div>", "word ", "a", "\t", "[x]: /url\n", "===", "*", "<script>", "<pre>"]


def _blocks(doc):
    return [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in doc.blocks]


@pytest.mark.parametrize("steps", [120, pytest.param(600, marks=pytest.mark.slow)])  # the fast tier: the first 120
def test_random_edits_parse_and_lint_as_a_full_parse_does(steps):
    rng = random.Random(13)
    service = LintService(cache=SessionCache())
    fresh = LintService()
    ruleset = service.ruleset_for(None)
    drafts = [DRAFT, DRAFT.split("---\n", 2)[2].lstrip()]  # with and without front matter
    text = DRAFT
    for step in range(steps):
        if step % 12 == 0:
            text = drafts[step // 12 % 2]  # start over now and then, so the edits stay edits of a real draft
        pos = rng.randrange(len(text) + 1)
        if rng.random() < 0.3 and text:
            end = min(len(text), pos + rng.randrange(1, 12))
            text = text[:pos] + text[end:]
        else:
            text = text[:pos] + rng.choice(INSERTS) + text[pos:]
        result = service.lint(text, "draft.md", ruleset)
        assert _blocks(result.document) == _blocks(parse(text, "draft.md")), (step, pos)
        assert result.diagnostics == fresh.lint(text, "draft.md", ruleset).diagnostics, (step, pos)


def test_an_edit_reuses_the_blocks_it_did_not_touch():
    cache = SessionCache()
    service = LintService(cache=cache)
    ruleset = service.ruleset_for(None)
    first = service.lint(DRAFT, "draft.md", ruleset).document
    edited = DRAFT.replace("Another one here.", "Another one here, edited.")
    second = service.lint(edited, "draft.md", ruleset).document
    assert _blocks(second) == _blocks(parse(edited, "draft.md"))
    # the heading's phrase scan came along with it: the edit did not read that paragraph again
    assert second.blocks[0]._phrase_scan is not None and second.blocks[0]._phrase_scan == first.blocks[0]._phrase_scan


def test_an_unclosed_math_block_that_closes_after_the_edited_blocks():
    """dollarmath reads "$$" with no closing line as a paragraph, not a block running to the end, so
    the closing "$$" further down (past the blocks re-read) decides: the whole text must be parsed."""
    before = "Intro line.\n\nFirst para\n\nSecond para\n\nThird para$$\n\nTail para\n"
    after = before.replace("First para", "$$\nFirst para")
    cache = SessionCache()
    cache.parse(before, "d.md")
    assert _blocks(cache.parse(after, "d.md")) == _blocks(parse(after, "d.md"))
