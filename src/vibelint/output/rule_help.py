"""A rule explained in words: the one-line summary and the full ``explain`` text (CLI and SARIF share them)."""

from __future__ import annotations

from ..packs import Rule


def explain_text(rule: Rule) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity})", "", rule.why.strip(), "", f"Spec: {rule.spec}"]
    if rule.link:
        lines.append(f"Link: {rule.link}")
    if rule.examples.bad or rule.examples.good:  # Vale rules come without examples
        lines += ["", "Bad:"] + [f"  - {b}" for b in rule.examples.bad]
        lines += ["Good:"] + [f"  - {g}" for g in rule.examples.good]
    if rule.examples.fix:
        lines += ["Fix:"] + [f"  - {f.text}  ->  {f.expected}" for f in rule.examples.fix]
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
