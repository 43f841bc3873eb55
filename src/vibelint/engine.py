"""The pipeline's middle: parsed prose -> rules -> diagnostics, with suppression and fixes.

The CLI and the language server both call ``lint``; the server passes a ``BlockCache`` so an
edit re-runs the block rules only on paragraphs whose text changed.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .kinds import Check, Context, Hit
from .kinds.timed_regex import PatternTimeout
from .packs import SEVERITIES, Rule
from .text.prose import Block, Document, plain_view
from .text.script import draft_language, language_view
from .text.source import LineIndex

if TYPE_CHECKING:
    from .text.parse import Unmasked
    from .voice.voicefile import Voice

UNKNOWN_RULE = "vibelint.unknown-rule"
RULE_FAILED = "vibelint.rule-failed"
RULE_TIMEOUT = "vibelint.rule-timeout"


@dataclass(frozen=True)
class Fix:
    """A replacement ``--fix`` and the editor's quick fix apply: source offsets and the new text."""

    start: int
    end: int
    replacement: str


@dataclass
class Diagnostic:
    """One finding as every output shows it: rule, severity, message, source span, fix and suggestions."""

    rule: str
    severity: str
    message: str
    start: int  # source offsets (code points)
    end: int
    fix: Fix | None = None
    suggestions: list[str] = field(default_factory=list)


@dataclass
class RuleSet:
    """The rules one file is linted with, after config selection and overrides."""

    rules: list[Rule]
    known_ids: frozenset[str]  # every rule id that exists, selected or not
    context: Context = field(default_factory=Context)
    serial: int = field(default_factory=itertools.count().__next__)  # cache key part, unique per rule set
    voice: Voice | None = None  # the writer's voice file its thresholds and habits came from (None: the pack's)
    lang: str | None = None  # messages in "en" or "zh"; None: each file's own language

    def covers(self, pattern: str) -> bool:
        """Is ``pattern`` a known rule id or id prefix?"""
        return any(matches(pattern, rule_id) for rule_id in self.known_ids)


def matches(pattern: str, rule_id: str) -> bool:
    """Ruff-style selection: an exact id, or a prefix ending at a dot ("karpathy" covers "karpathy.hype")."""
    return rule_id == pattern or rule_id.startswith(pattern.rstrip(".") + ".")


