#!/usr/bin/env python3
"""Do the pyromark parser (``text/parse.py``) and the markdown-it one it replaced give the same blocks?

    python scripts/parser_agreement.py             # counts, and each file whose blocks differ
    python scripts/parser_agreement.py --show F    # the differing blocks of files whose name contains F

The texts: every Markdown and text file of ../shared (corpus, longform, other authors, Chinese,
reference lists, notes), this repository's README, examples/ and tests/data/, and every rule's good,
bad and fix examples. A block is compared whole: kind, start, masked text, heading level, markup and
code ranges; the directives too. markdown-it is the ``test`` extra's (tests/markdown_it_reference.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from markdown_it_reference import parse_markdown as markdown_it_parse  # noqa: E402

from vibelint.text.parse import parse_markdown  # noqa: E402


def texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every text compared."""
    files = [ROOT / "README.md", *sorted((ROOT / "examples").rglob("*.md")),
             *sorted((ROOT / "tests" / "data").rglob("*.md"))]
    if SHARED.is_dir():
        files += sorted(p for p in SHARED.rglob("*") if p.suffix in (".md", ".txt") and p.is_file())
    for path in files:
        name = str(path.relative_to(ROOT.parent if path.is_relative_to(SHARED) else ROOT))
        yield name, path.read_text(encoding="utf-8", errors="replace")
    from vibelint.packs import builtin_rules

    for rule in builtin_rules():
        examples = [*rule.examples.good, *rule.examples.bad, *(e.text for e in rule.examples.fix)]
        for n, text in enumerate(examples):
            yield f"rule {rule.id} example {n}", text


def blocks(document) -> list[tuple]:
    return [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in document.blocks]


def directives(document) -> list[tuple]:
    return [(d.action, d.rule_ids, d.start, d.end) for d in document.directives]


def compare(text: str) -> tuple[list[tuple], list[tuple]]:
    """The blocks (and directives) only one of the two parsers gives: (markdown-it's, pyromark's)."""
    old, new = markdown_it_parse(text), parse_markdown(text)
    a, b = blocks(old) + directives(old), blocks(new) + directives(new)
    b_set, a_set = set(map(repr, b)), set(map(repr, a))
    return [x for x in a if repr(x) not in b_set], [x for x in b if repr(x) not in a_set]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", metavar="F", help="print the differing blocks of files whose name contains F")
    args = parser.parse_args()
    count = same = total = 0
    differing = []
    for name, text in texts():
        count += 1
        only_old, only_new = compare(text)
        total += len(parse_markdown(text).blocks)
        if not only_old and not only_new:
            same += 1
            continue
        differing.append(name)
        print(f"{name}: {len(only_old)} blocks only markdown-it gives, {len(only_new)} only pyromark")
        if args.show is not None and args.show in name:
            for block in only_old:
                print("  markdown-it:", repr(block)[:400])
            for block in only_new:
                print("  pyromark:   ", repr(block)[:400])
    print(f"{count} texts, {total} blocks: {same} parse the same, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
