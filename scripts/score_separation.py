#!/usr/bin/env python3
"""Does the voice score tell the author's writing from off-voice drafts? Prints ROC AUC and score distributions.

    python scripts/score_separation.py
    python scripts/score_separation.py --corpus PATH --drafts DIR

Author side: each tweets-day of ../shared/corpus/tweets.jsonl (his tweets of one date, joined).
Other side: tests/data/off_voice/*.md (corporate, hype and AI-filler drafts written for the test).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.voice.score import shipped_baseline  # noqa: E402
from vibelint.voice.separation import measure, report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "tweets.jsonl")
    parser.add_argument("--drafts", type=Path, default=ROOT / "tests" / "data" / "off_voice")
    args = parser.parse_args()
    for path in (args.corpus, args.drafts):
        if not path.exists():
            print(f"score_separation: error: {path}: not found", file=sys.stderr)
            return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    print(report(measure(args.corpus, args.drafts, ruleset, shipped_baseline())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
