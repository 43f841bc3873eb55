"""``vibelint voice learn``: a writer's thresholds, habits and score baseline from a folder of their writing.

What is learned, from the writer's documents (found, read and parsed exactly as ``check`` finds,
reads and parses them: same walking, ``.gitignore`` rules, skips and Markdown parse):

- **Thresholds** of the metric and document rules, at the percentiles ``scripts/calibrate.py``
  takes of Karpathy's long-form writing: a ``max`` is the 99.5th percentile of the writer's values
  (rounded up), a ``min`` the 1st (rounded down), over the same units the rule measures (sentences,
  words in asides not counted where the rule says so; paragraphs of at least the rule's
  ``min-words``). A percentile needs units: with fewer than ``MIN_SENTENCES`` sentences or
  ``MIN_PARAGRAPHS`` paragraphs the pack's value is kept and the summary says so. A document
  rule (punchline: a long draft needs a short line) learns its ``min-words``: one more than the
  99.5th percentile of the lengths of the writer's documents that have no such line, never below
  the pack's.
- **Habits**: soft entries (words and constructions that fire only in clusters) the writer uses
  *steadily*: in at least ``HABIT_MIN_DOCUMENTS`` documents and at least ``HABIT_MIN_SHARE`` of
  them. One essay's quirk is not a habit. Hard entries are never habits.
- **Baseline**: the score's per-document distributions (``profile.METRICS``) and per-rule finding
  rates, measured on the writer's documents linted *with* the learned thresholds and habits, so a
  draft is scored as the linter now sees it.

Documents with no prose, under ``MIN_DOC_WORDS`` words, or not in English (the pack reads English;
see ``is_english``) are skipped
and counted. Fewer than ``MIN_DOCUMENTS`` usable documents is an error (nothing useful can be
learned); fewer than ``RECOMMENDED_DOCUMENTS`` documents or ``RECOMMENDED_WORDS`` words is a warning.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import CliOptions, Config, ConfigFinder
from ..engine import RuleSet, lint_document
from ..files import UsageError, find_targets
from ..kinds.document import DocumentOptions, DocumentShape
from ..kinds.metric import MetricLimit, MetricOptions, words_outside_asides
from ..packs import ConfigError, Rule
from ..service import read_bytes
from ..text.parse import parse
from ..text.prose import SIMPLE_WORD, Document
from ..text.source import InputError, decode
from .baseline import MIN_WORDS as MIN_DOC_WORDS
from .baseline import rates_per_word
from .profile import (
    LONGFORM,
    METRICS,
    PROSE_KINDS,
    Profile,
    percentile,
    profile_document,
    sentence_histogram,
)
from .score import BASELINE_SCHEMA
from .voicefile import SCHEMA, Voice, VoiceModel, dumps

MIN_DOCUMENTS = 3  # fewer usable documents: nothing useful can be learned (exit 2)
RECOMMENDED_DOCUMENTS = 10  # fewer: learned, with a warning
RECOMMENDED_WORDS = 5000
MIN_SENTENCES = 200  # a sentence percentile needs this many sentences, else the pack's threshold stays
MIN_PARAGRAPHS = 20  # a paragraph percentile needs this many paragraphs of the rule's min-words
MAX_PERCENTILE, MIN_PERCENTILE = 99.5, 1.0  # as scripts/calibrate.py takes them of Karpathy's long-form
HABIT_MIN_DOCUMENTS = 3
HABIT_MIN_SHARE = 0.2
_ENGLISH = frozenset((
    "the a an and or but of to in on at for with from by as is are was were be been it its this that these those "
    "i you he she we they me him her us them my your our their not no so if then than there here what which who "
    "how when where do does did have has had can could will would should may might just about into over also "
    "very more most some any all one up out").split()
)
# Function words of French, German, Spanish, Italian and Portuguese that are not English words too
_OTHER = frozenset((
    "le les des et est une du pour dans pas qui sur avec sont ce cette au aux mais ou je nous vous elle ils "
    "der das und ist nicht ein eine zu mit sich auf dem den wird sind auch wie für von bei oder ich wir "
    "el los las y es que por con una del para como pero más este esta son lo se su "
    "il di che è per non sono della gli os não uma com são ao pelo").split()
)


class LearnError(Exception):
    """Nothing useful can be learned; the message is one line."""


@dataclass
class Corpus:
    documents: dict[str, Document] = field(default_factory=dict)  # display path -> parsed document
    skipped: Counter = field(default_factory=Counter)  # reason -> files
    skipped_names: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # files that could not be read while walking

    def skip(self, reason: str, name: str) -> None:
        self.skipped[reason] += 1
        self.skipped_names.setdefault(reason, []).append(name)

    @property
    def words(self) -> int:
        return sum(prose_words(d) for d in self.documents.values())


def prose_words(doc: Document) -> int:
    return sum(b.words for b in doc.blocks if b.kind in PROSE_KINDS)


def is_english(doc: Document) -> bool:
    """Does the document read as English prose (the karpathy pack's language)?

    Most of its letters are Latin, and it holds more English function words (the, of, is...) than
    French, German, Spanish, Italian or Portuguese ones. A README that is mostly a list of links
    is still English; a Chinese post or a French essay is not.
    """
    text = " ".join(b.text for b in doc.blocks if b.kind in PROSE_KINDS)
    letters = [c for c in text if c.isalpha()]
    if not letters or sum("a" <= c.lower() <= "z" or "\u00c0" <= c <= "\u024f" for c in letters) < len(letters) / 2:
        return False
    words = [w.lower() for w in SIMPLE_WORD.findall(text)]
    return sum(w in _ENGLISH for w in words) > sum(w in _OTHER for w in words)


def gather(paths: list[str], finder: ConfigFinder) -> Corpus:
    """The writer's documents, found and read as ``check`` finds and reads them."""
    corpus = Corpus()
    targets = find_targets(paths, finder)
    if not targets:
        raise LearnError(f"{', '.join(paths)}: no Markdown or text files to learn from (.md, .markdown, .txt)")
    for target in targets:
        if target.path is None:
            raise UsageError("voice learn reads files and folders, not stdin")
        try:
            if target.error:
                raise InputError(target.error)
            data = read_bytes(target.path, target.display, finder.for_file(target.lookup).max_file_size(finder.cli))
            text, _ = decode(data, target.display)
        except InputError as exc:
            if not target.walked:
                raise LearnError(str(exc)) from None
            corpus.notes.append(str(exc))
            corpus.skip("unreadable", target.display)
            continue
        doc = parse(text, target.display)
        words = prose_words(doc)
        if words == 0:
            corpus.skip("no prose", target.display)
        elif not is_english(doc):
            corpus.skip("not English", target.display)
        elif words < MIN_DOC_WORDS:
            corpus.skip(f"under {MIN_DOC_WORDS} words", target.display)
        else:
            corpus.documents[target.display] = doc
    return corpus


# --- thresholds --------------------------------------------------------------------------------


@dataclass
class Threshold:
    rule: str
    option: str
    value: float | None  # what the voice applies; None: not learned (too few units), the pack's value stays
    pack: float | None
    how: str
    writer: float | None = None  # the writer's own percentile (``value`` unless the pack's is looser)


def _units(rule: Rule, o: MetricOptions, docs: list[Document]) -> tuple[list[float], str, int]:
    """The values a metric rule measures over the writer's documents, their name, and the minimum count needed."""
    kinds = set(o.block_kinds)
    blocks = [b for d in docs for b in d.blocks if b.kind in kinds and rule.reads(b)]
    if o.measure == "sentence-words":
        values = [float(words_outside_asides(b.text[s.start:s.end], s.words) if o.skip_asides else s.words)
                  for b in blocks for s in b.sentences if s.words >= o.min_words]
        return values, "sentences" + (", asides not counted" if o.skip_asides else ""), MIN_SENTENCES
    from ..text import readability

    values = []
    for b in blocks:
        if not b.sentences or b.words < o.min_words:
            continue
        if o.measure == "paragraph-sentences":
            values.append(float(len(b.sentences)))
        elif o.measure == "paragraph-words":
            values.append(float(b.words))
        else:
            values.append(readability.score(b.text, o.measure))
    unit = f"paragraphs of {o.min_words}+ words" if o.min_words else "paragraphs"
    return values, unit, MIN_PARAGRAPHS


def _metric_thresholds(rule: Rule, o: MetricOptions, docs: list[Document], tighten: bool = False) -> list[Threshold]:
    values, unit, needed = _units(rule, o, docs)
    found = []
    limits = (("max", o.max, MAX_PERCENTILE, math.ceil), ("min", o.min, MIN_PERCENTILE, math.floor))
    for option, pack, q, rounding in limits:
        if pack is None:
            continue
        if len(values) < needed:
            found.append(Threshold(rule.id, option, None, pack,
                                   f"only {len(values)} {unit} (a percentile needs {needed}): "
                                   f"the pack's {pack:g} kept"))
            continue
        own = float(rounding(percentile(values, q)))
        how = f"p{q:g} of {len(values)} {unit} (median {percentile(values, 50):.0f}; {len(docs)} documents)"
        stricter = own < pack if option == "max" else own > pack
        if stricter and not tighten:  # a voice loosens the pack where the writer goes further, never tightens it
            found.append(Threshold(rule.id, option, float(pack), pack,
                                   f"{how} is {own:g}, stricter than the pack's {pack:g}, which stays", own))
        else:
            found.append(Threshold(rule.id, option, own, pack, how, own))
    return found


def _document_threshold(rule: Rule, o: DocumentOptions, docs: list[Document]) -> list[Threshold]:
    lacking, long_enough = [], 0
    for doc in docs:
        paragraphs = [b for b in doc.blocks if b.kind in PROSE_KINDS and b.sentences]
        short = [b for b in paragraphs if len(b.sentences) <= o.short_max_sentences and b.words <= o.short_max_words]
        words = sum(b.words for b in doc.blocks)
        long_enough += words >= o.min_words
        if words >= o.min_words and len(short) < o.min_count:
            lacking.append(float(words))
    if not lacking:
        how = (f"each of the {long_enough} documents of {o.min_words}+ words has a short line" if long_enough
               else f"no document has {o.min_words}+ words")
        return [Threshold(rule.id, "min-words", float(o.min_words), o.min_words, f"{how}: the pack's value")]
    value = float(max(o.min_words, math.ceil(percentile(lacking, MAX_PERCENTILE)) + 1))
    return [Threshold(rule.id, "min-words", value, o.min_words,
                      f"one more than p{MAX_PERCENTILE:g} of the lengths of the {len(lacking)} of {len(docs)} "
                      "documents "
                      "without one")]


def learn_thresholds(docs: list[Document], ruleset: RuleSet, tighten: bool = False) -> list[Threshold]:
    """The writer's value for each metric and document rule's threshold. Without ``tighten``, a value
    stricter than the pack's is recorded but the pack's applies: the voice is there to stop flagging
    what the writer does, not to flag more of it than the pack does (measured: applying their stricter
    sentence limits raised warnings on their own held-back writing, e.g. 0.27 to 0.52 per 1k words)."""
    found: list[Threshold] = []
    for rule in ruleset.rules:
        if rule.lang not in (None, "en"):  # a voice is learned from English documents (see is_english)
            continue
        if isinstance(rule.check, MetricLimit):
            found += _metric_thresholds(rule, rule.check.options, docs, tighten)
        elif isinstance(rule.check, DocumentShape):
            found += _document_threshold(rule, rule.check.options, docs)
    return found


# --- habits ------------------------------------------------------------------------------------


@dataclass
class Habit:
    rule: str
    entry: str
    type: str
    documents: int
    share: float
    per_1k: float
    example: str


def learn_habits(docs: list[Document], ruleset: RuleSet) -> list[Habit]:
    """Soft entries the writer uses in at least HABIT_MIN_DOCUMENTS documents and HABIT_MIN_SHARE of them."""
    words = sum(prose_words(d) for d in docs) or 1
    habits = []
    for rule in ruleset.rules:
        soft = getattr(rule.check, "soft", None)
        if soft is None or rule.lang not in (None, "en"):
            continue
        in_docs: Counter = Counter()
        occurrences: Counter = Counter()
        examples: dict[tuple[str, str], str] = {}
        for doc in docs:
            blocks = [b for b in doc.blocks if rule.reads(b)]
            seen = set()
            for entry, kind, text in soft.entries(blocks, ruleset.context, getattr(rule.check, "matcher", None)):
                occurrences[entry, kind] += 1
                seen.add((entry, kind))
                examples.setdefault((entry, kind), text)
            in_docs.update(seen)
        for (entry, kind), n in sorted(in_docs.items()):
            share = n / len(docs)
            if n >= HABIT_MIN_DOCUMENTS and share >= HABIT_MIN_SHARE:
                habits.append(Habit(rule.id, entry, kind, n, round(share, 3),
                                    round(1000 * occurrences[entry, kind] / words, 3), examples[entry, kind]))
    return habits


# --- the whole voice ---------------------------------------------------------------------------


def baseline_data(profiles: list[Profile], writer: str) -> dict:
    """The score's baseline (the shape of ``baseline.json``) from the writer's documents."""
    metrics, sources = {}, {}
    for metric in METRICS:
        values = [p.values.get(metric.key) for p in profiles]
        metrics[metric.key] = sorted(round(float(v), 4) for v in values if v is not None)
        sources[metric.key] = LONGFORM
    rates = rates_per_word(profiles)
    for rule_id in rates:
        sources[rule_id] = LONGFORM
    return {
        "schema": BASELINE_SCHEMA,
        "source": f"{len(profiles)} documents of {writer} ({sum(p.words for p in profiles)} words)",
        "units": {LONGFORM: len(profiles)},
        "min_words": MIN_DOC_WORDS,
        "sentence_histogram": [round(v, 4) for v in sentence_histogram([n for p in profiles for n in p.sentences])],
        "sources": sources,
        "rule_rates": {rule_id: round(rate, 8) for rule_id, rate in sorted(rates.items())},
        "metrics": metrics,
    }


def voiced(ruleset: RuleSet, voice: Voice) -> RuleSet:
    """The rule set with a voice's thresholds and habits applied (as ``Config`` applies a voice file)."""
    from ..packs import compile_check

    rules = []
    for rule in ruleset.rules:
        options = voice.options_for(rule)
        if options:
            check = compile_check(rule.kind, {**rule.options, **options}, voice.path, f"rules.{rule.id}")
            rule = rule.with_changes(options=options, check=check)
        rules.append(rule)
    return RuleSet(rules, ruleset.known_ids, ruleset.context, voice=voice)


@dataclass
class Learned:
    data: dict
    thresholds: list[Threshold]
    habits: list[Habit]
    warnings: list[str]
    corpus: Corpus


def learn(corpus: Corpus, ruleset: RuleSet, writer: str, tighten: bool = False) -> Learned:
    """Thresholds, habits and baseline from the gathered documents (LearnError when there are too few)."""
    docs = list(corpus.documents.values())
    words = corpus.words
    skipped = "".join(f"; skipped {n} ({reason})" for reason, n in sorted(corpus.skipped.items()))
    if len(docs) < MIN_DOCUMENTS:
        raise LearnError(f"nothing useful to learn: {len(docs)} usable document{'s' if len(docs) != 1 else ''} "
                         f"({words} words){skipped}; a voice needs at least {MIN_DOCUMENTS} documents of "
                         f"{MIN_DOC_WORDS}+ words of English prose ({RECOMMENDED_DOCUMENTS}+ documents and "
                         f"{RECOMMENDED_WORDS:,}+ words recommended)")
    warnings = []
    if len(docs) < RECOMMENDED_DOCUMENTS or words < RECOMMENDED_WORDS:
        warnings.append(f"small corpus: {len(docs)} documents, {words:,} words (at least {RECOMMENDED_DOCUMENTS} "
                        f"documents and {RECOMMENDED_WORDS:,} words recommended): thresholds and habits are rough")
    for reason, names in sorted(corpus.skipped_names.items()):
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        warnings.append(f"skipped {len(names)} file{'s' if len(names) != 1 else ''} ({reason}): {shown}")
    thresholds = learn_thresholds(docs, ruleset, tighten)
    warnings += [f"{t.rule}: {t.how}" for t in thresholds if t.value is None]
    habits = learn_habits(docs, ruleset)
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "writer": writer,
        "created_by": f"vibelint {__version__}",
        "corpus": {"documents": len(docs), "words": words, "skipped": dict(sorted(corpus.skipped.items()))},
        "thresholds": {t.rule: {"option": t.option, "value": t.value, "pack": t.pack, "writer": t.writer, "how": t.how}
                       for t in thresholds if t.value is not None},
        "habits": [{"rule": h.rule, "entry": h.entry, "type": h.type, "documents": h.documents, "share": h.share,
                    "per_1k": h.per_1k, "example": h.example} for h in habits],
        "warnings": warnings,
    }
    # the baseline is measured with the voice applied: thresholds and habits first, then the profiles
    partial = {**data, "baseline": baseline_data([], writer)}
    voice = _voice_from(partial)
    applied = voiced(ruleset, voice)
    profiles = [profile_document(doc, lint_document(doc, applied), applied) for doc in docs]
    data["baseline"] = baseline_data(profiles, writer)
    return Learned(data, thresholds, habits, warnings, corpus)


