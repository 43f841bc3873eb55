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
