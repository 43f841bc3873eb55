#!/usr/bin/env python3
"""Rebuild the voice score's baseline (src/vibelint/voice/baseline.json) from the author's tweets.

    python scripts/build_baseline.py            # write the data file
    python scripts/build_baseline.py --check    # exit 1 if the shipped file is not current
    python scripts/build_baseline.py --corpus PATH

The baseline depends on the corpus and on the karpathy rule pack (rule rates are metrics), so
rerun it after changing either; a test runs ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.voice.baseline import author_days, build, dumps, profile_days  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "tweets.jsonl"
TARGET = ROOT / "src" / "vibelint" / "voice" / "baseline.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"build_baseline: error: {args.corpus}: no such file", file=sys.stderr)
        return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    data = build(profile_days(author_days(args.corpus), ruleset), args.corpus.name)
    text = dumps(data)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/build_baseline.py", file=sys.stderr)
            return 1
        print(f"{args.out}: current ({data['source']})")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({data['source']}, {len(data['metrics'])} metrics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
