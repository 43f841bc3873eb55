"""The VS Code extension's own test suite (server finding, activation, and a real LSP session
driven through vscode-languageserver-protocol), run with npm against the installed vibelint."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EXTENSION = ROOT / "editors" / "vscode"

# slow: the extension's npm test suite
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("editors"),  # the editors take turns (conftest.py)
              pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")]


def test_extension_npm_suite():
    exe = shutil.which("vibelint") or str(Path(sys.executable).with_name("vibelint"))
    env = {**os.environ, "VIBELINT_EXE": exe}
    install = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=EXTENSION, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    result = subprocess.run(["npm", "test"], cwd=EXTENSION, capture_output=True, text=True, env=env, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "# fail 0" in output and "# skipped 0" in output, output[-2000:]
