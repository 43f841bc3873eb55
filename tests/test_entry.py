"""The command's own process moves the loaded rule packs out of the cyclic collector's way; a program
that imports vibelint keeps its collector as it set it."""

import gc
import subprocess
import sys

from conftest import run_cli

# the real entry point, reporting how many objects are frozen when the command is done
_REPORT = ("import atexit, gc, sys; atexit.register(lambda: print(gc.get_freeze_count(), file=sys.stderr)); "
           "sys.argv = ['vibelint', *sys.argv[1:]]; from vibelint.entry import run; run()")


def _frozen_after(*args: str, cwd) -> int:
    proc = subprocess.run([sys.executable, "-c", _REPORT, *args], capture_output=True, cwd=cwd, timeout=120)
    return int(proc.stderr.decode().split()[-1])


def test_the_command_freezes_the_rule_packs_once_loaded(tmp_path):
    (tmp_path / "post.md").write_text("We utilize it.\n")
    imports_only = _frozen_after("--version", cwd=tmp_path)  # exits before any rule is loaded
    after_check = _frozen_after("check", "post.md", cwd=tmp_path)
    assert imports_only > 10_000  # the imports, frozen as before
    assert after_check > imports_only + 10_000  # and the rule packs' objects on top


def test_linting_in_a_program_that_imports_vibelint_freezes_nothing(tmp_path):
    (tmp_path / "post.md").write_text("We utilize it.\n")
    before = gc.get_freeze_count()
    assert run_cli("check", "post.md", cwd=tmp_path).returncode == 1
    assert gc.get_freeze_count() == before


def _rich_drafts() -> list[str]:
    """Every kind of block and every rule's examples: what a lint may build."""
    from test_parser_agreement import SAMPLES

    from vibelint.packs import builtin_rules

    examples = [text for rule in builtin_rules() for text in [*rule.examples.good, *rule.examples.bad]]
    return [*SAMPLES.values(), "\n\n".join(examples)]


def test_a_lint_makes_no_reference_cycles(default_ruleset):
    """What ``entry.linting`` rests on: with the collector off while a file is linted, nothing a lint made
    is left for it to find. A split lint (two cores) included."""
    from test_split import big_draft

    from vibelint.engine import lint

    drafts = [*_rich_drafts(), big_draft()]
    for text in drafts:  # first lints load and compile what later ones reuse
        lint(text, "draft.md", default_ruleset)
    was_on = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for text in drafts:
            for workers in (1, 2):
                result = lint(text, "draft.md", default_ruleset, workers=workers)
                assert result.document.blocks
                del result
                assert gc.collect() == 0
    finally:
        if was_on:
            gc.enable()


def test_the_command_lints_with_the_collector_off_and_turns_it_back_on(tmp_path, monkeypatch):
    from vibelint import entry, runner

    (tmp_path / "post.md").write_text("We utilize it.\n")
    seen: list[bool] = []
    real = runner._lint_file

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    walked_after: list[bool] = []  # is what the lint returned in the collector's generations once it is back on?
    real_lint = runner._lint

    def lint_and_look(*args):
        result = real_lint(*args)
        diagnostics = result[2]
        walked_after.append(any(o is diagnostics for o in gc.get_objects()))
        return result

    monkeypatch.setattr(runner, "_lint_file", spy)
    monkeypatch.setattr(runner, "_lint", lint_and_look)
    monkeypatch.setattr(entry, "_OWN_PROCESS", True)  # as in the command's own process
    assert gc.isenabled()
    try:
        assert run_cli("check", "post.md", "--no-cache", cwd=tmp_path).returncode == 1
        assert seen == [False] and gc.isenabled()
        # what outlived the lint (the findings here) is out of the collector's way: no collection walks it
        assert walked_after == [False]
    finally:
        gc.unfreeze()  # this test's process is pytest's, not the command's
    monkeypatch.setattr(entry, "_OWN_PROCESS", False)  # a program that imports vibelint: as it set it
    assert run_cli("check", "post.md", "--no-cache", cwd=tmp_path).returncode == 1
    assert seen == [False, True] and gc.isenabled() and walked_after == [False, True]
