"""The pyromark parser (``text/parse.py``) reads Markdown into the blocks the markdown-it one did
(``tests/markdown_it_reference.py``), offsets in code points whatever the script, and the few places
where they differ on purpose say so here. ``scripts/parser_agreement.py`` runs the same comparison
over every Markdown and text file of ../shared (653 texts; 8 differ, each in a way tested below)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT, needs_corpus
from markdown_it_reference import parse_markdown as markdown_it_parse

from vibelint.engine import lint
from vibelint.packs import builtin_rules
from vibelint.text.parse import parse_markdown, parse_markdown_tracked, parse_unmasked, reparse

SAMPLES = {
    "containers": "# Training “a” model 😀\n\n> a quote that goes on\n> and on, 中文 too\nlazy line\n\n"
                  "- first item\n  continued\n- second 🎉 item\n\n  loose paragraph\n\n"
                  "1. one\n   - two\n     > three\n",
    "setext and table": "Title 中文\n=====\n\nSub\nline\n---\n\n| a 😀 | “b” |\n|---|:-:|\n| 中文 | x `y` z |\n",
    "code and html": "    indented\n\n```py\nfenced 中文\n```\n\n<div>\nhtml “x”\n</div>\n\nText <span>in</span> it.\n"
                     "\n<!-- a comment\n\nstill -->\n\nAfter.\n\n~~~\nunclosed\n",
    "front matter": "---\ntitle: “x”\nlist:\n  - a\n---\n\nBody 中文.\n",
    "front matter closed by dots": "---\ntitle: x\n...\n\nBody.\n",
    "front matter never closed": "---\ntitle: x\n\nBody.\n",
    "math": "Intro.\n\n$$\nx = 1\n$$\n\nAfter.\n\ntext\n$$\nnot math\n$$\n\n$$ y = 2 $$\n\n$$ a $$ b\n\n"
            "$$\n# not a heading\n- not a list\n$$\nAfter math.\n\n> $$\n> x\n> $$\n> after\n\n"
            "$$\nnever closed\n\nEnd.\n",
    "math blocks back to back": "$$\na\n$$\n$$ b $$\nText right after.\n",
    # dollarmath's blocks run over blank lines (allow_blank_lines) and take a fence's opening line with them
    "math across blank lines": "Intro.\n\n$$\na\n\nb = 1\n$$\n\nAfter.\n\n$$\n```\n$$\nWe utilize it.\n\n"
                               "$$ x\n\nno close\n",
    "line ends": "Line one\r\nline two\r\n\r\n> quote\r\n> more\r\n\r\nOld Mac\rline\r\r- a\r  b\r",
    "escapes and breaks": "\\# not a heading\n\n\\*star\\* and \\\\ back\n\n- \\- item\n\nline  \nbreak\\\nnext\n",
    "links": "See [the “docs”](https://x.com/a) and ![alt 中](i.png) <https://a.b> www.x.com\n\n[a]: /url\nText.\n",
    "directives": "<!-- vibelint-disable karpathy.hype -->\nText.\n\n```\n<!-- vibelint-enable -->\n```\n\n"
                  "`<!-- vibelint-disable -->` inline\n\n$$\n<!-- vibelint-disable-file -->\n$$\n",
    "tabs and NUL": "-\tTab item\n\tcontinued\n\n>\tquote tab\n\nA \0 NUL.\n",
}


def _blocks(document) -> list[tuple]:
    return [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in document.blocks]


def _directives(document) -> list[tuple]:
    return [(d.action, d.rule_ids, d.start, d.end) for d in document.directives]


def _same(text: str, indentation_is_markup: bool = False) -> None:
    old, new = markdown_it_parse(text), parse_markdown(text)
    if indentation_is_markup:  # the kept difference: leave out markup over whitespace from both
        old.blocks = [_no_blank_markup(text, b) for b in old.blocks]
        new.blocks = [_no_blank_markup(text, b) for b in new.blocks]
    assert _blocks(new) == _blocks(old)
    assert _directives(new) == _directives(old)


def _no_blank_markup(text: str, block):
    block.markup = tuple(r for r in block.markup if not text[block.start + r[0]:block.start + r[1]].isspace())
    return block


@pytest.mark.parametrize("name", SAMPLES)
def test_same_blocks_as_markdown_it(name):
    _same(SAMPLES[name])


def test_same_blocks_on_the_repository_drafts_and_every_rule_example():
    paths = [ROOT / "examples" / "post.md", *sorted((ROOT / "tests" / "data").rglob("*.md"))]
    for path in paths:
        _same(path.read_text(encoding="utf-8"))
    for rule in builtin_rules():
        for text in [*rule.examples.good, *rule.examples.bad, *(e.text for e in rule.examples.fix)]:
            _same(text)


@needs_corpus("karpathy_en.md", "longform", "authors", "zh")
def test_same_blocks_on_a_sample_of_the_corpus():
    """Two files of each corpus folder and the tweets (the whole of ../shared: scripts/parser_agreement.py).
    His tweets have continuation lines indented past their container: the difference kept below."""
    folders = sorted({p.parent for p in CORPUS.rglob("*.md")})
    for folder in folders:
        for path in sorted(folder.glob("*.md"))[:2]:
            _same(path.read_text(encoding="utf-8"), indentation_is_markup=True)


def test_offsets_are_code_points():
    """pulldown-cmark's ranges are UTF-8 bytes; every block must still sit on its own characters."""
    for text in SAMPLES.values():
        for block in parse_markdown(text).blocks:
            source = text[block.start:block.end]
            assert len(source) == len(block.text)
            kept = [(s, t) for s, t in zip(source, block.text, strict=True) if t not in " x"]
            assert all(s == t for s, t in kept), (source, block.text)


