#!/usr/bin/env python3
"""The Chinese pack on real Chinese text: rates, the seed's translations, coverage of public lists.

    python bench/zh.py                 # rates per 1,000 Han characters, plain vs off-voice; seed; coverage
    python bench/zh.py --show RULE     # every finding of rules whose id contains RULE, with its context
    python bench/zh.py --list NAME     # one reference list in full: each entry and how it is covered

Sets: ../shared/corpus/zh/dev_plain_* (阮一峰, 王垠, Tw93: human plain prose; target <= 1.0
warnings per 1,000 Han characters) and dev_off_* (generated blogs, Alpaca answers, vendor pages,
a 黑话 talk, a notice, hype; target >= 20). Characters are Han characters outside code fences
and comments. The seed check lints the Chinese translations of Karpathy's 2024 tweets in
../shared/seeds/000_*.txt (pipeline tags and 中文（English） glosses stripped) and lists the
findings per rule. Coverage lints each entry of ../shared/reference/zh/* as a sentence alone
(hard) and in a paragraph with other soft entries of the rule that would fire (soft).
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
from vibelint.text.script import han_count, sentence_language  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "zh"
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TARGETS = {"plain": ("<=", 1.0), "off": (">=", 20.0)}
COUNTED = ("error", "warning")
HEADLINES = ("值得注意的是", "令人惊叹", "进行")


def prose_han(text: str) -> int:
    return han_count(_COMMENT.sub("", _FENCE.sub("", text)))


def rates(ruleset, show: str | None) -> None:
    for name in ("plain", "off"):
        files = sorted(CORPUS.glob(f"dev_{name}_*.md"))
        chars = found = 0
        rules: collections.Counter[str] = collections.Counter()
        per_file = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            n = prose_han(text)
            hits = [d for d in lint(text, str(path), ruleset).diagnostics if d.severity in COUNTED]
            chars += n
            found += len(hits)
            rules.update(d.rule for d in hits)
            per_file.append((1000 * len(hits) / max(n, 1), path.name))
            for d in hits:
                if show and show in d.rule:
                    ctx = text[max(0, d.start - 25):d.end + 25].replace("\n", " ")
                    print(f"  [{name}] {path.name}: {d.rule} {text[d.start:d.end]!r}  …{ctx}…")
        op, target = TARGETS[name]
        print(f"{name}: {1000 * found / max(chars, 1):.2f} per 1k Han characters ({found} in {chars} characters, "
              f"{len(files)} files)  (target {op} {target})")
        print("   by rule: " + (", ".join(f"{r} {c}" for r, c in rules.most_common()) or "none"))
        order = sorted(per_file, reverse=(name == "plain"))[:4]
        print(f"   {'most' if name == 'plain' else 'least'} flagged: " + "; ".join(f"{f} {r:.1f}" for r, f in order))


_TAG = re.compile(r"</?[a-z][a-z0-9_]*>")
_GLOSS = re.compile(r"（[^（）一-鿿]*[A-Za-z][^（）一-鿿]*）")  # 中文（English）: the English gloss


def seed_translations() -> str:
    """The Chinese paragraphs of the tweet file: tags and 中文（English） glosses stripped."""
    seeds = sorted((SHARED / "seeds").glob("000_*.txt"))
    if not seeds:
        return ""
    paragraphs = []
    for para in re.split(r"\n\s*\n", seeds[0].read_text(encoding="utf-8")):
        para = _GLOSS.sub("", _TAG.sub("", para)).strip()
        if para and not para.startswith(("#", "作者:", "时间:", "链接:", "互动:")) and sentence_language(para) == "zh":
            paragraphs.append(para)
    return "\n\n".join(paragraphs) + "\n"


def seed(ruleset) -> None:
    text = seed_translations()
    if not text:
        print("seed: ../shared/seeds/000_*.txt not found")
        return
    hits = [d for d in lint(text, "seed.md", ruleset).diagnostics if d.severity in COUNTED]
    by_rule = collections.Counter(d.rule for d in hits)
    flagged = collections.Counter(h for d in hits for h in HEADLINES if h in text[d.start:d.end])
    print(f"seed translations: {1000 * len(hits) / max(han_count(text), 1):.2f} per 1k Han characters "
          f"({len(hits)} in {han_count(text)} characters)")
    print("   by rule: " + ", ".join(f"{r} {c}" for r, c in by_rule.most_common()))
    print("   headline phrases flagged/present: " + ", ".join(f"{h} {flagged[h]}/{text.count(h)}" for h in HEADLINES))


def _entries(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        entry = line.split("\t")[0].strip()
        out.append(entry)
    return out


def _fires(ruleset, text: str) -> list:
    return [d for d in lint(text, "entry.md", ruleset).diagnostics if d.severity in (*COUNTED, "info")]


def coverage(ruleset, only: str | None) -> None:
    plain = "".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("dev_plain_*.md"))
    off = "".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("dev_off_*.md"))
    # a paragraph of three soft entries of each soft rule, to test a fourth in
    soft_fill = {"zh.ai-filler": "此外，首先，其次，", "zh.jargon": "构建协同，精准融合，场景升级，",
                 "zh.negation-reframe": "这不是甲，而是乙。"}
    print(f"{'list':<40} entries   hard    soft  not covered")
    for path in sorted((SHARED / "reference" / "zh").glob("*.txt")):
        if only and only not in path.name:
            continue
        reasons: collections.Counter[str] = collections.Counter()
        hard = soft = 0
        rows = []
        entries = _entries(path)
        for entry in entries:
            slot = entry.startswith("re:")
            sample = entry[3:] if slot else entry.replace("……", "这件事").replace("/", "")
            why = ""
            if slot or not re.search(r"[一-鿿]", sample):
                why = "not a Chinese phrase (regex, English, junk)"
            elif _fires(ruleset, sample + "。"):
                hard += 1
                why = "hard"
            elif any(_fires(ruleset, fill + sample + "。") and not _fires(ruleset, fill + "。")
                     for fill in soft_fill.values()):
                soft += 1
                why = "soft"
            elif plain.count(sample):
                why = "plain writers use it"
            elif off.count(sample):
                why = "off-voice candidate"
            else:
                why = "unseen in the dev set"
            if why not in ("hard", "soft"):
                reasons[why] += 1
            rows.append((entry, why))
        n = len(entries) or 1
        print(f"{path.stem:<40} {len(entries):>7} {100 * hard / n:5.1f}% {100 * soft / n:5.1f}%  "
              f"{100 * (n - hard - soft) / n:5.1f}%  ({'; '.join(f'{r} {c}' for r, c in reasons.most_common())})")
        if only:
            for entry, why in rows:
                print(f"   {entry}\t{why}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", help="print every finding of rules whose id contains this")
    parser.add_argument("--list", help="print one reference list (name contains this) entry by entry")
    args = parser.parse_args()
    if missing("zh", CORPUS):
        return 2
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    if not args.list:
        rates(ruleset, args.show)
        seed(ruleset)
    coverage(ruleset, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
