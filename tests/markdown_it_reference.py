"""The markdown-it-py parser vibelint used before pyromark, kept as the reference the new parser is
compared with (``scripts/parser_agreement.py``, ``tests/test_parser_agreement.py``): the same ``Block``
list from markdown-it's tokens, as ``text/parse.py`` built it up to the switch. Needs the ``test`` extra
(markdown-it-py, mdit-py-plugins); vibelint itself no longer imports it."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from vibelint.text.masking import mask_inline
from vibelint.text.parse import _directives
from vibelint.text.prose import Block, Document
from vibelint.text.source import LineIndex

MAX_NESTING = 100
_CONTAINER_KINDS = {"blockquote_open": "blockquote", "list_item_open": "list_item"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # maxNesting 100 (commonmark's is 20): deeper containers are not parsed, nor the rest of that container.
    # Each quote level costs markdown-it about 3 stack frames, so 100 stays far below Python's recursion limit.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.disable("inline")  # inline structure is masked from the raw text (masking.py), which keeps offsets
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False)
    return md


def _document(source: str, index: LineIndex, tokens) -> Document:
    blocks: list[Block] = []
    code_lines: list[tuple[int, int]] = []
    code_ranges: list[tuple[int, int]] = []
    cell_cursor: dict[int, int] = {}  # table row line -> column after the last located cell
    containers: list[str] = []
    in_heading = False
    heading_level = 0
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in _CONTAINER_KINDS:
            containers.append(_CONTAINER_KINDS[kind])
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind == "heading_open":
            in_heading = True
            heading_level = int(token.tag[1:] or 1)
        elif kind == "heading_close":
            in_heading = False
        elif kind in ("fence", "code_block", "math_block", "front_matter") and token.map:
            code_lines.append((token.map[0], token.map[1]))
        elif kind == "inline" and token.map:
            if tokens[i - 1].type in ("th_open", "td_open"):
                block_kind = "table_cell"
            elif in_heading:
                block_kind = "heading"
            else:
                block_kind = containers[-1] if containers else "paragraph"
            block = _locate(source, index, token, block_kind, cell_cursor, code_ranges)
            if block:
                block.level = heading_level if block_kind == "heading" else 0
                blocks.append(block)
    directives = _directives(source, index, code_lines, code_ranges)
    return Document(source, blocks, directives)


def _locate(source: str, index: LineIndex, token, kind: str, cell_cursor: dict, code_ranges: list) -> Block | None:
    """Find the inline token's lines in the source and build a masked block over them.

    markdown-it keeps no inline offsets, but each content line is the source line minus its
    container prefix (quote markers, list indent), so a forward search finds it exactly.
    """
    first_line, last_line = token.map
    column = cell_cursor.get(first_line, 0) if kind == "table_cell" else 0
    pieces: list[tuple[int, int]] = []  # source (start, end) of each content line
    for n, content_line in enumerate(token.content.split("\n")):
        line = first_line + n
        if line >= last_line:
            return None
        line_text = index.line_text(line).replace("\0", "\ufffd")
        probe = content_line.rstrip()
        col = line_text.find(probe, column)
        if col < 0:
            return None
        line_start = index.starts[line]
        pieces.append((line_start + col, line_start + col + len(probe)))
        if kind == "table_cell":
            cell_cursor[first_line] = col + len(probe)
        column = 0
    start, end = pieces[0][0], pieces[-1][1]
    raw = source[start:end]
    markup: list[tuple[int, int]] = []
    if len(pieces) > 1:  # blank the container prefixes between content lines
        chars = list(raw)
        for (_, prev_end), (next_start, _) in pairwise(pieces):
            for j in range(prev_end - start, next_start - start):
                if chars[j] not in "\r\n":
                    chars[j] = " "
                    markup.append((j, j + 1))
        raw = "".join(chars)
    local: list[tuple[int, int]] = []
    text = mask_inline(raw, local, markup)
    code_ranges.extend((start + s, start + e) for s, e in local)
    if not text.strip():
        return None
    block = Block(kind, start, text)
    if markup:
        block.markup = tuple(sorted(markup))
    if local:
        block.code = tuple(local)
    return block


def parse_markdown(source: str) -> Document:
    """markdown-it's Document of ``source`` (blocks and directives), as vibelint built it before pyromark."""
    index = LineIndex(source)
    tokens = _markdown().parse(source.replace("\0", "\ufffd"))  # markdown-it does this too; same length
    return _document(source, index, tokens)
