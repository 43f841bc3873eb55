"""Open documents: the server's own copy of each editor buffer, kept in sync by incremental edits.

The server keeps this store instead of pygls' workspace so that edits, diagnostics and code
actions all use one line model (``positions.TextIndex``) and one conversion per text version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import to_fs_path

from ..files import unread_markup
from .positions import UTF16, TextIndex

Change = types.TextDocumentContentChangePartial | types.TextDocumentContentChangeWholeDocument


def apply_change(text: str, change: Change, encoding: str = UTF16, index: TextIndex | None = None) -> str:
    """The text after one ``didChange`` content change (a ranged edit or the whole new text)."""
    if not isinstance(change, types.TextDocumentContentChangePartial) or change.range is None:
        return change.text
    index = index if index is not None and index.text is text else TextIndex(text, encoding)
    start = index.offset(change.range.start)
    end = max(start, index.offset(change.range.end))
    return text[:start] + change.text + text[end:]


def apply_changes(text: str, changes: list[Change], encoding: str = UTF16) -> str:
    """Changes apply in order, each to the result of the previous one (LSP semantics)."""
    for change in changes:
        text = apply_change(text, change, encoding)
    return text


@dataclass
class OpenDocument:
    uri: str
    language_id: str
    version: int | None
    text: str
    encoding: str = UTF16
    outcome: Any = None  # the latest linting.BufferResult for this document, reused while still current
    out_of_sync: bool = False  # a change could not be read: the text is wrong until the whole text comes again
    _index: TextIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> TextIndex:
        if self._index is None or self._index.text is not self.text:
            self._index = TextIndex(self.text, self.encoding)
        return self._index

    def update(self, changes: list[Change], version: int | None) -> None:
        for change in changes:
            self.text = apply_change(self.text, change, self.encoding, self._index)
            self._index = None
        self.version = version

    @property
    def path(self) -> Path | None:
        """The file on disk, or None for untitled buffers and non-file URIs."""
        if not self.uri.startswith("file:"):
            return None
        fs_path = to_fs_path(self.uri)
        return Path(fs_path) if fs_path else None

    @property
    def name(self) -> str:
        """The file name, or the URI's last part for untitled buffers and non-file URIs."""
        return self.path.name if self.path else self.uri.rsplit("/", 1)[-1] or "untitled"

    @property
    def lint_name(self) -> str:
        """The name the engine parses under: its suffix picks Markdown or plain text.

        The editor's language id wins over the file name, so a ``.txt`` buffer switched to
        Markdown is linted as Markdown and an untitled plain-text buffer as plain text.
        """
        name = self.name
        is_txt = name.lower().endswith(".txt")
        if self.language_id in ("plaintext", "text") and not is_txt:  # Neovim says "text"
            return name + ".txt"
        if self.language_id == "markdown" and (is_txt or unread_markup(name)):
            return name + ".md"  # the user chose Markdown for this buffer
        return name