class BlockCache:
    """LRU of block results keyed by rule set and block text: unchanged paragraphs cost nothing."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self.entries: OrderedDict[tuple, list[tuple[int, Hit]]] = OrderedDict()
        # (block key, rule index) -> what the rule raised on that block: not run on it again (a regex
        # timeout costs a second, and an editor re-lints on every pause)
        self.failures: OrderedDict[tuple, Exception] = OrderedDict()

    def remember_failure(self, key: tuple, exc: Exception) -> None:
        self.failures[key] = exc
        if len(self.failures) > 1_000:
            self.failures.popitem(last=False)

    def get(self, key: tuple):
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
        return hit

    def put(self, key: tuple, value: list[tuple[int, Hit]]) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


@dataclass
class LintResult:
    """A draft's lint: the parsed document, what is reported, and what the writer's voice excuses."""

    document: Document
    diagnostics: list[Diagnostic]
    excused: list[Diagnostic] = field(default_factory=list)  # findings a writer's voice excuses (not reported)


def lint(source: str, path: str, ruleset: RuleSet, cache: BlockCache | None = None, workers: int = 1) -> LintResult:
    from .text.parse import (  # the parser loads when something is linted, not for a run served from the cache
        parse,
        parse_unmasked,
    )

    # without a cache, each block is masked where its rules run: on every core of a split lint
    unmasked = parse_unmasked(source, path) if cache is None else None
    doc = parse(source, path) if unmasked is None else Document(source, [], [])
    excused: list[Diagnostic] = []
    return LintResult(doc, lint_document(doc, ruleset, cache, excused, workers, unmasked), excused)


def index_phrases(ruleset: RuleSet) -> None:
    """File every phrase list of the rule set in one index, once: each paragraph is then read once
    for all of them instead of once per rule."""
    if ruleset.context.phrases is None:
        from .kinds.phrases import PhraseIndex, term_matchers
        from .packs import builtin_phrase_index

        matchers = [m for rule in ruleset.rules for m in term_matchers(rule.check)]
        shipped = builtin_phrase_index()  # the usual case: shipped rules as shipped, indexed when they loaded
        if shipped is not None and all(m in shipped.slots for m in matchers if m.phrases or m.patterns):
            ruleset.context.phrases = shipped
        else:
            ruleset.context.phrases = PhraseIndex(matchers)


def lint_document(doc: Document, ruleset: RuleSet, cache: BlockCache | None = None,
                  excused: list[Diagnostic] | None = None, workers: int = 1,
                  unmasked: Unmasked | None = None) -> list[Diagnostic]:
    """The document's diagnostics; findings the writer's voice excuses go to ``excused`` when given.

    ``workers`` > 1 lets the block rules of a large draft's paragraphs not in ``cache`` run on that many
    cores (``split.py``): the CLI on one big file, the language server on a draft it opens. With
    ``unmasked`` (the draft's blocks not masked yet, and none in ``doc.blocks``), each block is masked
    where its rules run, and ``doc.blocks`` holds them all, masked, when this returns."""
    from . import split

    rules = ruleset.rules
    lang = ruleset.lang or draft_language(doc.source)  # the language of the messages
    index_phrases(ruleset)
    diagnostics: list[Diagnostic] = []
    # each language's view of every block (None: nothing in that language) and the views there are, made once
    # for all document rules of that language
    lang_views: dict[str, tuple[list[Block | None], list[Block]]] = {}
    block_at: Callable[[int], Block | None] = doc.blocks.__getitem__ if unmasked is None else unmasked.block
    sizes = [len(b.text) for b in doc.blocks] if unmasked is None else unmasked.sizes()
    todo: Sequence[int] = range(len(sizes))  # the blocks whose rules must run (not in the cache)
    processes = 1
    raw_view = any(r.view == "raw" for r in rules)
    if workers > 1:
        if cache is not None and unmasked is None:  # (unmasked: a draft opened, its blocks not masked to look up)
            todo = [p for p, b in enumerate(doc.blocks) if cache.get(_block_key(doc, ruleset, b, raw_view)) is None]
        # with a cache, the caller is the language server (warm, long-lived): worth a fork from a smaller size
        processes = split.parts_for(sum(sizes[p] for p in todo), workers,
                                    split.MIN_CHARS if cache is None else split.MIN_CHARS_SERVER)
    if processes > 1:
        groups = _RuleGroups(ruleset)  # one for every chunk this process works: its memo grows across them

        def arrived(result) -> None:
            """A child's chunk: its blocks as masked there, their scans and parts, taken in here while the
            rest is still being worked; kept in the cache when there is one and no rule failed on them."""
            found_per_block, failures, scans = result
            for position, masked, scanned, block_parts in scans:
                block = unmasked.adopt(position, masked) if unmasked is not None else doc.blocks[position]
                if block is None:
                    continue
                block.adopt_scans(scanned, ruleset.context.phrases)
                for i, part in block_parts:
                    rules[i].check.adopt_block_part(block, part, ruleset.context)
            if cache is not None and not failures:
                for position, found in found_per_block:
                    if (block := block_at(position)) is not None:
                        cache.put(_block_key(doc, ruleset, block, raw_view), found)

        slices = split.run_shared(
            lambda positions, in_child: _run_block_rules(doc, ruleset, cache, positions, scans=in_child, parts=True,
                                                         unmasked=unmasked, groups=groups),
            [[todo[i] for i in part] for part in split.chunks([sizes[p] for p in todo])], processes,
            covered=lambda result: (position for position, _ in result[0]), arrived=arrived)
        if cache is not None and len(todo) < len(doc.blocks):  # the blocks found in the cache
            chosen = set(todo)
            slices.append(_run_block_rules(doc, ruleset, cache, [p for p in range(len(doc.blocks)) if p not in chosen]))
    else:
        slices = [_run_block_rules(doc, ruleset, cache, range(len(sizes)), unmasked=unmasked)]
    # rule index -> the first block it failed on (later blocks do not run it) and the failure, as on one core
    failed_at: dict[int, tuple[int, Diagnostic]] = {}
    for _, failures, _ in slices:
        for position, i, diagnostic in failures:
            if i not in failed_at or position < failed_at[i][0]:
                failed_at[i] = (position, diagnostic)
    diagnostics.extend(diagnostic for _, diagnostic in failed_at.values())
    for found_per_block, _, _ in slices:
        for position, found in found_per_block:
            block = block_at(position)
            if block is None:
                continue
            for i, hit in found:
                if i not in failed_at or failed_at[i][0] >= position:
                    diagnostics.append(_diagnostic(rules[i], hit, doc, block, lang))
    if unmasked is not None:
        doc.blocks = unmasked.document().blocks
    for rule in rules:
        if rule.check.scope in ("document", "both"):
            try:
                if rule.view == "raw" and not rule.scope:  # the whole file as written, one block (Vale's raw scope)
                    scoped = dataclasses.replace(doc, blocks=[Block("paragraph", 0, doc.source)])
                else:
                    scoped = (dataclasses.replace(doc, blocks=[b for b in doc.blocks if rule.reads(b)])
                              if rule.scope else doc)
                if rule.lang is not None:
                    if rule.lang not in lang_views:
                        # a block with no Han character is its own English view and has no Chinese one
                        # (``language_view``'s first answer, here without a call per block and language)
                        plain = rule.lang == "en"
                        views = [language_view(b, rule.lang) if b.has_han else b if plain else None
                                 for b in doc.blocks]
                        lang_views[rule.lang] = (views, [v for v in views if v is not None])
                    views, present = lang_views[rule.lang]
                    if rule.view == "raw" and not rule.scope:
                        read = [v for v in (language_view(b, rule.lang) for b in scoped.blocks) if v is not None]
                    elif rule.scope:
                        read = [v for b, v in zip(doc.blocks, views, strict=True) if v is not None and rule.reads(b)]
                    else:
                        read = list(present)
                    scoped = dataclasses.replace(scoped, blocks=read)
                for hit in rule.check.check_document(scoped, ruleset.context):
                    if not hit.excused:
                        diagnostics.append(_diagnostic(rule, hit, doc, None, lang))
                    elif excused is not None:
                        excused.append(_diagnostic(rule, hit, doc, None, lang))
            except Exception as exc:
                diagnostics.append(_rule_failed(rule, exc, 0))
    diagnostics = apply_directives(diagnostics, doc, ruleset)
    diagnostics.sort(key=lambda d: (d.start, d.end, d.rule))
    if excused:  # a finding a vibelint comment disables is not excused by habit either
        excused[:] = [d for d in apply_directives(excused, doc, ruleset) if d.rule in {r.id for r in ruleset.rules}]
    return diagnostics


def _run_block_rules(doc: Document, ruleset: RuleSet, cache: BlockCache | None, positions: Iterable[int],
                     scans: bool = False, parts: bool = False, unmasked: Unmasked | None = None,
                     groups: _RuleGroups | None = None):
    """The block rules' hits on the blocks at ``positions``: ([(position, [(rule index, hit)])],
    [(position, rule index, diagnostic)] for each rule that failed, which then skips the later blocks).
    Third, with ``scans``: [(position, the block as masked here (``Unmasked.state``) or None,
    ``Block.scans()``, [(rule index, ``Check.block_part``)])], for a forked child to send back: what the
    masking, the phrase index and the document rules work out per paragraph.
    With ``parts`` (a split lint, in every process), the document rules' parts are worked out here,
    beside the block rules, and not in the document pass that follows in the parent alone.
    With ``unmasked``, the positions are its blocks', masked here (one may turn out to be no block).
    ``groups``: the rule set's groups, when the caller runs many calls (a split lint's chunks) with one."""
    rules = ruleset.rules
    raw_view = any(r.view == "raw" for r in rules)
    index = ruleset.context.phrases
    groups = groups or _RuleGroups(ruleset)
    failed: set[int] = set()
    failures: list[tuple[int, int, Diagnostic]] = []
    found_per_block: list[tuple[int, list[tuple[int, Hit]]]] = []
    scanned: list[tuple[int, tuple | None, dict, list[tuple[int, object]]]] = []
    todo_for = groups.todo_for
    context = ruleset.context
    # each rule's check as called on a block's view: a masked-view rule's own method (most), without a
    # call of _check_block around each of the tens of thousands of calls a megabyte makes
    checks = [rule.check.check_block if rule.view == "masked"
              else functools.partial(_check_block, rule, doc=doc) for rule in rules]
    key: tuple[object, ...] = ()
    for position in positions:
        block = doc.blocks[position] if unmasked is None else unmasked.block(position)
        if block is None:  # masked, nothing was left
            found_per_block.append((position, []))
            if scans:
                scanned.append((position, None, {}, []))
            continue
        if cache is not None:
            key = _block_key(doc, ruleset, block, raw_view)
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = []
            for lang, (everywhere, by_slot) in groups.by_lang.items():
                # the block as these rules read it (without Han, its own English view and no Chinese one)
                view = (block if lang is None or (lang == "en" and not block.has_han)
                        else language_view(block, lang) if block.has_han else None)
                if view is None:
                    continue
                active = index.active(view) if by_slot and index is not None else None
                todo = todo_for.get(shape := (lang, active, block.kind, block.level))
                if todo is None:
                    if active is None:  # no gated rule, or any may match here
                        todo = groups.all[lang]
                    else:  # the gated rules only where a phrase list of theirs has a candidate
                        todo = sorted(everywhere.union(*[by_slot[s] for s in active if s in by_slot]))
                    todo = todo_for[shape] = [i for i in todo if rules[i].reads(block)]
                for i in todo:
                    if i in failed:
                        continue
                    known = cache.failures.get((key, i)) if cache is not None else None
                    try:
                        if known is not None:
                            raise known
                        hits = checks[i](view, context)
                        if hits:  # most calls find nothing
                            found.extend((i, hit) for hit in hits)
                    except Exception as exc:  # a broken rule must not take the linter down
                        failed.add(i)
                        failures.append((position, i, _rule_failed(rules[i], exc, block.start)))
                        if cache is not None:
                            cache.remember_failure((key, i), exc.with_traceback(None))
            if cache is not None and not failed:
                cache.put(key, found)
        found_per_block.append((position, found))
        if scans or parts:
            block_parts = _block_parts(groups.parted, block, ruleset) if parts else []
            if scans:
                scanned.append((position, unmasked.state(position) if unmasked is not None else None,
                                block.scans(phrases=groups.unparted_phrases), block_parts))
        if cache is None:  # a one-off lint (the CLI); the editor's cache keeps word sets for the next edit
            block.release()
    return found_per_block, failures, scanned


def _block_key(doc: Document, ruleset: RuleSet, block: Block, raw_view: bool) -> tuple:
    """What a block's cached results are filed under: the rule set, and the block as the rules read it
    (``raw_view``: a rule reads the source as written, which the masked text hides)."""
    key: tuple[object, ...] = (ruleset.serial, block.kind, block.level, block.text)
    if raw_view:  # the masked text hides what a raw-view rule reads
        key += (doc.source[block.start:block.end],)
    return key


def _block_parts(parted: list[int], block: Block, ruleset: RuleSet) -> list[tuple[int, object]]:
    """The document rules' per-paragraph parts of ``block``, for the rules that read it as it is (the masked
    text, no other language's sentences to blank): the document pass finds them under that same block."""
    parts: list[tuple[int, object]] = []
    han = block.has_han
    for i in parted:
        rule = ruleset.rules[i]
        if rule.scope and not rule.reads(block):
            continue
        if rule.lang is not None and (language_view(block, rule.lang) is not block if han else rule.lang != "en"):
            continue  # without a Han character, an English rule's view is the block, another language's is none
        try:
            part = rule.check.block_part(block, ruleset.context)
        except Exception:  # the document pass runs it again, and reports the failure there
            continue
        if part is not None:
            parts.append((i, part))
    return parts


