"""One large draft on two cores (split.py): the same findings as on one, whatever a child does."""

from __future__ import annotations

import dataclasses
import os
import time

import pytest
from conftest import run_cli_process

from vibelint import split
from vibelint.engine import RULE_FAILED, RuleSet, lint, lint_document
from vibelint.kinds import base
from vibelint.kinds.phrases import TermMatcher
from vibelint.text.parse import parse

PARAGRAPHS = [
    "We utilize a robust framework to leverage synergies across the organization.",
    "I kind of feel like this will change how people write code, imo.",
    "AI will revolutionize every industry and replace most programmers by 2027.",
    "It's kind of like a compiler: in some sense the weights are the program.",
    "Additionally, it is important to note that the results are crucial and robust and pivotal.",
    " ".join(["The loss went down and then it went up again and we did not know why"] * 6) + ".",
]


def big_draft(chars: int = 2 * split.MIN_CHARS) -> str:
    out, size, i = [], 0, 0
    while size < chars:
        paragraph = f"{PARAGRAPHS[i % len(PARAGRAPHS)]} Note {i}."
        out.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "\n\n".join(out) + "\n"


def shown(diagnostics) -> list[tuple]:
    return [(d.rule, d.severity, d.message, d.start, d.end, d.fix, d.suggestions) for d in diagnostics]


def test_chunks_are_contiguous_cover_every_block_and_get_smaller_toward_the_end():
    weights = [5, 1, 1, 1, 1, 1, 5, 1, 1, 3]
    parts = split.chunks(weights, 4)
    assert [i for part in parts for i in part] == list(range(len(weights)))
    assert all(parts) and all(sum(weights[i] for i in part) <= 4 + 5 for part in parts)
    paragraphs = split.chunks([100] * 600)  # a 60,000-character draft
    sizes = [100 * len(part) for part in paragraphs]
    assert sum(sizes) == 60_000 and max(sizes) == split.CHUNK_CHARS
    assert sizes[-2] <= split.CHUNK_CHARS // split.TAIL_PARTS  # the last ones are small...
    assert sizes == sorted(sizes, reverse=True)  # ...and none is bigger than one before it
    assert len(paragraphs) < 20  # the rest is not cut finer than it needs
    assert split.chunks([3], 100) == [range(0, 1)]  # never an empty chunk
    assert len(split.chunks([1] * 100_000, 1)) <= 4_000  # the hand-out pipe holds every chunk number
    assert split.parts_for(split.MIN_CHARS - 1, 2) == 1 and split.parts_for(10 * split.MIN_CHARS, 2) == 2
    assert split.parts_for(10 * split.MIN_CHARS, 1) == 1


def test_every_chunk_is_worked_once_by_some_process():
    def work(indexes, in_child: bool) -> list[tuple[int, int]]:
        done = []
        for i in indexes:
            time.sleep(0.002)  # long enough for the child to start and take its share
            done.append((i, os.getpid()))
        return done

    ranges = split.chunks([1] * 200, 10)
    results = split.run_shared(work, ranges, 2, covered=lambda result: (i for i, _ in result))
    assert sorted(i for result in results for i, _ in result) == list(range(200))  # each once
    assert len(results) == len(ranges)  # one result per chunk
    assert all(len({pid for _, pid in result}) == 1 for result in results)  # a chunk is one process's
    assert len({pid for result in results for _, pid in result}) == 2


def test_a_childs_results_arrive_while_this_process_still_works():
    """Each chunk a child works reaches ``arrived`` as it is sent, between this process's own chunks."""
    parent = os.getpid()
    events: list[str] = []

    def work(chunk, in_child: bool) -> list[int]:
        time.sleep(0.02)
        if os.getpid() == parent:
            events.append("own chunk")
        return list(chunk)

    results = split.run_shared(work, split.chunks([1] * 40, 2), 2, covered=lambda done: done,
                               arrived=lambda result: events.append("child's chunk"))
    assert sorted(i for result in results for i in result) == list(range(40))
    arrived = events.count("child's chunk")
    assert arrived >= 5  # the child took a fair share
    # most of the child's chunks came in while this process still had chunks of its own to work
    last_own = max(i for i, event in enumerate(events) if event == "own chunk")
    assert sum(1 for event in events[:last_own] if event == "child's chunk") >= arrived // 2


