#!/usr/bin/env python3
"""A digest of every finding on the regression drafts, to prove an engine change moves none.

    python scripts/findings_digest.py            # compare with tests/data/findings_digest.json
    python scripts/findings_digest.py --write    # record the current findings as the reference
    python scripts/findings_digest.py --show F   # print the findings of files whose path contains F

The drafts: every Markdown file of ../shared/corpus (his tweets, ``longform/``, the other
authors, the Chinese tweets) and the 1 MB benchmark draft (``make_corpus.py``'s bench_1m.md:
his tweets repeated at paragraph boundaries, rebuilt in a temporary folder when missing). Each
file is linted in-process with every built-in rule (info included); its findings (rule,
severity, message, span, fix, suggestions) are hashed. The hash per file is committed, so a
difference names the file without storing the findings themselves. ``tests/test_findings_digest.py``
runs the comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = ROOT / "tests" / "data" / "findings_digest.json"
BENCH = "bench_1m.md"


def drafts(tmp: Path) -> dict[str, Path]:
    """Name -> path of every regression draft, the benchmark draft built under ``tmp`` if need be."""
    found = {str(p.relative_to(CORPUS)): p for p in sorted(CORPUS.rglob("*.md"))}
    built = ROOT / "bench" / "out" / BENCH
    if not built.exists():
        subprocess.run([sys.executable, str(CORPUS / "make_corpus.py"), "--out", str(tmp)], check=True,
                       capture_output=True)
        built = tmp / BENCH
    found[f"bench/{BENCH}"] = built
    return found


def findings(path: Path, ruleset) -> list[list]:
    from vibelint.engine import lint

    result = lint(path.read_text(encoding="utf-8"), str(path), ruleset)
    return [[d.rule, d.severity, d.message, d.start, d.end, d.fix and [d.fix.start, d.fix.end, d.fix.replacement],
             d.suggestions] for d in result.diagnostics]


def digest(rows: list[list]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


def current() -> dict[str, list]:
    """Name -> [finding count, digest] for every draft."""
    sys.path.insert(0, str(ROOT / "src"))
    from vibelint.config import CliOptions, load_config

    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    with tempfile.TemporaryDirectory() as tmp:
        out = {}
        for name, path in drafts(Path(tmp)).items():
            rows = findings(path, ruleset)
            out[name] = [len(rows), digest(rows)]
        return out


def differences(now: dict[str, list], reference: dict[str, list]) -> list[str]:
    lines = [f"{name}: {reference.get(name)} -> {now.get(name)}" for name in sorted(set(now) | set(reference))
             if now.get(name) != reference.get(name)]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the current findings as the reference")
    parser.add_argument("--show", help="print the findings of drafts whose name contains this")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"findings_digest: error: {CORPUS}: not found", file=sys.stderr)
        return 2
    if args.show:
        sys.path.insert(0, str(ROOT / "src"))
        from vibelint.config import CliOptions, load_config

        ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
        with tempfile.TemporaryDirectory() as tmp:
            for name, path in drafts(Path(tmp)).items():
                if args.show in name:
                    for row in findings(path, ruleset):
                        print(name, json.dumps(row, ensure_ascii=False))
        return 0
    now = current()
    if args.write:
        REFERENCE.write_text(json.dumps(now, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {REFERENCE.relative_to(ROOT)}: {len(now)} drafts, {sum(n for n, _ in now.values())} findings")
        return 0
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    diff = differences(now, reference)
    for line in diff:
        print(line)
    print(f"{len(now)} drafts, {sum(n for n, _ in now.values())} findings: "
          + ("identical" if not diff else f"{len(diff)} differ"))
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
