"""A rule explained in words: the one-line summary and the full ``explain`` text (CLI and SARIF share them)."""

from __future__ import annotations

from ..packs import Rule


def explain_text(rule: Rule) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity})", "", rule.why.strip(), "", f"Spec: {rule.spec}"]
    if rule.link:
        lines.append(f"Link: {rule.link}")
    examples = [(label, items) for label, items in (
        ("Bad", rule.examples.bad), ("Good", rule.examples.good),
        ("Fix", [f"{f.text}  ->  {f.expected}" for f in rule.examples.fix])) if items]
    if examples:  # rules from Vale styles come without examples
        lines.append("")
        for label, items in examples:
            lines += [f"{label}:"] + [f"  - {item}" for item in items]
    lines += ["", f"Defined in {rule.origin}" + (f" ({rule.source})" if rule.source else "")]
    return "\n".join(lines)


def summary(rule: Rule) -> str:
    """The rule's one line: its ``summary``, else (a Vale rule) the first sentence of its rationale."""
    if rule.summary:
        return rule.summary
    text = " ".join(rule.why.split())
    for mark in (". ", "? ", "! "):
        if mark in text:
            text = text.split(mark, 1)[0] + mark.strip()
            break
    return text if len(text) <= 100 else text[:97] + "..."