def test_a_finding_after_emoji_and_chinese_is_where_the_word_is(default_ruleset):
    text = "# 中文 😀 title\n\n> “Quoted” 🎉 we utilize it\n\n| a | b |\n|---|---|\n| 😀 | 中文 we leverage it |\n"
    found = [text[d.start:d.end] for d in lint(text, "post.md", default_ruleset).diagnostics]
    assert found == ["utilize", "leverage"]


def test_kept_difference_escaped_pipe_in_a_table_cell():
    """GFM: "\\|" is a pipe inside the cell. markdown-it gave the cell's content unescaped, so its line was
    not found in the source and the cell was dropped; pulldown-cmark's cell keeps its source range."""
    text = "| a | b |\n|---|---|\n| we utilize `x\\|y` | c \\| d |\n"
    assert [b.text for b in parse_markdown(text).blocks] == ["a", "b", "we utilize xxxxxx", "c  | d"]
    assert [b.text for b in markdown_it_parse(text).blocks] == ["a", "b"]


def test_kept_difference_indentation_of_a_continuation_line_is_markup():
    """CommonMark strips a paragraph line's leading whitespace; markdown-it kept what went past the container's
    indent as text. The masked text is the same; the plain view (markup taken out) no longer has it."""
    text = "- item text\n    more indented\n"
    new, old = parse_markdown(text).blocks[0], markdown_it_parse(text).blocks[0]
    assert (new.kind, new.start, new.text) == (old.kind, old.start, old.text)
    assert (new.markup, old.markup) == (((10, 11), (11, 12), (12, 13), (13, 14)), ((10, 11), (11, 12)))


def test_kept_difference_a_no_break_space_is_content():
    """CommonMark strips spaces and tabs around a paragraph, not U+00A0; markdown-it-py stripped any whitespace."""
    blocks = parse_markdown("- \xa0Finally, it works.\n").blocks
    assert [(b.start, b.text) for b in blocks] == [(2, "\xa0Finally, it works.")]


def test_toml_front_matter_is_skipped():
    """"+++" front matter (Hugo, Zola) is not prose, as the README says; markdown-it's plugin read only "---"."""
    text = "+++\ntitle = \"we utilize\"\n+++\n\nBody.\n"
    assert [b.text for b in parse_markdown(text).blocks] == ["Body."]


def test_display_math_is_not_prose():
    text = "We show it.\n\n$$\n# we utilize\n- we leverage\n$$\n\n$$ \\frac{a}{b} $$\n\nDone.\n"
    assert [b.text for b in parse_markdown(text).blocks] == ["We show it.", "Done."]


def test_lone_surrogates_from_an_editor_are_read():
    """pyromark takes only valid UTF-8; an LSP client can send lone surrogates. Same blocks, same offsets."""
    text = "Bad \ud800 char.\n\nWe utilize it.\n"
    assert [(b.start, b.text) for b in parse_markdown(text).blocks] == [(0, "Bad \ud800 char."), (13, "We utilize it.")]


def _masked_one_by_one(text: str, order: str = "forward") -> list[tuple]:
    """The blocks of ``text`` as a split lint masks them (``Unmasked``): one at a time, in any order."""
    unmasked = parse_unmasked(text, "draft.md")
    assert unmasked is not None
    positions = range(len(unmasked.runs))
    for position in reversed(positions) if order == "backward" else positions:
        unmasked.block(position)
    return _blocks(unmasked.document())


@pytest.mark.parametrize("name", [name for name in SAMPLES if name != "directives"])
@pytest.mark.parametrize("order", ["forward", "backward"])
def test_blocks_masked_one_at_a_time_are_the_blocks_of_a_parse(name, order):
    text = SAMPLES[name]
    assert _masked_one_by_one(text, order) == _blocks(parse_markdown(text))


@pytest.mark.parametrize("name", [name for name in SAMPLES if name != "directives"])
def test_an_editor_keeps_the_same_parse_of_a_draft_it_opened_unmasked(name):
    """An editor session keeps the parse of a draft it opened (masked a block at a time) for the next edit
    (``reparse``): the same lines of top-level blocks, front matter and open end as a whole parse keeps."""
    text = SAMPLES[name] + "\n\nAn edit lands here.\n"
    unmasked = parse_unmasked(text, "draft.md")
    assert unmasked is not None
    kept, parsed = unmasked.tracked(unmasked.document()), parse_markdown_tracked(text)
    assert (kept.tops, kept.front_end, kept.open_end, kept.lines, kept.starts) == \
        (parsed.tops, parsed.front_end, parsed.open_end, parsed.lines, parsed.starts)
    assert _blocks(kept.document) == _blocks(parsed.document)
    edited = text.replace("An edit lands", "Another edit lands")
    again, whole = reparse(kept, edited), reparse(parsed, edited)
    assert (again is None) == (whole is None)
    if again is not None and whole is not None:
        assert _blocks(again.document) == _blocks(whole.document) == _blocks(parse_markdown(edited))


def test_a_draft_with_vibelint_comments_or_plain_text_is_parsed_whole():
    """Only masking finds the code spans a comment is not read in, so such a draft is masked before linting."""
    assert parse_unmasked(SAMPLES["directives"], "draft.md") is None
    assert parse_unmasked("Plain text.\n", "notes.txt") is None


@needs_corpus("karpathy_en.md", "longform", "authors", "zh")
def test_blocks_masked_one_at_a_time_on_the_whole_corpus():
    paths = sorted(CORPUS.rglob("*.md"))
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if "vibelint-" not in text:
            assert _masked_one_by_one(text, "backward") == _blocks(parse_markdown(text)), path.name