def _voice_from(data: dict, path: str = "<learning>") -> Voice:
    model = VoiceModel.model_validate(data)
    from .score import Baseline

    habits: dict[str, list[str]] = {}
    for h in model.habits:
        habits.setdefault(h.rule, []).append(h.entry)
    return Voice(path, model.writer, dict(model.thresholds), habits,
                 Baseline("", [], {}, {}), model.corpus, model)


def summary(learned: Learned, out: str) -> str:
    d = learned.data
    corpus = d["corpus"]
    lines = [f"{out}: voice of {d['writer']!r} from {corpus['documents']} documents, {corpus['words']:,} words"]
    for t in learned.thresholds:
        if t.value is None:
            continue
        change = "the pack's" if t.value == t.pack else f"pack {t.pack:g}"
        lines.append(f"  threshold {t.rule} {t.option} = {t.value:g} ({change}): {t.how}")
    if learned.habits:
        lines.append(f"  habits ({len(learned.habits)}, used in {HABIT_MIN_DOCUMENTS}+ documents and "
                     f"{HABIT_MIN_SHARE:.0%}+ of them; no longer flagged or counted in clusters):")
        for h in learned.habits:
            entry = repr(h.entry) if h.type == "term" else f"pattern (e.g. {h.example!r})"
            lines.append(f"    {h.rule} {entry}: {h.documents} documents ({h.share:.0%}), {h.per_1k:g} per 1k words")
    else:
        lines.append(f"  habits: none (no soft entry in {HABIT_MIN_DOCUMENTS}+ documents "
                     f"and {HABIT_MIN_SHARE:.0%}+ of them)")
    lines += [f"warning: {w}" for w in learned.warnings]
    return "\n".join(lines)


