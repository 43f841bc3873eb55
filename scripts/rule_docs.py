"""Write each rule pack's page, ``rules/PACK/README.md``, from its rule files; ``--check`` says which are stale.

    python scripts/rule_docs.py            # rewrite the page of every pack under rules/
    python scripts/rule_docs.py --check    # exit 1 naming each page that differs from its rule files
    python scripts/rule_docs.py rules/zh   # only these pack folders

The page is the rule files rendered: per rule its summary, severity, kind, the spec section it
comes from, the rationale, the options the file sets and the examples (which tests/test_rule_examples.py
runs), so it cannot say anything the rules do not. Any folder of rule files works; a rule without
examples (the type allows it) gets a page section without them. tests/test_rule_docs.py fails
when a page is stale, so a rule change that forgets to run this is caught.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.packs import ConfigError, Rule, load_folder  # noqa: E402

PAGE = "README.md"
SHOWN_ENTRIES = 6  # a list option shows this many entries, then how many more there are
LONG_EXAMPLE = 300  # characters; longer examples fold away under their first words


def pack_folders(root: Path = ROOT / "rules") -> list[Path]:
    """Every folder under ``rules/`` holding rule files."""
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.rglob("*.toml")))


def render_pack(folder: Path, rules: list[Rule]) -> str:
    """The whole page of one pack folder, as Markdown."""
    name = folder.name
    lines = ["<!-- Generated from the rule files in this folder by scripts/rule_docs.py: edit the .toml files and",
             "     run `python scripts/rule_docs.py`; a test fails when this page is stale. -->", "",
             f"# The `{name}` rule pack", "",
             (f"{len(rules)} rules, one TOML file each in this folder. Every section below is generated from its rule "
             "file: what the rule flags, why (with the section of the style study it comes from), the options the "
             "file sets (a config's `[rules.\"ID\"]` table overrides them) and its examples, which the test suite "
             "runs: each bad example must be flagged, each good one must not, each fix must give the text shown."),
             "", "| rule | severity | kind | flags |", "|---|---|---|---|"]
    lines += [f"| [`{r.id}`](#{_anchor(r.id)}) | {r.severity} | {r.kind} | {_cell(r.summary)} |" for r in rules]
    for rule in rules:
        lines += ["", *render_rule(rule, folder)]
    return "\n".join(lines) + "\n"


def render_rule(rule: Rule, folder: Path) -> list[str]:
    """One rule's section."""
    file = Path(rule.origin).relative_to(folder).as_posix()
    facts = [f"severity **{rule.severity}**", f"kind `{rule.kind}`"]
    if rule.lang:
        facts.append(f"reads `{rule.lang}` sentences")
    if rule.scope:
        facts.append("blocks: " + ", ".join(f"`{s}`" for s in rule.scope))
    facts.append(f"file [`{file}`]({file})")
    lines = [f"## {rule.id}", "", f"**{_escape(rule.summary)}**" if rule.summary else "", "",
             " · ".join(facts), "", f"**Spec:** {_escape(rule.spec)}"]
    if rule.link:
        lines.append(f"**Link:** <{rule.link}>")
    lines += ["", "### Why", "", *_paragraphs(rule.why)]
    options = list(_option_rows(rule.options))
    if options:
        lines += ["", "### Options", "", "| option | value |", "|---|---|"]
        lines += [f"| `{key}` | {value} |" for key, value in options]
    examples = rule.examples
    if examples.bad or examples.good or examples.fix:
        lines += ["", "### Examples"]
        for label, texts in (("Flagged", examples.bad), ("Not flagged", examples.good)):
            if texts:
                lines += ["", f"{label}:", "", *[line for text in texts for line in _example(text)]]
        if examples.fix:
            lines += ["", "Fixed by `--fix`:", ""]
            lines += [f"- {_escape(f.text)} → {_escape(f.expected)}" for f in examples.fix]
    return [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]  # no double blank lines


