"""Parse a draft into prose blocks: Markdown through markdown-it-py, plain text by blank lines."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

import regex
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .masking import mask_inline, mask_urls
from .prose import Block, Directive, Document
from .source import LineIndex

MAX_NESTING = 100

_DIRECTIVE = regex.compile(
    r"<!--\s*vibelint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", regex.DOTALL
)
_BLANK_LINES = regex.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
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


def parse(source: str, path: str = "") -> Document:
    """Markdown unless the path says plain text (``.txt``)."""
    if path.lower().endswith(".txt"):
        return parse_plain(source)
    try:
        return parse_markdown(source)
    except RecursionError:  # a safety net under MAX_NESTING: read it as plain text rather than fail
        return parse_plain(source)


def parse_markdown(source: str) -> Document:
    index = LineIndex(source)
    tokens = _markdown().parse(source.replace("\0", "\ufffd"))  # markdown-it does this too; same length
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


def _directives(source: str, index: LineIndex, code_lines, code_ranges) -> list[Directive]:
    """vibelint comments anywhere but inside code (HTML blocks and inline HTML count)."""
    if "vibelint-" not in source:
        return []
    found = []
    for m in _DIRECTIVE.finditer(source):
        line = index.line_of(m.start())
        if any(a <= line < b for a, b in code_lines):
            continue
        if any(a <= m.start() < b for a, b in code_ranges):
            continue
        ids = [part for part in regex.split(r"[\s,]+", m.group(2).strip()) if part]
        found.append(Directive(m.group(1), ids, m.start(), m.end()))
    return found


def parse_plain(source: str) -> Document:
    """Plain text: paragraphs are separated by blank lines; URLs and addresses are still masked."""
    blocks = []
    pos = 0
    for end, next_pos in [(m.start(), m.end()) for m in _BLANK_LINES.finditer(source)] + [(len(source), len(source))]:
        chunk = source[pos:end]
        text = chunk.strip()
        if text:
            blocks.append(Block("paragraph", pos + len(chunk) - len(chunk.lstrip()), mask_urls(text)))
        pos = next_pos
    return Document(source, blocks, _directives(source, LineIndex(source), [], []))