def run_learn(paths: list[str], out: str, writer: str | None, config: Path | None, tighten: bool = False) -> int:
    """The command: gather, learn, write, summarize. Exit 0 written, 2 nothing to learn or bad input."""
    try:
        finder = ConfigFinder(CliOptions(), config)
        corpus = gather(paths, finder)
        for note in corpus.notes:
            print(f"vibelint: note: {note}", file=sys.stderr)
        base = _unvoiced(finder.for_file(Path(paths[0]) if paths else None))
        label = writer or _default_writer(paths)
        learned = learn(corpus, base, label, tighten)
    except (LearnError, UsageError, ConfigError) as exc:
        print(f"vibelint: error: {exc}", file=sys.stderr)
        return 2
    text = dumps(learned.data)
    try:
        if out == "-":
            sys.stdout.write(text)
        else:
            Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"vibelint: error: {out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(summary(learned, out), file=sys.stderr if out == "-" else sys.stdout)
    return 0


def _unvoiced(config: Config) -> RuleSet:
    """The config's rules as the pack and config set them, without any voice (a voice is learned from scratch)."""
    return config.ruleset_for(None, CliOptions(), use_voice=False)


def _default_writer(paths: list[str]) -> str:
    first = Path(paths[0]).resolve() if paths else Path.cwd()
    return first.name if first.is_dir() else first.stem