def _option_rows(options: dict[str, Any], prefix: str = ""):
    """(key, Markdown value) per option; nested tables flatten to dotted keys, long lists are cut short."""
    for key, value in options.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and not all(isinstance(v, str) for v in value.values()):
            yield from _option_rows(value, name + ".")  # a table of options (``soft``)
        elif isinstance(value, dict):  # phrase -> advice or replacement
            shown = [f"{_code(k)} → {_code(v)}" if v else _code(k) for k, v in list(value.items())[:SHOWN_ENTRIES]]
            yield name, _listed(shown, len(value))
        elif isinstance(value, list):
            yield name, _listed([_code(v) for v in value[:SHOWN_ENTRIES]], len(value))
        else:
            yield name, _code(value)


def _listed(shown: list[str], total: int) -> str:
    if total == 0:
        return "(none)"
    more = f", … ({total} entries)" if total > len(shown) else ""
    return ", ".join(shown) + more


def _code(value: Any) -> str:
    """A value as inline code (long ones cut), fenced by more backticks than it holds; pipes escaped for tables."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    text = " ".join(text.split())
    if len(text) > 80:
        text = text[:77] + "..."
    ticks = "`" * (max(map(len, re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{ticks}{padded}{ticks}".replace("|", "\\|")


def _example(text: str) -> list[str]:
    """An example as list item lines: short ones inline, long or multi-paragraph ones folded."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    if len(paragraphs) == 1 and len(paragraphs[0]) <= LONG_EXAMPLE:
        return [f"- {_escape(paragraphs[0])}"]
    words = len(text.split())
    head = " ".join(text.split()[:10])
    quoted = [line for p in paragraphs for line in (f"  > {_escape(p)}", "  >")][:-1]
    return [f"- <details><summary>{words} words: {_escape(head)} …</summary>", "", *quoted, "", "  </details>"]


def _paragraphs(text: str) -> list[str]:
    """The rationale as written: its line breaks are wrapping, its blank lines paragraphs, its `code` code."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    return [line for p in paragraphs for line in (_prose(p), "")][:-1]


def _prose(text: str) -> str:
    """Text escaped as ``_escape`` does, except its `code spans`, which the rule files use as Markdown does."""
    parts = re.split(r"(`+[^`]+`+)", text)
    return "".join(part if i % 2 else _escape(part, at_start=i == 0) for i, part in enumerate(parts))


_SPECIAL = set("\\`*_[]<>|~")


def _escape(text: str, at_start: bool = True) -> str:
    """Text shown as written, not read as Markdown: punctuation that could be markup is escaped."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text).replace("&", "&amp;")
    if not at_start:
        return out
    if out[:1] in ("#", "+", "-", "="):  # would start a heading, a list or an underline
        return "\\" + out
    number = re.match(r"\d+(?=[.)](?:\s|$))", out)  # "1. " would start an ordered list
    return out[:number.end()] + "\\" + out[number.end():] if number else out


def _cell(text: str) -> str:
    return _escape(text).replace("\n", " ")


def _anchor(rule_id: str) -> str:
    """GitHub's heading anchor: lowercase, punctuation other than - and _ dropped, spaces as -."""
    return "".join(ch for ch in rule_id.lower().replace(" ", "-") if ch.isalnum() or ch in "-_")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="pack folders (default: every folder under rules/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a page is stale")
    args = parser.parse_args(argv)
    stale = []
    for folder in args.folders or pack_folders():
        try:
            rules = load_folder(folder)
        except ConfigError as exc:
            print(f"rule_docs: error: {exc}", file=sys.stderr)
            return 2
        page = folder / PAGE
        text = render_pack(folder, rules)
        current = page.read_text(encoding="utf-8") if page.exists() else None
        if current == text:
            continue
        stale.append(page)
        if not args.check:
            page.write_text(text, encoding="utf-8")
            print(f"wrote {page} ({len(rules)} rules)")
    if args.check and stale:
        for page in stale:
            print(f"rule_docs: {page} is stale: run `python scripts/rule_docs.py`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