def test_a_child_that_hangs_is_killed_after_a_grace_and_what_it_took_runs_here():
    parent = os.getpid()

    def work(indexes, in_child: bool) -> list[int]:
        done = []
        for i in indexes:
            while os.getpid() != parent:  # the child hangs on the first chunk it takes
                time.sleep(1)
            time.sleep(0.01)  # long enough for the child to take a chunk
            done.append(i)
        return done

    started = time.monotonic()
    results = split.run_shared(work, [range(0, 3), range(3, 6), range(6, 9)], 2, covered=lambda done: done, grace=1.0)
    assert sorted(i for result in results for i in result) == list(range(9))
    assert time.monotonic() - started < 30


def test_when_no_process_can_be_forked_this_one_works_every_chunk(monkeypatch):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    results = split.run_shared(lambda indexes, in_child: [(i, in_child) for i in indexes],
                               [range(0, 3), range(3, 6)], 2, covered=lambda done: (i for i, _ in done))
    assert results == [[(i, False) for i in range(3)], [(i, False) for i in range(3, 6)]]


def test_the_editor_lints_a_large_new_draft_on_two_cores_and_keeps_every_paragraph_for_the_next_edit(
        default_ruleset, monkeypatch):
    from vibelint.service import LintService, SessionCache

    forks = []
    real = split.run_shared
    monkeypatch.setattr(split, "run_shared", lambda *args, **kwargs: forks.append(1) or real(*args, **kwargs))
    source = big_draft()
    one = LintService(cache=SessionCache()).lint(source, "a.md", default_ruleset).diagnostics
    assert not forks  # one worker: never split
    service = LintService(cache=SessionCache())
    two = service.lint(source, "a.md", default_ruleset, workers=2).diagnostics
    assert forks == [1] and shown(two) == shown(one)
    edited = source.replace("Note 7.", "We utilize it. Note 7.", 1)
    again = service.lint(edited, "a.md", default_ruleset, workers=2).diagnostics  # one paragraph not in the cache
    assert forks == [1]
    assert shown(again) == shown(lint_document(parse(edited, "a.md"), default_ruleset))
    assert len(again) == len(two) + 1


class WhichProcess(base.Check):
    """Says which process read the block."""

    def check_block(self, block, ctx):
        return [base.Hit(0, 1, {"pid": os.getpid()})]


def test_two_cores_find_exactly_what_one_finds(default_ruleset):
    source = big_draft()
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.pid", check=WhichProcess(), message="{pid}",
                               translations={})
    ruleset = RuleSet([*default_ruleset.rules, rule], default_ruleset.known_ids | {"house.pid"})
    one = lint_document(parse(source, "a.md"), ruleset)
    two = lint_document(parse(source, "a.md"), ruleset, workers=2)
    assert len({d.message for d in one if d.rule == "house.pid"}) == 1
    assert len({d.message for d in two if d.rule == "house.pid"}) == 2  # the draft was split between two processes
    assert len(one) > 100
    assert shown(d for d in two if d.rule != "house.pid") == shown(d for d in one if d.rule != "house.pid")


class PartsFromWhere(base.Check):
    """A document check whose per-paragraph part is the process that made it."""

    scope = "document"

    def __init__(self):
        self.adopted: dict[int, int] = {}

    def block_part(self, block, ctx):
        return os.getpid()

    def adopt_block_part(self, block, part, ctx):
        self.adopted[block.start] = part

    def check_document(self, doc, ctx):
        made_by = {self.adopted.get(b.start, os.getpid()) for b in doc.blocks}
        return [base.Hit(0, 1, {"pid": pid}) for pid in sorted(made_by)]


