"""Parse a draft into prose blocks: Markdown through pyromark (pulldown-cmark, compiled), plain text by blank lines."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import pyromark
import regex

from .. import regexes
from .masking import mask_inline, mask_urls
from .prose import Block, Directive, Document
from .source import LineIndex

# CommonMark (HTML on, as it always is there) with GFM tables and strikethrough. Front matter and "$$" math
# blocks are found here, as markdown-it's front_matter and dollarmath plugins found them before, and the
# text is blanked out before pulldown-cmark reads it (_front_matter, _math_blocks).
_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
_MARKDOWN = pyromark.Markdown(options=_OPTIONS)

_DIRECTIVE = regexes.compile(
    r"<!--\s*vibelint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", regex.DOTALL
)
_BLANK_LINES = regexes.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
# inline elements: their events extend the prose run they are in, where a block event ends it
_INLINE_TAGS = frozenset(("Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript", "Link", "Image"))
_OPAQUE = frozenset(("CodeBlock", "HtmlBlock", "MetadataBlock"))  # their text events are not prose
_CONTAINERS = {"BlockQuote": "blockquote", "Item": "list_item"}
# what may stand before a block's first character on its line: indentation, quote markers, list markers
_BLOCK_PREFIX = regexes.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)))*[ \t]*")


def parse(source: str, path: str = "") -> Document:
    """Markdown unless the path says plain text (``.txt``)."""
    if path.lower().endswith(".txt"):
        return parse_plain(source)
    return parse_markdown(source)


def parse_markdown(source: str) -> Document:
    return parse_markdown_tracked(source).document


@dataclass
class Parsed:
    """A Markdown parse kept for the next edit of the same draft (``reparse``): the document plus
    the lines where top-level blocks start, and whether a block ran to the end of the text."""

    document: Document
    tops: list[int]  # lines where a top-level (not nested) block starts, ascending
    front_end: int = 0  # the line after the front matter, 0 without one
    open_end: bool = False  # a fence, math, HTML or code block runs to the last line (maybe unclosed)
    lines: int = 0  # the source's line count (LineIndex)
    starts: list[int] = field(default_factory=list)  # offset of each line (LineIndex.starts)


@dataclass(slots=True)
class _Run:
    """The inline content of one paragraph, heading, tight list item or table cell: its kind and extent."""

    kind: str
    start: int
    end: int
    level: int  # heading level, else 0
    first: bool  # the first content of its block (a "$$" there opens a math block)


@dataclass
class _Scan:
    """What one pass of pulldown-cmark over a text gave, in character offsets."""

    runs: list[_Run]
    opaque: list[tuple[int, int]]  # code, HTML and metadata blocks (start, end)
    code: list[tuple[int, int]]  # code blocks only: what directives are not read in
    tops: list[int]  # offsets where top-level blocks start


def parse_markdown_tracked(source: str) -> Parsed:
    index, scan, code_lines, front_end = _outline(source)
    code_ranges: list[tuple[int, int]] = []
    blocks = [b for b in (_block(source, index, run, code_ranges) for run in scan.runs) if b is not None]
    document = Document(source, blocks, _directives(source, index, code_lines, code_ranges))
    return _tracked(document, index, scan, code_lines, front_end)


def _tracked(document: Document, index: LineIndex, scan: _Scan, code_lines: list[tuple[int, int]],
             front_end: int) -> Parsed:
    """``document`` as ``reparse`` keeps it for the next edit: with the lines where top-level blocks start,
    and whether one runs open to the end."""
    lines = len(index.starts)
    tops = [0] if front_end else []
    for offset in scan.tops:
        line = index.line_of(offset)
        if not tops or tops[-1] != line:
            tops.append(line)
    ends = [index.line_of(max(a, b - 1)) + 1 for a, b in scan.opaque] + [b for _, b in code_lines]
    open_end = any(end >= lines - 1 for end in ends)
    return Parsed(document, tops, front_end, open_end, lines, index.starts)


def _outline(source: str) -> tuple[LineIndex, _Scan, list[tuple[int, int]], int]:
    """Where the blocks are, before any is masked: the line index, pulldown-cmark's scan, the code lines
    (first, end) that directives are not read in, and the line after the front matter (0: none)."""
    index = LineIndex(source)
    text = source
    front_end = _front_matter(source, index)
    if front_end:
        text = _blank_lines(text, index, [(0, front_end - 1, 0)])
    scan = _scan(text)
    math: list[tuple[int, int, int]] = []
    if "$$" in text:
        closers = _math_closers(text, index)
        for _ in range(8):  # a math block that took a fence's opening line can uncover another one behind it
            found = _math_blocks(text, index, scan.runs, closers)
            if not found:
                break
            math = sorted(math + found)
            text = _blank_lines(text, index, found, fill="#")
            scan = _scan(text)
    code_lines = [(index.line_of(a), index.line_of(max(a, b - 1)) + 1) for a, b in scan.code]
    code_lines += [(first, last + 1) for first, last, _ in math]
    if front_end:
        code_lines.append((0, front_end))
    return index, scan, code_lines, front_end


_NOT_YET = object()  # a block of an Unmasked parse not masked yet


class Unmasked:
    """A Markdown parse whose blocks are found but not masked yet.

    Masking a block (``_block``: container prefixes, inline markup, code spans and URLs blanked) is two
    thirds of a parse, and a parse runs before a split lint forks (``split.py``). So a split lint
    takes the blocks unmasked, and each process masks those whose block rules it runs: that work is
    shared by every core instead of done on one first. ``block`` masks one, once; ``document`` is the
    draft with every block masked, the same as ``parse`` gives.
    """

    def __init__(self, source: str):
        self.source = source
        self.index, self._scan, self._code_lines, self._front_end = _outline(source)
        self.runs = self._scan.runs
        self.masked: list[Any] = [_NOT_YET] * len(self.runs)  # Block, None (nothing left once masked) or _NOT_YET

    def sizes(self) -> list[int]:
        """How much text each block covers: what a split weighs its chunks by."""
        return [run.end - run.start for run in self.runs]

    def block(self, position: int) -> Block | None:
        """The block at ``position``, masked (None: masked, nothing is left)."""
        block = self.masked[position]
        if block is _NOT_YET:
            block = self.masked[position] = _block(self.source, self.index, self.runs[position], [])
        return block

    def state(self, position: int) -> tuple | None:
        """The masked block as a forked child sends it back (``adopt``): its fields, None for no block."""
        block = self.block(position)
        if block is None:
            return None
        return block.kind, block.start, block.text, block.level, block.markup, block.code

    def adopt(self, position: int, state: tuple | None) -> Block | None:
        """Take the block at ``position`` as another process masked it (``state``)."""
        if state is None:
            self.masked[position] = None
            return None
        kind, start, text, level, markup, code = state
        block = self.masked[position] = Block(kind, start, text, level=level, markup=markup, code=code)
        return block

    def document(self) -> Document:
        """The draft with every block masked (those not masked yet are masked here), in order."""
        blocks = [self.block(position) for position in range(len(self.runs))]
        return Document(self.source, [b for b in blocks if b is not None], [])

    def tracked(self, document: Document) -> Parsed:
        """The parse an editor session keeps for the draft's next edit (``reparse``), as
        ``parse_markdown_tracked`` gives it; ``document`` holds the blocks (``document()``'s)."""
        return _tracked(document, self.index, self._scan, self._code_lines, self._front_end)


def parse_unmasked(source: str, path: str = "") -> Unmasked | None:
    """The draft's blocks, not masked yet (``Unmasked``); None where ``parse`` must read it all first:
    plain text, or vibelint comments (a comment inside a code span is not one, and only masking finds
    the code spans)."""
    if path.lower().endswith(".txt") or "vibelint-" in source:
        return None
    return Unmasked(source)


def _scan(text: str) -> _Scan:
    """Walk pulldown-cmark's events once: the prose runs, the opaque blocks and the top-level block starts.

    No recursion and no nesting limit: a file of 10,000 nested quotes is read like any other.
    """
    try:
        events = _MARKDOWN.events_with_range(text, merge_text=True)
    except UnicodeEncodeError:  # lone surrogates (an editor can send them): one "?" each, same length
        text = text.encode("utf-8", "replace").decode("utf-8")
        events = _MARKDOWN.events_with_range(text, merge_text=True)
    runs: list[_Run] = []
    opaque: list[tuple[int, int]] = []
    code: list[tuple[int, int]] = []
    tops: list[int] = []
    stack: list[str] = []  # open block tags
    containers: list[str] = []  # open quotes and list items, as _CONTAINERS names them
    level = 0
    run_start = run_end = -1
    first = False  # the next run is the first content of its block
    in_opaque = False  # inside a code, HTML or metadata block (they hold no other block)

    def flush() -> None:
        nonlocal run_start, first
        if run_start >= 0:
            top = stack[-1] if stack else ""
            if top == "TableCell":
                kind = "table_cell"
            elif top == "Heading":
                kind = "heading"
            else:
                kind = containers[-1] if containers else "paragraph"
            runs.append(_Run(kind, run_start, run_end, level if kind == "heading" else 0, first))
            run_start = -1
        first = False

    event: Any  # a str or a one-key dict (pyromark.event.Event); read here without the TypedDicts
    value: Any
    for event, span in events:
        if event.__class__ is str:  # SoftBreak, HardBreak or Rule
            if event == "Rule":
                flush()
                if not stack:
                    tops.append(span["start"])
                continue
            value = None
        else:  # two look-ups in C, not a tuple of the dict's items: most events are text (a third of the walk)
            value = event.get("Start")
            key = "Start"
            if value is None:
                value = event.get("End")
                key = "End"
        if value is None or (tag := value if value.__class__ is str else next(iter(value))) in _INLINE_TAGS:
            # text, code, HTML, math, a line break, emphasis, a link: a run of inline content grows to cover it
            if value is not None or not in_opaque:
                if run_start < 0:
                    run_start = span["start"]
                end = span["end"]
                if end > run_end:
                    run_end = end
            continue
        flush()
        if key == "Start":
            start = span["start"]
            if not stack:
                tops.append(start)
            stack.append(tag)
            if tag in _CONTAINERS:
                containers.append(_CONTAINERS[tag])
            elif tag == "Heading":
                level = int(value["Heading"]["level"][1])
            elif tag in _OPAQUE:
                in_opaque = True
                opaque.append((start, span["end"]))
                if tag != "HtmlBlock":
                    code.append((start, span["end"]))
            first = tag in ("Paragraph", "Heading", "Item")
        else:
            stack.pop()
            if tag in _CONTAINERS:
                containers.pop()
            elif tag in _OPAQUE:
                in_opaque = False
    flush()
    if not text.isascii():
        _to_chars(text, runs, opaque, code, tops)
    return _Scan(runs, opaque, code, tops)


def _to_chars(text: str, runs: list[_Run], opaque: list, code: list, tops: list[int]) -> None:
    """pulldown-cmark's offsets are UTF-8 bytes: turn them into code points, in place, in one pass."""
    data = text.encode("utf-8")
    wanted = {0}
    for run in runs:
        wanted.add(run.start)
        wanted.add(run.end)
    for pairs in (opaque, code):
        for a, b in pairs:
            wanted.add(a)
            wanted.add(b)
    wanted.update(tops)
    chars: dict[int, int] = {}
    at_byte = at_char = 0
    for offset in sorted(wanted):
        at_char += len(data[at_byte:offset].decode("utf-8"))
        at_byte = offset
        chars[offset] = at_char
    for run in runs:
        run.start, run.end = chars[run.start], chars[run.end]
    for pairs in (opaque, code):
        pairs[:] = [(chars[a], chars[b]) for a, b in pairs]
    tops[:] = [chars[t] for t in tops]


def _front_matter(source: str, index: LineIndex) -> int:
    """The line after the front matter, 0 without one: a first line of three or more "-" (YAML) or "+"
    (TOML), closed by a line of at least as many (or "..." for YAML), as markdown-it's front_matter
    plugin reads it (an unclosed one is not front matter)."""
    if not source.startswith(("---", "+++")):
        return 0
    marker = source[0]
    first = index.line_text(0)
    count = len(first) - len(first.lstrip(marker))
    for line in range(1, len(index.starts)):
        text = index.line_text(line)
        if marker == "-" and text.startswith("...") and not text[3:].strip(" \t"):
            return line + 1
        body = text.lstrip(" \t")
        if not body.startswith(marker) or len(text[:len(text) - len(body)].expandtabs(4)) >= 4:
            continue
        run = len(body) - len(body.lstrip(marker))
        if run >= count and not body[run:].strip(" \t"):
            return line + 1
    return 0


def _math_blocks(text: str, index: LineIndex, runs: list[_Run], closers: list[int]) -> list[tuple[int, int, int]]:
    """The "$$" math blocks, as (first line, last line, offset of the opening "$$"), as markdown-it's dollarmath
    plugin found them: a block (not a paragraph's later line) starting with "$$", up to the next line that
    ends with "$$", blank lines and all; one line when it ends with "$$" itself, none when "$$" is elsewhere
    on it or no line closes it.

    pulldown-cmark reads "$$" only inline, so these lines become paragraphs there; they are blanked instead."""
    found: list[tuple[int, int, int]] = []
    for run in runs:
        if not run.first or not text.startswith("$$", run.start):
            continue
        first = index.line_of(run.start)
        if not _BLOCK_PREFIX.fullmatch(text, index.starts[first], run.start):
            continue  # an ATX heading's text, a table cell
        start = run.start
        while not found or first > found[-1][1]:
            last = _math_end(index, first, start, closers)
            if last < 0:
                break
            found.append((first, last, start))
            # the next line starts a block of its own: the rest of pulldown's paragraph, maybe more math
            first = last + 1
            if first >= len(index.starts) or index.starts[first] >= run.end:
                break
            line = index.line_text(first)
            start = index.starts[first] + len(line) - len(line.lstrip(" \t>"))
            if not text.startswith("$$", start):
                break
    return found


def _math_closers(text: str, index: LineIndex) -> list[int]:
    """The lines that end with "$$" (trailing whitespace aside): where a math block may close."""
    lines: list[int] = []
    at = text.find("$$")
    while at >= 0:
        line = index.line_of(at)
        if (not lines or lines[-1] != line) and index.line_text(line).strip().endswith("$$"):
            lines.append(line)
        at = text.find("$$", at + 2)
    return lines


def _math_end(index: LineIndex, first: int, start: int, closers: list[int]) -> int:
    """The last line of a math block opened by the "$$" at ``start`` on line ``first``, -1 if it is none."""
    opening = index.line_text(first)[start - index.starts[first]:]
    if len(opening.strip()) > 3:
        if opening.strip().endswith("$$"):
            return first
        if "$$" in opening[2:]:
            return -1
    after = bisect_right(closers, first)
    return closers[after] if after < len(closers) else -1


def _blank_lines(text: str, index: LineIndex, regions: list[tuple[int, int, int]], fill: str = " ") -> str:
    """``text`` with each region's lines (first line, last line, start offset) blanked: from ``start`` on the
    first and after the container prefix on the others. ``fill`` starts each blanked line ("#": an empty heading,
    a block of its own that no later line continues). Same length, same lines."""
    pieces = []
    pos = 0
    for first, last, start in regions:
        pieces.append(text[pos:start])
        pos = start
        for line in range(first, last + 1):
            line_start = index.starts[line]
            line_end = line_start + len(index.line_text(line))
            if line > first:
                pieces.append(text[pos:line_start])
                pos = line_start
                if fill != " ":  # keep the container prefix
                    line_text = text[line_start:line_end]
                    pos += len(line_text) - len(line_text.lstrip(" \t>"))
                pieces.append(text[line_start:pos])
            if line_end > pos:
                pieces.append(fill + " " * (line_end - pos - 1))
            pos = line_end
    pieces.append(text[pos:])
    return "".join(pieces)


_LETTER_LINE = regexes.compile(r"[A-Za-z]")


def reparse(previous: Parsed, source: str) -> Parsed | None:
    """The parse of ``source``, an edit of ``previous``'s text, re-reading only the top-level blocks the
    edit touched (an editor lints a 10,000-word draft on every pause): the blocks it did not touch are
    neither located nor masked again, and keep what the rules worked out from them (markdown-it's block
    pass over all of it was half of an edit's time, before pyromark). None when the edit's reach cannot
    be bounded: parse it all.

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


def _block(source: str, index: LineIndex, run: _Run, code_ranges: list) -> Block | None:
    """A masked block over a run's source: its lines from the first character of content on each (after the
    container prefix: quote markers, list indent) to the last, with what lies between blanked."""
    run_start = run.start
    if run_start and source[run_start - 1] == "\\":  # pulldown's text starts after an escaping backslash
        run_start -= 1
    pieces: list[tuple[int, int]] = []  # source (start, end) of each content line
    chunk = source[run_start:run.end]
    if "\r" not in chunk:
        pos = run_start
        for n, line in enumerate(chunk.split("\n")):
            begin = pos if n == 0 else pos + len(line) - len(line.lstrip(" \t>"))
            stop = pos + len(line.rstrip())
            if stop > begin:
                pieces.append((begin, stop))
            pos += len(line) + 1
    else:  # CR or CRLF line ends: by the lines LineIndex found
        first, last = index.line_of(run_start), index.line_of(max(run_start, run.end - 1))
        for number in range(first, last + 1):
            line_start = index.starts[number]
            line_end = min(run.end, line_start + len(index.line_text(number)))
            line = source[line_start:line_end]
            begin = run_start if number == first else line_start + len(line) - len(line.lstrip(" \t>"))
            stop = begin + len(source[begin:line_end].rstrip())
            if stop > begin:
                pieces.append((begin, stop))
    if not pieces:
        return None
    start, end = pieces[0][0], pieces[-1][1]
    raw = source[start:end]
    markup: list[tuple[int, int]] = []
    # blank the container prefixes (and trailing spaces) between content lines; most gaps are a bare line break
    gaps = [(a - start, b - start) for (_, a), (b, _) in pairwise(pieces) if b - a > 1 or source[a] not in "\r\n"]
    if gaps:
        chars = list(raw)
        for a, b in gaps:
            for j in range(a, b):
                if chars[j] not in "\r\n":
                    chars[j] = " "
                    markup.append((j, j + 1))
        raw = "".join(chars)
    local: list[tuple[int, int]] = []
    text = mask_inline(raw, local, markup)
    code_ranges.extend((start + s, start + e) for s, e in local)
    if not text.strip():
        return None
    block = Block(run.kind, start, text, level=run.level)
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