class _RuleGroups:
    """The block rules by the language view they read, and by the phrase lists that gate them.

    A gated check (``Check.gate``) finds nothing on a paragraph where none of its phrase matchers has a
    candidate (``PhraseIndex.active``), so it is not called there. Not gated: no gate, a matcher outside
    the index, or a view other than the masked text (the index reads the masked text).
    """

    def __init__(self, ruleset: RuleSet):
        index = ruleset.context.phrases
        # (language, the phrase index's active slots, block kind, heading level) -> the rules to call there, in
        # order: paragraphs share a few hundred such keys, so each list is worked out once
        self.todo_for: dict[tuple, list[int]] = {}
        # lang -> (rule indexes run on every paragraph, slot -> rule indexes gated by it)
        self.by_lang: dict[str | None, tuple[set[int], dict[int, set[int]]]] = {}
        self.all: dict[str | None, list[int]] = {}
        # document rules with a per-paragraph part (``Check.block_part``) of the masked text
        self.parted = [i for i, rule in enumerate(ruleset.rules) if rule.check.scope in ("document", "both")
                       and rule.view == "masked" and type(rule.check).block_part is not Check.block_part]
        # does a document rule read the phrase index other than through its parts? Only then are a forked
        # child's phrase scans worth sending back (they were half of what a child sent on 1 MB)
        from .kinds.phrases import term_matchers

        self.unparted_phrases = any(rule.check.scope in ("document", "both") and i not in self.parted
                                    and term_matchers(rule.check) for i, rule in enumerate(ruleset.rules))
        for i, rule in enumerate(ruleset.rules):
            if rule.check.scope not in ("block", "both"):
                continue
            everywhere, by_slot = self.by_lang.setdefault(rule.lang, (set(), {}))
            self.all.setdefault(rule.lang, []).append(i)
            gate = rule.check.gate
            if gate is None or index is None or rule.view != "masked" or any(m not in index.slots for m in gate):
                everywhere.add(i)
            else:
                for matcher in gate:
                    by_slot.setdefault(index.slots[matcher], set()).add(i)