def test_a_child_sends_back_the_document_rules_parts_of_its_paragraphs(default_ruleset):
    source = big_draft()
    check = PartsFromWhere()
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.parts", check=check, message="{pid}",
                               translations={})
    ruleset = RuleSet([*default_ruleset.rules, rule], default_ruleset.known_ids | {"house.parts"})
    two = lint_document(parse(source, "a.md"), ruleset, workers=2)
    assert len({d.message for d in two if d.rule == "house.parts"}) == 2  # parts made here and in the child
    assert check.adopted and all(pid != os.getpid() for pid in check.adopted.values())


class DocumentPhrases(base.Check):
    """A document check that reads the phrase index itself, paragraph by paragraph, with no per-paragraph part."""

    scope = "document"

    def __init__(self):
        self.matcher = TermMatcher({"utilize": "use"})

    def check_document(self, doc, ctx):
        return [base.Hit(b.start + m.start(), b.start + m.end())
                for b in doc.blocks for m, _ in self.matcher.find(b, ctx)]


def test_the_editor_masks_a_draft_it_opens_where_the_rules_run_and_reparses_only_an_edit(default_ruleset,
                                                                                        monkeypatch):
    """A draft the session has not parsed is not masked whole before the split (``Unmasked``): each core
    masks its paragraphs. The parse kept for the next edit is a whole parse's, so the edit re-reads only
    the top-level blocks it touched, and every lint finds what a fresh one does."""
    from vibelint.service import LintService, SessionCache
    from vibelint.text import parse as parse_module

    whole: list[int] = []
    real = parse_module.parse_markdown_tracked
    monkeypatch.setattr(parse_module, "parse_markdown_tracked", lambda text: whole.append(len(text)) or real(text))
    source = big_draft()
    service = LintService(cache=SessionCache())
    opened = service.lint(source, "a.md", default_ruleset, workers=2)
    assert whole == []  # nothing parsed whole before linting
    assert shown(opened.diagnostics) == shown(lint_document(parse(source, "a.md"), default_ruleset))
    assert [(b.start, b.text) for b in opened.document.blocks] == [(b.start, b.text) for b in parse(source, "a.md").blocks]
    edited = source.replace("Note 7.", "We utilize it. Note 7.", 1)
    whole.clear()
    again = service.lint(edited, "a.md", default_ruleset, workers=2)
    assert len(whole) == 1 and whole[0] < len(edited) // 10  # the edited window alone
    assert shown(again.diagnostics) == shown(lint_document(parse(edited, "a.md"), default_ruleset))


def test_a_child_sends_back_phrase_scans_only_when_a_document_rule_reads_the_index_itself(default_ruleset,
                                                                                         monkeypatch):
    """The shipped document rules get per-paragraph parts from the child; its phrase scans would be sent
    for nothing (half of what a child sent on 1 MB). A rule that scans in the document pass gets them,
    and finds what it finds on one core."""
    sent: list[str] = []
    real = split.run_shared

    def spy(*args, **kwargs):
        results = real(*args, **kwargs)
        # this process's own chunks send no scans: what is there came from the child
        sent.extend(name for _, _, scans in results for _, _, scanned, _ in scans for name in scanned)
        return results

    monkeypatch.setattr(split, "run_shared", spy)
    source = big_draft()
    lint_document(parse(source, "a.md"), default_ruleset, workers=2)
    assert sent and set(sent) == {"_word_count", "_han"}
    sent.clear()
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.doc-phrases", check=DocumentPhrases(),
                               message="doc phrase", translations={})
    ruleset = RuleSet([*default_ruleset.rules, rule], default_ruleset.known_ids | {"house.doc-phrases"})
    one = lint_document(parse(source, "a.md"), ruleset)
    two = lint_document(parse(source, "a.md"), ruleset, workers=2)
    assert "_phrase_scan" in sent and "_literal_scan" in sent
    assert [d.rule for d in one].count("house.doc-phrases") > 100
    assert shown(two) == shown(one)


