"""Reading a draft: bytes to text and back without losing a byte, plus offset to line/column."""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins: a line ends at CRLF, CR or LF (not at U+2028 or form feed).

    The list is shared, never to be changed: the parser's index and the editor's index of one text
    version ask for the same text object in turn, on every keystroke, and the second gets the first's list.
    """
    global _last
    last_text, last_starts = _last
    if text is last_text:
        return last_starts
    if "\r" not in text:  # the common case, without a match object per line
        starts = list(accumulate((len(line) + 1 for line in text.split("\n")[:-1]), initial=0))
    else:
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    _last = (text, starts)
    return starts


_last: tuple[str, list[int]] = ("", [0])  # the text line_starts read last (itself, not a copy), and its starts

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file vibelint cannot read; the message is one line that names the file."""


@dataclass(frozen=True)
class Encoding:
    """How a file was stored, so a fix can write it back the same way."""

    name: str = "utf-8"
    bom: bytes = b""
    lossy: bool = False  # decoded with replacement characters: writing it back would lose bytes


def decode(data: bytes, path: str, errors: str = "strict") -> tuple[str, Encoding]:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an InputError.

    ``errors="replace"`` decodes undecodable bytes as U+FFFD instead (the Encoding is then lossy).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            body, enc = data[len(bom):], Encoding(name, bom)
            break
    else:
        body, enc = data, Encoding()
    if b"\x00" in body[:8000] and enc.name == "utf-8":
        raise InputError(f"{path}: binary file (NUL byte), skipped")
    try:
        return body.decode(enc.name), enc
    except UnicodeDecodeError as exc:
        if errors == "replace":
            return body.decode(enc.name, "replace"), Encoding(enc.name, enc.bom, lossy=True)
        raise InputError(
            f"{path}: not valid {enc.name.upper()}: byte 0x{body[exc.start]:02x} at offset {exc.start + len(enc.bom)}"
        ) from None


def encode(text: str, enc: Encoding) -> bytes:
    return enc.bom + text.encode(enc.name)


def write_atomic(path: str, text: str, enc: Encoding) -> None:
    """Write through a temp file in the same folder and rename, keeping the file mode."""
    if enc.lossy:
        raise InputError(f"{path}: not written: it was read with replacement characters")
    data = encode(text, enc)
    folder = os.path.dirname(os.path.abspath(path))
    from ..cachefiles import make_temp

    fd, tmp = make_temp(folder, ".vibelint-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class LineIndex:
    """Line starts of a text, for offset -> (line, column) in O(log n)."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = line_starts(self.text)

    def line_of(self, offset: int) -> int:
        """0-based line containing offset."""
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in code points)."""
        line = self.line_of(offset)
        return line, offset - self.starts[line]

    def line_text(self, line: int) -> str:
        """The line without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, column: int) -> int:
        line = max(0, min(line, len(self.starts) - 1))
        return min(self.starts[line] + column, len(self.text))
