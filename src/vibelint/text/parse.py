"""Parse a draft into prose blocks: Markdown through markdown-it-py, plain text by blank lines."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

import regex
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import regexes
from .masking import mask_inline, mask_urls
from .prose import Block, Directive, Document
from .source import LineIndex

MAX_NESTING = 100

_DIRECTIVE = regexes.compile(
    r"<!--\s*vibelint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", regex.DOTALL
)
_BLANK_LINES = regexes.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
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
    return parse_markdown_tracked(source).document


@dataclass
class Parsed:
    """A Markdown parse kept for the next edit of the same draft (``reparse``): the document plus
    the lines where top-level blocks start, and whether a block ran to the end of the text."""

    document: Document
    tops: list[int]  # lines where a top-level (nesting level 0) block starts, ascending
    front_end: int = 0  # the line after the front matter, 0 without one
    open_end: bool = False  # a fence, math, HTML or code block runs to the last line (maybe unclosed)
    lines: int = 0  # markdown-it's line count of the source
    starts: list[int] = field(default_factory=list)  # offset of each line (LineIndex.starts)


# blocks that may run on past a blank line to the end of the text when their closing line is missing
_MAY_RUN_OPEN = ("fence", "code_block", "html_block", "math_block", "math_block_label", "front_matter")


def parse_markdown_tracked(source: str) -> Parsed:
    index = LineIndex(source)
    tokens = _markdown().parse(source.replace("\0", "\ufffd"))  # markdown-it does this too; same length
    tops: list[int] = []
    front_end = 0
    open_end = False
    lines = len(index.starts)
    for token in tokens:
        if token.map and token.nesting >= 0 and token.level == 0 and (not tops or tops[-1] != token.map[0]):
            tops.append(token.map[0])
        if token.map and token.type in _MAY_RUN_OPEN:
            if token.type == "front_matter":
                front_end = token.map[1]
            if token.map[1] >= lines - 1:
                open_end = True
    document = _document(source, index, tokens)
    return Parsed(document, tops, front_end, open_end, lines, index.starts)


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


_LETTER_LINE = regexes.compile(r"[A-Za-z]")


def reparse(previous: Parsed, source: str) -> Parsed | None:
    """The parse of ``source``, an edit of ``previous``'s text, re-reading only the top-level blocks the
    edit touched (an editor lints a 10,000-word draft on every pause; markdown-it's block pass over all
    of it was half of an edit's time). None when the edit's reach cannot be bounded: parse it all.

    A top-level block starting at line ``k`` after a blank line, with a letter in column 0, is a clean
    cut: nothing before a blank line continues into a line like that (a list needs indent or a marker,
    code needs indent) except a fence, math or HTML block whose closing line is missing, and the
    previous parse having a block start there rules those out for unchanged lines above it. So the
    text between the cut before the edit and the first cut after it parses alone to the same blocks,
    unless one of its own blocks runs open to its end (then the rest of the text may belong to it).
    """
    old = previous.document.source
    if "\r" in source or "vibelint-" in source or source.startswith(("---", "+++")) != bool(previous.front_end):
        return None  # CR line ends, directives (need code ranges of the whole text), front matter appearing
    limit = min(len(old), len(source))
    prefix = _common(old, source, limit, lambda a, n: a[:n])
    if prefix == len(old) == len(source):
        return replace(previous, document=Document(source, [_moved(b, 0) for b in previous.document.blocks], []))
    suffix = _common(old, source, limit - prefix, lambda a, n: a[len(a) - n:])
    old_starts = previous.starts
    new_starts = LineIndex(source).starts
    first = bisect_right(old_starts, prefix) - 1  # the first line the edit touches
    old_last = bisect_right(old_starts, len(old) - suffix) - 1  # the last one, in the old and the new text
    new_last = bisect_right(new_starts, len(source) - suffix) - 1
    line_shift = len(new_starts) - len(old_starts)

    def clean_cut(starts: list[int], text: str, line: int) -> bool:
        if line <= 0 or line >= len(starts):
            return False
        before = text[starts[line - 1]:starts[line]]
        return not before.strip() and _LETTER_LINE.match(text, starts[line]) is not None

    tops = previous.tops
    cut = bisect_right(tops, first) - 1
    while cut >= 0 and not (tops[cut] >= previous.front_end and clean_cut(new_starts, source, tops[cut])):
        cut -= 1
    begin = tops[cut] if cut >= 0 else 0
    if begin == 0 and previous.front_end:
        return None
    after = bisect_right(tops, old_last + 1)
    while after < len(tops) and not clean_cut(old_starts, old, tops[after]):
        after += 1
    if after < len(tops):  # the text from this line on is unchanged, and parsed the same as before
        end_old = tops[after]
        end_new = end_old + line_shift
        if end_new <= new_last + 1 or not clean_cut(new_starts, source, end_new):
            return None
        window_end = new_starts[end_new]
    else:
        end_old = end_new = -1
        window_end = len(source)
    offset = new_starts[begin]
    text = source[offset:window_end]
    if end_new >= 0 and "$$" in text:  # a math block missing its closing "$$" is no block at all, so one
        return None  # that the window leaves open may close after it: only the whole text can tell
    window = parse_markdown_tracked(text)
    if end_new >= 0 and window.open_end:
        return None
    char_shift = len(source) - len(old)
    old_cut = old_starts[begin]
    old_end = old_starts[end_old] if end_old >= 0 else len(old) + 1
    blocks = [_moved(b, 0) for b in previous.document.blocks if b.start < old_cut]
    blocks += [_moved(b, offset) for b in window.document.blocks]
    blocks += [_moved(b, char_shift) for b in previous.document.blocks if b.start >= old_end]
    new_tops = [t for t in tops if t < begin] + [t + begin for t in window.tops]
    if end_old >= 0:
        new_tops += [t + line_shift for t in tops[after:]]
    open_end = window.open_end if end_old < 0 else previous.open_end
    return Parsed(Document(source, blocks, []), new_tops, previous.front_end, open_end, len(new_starts),
                  new_starts)


def _common(a: str, b: str, limit: int, part) -> int:
    """The length of the longest common ``part`` (prefix or suffix) of ``a`` and ``b``, up to ``limit``:
    a binary search over slice comparisons, which run in C."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if part(a, mid) == part(b, mid):
            low = mid
        else:
            high = mid - 1
    return low


def _moved(block: Block, shift: int) -> Block:
    """A copy of a block ``shift`` characters later, keeping what it worked out from its text."""
    moved = object.__new__(Block)
    moved.__dict__.update(block.__dict__)
    moved.start = block.start + shift
    return moved


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
