"""Hover on a flagged span: why the rule exists, with one bad and one good example when the rule has them."""

from __future__ import annotations

from lsprotocol import types

from ..packs import Rule
from .documents import OpenDocument
from .linting import BufferResult


def hover(doc: OpenDocument, outcome: BufferResult, position: types.Position) -> types.Hover | None:
    offset = doc.index.offset(position)
    hits = [(d, item) for d, item in zip(outcome.diagnostics, outcome.items, strict=True) if d.start <= offset <= d.end]
    if not hits:
        return None
    rules = outcome.rules
    sections = [rule_markdown(rules.get(d.rule), d.rule, d.message, d.severity) for d, _ in hits]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
                       range=hits[0][1].range)


def rule_markdown(rule: Rule | None, rule_id: str, message: str, severity: str) -> str:
    lines = [f"**{message}**", "", f"`{rule_id}` ({severity})"]
    if rule is None:
        return "\n".join(lines)
    why = "\n\n".join(" ".join(part.split()) for part in rule.why.strip().split("\n\n"))
    lines += ["", why, "", f"*Spec:* {rule.spec}"]
    examples = [f"*{label}:* {texts[0]}"
                for label, texts in (("Bad", rule.examples.bad), ("Good", rule.examples.good)) if texts]
    if examples:  # rules from Vale styles come without examples
        lines += ["", "  \n".join(examples)]
    if rule.link:
        lines += ["", f"[More about {rule_id}]({rule.link})"]
    return "\n".join(lines)