class FailsAfter(base.Check):
    """Raises on every block past a source offset (in the second slice, or in both)."""

    def __init__(self, offset: int):
        self.offset = offset

    def check_block(self, block, ctx):
        if block.start >= self.offset:
            raise ZeroDivisionError("division by zero")
        return [base.Hit(0, 2)]


@pytest.mark.parametrize("where", [0.25, 0.75])
def test_a_failing_rule_is_reported_once_and_skipped_after_as_on_one_core(default_ruleset, where):
    source = big_draft()
    broken = dataclasses.replace(default_ruleset.rules[0], id="house.broken", check=FailsAfter(int(len(source) * where)))
    ruleset = RuleSet([broken, *default_ruleset.rules], default_ruleset.known_ids | {"house.broken"})
    one = lint_document(parse(source, "a.md"), ruleset)
    two = lint_document(parse(source, "a.md"), ruleset, workers=2)
    assert [d.rule for d in two].count(RULE_FAILED) == 1
    assert shown(two) == shown(one)


def test_a_child_that_dies_is_not_trusted_what_it_took_runs_here():
    parent = os.getpid()

    def work(indexes, in_child: bool) -> list[int]:
        squares = []
        for i in indexes:
            if os.getpid() != parent:
                os._exit(3)  # the child dies without a word, holding the chunk it took
            squares.append(i * i)
        return squares

    results = split.run_shared(work, [range(0, 3), range(3, 6), range(6, 9)], 2,
                               covered=lambda squares: (round(s ** 0.5) for s in squares))
    assert sorted(s for result in results for s in result) == [i * i for i in range(9)]


def test_what_a_child_sent_before_it_died_is_kept_and_only_the_rest_runs_here():
    parent = os.getpid()
    taken = 0

    def work(chunk, in_child: bool) -> list[tuple[int, int]]:
        nonlocal taken
        if os.getpid() != parent:
            taken += 1
            if taken == 3:
                os._exit(3)  # two chunks sent, then dead holding the third
        time.sleep(0.01)
        return [(i, os.getpid()) for i in chunk]

    ranges = [range(i, i + 4) for i in range(0, 40, 4)]
    results = split.run_shared(work, ranges, 2, covered=lambda done: (i for i, _ in done))
    assert sorted(i for result in results for i, _ in result) == list(range(40))  # each once, none lost
    assert len({pid for result in results for _, pid in result if pid != parent}) == 1  # the child's two chunks
    assert sum(1 for result in results for _, pid in result if pid != parent) == 8


def test_the_parent_does_not_wait_for_a_child_to_exit_and_reaps_it_later(monkeypatch):
    """A child closes its pipe before it exits: the parent goes on at once (exiting takes a process as large
    as a language server milliseconds; here, two seconds), and collects the exited child later."""
    real_exit = os._exit

    def slow_exit(code):
        time.sleep(2)
        real_exit(code)

    monkeypatch.setattr(os, "_exit", slow_exit)  # the child inherits it
    started = time.monotonic()
    results = split.run_shared(lambda chunk, in_child: list(chunk), [range(0, 3), range(3, 6)], 2,
                               covered=lambda done: done)
    assert time.monotonic() - started < 1.5
    assert sorted(i for result in results for i in result) == list(range(6))
    monkeypatch.setattr(os, "_exit", real_exit)
    deadline = time.monotonic() + 10
    while split._UNREAPED and time.monotonic() < deadline:
        time.sleep(0.05)
        split._reap()
    assert not split._UNREAPED  # no zombie left behind


def test_the_command_waits_for_its_children_before_it_exits_so_their_time_is_counted(tmp_path):
    """``time vibelint check`` (and the benchmark's CPU column) count the child's work only when the
    command reaps it: it does, at exit, after the output."""
    import resource

    draft = tmp_path / "big.md"
    draft.write_text(big_draft(4 * split.MIN_CHARS), encoding="utf-8")

    def cpu(jobs: str) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert run_cli_process("check", str(draft), "--no-cache", "--jobs", jobs, "--format", "json").returncode == 1
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    one, two = min(cpu("1") for _ in range(2)), min(cpu("2") for _ in range(2))
    assert two > 0.8 * one  # about as much work in all; half of it, had the child gone uncounted


