"""Code-point offsets <-> LSP positions, in the client's position encoding (UTF-16 by default).

The engine reports offsets in code points; LSP counts columns in UTF-16 code units unless the
client negotiated UTF-8 or UTF-32. Line starts are computed once per text and looked up with
``bisect``: rescanning the lines for each of thousands of diagnostics is what makes pygls'
own conversion slow. Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line: that is the LSP rule,
unlike ``str.splitlines``, which also breaks at form feeds and U+2028.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types

from ..text.source import line_starts

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """Length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class TextIndex:
    """Line starts of one text version, for conversions in O(log lines + line length)."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.text = text
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16
        self.starts = line_starts(text)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line_end(self, line: int) -> int:
        """Offset of the line's last character + 1, before its line break."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        if self.text[end - 1] == "\n":
            end -= 1
            if end > self.starts[line] and self.text[end - 1] == "\r":
                end -= 1
        elif self.text[end - 1] == "\r":
            end -= 1
        return end

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        return types.Position(line=line, character=units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """Clamped like the spec says: past the last line is the end, past a line's end is its end."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self.line_end(position.line)
        wanted = max(0, position.character)
        line = self.text[start:end]
        if self.encoding == UTF32 or line.isascii():
            return start + min(wanted, len(line))
        count = 0
        for i, char in enumerate(line):
            if count >= wanted:
                return start + i
            count += units(char, self.encoding)
        return end
