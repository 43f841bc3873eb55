"""Code actions: quick fixes, disable comments and ``source.fixAll.vibelint``.

Disabling works by inserting vibelint comments as plain text edits, not by client-side
commands, so it works in every editor (ltex-ls' client-side actions do nothing in Neovim).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex
from lsprotocol import types

from ..engine import Diagnostic
from .documents import OpenDocument
from .linting import BufferResult

FIX_ALL = "source.fixAll.vibelint"
CODE_ACTION_KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]

_FRONT_MATTER = regex.compile(r"\A---[ \t]*(?:\r\n|\r|\n)(?:.*?(?:\r\n|\r|\n))??---[ \t]*(?:\r\n|\r|\n|\Z)",
                              regex.DOTALL)
_LINE_PREFIX = regex.compile(r"[ \t]*(?:>[ \t]?)*")  # indentation and blockquote markers

EditMaker = Callable[[list[types.TextEdit]], types.WorkspaceEdit]


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kind filtering: "source.fixAll" asks for "source.fixAll.vibelint" too."""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def code_actions(doc: OpenDocument, outcome: BufferResult, request: types.Range, only: Sequence[str] | None,
                 make_edit: EditMaker, fix_all: Callable[[], str]) -> list[types.CodeAction]:
    """The actions at ``request``; ``fix_all`` gives the buffer's text with every safe fix applied
    (the service's fix loop)."""
    index = doc.index
    start, end = index.offset(request.start), index.offset(request.end)
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        fixes, disables, seen = [], [], set()
        for diag, item in zip(outcome.diagnostics, outcome.items, strict=True):
            if diag.start > end or diag.end < start:
                continue
            if diag.fix is not None:
                fixes.append(_quick_fix(doc, diag, item, make_edit))
            line = index.line_of(diag.start)
            if not diag.rule.startswith("vibelint.") and (diag.rule, line) not in seen:
                seen.add((diag.rule, line))
                disables.append(_disable_line(doc, diag, item, make_edit))
                disables.append(_disable_file(doc, diag, item, make_edit))
        actions += fixes + disables
    if wanted(FIX_ALL, only) and any(d.fix for d in outcome.diagnostics):
        fixed = fix_all()
        if fixed != doc.text:
            actions.append(types.CodeAction(title="vibelint: fix all auto-fixable problems", kind=FIX_ALL,
                                            edit=make_edit([minimal_edit(doc, fixed)])))
    return actions


def _quick_fix(doc: OpenDocument, diag: Diagnostic, item: types.Diagnostic, make_edit: EditMaker) -> types.CodeAction:
    fix = diag.fix
    assert fix is not None  # offered only for a finding with a fix
    old = _short(doc.text[fix.start:fix.end])
    title = f"Replace '{old}' with '{_short(fix.replacement)}'" if fix.replacement else f"Remove '{old}'"
    edit = types.TextEdit(range=doc.index.range(fix.start, fix.end), new_text=fix.replacement)
    return types.CodeAction(title=f"{title} ({diag.rule})", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[item], is_preferred=True, edit=make_edit([edit]))


def _disable_line(doc: OpenDocument, diag: Diagnostic, item: types.Diagnostic,
                  make_edit: EditMaker) -> types.CodeAction:
    index = doc.index
    line = index.line_of(diag.start)
    found = _LINE_PREFIX.match(doc.text, index.starts[line], index.line_end(line))  # always matches, maybe empty
    prefix = found.group(0) if found else ""
    comment = f"{prefix}<!-- vibelint-disable-next-line {diag.rule} -->{_eol(doc)}"
    start = types.Position(line=line, character=0)
    edit = types.TextEdit(range=types.Range(start=start, end=start), new_text=comment)
    return types.CodeAction(title=f"Disable {diag.rule} for this line", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[item], edit=make_edit([edit]))


def _disable_file(doc: OpenDocument, diag: Diagnostic, item: types.Diagnostic,
                  make_edit: EditMaker) -> types.CodeAction:
    text, eol = doc.text, _eol(doc)
    front = _FRONT_MATTER.match(text) if not doc.lint_name.lower().endswith(".txt") else None
    offset = front.end() if front else 0
    comment = f"<!-- vibelint-disable-file {diag.rule} -->{eol}"
    if offset == len(text) and text and not text.endswith(("\n", "\r")):
        comment = eol + comment.removesuffix(eol)
    position = doc.index.position(offset)
    edit = types.TextEdit(range=types.Range(start=position, end=position), new_text=comment)
    return types.CodeAction(title=f"Disable {diag.rule} in this file", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[item], edit=make_edit([edit]))


def minimal_edit(doc: OpenDocument, new: str) -> types.TextEdit:
    """One edit replacing only the span between the common prefix and suffix of old and new text."""
    old = doc.text
    prefix = _common_prefix(old, new)
    suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
    start, end = prefix, len(old) - suffix
    if 0 < start < len(old) and old[start - 1] == "\r" and old[start] == "\n":  # never split a CRLF
        start -= 1
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        end += 1
    replacement = new[start:len(new) - (len(old) - end)]
    return types.TextEdit(range=doc.index.range(start, end), new_text=replacement)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by binary search over C-speed slice comparisons."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _eol(doc: OpenDocument) -> str:
    found = regex.search(r"\r\n|\r|\n", doc.text)
    return found.group(0) if found else "\n"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