def _check_block(rule: Rule, block: Block, context, doc: Document) -> list[Hit]:
    """The rule's hits on the view of the block it reads, as offsets in the block's (masked) text."""
    if rule.view == "masked":
        return rule.check.check_block(block, context)
    if rule.view == "raw":
        raw = Block(block.kind, block.start, doc.source[block.start:block.end], level=block.level)
        return rule.check.check_block(raw, context)
    view, where = plain_view(block)
    hits = rule.check.check_block(view, context)
    if where is None:
        return hits
    for hit in hits:
        start = where[hit.start]
        end = where[hit.end - 1] + 1 if hit.end > hit.start else start
        hit.start, hit.end = start, end
    return hits


def _diagnostic(rule: Rule, hit: Hit, doc: Document, block: Block | None, lang: str = "en") -> Diagnostic:
    offset = block.start if block is not None else 0
    start, end = offset + hit.start, offset + hit.end
    if block is not None and rule.view != "masked":
        _quote_source(hit, doc.source[start:end], block.text[hit.start:hit.end])
    fix = None
    # a fix only when the span is plain source text: no markup or container prefix inside it
    if hit.replacement is not None and (block is None or doc.source[start:end] == block.text[hit.start:hit.end]):
        fix = Fix(start, end, hit.replacement)
    translated = bool(rule.translations.get(lang, {}).get("message"))
    message = format_message(rule.text("message", lang), localized(hit.values, lang) if translated else hit.values)
    return Diagnostic(rule.id, rule.severity, message, start, end, fix, list(hit.suggestions))


