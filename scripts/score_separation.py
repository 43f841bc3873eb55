#!/usr/bin/env python3
"""Does the voice score tell the author's long-form writing from off-voice prose? Prints ROC AUC and medians.

    python scripts/score_separation.py                # k-fold (5) held out, in-sample, other writers
    python scripts/score_separation.py --folds 42     # leave one document out
    python scripts/score_separation.py --metrics      # per-metric separation (which metrics to score)

His side: ../shared/corpus/longform/kp_*.md; off-voice: dev_off_*.md beside them; other writers:
../shared/corpus/authors/<name>/*.md. The baseline for each fold is built without that fold's documents.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.voice.separation import measure, metric_separation, report  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--longform", type=Path, default=CORPUS / "longform")
    parser.add_argument("--tweets", type=Path, default=CORPUS / "tweets.jsonl")
    parser.add_argument("--authors", type=Path, default=CORPUS / "authors")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--metrics", action="store_true",
                        help="print each metric's own AUC, his long-form vs off-voice")
    args = parser.parse_args()
    for path in (args.longform, args.tweets):
        if not path.exists():
            print(f"score_separation: error: {path}: not found", file=sys.stderr)
            return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    if args.metrics:
        print(metric_separation(args.longform, ruleset))
        return 0
    others = {d.name: sorted(d.glob("*.md")) for d in sorted(args.authors.iterdir()) if d.is_dir()} \
        if args.authors.is_dir() else {}
    print(report(measure(args.longform, args.tweets, ruleset, args.folds, others)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
