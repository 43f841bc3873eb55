"""Without ../shared beside the checkout, the tests that need the corpus skip (saying where it comes from); the rest pass."""

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # runs the test suite again in a copy of the repository


_COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "venv", "node_modules", "editors", "bench", "dist", "build",
                                      "__pycache__", ".pytest_cache", ".hypothesis", ".vibelint_cache", "*.vsix")


def _corpus_test_files() -> list[str]:
    """Every test file that reads the shared corpus (found by name, so a new one is covered too)."""
    here = __file__.rsplit("/", 1)[-1]
    return sorted(p.name for p in (ROOT / "tests").glob("test_*.py")
                  if p.name != here and re.search(r"\b(CORPUS|SHARED)\b", p.read_text(encoding="utf-8")))


def test_corpus_tests_skip_with_a_reason_when_shared_is_absent(tmp_path):
    checkout = tmp_path / "checkout"  # tmp_path holds no "shared" folder
    shutil.copytree(ROOT, checkout, ignore=_COPY_IGNORE)
    files = _corpus_test_files()
    assert {"test_corpus.py", "test_voice.py", "test_lsp_units.py"} <= set(files), files
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           *[f"tests/{name}" for name in files]],
                          check=False, cwd=checkout, capture_output=True, text=True, timeout=900)
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert not re.search(r"\b\d+ (failed|errors?)\b", summary), summary  # "1 xfailed" is fine
    skipped = re.search(r"(\d+) skipped", summary)
    assert skipped and int(skipped[1]) >= 5, summary  # 3 calibration, 4 voice and 1 language-server test read it
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    for line in skips:
        assert "../shared/corpus/" in line and "make_corpus.py" in line, line
