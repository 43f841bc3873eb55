import sys
from pathlib import Path

import pytest

from vibelint.config import CliOptions, load_config

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    """Run the real `vibelint` entry point in a subprocess; returns CompletedProcess."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "vibelint", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="session")
def default_ruleset():
    return load_config(None, CliOptions()).ruleset_for(None, CliOptions())
