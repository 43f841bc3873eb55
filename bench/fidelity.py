#!/usr/bin/env python3
"""How close the pack is to the voice, on the development sets in ../shared/corpus (in-process).

    python bench/fidelity.py                 # the table: warnings per 1k words per set and rule, AUC
    python bench/fidelity.py --show RULE     # every warning of rules whose id contains RULE, with its text
    python bench/fidelity.py --all           # count info findings too

Sets: tweets (corpus/karpathy_en.md, his 2024 tweets), kp (corpus/longform/kp_*.md, his blog
posts, course notes and READMEs), dev_off (corpus/longform/dev_off_*.md, real off-voice text:
LLM essays and stories, press releases, hype news), authors (corpus/authors/**, other plain
writers: not a target, shown to watch false positives). Words are counted as
``../shared/tools/fidelity.py`` counts them (letters outside code fences and comments), so the
figures agree with that outside check. The voice score is given twice: against the shipped
baseline (in-sample, as the outside check measures it) and with his documents held out of the
baseline (5-fold, as ``scripts/score_separation.py`` measures it).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

from shared_corpus import missing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import lint  # noqa: E402
from vibelint.voice.profile import profile_document  # noqa: E402
from vibelint.voice.score import score_profile  # noqa: E402
from vibelint.voice.separation import auc, measure  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
TARGETS = {"tweets": ("<=", 1.0), "kp": ("<=", 0.8), "dev_off": (">=", 30.0)}


def prose_words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", _COMMENT.sub("", _FENCE.sub("", text))))


def sets() -> dict[str, list[Path]]:
    longform = CORPUS / "longform"
    return {"tweets": [CORPUS / "karpathy_en.md"], "kp": sorted(longform.glob("kp_*.md")),
            "dev_off": sorted(longform.glob("dev_off_*.md")), "authors": sorted((CORPUS / "authors").rglob("*.md"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", help="print every finding of rules whose id contains this")
    parser.add_argument("--all", action="store_true", help="count info and hint findings too")
    parser.add_argument("--files", type=int, default=5)
    args = parser.parse_args()
    if missing("fidelity", CORPUS):
        return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    counted = ("error", "warning", "info", "hint") if args.all else ("error", "warning")
    scores: dict[str, list[int]] = {}
    for name, files in sets().items():
        words = found = 0
        rules: collections.Counter[str] = collections.Counter()
        per_file = []
        scores[name] = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            n = prose_words(text)
            result = lint(text, str(path), ruleset)
            hits = [d for d in result.diagnostics if d.severity in counted]
            words += n
            found += len(hits)
            rules.update(d.rule for d in hits)
            per_file.append((1000 * len(hits) / max(n, 1), path.name))
            scores[name].append(score_profile(profile_document(result.document, result.diagnostics, ruleset)).score)
            if args.show:
                for d in hits:
                    if args.show in d.rule:
                        line = text.count("\n", 0, d.start) + 1
                        ctx = text[max(0, d.start - 60):d.end + 60].replace("\n", " ")
                        print(f"  [{name}] {path.name}:{line} {d.rule}: {text[d.start:d.end]!r}  …{ctx}…")
        rate = 1000 * found / max(words, 1)
        op, target = TARGETS.get(name, ("", None))
        goal = f"  (target {op} {target})" if target is not None else ""
        print(f"{name}: {rate:.2f} per 1k words ({found} in {words} words, {len(files)} files){goal}")
        print("   by rule: " + (", ".join(f"{r.split('.', 1)[-1]} {c}" for r, c in rules.most_common()) or "none"))
        if len(files) > 1:
            order = sorted(per_file, reverse=(name != "dev_off"))[: args.files]
            label = "least flagged" if name == "dev_off" else "most flagged"
            print(f"   {label}: " + "; ".join(f"{f} {r:.1f}" for r, f in order))
    kp, off = scores["kp"], scores["dev_off"]
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    print(f"voice score (shipped baseline): kp median {med(kp)} (min {min(kp)}), dev_off median {med(off)} "
          f"(max {max(off)}), authors median {med(scores['authors'])}; ROC AUC kp vs dev_off {auc(kp, off):.3f}")
    sep = measure(CORPUS / "longform", CORPUS / "tweets.jsonl", ruleset, folds=5)
    held = sorted(sep.held_out.values())
    print(f"voice score (his documents held out, 5-fold): kp median {held[len(held) // 2]} (min {held[0]}); "
          f"ROC AUC kp vs dev_off {sep.held_out_auc:.3f}  (target >= 0.98, kp median >= 85)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