def localized(values: dict, lang: str) -> dict:
    """A hit's values for a message in ``lang``: ``cluster_zh`` stands in for ``cluster`` in Chinese."""
    suffix = f"_{lang}"
    if lang == "en" or not any(k.endswith(suffix) for k in values):
        return values
    return {**values, **{k[:-len(suffix)]: v for k, v in values.items() if k.endswith(suffix)}}


def _quote_source(hit: Hit, source: str, masked: str) -> None:
    """A message quotes what the writer wrote ("`this`", "**Project name**"), not the blanked view."""
    if source == masked:
        return
    for name in ("match", "observed"):
        value = hit.values.get(name)
        if isinstance(value, str) and value and value.strip() != source.strip():
            hit.values[name] = source.strip() if name == "observed" else source


def _rule_failed(rule: Rule, exc: Exception, offset: int) -> Diagnostic:
    if isinstance(exc, PatternTimeout):
        return Diagnostic(RULE_TIMEOUT, "warning", f"rule {rule.id} timed out and was disabled for this file: {exc}",
                          offset, offset)
    return Diagnostic(RULE_FAILED, "error", f"rule {rule.id} failed and was skipped: {type(exc).__name__}: {exc}",
                      offset, offset)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, values: dict) -> str:
    try:
        return template.format_map(_Values(values))
    except (ValueError, IndexError, AttributeError):
        return template


