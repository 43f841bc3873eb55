import sys
from pathlib import Path

import pytest

from vibelint.config import CliOptions, load_config

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_reason(*names: str) -> str:
    """Why a test that reads ``../shared/corpus/NAME`` cannot run, and where those files come from."""
    where = ", ".join(f"../shared/corpus/{name}" for name in names)
    return (f"needs {where}: the author's writing from the project's shared folder, checked out as ../shared beside "
            "this repository (CI puts it there; ../shared/README.md says how each file is built, e.g. "
            "../shared/corpus/make_corpus.py rebuilds the tweets from ../shared/seeds/000_ca3e6f81a1313ff9.txt)")


def needs_corpus(*names: str):
    """Skip a test when ``../shared/corpus/NAME`` (a file or folder) is missing, saying where the corpus comes from."""
    missing = [name for name in names if not (CORPUS / name).exists()]
    return pytest.mark.skipif(bool(missing), reason=corpus_reason(*missing))


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    """Run the real `vibelint` entry point in a subprocess; returns CompletedProcess."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "vibelint", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="session")
def default_ruleset():
    return load_config(None, CliOptions()).ruleset_for(None, CliOptions())
