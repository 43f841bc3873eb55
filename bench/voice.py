#!/usr/bin/env python3
"""Does a learned voice work? Per writer: learn from part of their documents, test on the rest.

    python bench/voice.py               # the table (about 2 minutes on 2 cores)
    python bench/voice.py --folds 5     # more folds: more learning runs, each from more documents

Writers: each folder of ../shared/corpus/authors/ (Julia Evans, Drew DeVault, Paul Graham, Russ
Cox, Simon Willison) and Karpathy's long-form (../shared/corpus/longform/kp_*.md). Each writer's
documents are split into k folds (every k-th by name); for each fold a voice is learned, in-process
with ``vibelint voice learn``'s code, from the other folds, and the fold is *held back*:

- **warnings/1k**: warning-or-worse findings per 1,000 words on the held-back documents, without a
  voice (the karpathy pack as shipped) and with the fold's voice (target: with <= 1.0 and < without);
- **score AUC**: the voice score of the held-back documents against the off-voice set
  (``dev_off_*.md``: LLM essays, press releases, hype) and against the other writers' documents, all
  scored with the fold's voice (target own vs off-voice >= 0.98; own vs other writers: reported);
- **slop recall**: slop sentences, the sentences of ``dev_off_*.md`` that get a warning-or-worse
  finding on their own from the pack without a voice, are inserted into the held-back documents (as
  a paragraph of their own after a random top-level paragraph, three per document, every slop
  sentence once per writer); recall is the share of them that still get a warning-or-worse finding
  with the fold's voice (target >= 0.9; without a voice shown for comparison).
Words are counted as bench/fidelity.py counts them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from shared_corpus import missing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from fidelity import prose_words  # noqa: E402

from vibelint.config import CliOptions, load_config  # noqa: E402
from vibelint.engine import RuleSet, lint, lint_document  # noqa: E402
from vibelint.text.parse import parse  # noqa: E402
from vibelint.voice.learn import Corpus, learn, voiced  # noqa: E402
from vibelint.voice.profile import profile_document  # noqa: E402
from vibelint.voice.score import Baseline, score_profile  # noqa: E402
from vibelint.voice.separation import auc  # noqa: E402
from vibelint.voice.voicefile import Voice, VoiceModel  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SERIOUS = ("error", "warning")
PER_DOC = 3  # slop sentences inserted into one held-back document at a time


def writers() -> dict[str, list[Path]]:
    found = {p.name: sorted(p.glob("*.md")) for p in sorted((CORPUS / "authors").iterdir()) if p.is_dir()}
    found["karpathy"] = sorted((CORPUS / "longform").glob("kp_*.md"))
    return found


def voice_of(data: dict) -> Voice:
    model = VoiceModel.model_validate(data)
    habits: dict[str, list[str]] = {}
    for h in model.habits:
        habits.setdefault(h.rule, []).append(h.entry)
    return Voice("<bench>", model.writer, dict(model.thresholds), habits, Baseline.from_json(data["baseline"]),
                 model.corpus, model)


_PARSED: dict[tuple[str, str], object] = {}


def parsed(text: str, name: str):
    """Each text parsed once: the rule sets differ between folds, the parse does not."""
    key = (name, text)
    if key not in _PARSED:
        _PARSED[key] = parse(text, name)
    return _PARSED[key]


def findings(text: str, name: str, ruleset: RuleSet):
    doc = parsed(text, name)
    return doc, lint_document(doc, ruleset)


def serious(text: str, name: str, ruleset: RuleSet) -> int:
    return sum(d.severity in SERIOUS for d in findings(text, name, ruleset)[1])


def score(text: str, name: str, ruleset: RuleSet, voice: Voice) -> int:
    doc, diagnostics = findings(text, name, ruleset)
    return score_profile(profile_document(doc, diagnostics, ruleset), voice.baseline).score


def slop_sentences(ruleset: RuleSet) -> list[str]:
    """Sentences of the off-voice set that the pack flags (warning or worse) on their own."""
    found = []
    for path in sorted((CORPUS / "longform").glob("dev_off_*.md")):
        doc = parse(path.read_text(encoding="utf-8"), path.name)
        for block in doc.blocks:
            if block.kind != "paragraph":
                continue
            for s in block.sentences:
                sentence = " ".join(block.text[s.start:s.end].split())
                if s.words >= 4 and serious(sentence + "\n", "s.md", ruleset):
                    found.append(sentence)
    return sorted(set(found))


def insert(text: str, name: str, sentences: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """The text with each sentence as a paragraph of its own after a random top-level paragraph; their spans."""
    doc = parse(text, name)
    ends = sorted({b.end for b in doc.blocks if b.kind == "paragraph" and text.rfind("\n", 0, b.start) + 1 == b.start
                   and text.startswith("\n\n", b.end)})
    if not ends:
        ends = [len(text)]
    places = sorted(rng.sample(ends, min(len(sentences), len(ends))) if len(ends) >= len(sentences)
                    else [rng.choice(ends) for _ in sentences])
    out, spans, pos, shift = [], [], 0, 0
    for at, sentence in zip(places, sentences, strict=False):
        out.append(text[pos:at])
        piece = "\n\n" + sentence
        start = at + shift + 2
        spans.append((start, start + len(sentence)))
        out.append(piece)
        shift += len(piece)
        pos = at
    out.append(text[pos:])
    return "".join(out), spans


def recall(texts: dict[str, str], slop: list[str], ruleset: RuleSet, rng: random.Random) -> tuple[int, int]:
    """(slop sentences flagged, inserted) over the held-back documents."""
    names = sorted(texts)
    flagged = total = 0
    for i in range(0, len(slop), PER_DOC):
        name = names[(i // PER_DOC) % len(names)]
        batch = slop[i:i + PER_DOC]
        text, spans = insert(texts[name], name, batch, rng)
        diagnostics = [d for d in lint(text, name, ruleset).diagnostics if d.severity in SERIOUS]
        for a, b in spans:
            total += 1
            flagged += any(d.start < b and a < d.end for d in diagnostics)
    return flagged, total


def measure_writer(writer: str) -> dict:
    """One writer's row: learn per fold, test on the held-back fold (runs in a worker process)."""
    texts, off, slop, base, folds_k, seed = _STATE
    own = texts[writer]
    rng = random.Random(f"{seed}:{writer}")
    failed: list[str] = []
    names = sorted(own)
    folds = [names[i::folds_k] for i in range(folds_k)]
    words = plain = mine = 0
    pairs_off = wins_off = pairs_other = wins_other = 0.0
    flagged = flagged_plain = inserted = 0
    own_scores, off_scores, other_scores = [], [], []
    for fold in folds:
        corpus = Corpus({n: parse(own[n], n) for n in names if n not in fold})
        voice = voice_of(learn(corpus, base, writer).data)
        ruleset = voiced(base, voice)
        held = {n: own[n] for n in fold}
        for n, text in held.items():
            words += prose_words(text)
            plain += serious(text, n, base)
            mine += serious(text, n, ruleset)
        scores_own = [score(t, n, ruleset, voice) for n, t in held.items()]
        scores_off = [score(t, n, ruleset, voice) for n, t in off.items()]
        scores_other = [score(t, n, ruleset, voice) for w, docs in texts.items() if w != writer
                        for n, t in docs.items()]
        own_scores += scores_own
        off_scores += scores_off
        other_scores += scores_other
        wins_off += auc(scores_own, scores_off) * len(scores_own) * len(scores_off)
        pairs_off += len(scores_own) * len(scores_off)
        wins_other += auc(scores_own, scores_other) * len(scores_own) * len(scores_other)
        pairs_other += len(scores_own) * len(scores_other)
        share = slop[folds.index(fold)::len(folds)]  # every slop sentence once per writer
        state = rng.getstate()
        hit, total = recall(held, share, ruleset, rng)
        rng.setstate(state)  # the same places without the voice
        hit_plain, _ = recall(held, share, base, rng)
        flagged, flagged_plain, inserted = flagged + hit, flagged_plain + hit_plain, inserted + total
    without, with_voice = 1000 * plain / words, 1000 * mine / words
    auc_off, auc_other = wins_off / pairs_off, wins_other / pairs_other
    got, got_plain = flagged / inserted, flagged_plain / inserted
    medians = "/".join(str(sorted(s)[len(s) // 2]) for s in (own_scores, off_scores, other_scores))
    line = (f"{writer:<10} {len(names):>4} {words:>7}  {without:>15.2f} {with_voice:>5.2f}  {auc_off:>11.3f} "
            f"{auc_other:>10.3f}  {got:>16.3f} {got_plain:>7.3f}  {medians:>21}")
    if not (with_voice <= 1.0 and (with_voice < without or without == 0)):
        failed.append(f"{writer}: warnings/1k with the voice {with_voice:.2f} (without {without:.2f})")
    if auc_off < 0.98:
        failed.append(f"{writer}: AUC own vs off-voice {auc_off:.3f} < 0.98")
    if got < 0.9:
        failed.append(f"{writer}: slop recall {got:.3f} < 0.9")
    return {"line": line, "failed": failed}


_STATE: tuple = ()


def _map(fn, items: list, jobs: int) -> list:
    if jobs <= 1:
        return [fn(i) for i in items]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(fn, items, chunksize=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=2, help="writers measured in parallel (default 2)")
    args = parser.parse_args()
    if missing("voice bench", CORPUS):
        return 2
    began = time.monotonic()
    base = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    every = writers()
    texts = {w: {p.name: p.read_text(encoding="utf-8") for p in paths} for w, paths in every.items()}
    off = {p.name: p.read_text(encoding="utf-8") for p in sorted((CORPUS / "longform").glob("dev_off_*.md"))}
    slop = slop_sentences(base)
    global _STATE
    _STATE = (texts, off, slop, base, args.folds, args.seed)
    print(f"{len(slop)} slop sentences from {len(off)} dev_off documents; {args.folds}-fold per writer")
    head = (f"{'writer':<10} {'docs':>4} {'words':>7}  {'warn/1k without':>15} {'with':>5}  "
            f"{'AUC own/off':>11} {'own/others':>10}  {'slop recall with':>16} {'without':>7}  "
            f"{'median own/off/others':>21}")
    print(head)
    rows = _map(measure_writer, list(texts), args.jobs)
    failed = []
    for row in rows:
        print(row["line"])
        failed += row["failed"]
    print("targets: warnings/1k with the voice <= 1.0 and lower than without; AUC own/off >= 0.98; slop recall >= 0.9: "
          + ("met" if not failed else "NOT met: " + "; ".join(failed)))
    print(f"({time.monotonic() - began:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
