"""A rule explained in words: the one-line summary and the full ``explain`` text (CLI and SARIF share them)."""

from __future__ import annotations

from ..packs import Rule


LABELS = {
    "en": {"spec": "Spec", "link": "Link", "bad": "Bad", "good": "Good", "fix": "Fix", "defined": "Defined in"},
    "zh": {"spec": "出处", "link": "链接", "bad": "反例", "good": "正例", "fix": "修改", "defined": "定义于"},
}


def explain_text(rule: Rule, lang: str = "en") -> str:
    """The rule's rationale and examples; ``lang="zh"`` gives its Chinese words where it has them."""
    words = LABELS.get(lang, LABELS["en"])
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity})", "", rule.text("why", lang).strip(), "",
             f"{words['spec']}: {rule.spec}"]
    if rule.link:
        lines.append(f"{words['link']}: {rule.link}")
    examples = [(label, items) for label, items in (
        (words["bad"], rule.examples.bad), (words["good"], rule.examples.good),
        (words["fix"], [f"{f.text}  ->  {f.expected}" for f in rule.examples.fix])) if items]
    if examples:  # rules from Vale styles come without examples
        lines.append("")
        for label, items in examples:
            lines += [f"{label}:"] + [f"  - {item}" for item in items]
    lines += ["", f"{words['defined']} {rule.origin}" + (f" ({rule.source})" if rule.source else "")]
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