def apply_directives(diagnostics: list[Diagnostic], doc: Document, ruleset: RuleSet) -> list[Diagnostic]:
    """Drop what vibelint comments disable; report comments that name unknown rules."""
    if not doc.directives:
        return diagnostics
    index = LineIndex(doc.source)
    problems = [
        Diagnostic(UNKNOWN_RULE, "warning", f"unknown rule id '{rule_id}' in vibelint comment", d.start, d.end)
        for d in doc.directives for rule_id in d.rule_ids if not ruleset.covers(rule_id)
    ]
    ordered = sorted(doc.directives, key=lambda d: d.start)

    def covered(ids: list[str], rule_id: str) -> bool:
        return not ids or any(matches(i, rule_id) for i in ids)

    kept = []
    for diag in diagnostics:
        line = index.line_of(diag.start)
        disabled = False
        for d in ordered:
            if d.action == "disable-file" and covered(d.rule_ids, diag.rule):
                disabled = True
                break
            if d.action == "disable-next-line" and index.line_of(d.end) + 1 == line and covered(d.rule_ids, diag.rule):
                disabled = True
                break
            if d.start < diag.start and d.action in ("disable", "enable") and covered(d.rule_ids, diag.rule):
                disabled = d.action == "disable"
        if not disabled:
            kept.append(diag)
    return kept + problems


def apply_fixes(source: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """Apply non-overlapping fixes left to right; overlapping ones wait for the next pass."""
    # the replacement breaks ties, so two rules' fixes of one span give the same text on every run
    fixes = sorted({d.fix for d in diagnostics if d.fix is not None}, key=lambda f: (f.start, f.end, f.replacement))
    pieces, pos, applied = [], 0, 0
    for fix in fixes:
        if fix.start < pos:
            continue
        pieces.append(source[pos:fix.start])
        pieces.append(fix.replacement)
        pos = fix.end
        applied += 1
    pieces.append(source[pos:])
    return "".join(pieces), applied


def fix_until_stable(source: str, path: str, ruleset: RuleSet, max_passes: int = 10, *,
                     relint: Callable[[str], LintResult] | None = None, result: LintResult | None = None,
                     minimum: str = "hint") -> tuple[str, int, LintResult]:
    """Lint and fix repeatedly (like ruff) until no safe fix is left; return text, fix count, final result.

    The one fix loop (``check --fix``/``--diff`` and the editor's fix-all): ``relint`` lints a text
    (default: ``lint`` without a cache), ``result`` is the lint of ``source`` when it is already known,
    and only findings at or above ``minimum`` severity are fixed (the editor's setting).
    """
    relint = relint or (lambda text: lint(text, path, ruleset))
    total = 0
    result = result if result is not None else relint(source)
    for _ in range(max_passes):
        fixed, applied = apply_fixes(source, at_least(result.diagnostics, minimum))
        if not applied or fixed == source:
            break
        source, total = fixed, total + applied
        result = relint(source)
    return source, total, result


def severity_rank(severity: str) -> int:
    """error=0 ... hint=3: lower is more severe."""
    return SEVERITIES.index(severity)


def at_least(diagnostics: list[Diagnostic], minimum: str) -> list[Diagnostic]:
    """The diagnostics at or above ``minimum`` severity ("hint": all of them)."""
    if minimum == SEVERITIES[-1]:
        return diagnostics
    limit = severity_rank(minimum)
    return [d for d in diagnostics if severity_rank(d.severity) <= limit]
