"""The static checks the README promises: CI runs the README's command, and ruff finds nothing.

mypy takes about 20 s cold, so it runs only in CI (`.ci/run`); ruff takes a tenth of a second and
runs here too, so a finding shows up in the contributor's own test run."""

import re
import subprocess
import sys
import tomllib

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_command() -> str:
    section = README.split("### Static checks", 1)[1]
    return re.search(r"```\n(.*?)\n```", section, re.DOTALL)[1].strip()


def test_ci_runs_the_readme_static_checks_after_installing_them():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = readme_command()
    assert command == "python3 -m ruff check src scripts bench && python3 -m mypy"
    assert command in ci and ci.index(command) > ci.index("python3 -m pip install '.[test]'")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!~ ]", spec, 1)[0] for spec in extras["test"]}
    assert {"ruff", "mypy", "types-regex", "types-PyYAML"} <= names


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "scripts", "bench"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
