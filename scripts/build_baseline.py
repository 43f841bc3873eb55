#!/usr/bin/env python3
"""Rebuild the voice score's baseline (src/vibelint/voice/baseline.json) from the author's own writing.

    python scripts/build_baseline.py            # write the data file
    python scripts/build_baseline.py --check    # exit 1 if the shipped file is not current

Sources: his long-form documents (../shared/corpus/longform/kp_*.md) for the style metrics and
his tweets (../shared/corpus/tweets.jsonl) as well for the finding rates; see
src/vibelint/voice/baseline.py for which metric uses which. The baseline depends on both corpora
and on the karpathy rule pack (every rule's rate is part of it), so rerun it after changing any
rule; a test runs ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.voice.baseline import (  # noqa: E402
    author_days,
    build,
    dumps,
    longform_documents,
    profile_all,
    profile_days,
)

CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = ROOT / "src" / "vibelint" / "voice" / "baseline.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS / "tweets.jsonl", help="his tweets (JSON lines)")
    parser.add_argument("--longform", type=Path, default=CORPUS / "longform", help="folder of his kp_*.md documents")
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args()
    for path, kind in ((args.corpus, "file"), (args.longform, "folder")):
        if not (path.is_file() if kind == "file" else path.is_dir()):
            print(f"build_baseline: error: {path}: no such {kind}", file=sys.stderr)
            return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    documents = longform_documents(args.longform)
    if not documents:
        print(f"build_baseline: error: {args.longform}: no kp_*.md documents", file=sys.stderr)
        return 2
    data = build(profile_all(documents, ruleset), profile_days(author_days(args.corpus), ruleset))
    text = dumps(data)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/build_baseline.py", file=sys.stderr)
            return 1
        print(f"{args.out}: current ({data['source']})")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({data['source']}, {len(data['metrics'])} metrics, {len(data['rule_rates'])} rule rates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
