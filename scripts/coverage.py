#!/usr/bin/env python3
"""How much of the public style and AI-tell lists the pack catches, and why it leaves the rest out.

    python scripts/coverage.py                      # one row per list, then its uncovered entries by reason
    python scripts/coverage.py --list vale-voices   # every entry of one list: hard / soft / reason, with rates
    python scripts/coverage.py --candidates         # entries he never writes that the off-voice set does

The lists are ../shared/reference/en/*.tsv (sources and licences in their headers). Each entry
is linted with the real pack (the normal loader, ``vibelint.engine.lint``), never matched by
hand:

- hard: a rule fires on the entry's own words when the entry stands alone, as a one-line
  document, as a sentence ("Delve."), or, for a single word, in "They said delve again.";
- soft: the entry fires only in a cluster. For every rule with soft entries, the entry's
  sentence is put in a paragraph with just enough *other* soft entries of that rule to reach
  its paragraph-count (k - 1 of them, checked to fire on their own in a cluster), and the
  entry counts if the rule fires on the entry's own span. Without the entry the paragraph
  holds k - 1 and nothing fires, so a hit there is the entry itself.
Only rules that read words count (not the metric and document rules: a short line is not a
long sentence), and only a finding that overlaps the entry. ``x``, ``y`` and ``z`` in an
entry stand for any phrase and are filled in before linting.

An entry caught by neither gets a reason, with how often it occurs per 1,000 words in his
writing (../shared/corpus/longform/kp_*.md and ../shared/corpus/karpathy_en.md) and in the
off-voice set (../shared/corpus/longform/dev_off_*.md), counted outside code as
bench/fidelity.py counts words. The slop-score n-grams have their stop words stripped, so they
are counted with up to two stop words between their words ("plays pivotal role" finds
"plays a pivotal role"); they are still linted as written.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import RuleSet, lint  # noqa: E402
from vibelint.packs import Rule  # noqa: E402

SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference" / "en"
CORPUS = SHARED / "corpus"

# Rules that measure the shape of text (length, readability, the last line), not its words.
SHAPE_KINDS = frozenset({"metric", "document"})
# He "uses" a word that appears this many times in his writing (once or twice can be a quote).
HIS_WORD_MIN = 3
# A soft candidate: he uses it, but the off-voice set has it at least this many times as often.
SOFT_RATIO = 10.0
FILL = {"x": "the model", "y": "the data", "z": "the code"}
STOP = ["a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "with", "as", "at", "by", "from",
        "is", "are", "was", "were", "be", "been", "it", "its", "that", "this", "not", "no", "so", "than", "then",
        "can", "could", "would", "will", "should", "may", "might", "must", "do", "does", "did", "has", "have",
        "had", "he", "she", "they", "we", "you", "i", "me", "my", "our", "your", "their", "his", "her", "them",
        "us", "which", "who", "what"]

# Entries the source lists mean only in a figurative sense, whose literal sense is ordinary
# English (a list that flags "key" means "a key factor", not a key to a door or a dict key). A
# hand-kept label, shown with the entry's rates; it never decides coverage.
FIGURATIVE = frozenset({
    "key", "rich", "landscape", "journey", "navigate", "navigating", "bridge", "deep", "dive", "fabric",
    "ecosystem", "realm", "beacon", "cornerstone", "foundation", "highlight", "highlights", "align", "tapestry",
    "vibrant", "framework", "pillar", "pillars",
})

REASONS = {
    "not-prose": "not English prose (markup, punctuation, a placeholder)",
    "word-sense": "word sense: the list means the figurative use only",
    "his-word": f"he uses it ({HIS_WORD_MIN}+ times in his writing)",
    "rare": f"rare in his writing (1-{HIS_WORD_MIN - 1} times): not enough evidence either way",
    "off-voice": "never in his writing, seen in the off-voice set: candidate",
    "unseen": "in neither his writing nor the off-voice set (fiction names, other registers)",
}


@dataclasses.dataclass(frozen=True)
class Entry:
    source: str  # the list's name (file stem)
    text: str
    category: str = ""
    stripped: bool = False  # an n-gram with its stop words removed (slop-score)


@dataclasses.dataclass
class Result:
    entry: Entry
    status: str  # "hard", "soft" or "none"
    rule: str = ""  # the rule that caught it
    severity: str = ""
    reason: str = ""  # for "none": a key of REASONS
    his: int = 0  # occurrences in his writing
    off: int = 0  # occurrences in the off-voice set


def read_list(path: Path) -> list[Entry]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = " ".join(line for line in lines if line.startswith("#"))
    stripped = "stop-word-stripped" in header
    entries = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = [*line.split("\t"), "", ""][:3]
        text = cols[0].strip()
        if text:
            entries.append(Entry(path.stem, text, cols[2].strip(), stripped and len(text.split()) > 1))
    return entries


# ---------------------------------------------------------------------------------------------
# Rates in his writing and in the off-voice set

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def prose(text: str) -> str:
    """The text outside code fences and comments (what bench/fidelity.py counts words in)."""
    return _COMMENT.sub("", _FENCE.sub("", text))


class Corpus:
    def __init__(self, paths: Iterable[Path]):
        self.text = "\n\n".join(prose(p.read_text(encoding="utf-8")) for p in paths)
        self.words = len(_WORD.findall(self.text))
        self.vocab = {w.lower().replace("’", "'") for w in re.findall(r"[\w'’]+", self.text)}
        self.vocab |= {w[:-3] for w in self.vocab if w.endswith("n't")}  # "couldn't" holds "could"
        self._cache: dict[str, int] = {}

    def count(self, entry: Entry) -> int:
        key = f"{entry.stripped}\0{entry.text}"
        if key not in self._cache:
            self._cache[key] = self._count(entry)
        return self._cache[key]

    def _count(self, entry: Entry) -> int:
        tokens = re.findall(r"[\w'’]+|[^\w\s]", entry.text.lower())
        words = [t.replace("’", "'") for t in tokens if t[0].isalnum() and t not in FILL]
        if not words or any(w not in self.vocab for w in words):
            return 0  # a word of it never occurs: no need to scan
        return len(regex_for(entry).findall(self.text))

    def rate(self, n: int) -> float:
        return 1000 * n / max(self.words, 1)


def regex_for(entry: Entry) -> re.Pattern[str]:
    """The entry as a case-insensitive regex: x/y/z match a short phrase, ' matches ’."""
    tokens = re.findall(r"[\w'’]+|[^\w\s]", entry.text.lower())
    parts = [r"[\w'’-]+(?:\s+[\w'’-]+){0,3}" if t in FILL else re.sub(r"['’]", "['’]", re.escape(t))
             for t in tokens]
    if entry.stripped:
        body = (r"(?:n['’]t)?(?:\s+(?:" + "|".join(STOP) + r")){0,2}\s+").join(parts)
    else:
        body = parts[0] if parts else ""
        for i in range(1, len(parts)):
            between_words = tokens[i - 1][0].isalnum() and tokens[i][0].isalnum()
            body += (r"\s+" if between_words else r"\s*") + parts[i]
    start = r"\b" if entry.text[:1].isalnum() else ""
    end = r"\b" if entry.text[-1:].isalnum() else ""
    return re.compile(start + body + end, re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Linting the entries with the real pack

def fill(text: str) -> str:
    return re.sub(r"\b[xyz]\b", lambda m: FILL[m.group()], text)


def variants(entry: Entry) -> list[tuple[str, int, int]]:
    """Short documents holding the entry, each with the entry's span: (text, start, end)."""
    phrase = fill(entry.text)
    if phrase[:1] in ",;:":
        phrase = "It works" + phrase  # ", highlighting" reads after a clause
    out = [(phrase, 0, len(phrase))]
    sentence = phrase[:1].upper() + phrase[1:]
    if sentence[-1:].isalnum():
        sentence += "."
    out.append((sentence, 0, len(phrase)))
    if re.fullmatch(r"[A-Za-z][\w'’-]*", phrase):
        prefix = "They said "
        out.append((f"{prefix}{phrase} again.", len(prefix), len(prefix) + len(phrase)))
    return out


class Probe:
    """Lints entries and reports which rule catches them, alone or in a cluster."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self._linted: dict[str, list[tuple[str, str, int, int]]] = {}  # text -> (rule, severity, start, end)
        self.word_rules = {r.id for r in ruleset.rules if r.kind not in SHAPE_KINDS}
        self.fillers = {r.id: self._fillers(r) for r in ruleset.rules if getattr(r.check, "soft", None) is not None}

    def _fires(self, text: str, start: int, end: int, rules: set[str]) -> tuple[str, str] | None:
        """The first rule in ``rules`` (by id) with a finding overlapping [start, end)."""
        if text not in self._linted:
            self._linted[text] = [(d.rule, d.severity, d.start, d.end)
                                  for d in lint(text, "coverage.md", self.ruleset).diagnostics]
        found = sorted((rule, severity) for rule, severity, s, e in self._linted[text]
                       if rule in rules and s < end and e > start)
        return found[0] if found else None

    def hard(self, entry: Entry) -> tuple[str, str] | None:
        for text, start, end in variants(entry):
            hit = self._fires(text, start, end, self.word_rules)
            if hit:
                return hit
        return None

    def _fillers(self, rule: Rule) -> list[str]:
        """Sentences that each hold one soft entry of ``rule`` and fire when clustered.

        The rule's literal soft entries ("It was robust."), or, for a rule with only soft
        patterns, the sentences of its bad examples. Each is kept only if it fires in a
        paragraph of them all, so a filler the rule excuses is never counted on.
        """
        soft = rule.check.soft.options  # type: ignore[attr-defined]
        terms = [t for t in {**soft.terms, **soft.swap} if re.fullmatch(r"[\w'’ -]+", t)]
        if terms:
            candidates = [f"It was {t}." for t in terms]
        else:
            candidates = [s for bad in rule.examples.bad for s in re.split(r"(?<=[.!?])\s+", bad) if s]
        paragraph = " ".join(candidates)
        fired = [(d.start, d.end) for d in lint(paragraph, "coverage.md", self.ruleset).diagnostics
                 if d.rule == rule.id]
        kept, offset = [], 0
        for sentence in candidates:
            if any(offset <= s < offset + len(sentence) for s, _ in fired):
                kept.append(sentence)
            offset += len(sentence) + 1
        return kept

    def soft(self, entry: Entry) -> tuple[str, str] | None:
        """One paragraph: the entry's sentence, then k - 1 fillers of every rule with soft entries
        (each rule counts only its own entries, so each cluster is one short of firing without
        the entry); fillers sharing a word with the entry are left out."""
        words = set(re.findall(r"[\w'’]+", fill(entry.text).lower()))
        others: list[str] = []
        rules = set()
        for rule in self.ruleset.rules:
            if rule.id not in self.fillers:
                continue
            need = rule.check.soft.options.paragraph_count - 1  # type: ignore[attr-defined]
            pool = [s for s in self.fillers[rule.id]
                    if not words & set(re.findall(r"[\w'’]+", s.lower())) - {"it", "was"}]
            if len(pool) >= need:
                others += pool[:need]
                rules.add(rule.id)
        if not rules:
            return None
        tried = set()
        for text, start, end in variants(entry):
            if text[-1:] not in ".!?":
                text += "." if text[-1:].isalnum() else " it works."  # a sentence of its own
            if text in tried:
                continue
            tried.add(text)
            hit = self._fires(" ".join([text, *others]), start, end, rules)
            if hit:
                return hit
        return None


# ---------------------------------------------------------------------------------------------

def not_prose(entry: Entry) -> bool:
    text = entry.text
    return ("markup" in entry.category or not re.search(r"[a-z]{2}", text, re.IGNORECASE)
            or bool(re.search(r"[_\[\]{}=]|\d", text)))


class Coverage:
    def __init__(self, ruleset: RuleSet, his: Corpus, off: Corpus):
        self.probe, self.his, self.off = Probe(ruleset), his, off

    def classify(self, entry: Entry) -> Result:
        r = Result(entry, "none", his=self.his.count(entry), off=self.off.count(entry))
        hit = self.probe.hard(entry)
        if hit:
            r.status, (r.rule, r.severity) = "hard", hit
            return r
        hit = self.probe.soft(entry)
        if hit:
            r.status, (r.rule, r.severity) = "soft", hit
            return r
        if not_prose(entry):
            r.reason = "not-prose"
        elif entry.text.lower() in FIGURATIVE:
            r.reason = "word-sense"
        elif r.his >= HIS_WORD_MIN:
            r.reason = "his-word"
        elif r.his:
            r.reason = "rare"
        elif r.off:
            r.reason = "off-voice"
        else:
            r.reason = "unseen"
        return r


def load_ruleset() -> RuleSet:
    return load_config(None, CliOptions()).ruleset_for(None, CliOptions())


def rates(r: Result, cov: Coverage) -> str:
    return f"his {cov.his.rate(r.his):.3f} ({r.his}), off {cov.off.rate(r.off):.3f} ({r.off})"


def pct(n: int, total: int) -> str:
    return f"{100 * n / max(total, 1):5.1f}%"


def summary(name: str, results: list[Result], cov: Coverage, show: int) -> list[str]:
    n = len(results)
    by = Counter(r.status for r in results)
    info = sum(1 for r in results if r.status == "hard" and r.severity not in ("error", "warning"))
    row = (f"{name:34} {n:6} {pct(by['hard'], n)} {pct(info, n):>7} {pct(by['soft'], n)} "
           f"{pct(by['none'], n)}")
    lines = [row]
    if show:
        out = [r for r in results if r.status == "none"]
        for key, label in REASONS.items():
            group = sorted((r for r in out if r.reason == key), key=lambda r: (-r.his, -r.off, r.entry.text))
            if not group:
                continue
            lines.append(f"    {label}: {len(group)}")
            shown = group[:show]
            lines.append("      " + "; ".join(f"{r.entry.text!r} {cov.his.rate(r.his):.2f}/{cov.off.rate(r.off):.2f}"
                                              for r in shown) + (" ..." if len(group) > show else ""))
    return lines


def candidates(results: list[Result], cov: Coverage) -> list[str]:
    """Uncovered entries the off-voice set uses far more than he does, across the lists."""
    seen: dict[str, list[Result]] = {}
    for r in results:
        if r.status == "none" and r.reason not in ("not-prose",) and r.off:
            seen.setdefault(r.entry.text.lower(), []).append(r)
    hard, soft = [], []
    for text, group in seen.items():
        r = group[0]
        lists = ",".join(sorted({g.entry.source for g in group}))
        line = f"  {text!r:40} {rates(r, cov)}  [{lists}]"
        his_rate, off_rate = cov.his.rate(r.his), cov.off.rate(r.off)
        if r.his == 0:
            hard.append((-r.off, text, line))
        elif r.off >= 2 and off_rate >= SOFT_RATIO * his_rate:
            soft.append((-off_rate / his_rate, text, line))
    out = ["hard candidates (never in his writing, in the off-voice set; per 1k words, count):"]
    out += [line for *_, line in sorted(hard)] or ["  none"]
    out.append(f"soft candidates (he uses them; the off-voice set {SOFT_RATIO:.0f}x as often or more):")
    out += [line for *_, line in sorted(soft)] or ["  none"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="folder of <name>.tsv lists")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with karpathy_en.md and longform/")
    parser.add_argument("--list", dest="one", metavar="NAME", help="print every entry of this list")
    parser.add_argument("--candidates", action="store_true", help="print the entries worth adding, with rates")
    parser.add_argument("--show", type=int, default=8, help="uncovered entries shown per reason (0: none)")
    args = parser.parse_args(argv)
    lists = sorted(args.reference.glob("*.tsv"))
    longform = args.corpus / "longform"
    his_paths = [args.corpus / "karpathy_en.md", *sorted(longform.glob("kp_*.md"))]
    if not lists or not his_paths[0].is_file():
        print(f"coverage: error: need {args.reference}/*.tsv and {args.corpus} (../shared beside the checkout)",
              file=sys.stderr)
        return 2
    if args.one:
        lists = [p for p in lists if p.stem == args.one]
        if not lists:
            print(f"coverage: error: no list named {args.one!r} in {args.reference}", file=sys.stderr)
            return 2
    cov = Coverage(load_ruleset(), Corpus(his_paths), Corpus(sorted(longform.glob("dev_off_*.md"))))
    print(f"his writing: {cov.his.words} words; off-voice set: {cov.off.words} words; rates are per 1,000 words")
    everything: list[Result] = []
    header = f"{'list':34} {'entries':>6}   hard (info)    soft  not covered"
    table = [header]
    details: list[str] = []
    for path in lists:
        results = [cov.classify(e) for e in read_list(path)]
        everything += results
        lines = summary(path.stem, results, cov, 0 if args.one else args.show)
        table.append(lines[0])
        details += [f"{path.stem}:", *lines[1:]] if len(lines) > 1 else []
        if args.one:
            for r in results:
                how = f"{r.status} {r.rule} ({r.severity})" if r.status != "none" else f"none: {r.reason}"
                print(f"  {r.entry.text!r:45} {how:55} {rates(r, cov)}  [{r.entry.category}]")
    print("\n".join(table))
    if details:
        print("\nnot covered, by reason (entry his/off rate per 1k words; most used by him first):")
        print("\n".join(details))
    if args.candidates:
        print()
        print("\n".join(candidates(everything, cov)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