def test_check_on_a_large_file_prints_the_same_on_one_core_and_on_two(tmp_path):
    draft = tmp_path / "big.md"
    draft.write_text(big_draft(), encoding="utf-8")
    one = run_cli_process("check", str(draft), "--no-cache", "--jobs", "1", "--format", "json")
    two = run_cli_process("check", str(draft), "--no-cache", "--jobs", "2", "--format", "json")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout.count(b'"rule"') > 100 and not two.stderr


def _blocks(document) -> list[tuple]:
    return [(b.kind, b.start, b.text, b.level, b.markup, b.code) for b in document.blocks]


def test_blocks_masked_on_two_cores_find_what_a_parse_on_one_finds(default_ruleset):
    """The command's lint masks each block where its rules run (``parse.Unmasked``): the child sends its
    blocks back masked, and the draft the parent ends with is the one ``parse`` gives."""
    # every paragraph with code and a link in it (its block has markup and code ranges), and two that mask to nothing
    source = big_draft().replace("Note", "Note `x` in [the **docs**](https://x.com/a)") + "\n`only code`\n\n<https://a.b>\n"
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.pid", check=WhichProcess(), message="{pid}",
                               translations={})
    ruleset = RuleSet([*default_ruleset.rules, rule], default_ruleset.known_ids | {"house.pid"})
    whole = parse(source, "a.md")
    one = lint_document(whole, ruleset)
    two = lint(source, "a.md", ruleset, workers=2)
    assert len({d.message for d in two.diagnostics if d.rule == "house.pid"}) == 2  # split between two processes
    assert shown(d for d in two.diagnostics if d.rule != "house.pid") == shown(d for d in one if d.rule != "house.pid")
    assert _blocks(two.document) == _blocks(whole)


class DiesInAChild(base.Check):
    """Kills the process it runs in unless that is the parent: the child dies holding unmasked blocks."""

    def __init__(self):
        self.parent = os.getpid()

    def check_block(self, block, ctx):
        if os.getpid() != self.parent:
            os._exit(3)
        return []


def test_blocks_a_dead_child_took_are_masked_and_linted_here(default_ruleset):
    source = big_draft().replace("Note", "Note `x` in [the **docs**](https://x.com/a)")
    rule = dataclasses.replace(default_ruleset.rules[0], id="house.dies", check=DiesInAChild(), translations={})
    ruleset = RuleSet([rule, *default_ruleset.rules], default_ruleset.known_ids | {"house.dies"})
    one = lint(source, "a.md", ruleset)
    two = lint(source, "a.md", ruleset, workers=2)
    assert len(one.diagnostics) > 100 and shown(two.diagnostics) == shown(one.diagnostics)
    assert _blocks(two.document) == _blocks(parse(source, "a.md"))


MIXED = [
    "我们要赋能业务，打通底层逻辑，形成闭环，实现降本增效。",
    "这不仅仅是一个工具，而是一种全新的思维方式。",
    "We utilize a robust framework, 我们要 leverage 这个 synergy across teams.",
    "I kind of feel like this will change how people write code, imo.",
    "Additionally, it is important to note that the results are crucial and robust and pivotal.",
]


def test_two_cores_find_what_one_finds_in_a_draft_of_two_languages(default_ruleset):
    """Chinese, English and mixed paragraphs: each language's rules read their own view of each block, and
    the document rules' parts are worked out per language in the process that lints the block."""
    source = "\n\n".join(f"{MIXED[i % len(MIXED)]} {i}" for i in range(4000)) + "\n"
    assert len(source) > 2 * split.MIN_CHARS
    one = lint(source, "a.md", default_ruleset)
    two = lint(source, "a.md", default_ruleset, workers=2)
    assert {d.rule for d in one.diagnostics} >= {"zh.jargon", "karpathy.corporate-jargon"}
    assert shown(two.diagnostics) == shown(one.diagnostics)
