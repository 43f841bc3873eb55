"""The packaged extension in a real VS Code (code-server, driven by headless Chromium through
playwright-core): editors/vscode/e2e/*.test.mjs. Skipped without the toolchain (see editor_toolchain.py),
failed without it under VIBELINT_E2E=require (CI)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
from editor_toolchain import tools

# slow: drives a real VS Code (code-server and Chromium); one xdist group with the other editors
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("editors")]

EXTENSION = ROOT / "editors" / "vscode"
TOOLS = ("VIBELINT_CODE_SERVER", "VIBELINT_CODE_SERVER_NODE", "VIBELINT_CHROMIUM")


def vibelint_executable() -> str:
    beside = Path(sys.executable).with_name("vibelint")
    return str(beside) if beside.exists() else (shutil.which("vibelint") or str(beside))


def npm(*args: str, timeout: int = 600) -> None:
    proc = subprocess.run(["npm", *args], cwd=EXTENSION, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"npm {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


@pytest.fixture(scope="module")
def e2e_env():
    found = tools(*TOOLS)
    if shutil.which("npm") is None:
        if os.environ.get("VIBELINT_E2E") == "require":
            pytest.fail("npm is missing", pytrace=False)
        pytest.skip("needs node and npm")
    installed = EXTENSION / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < (EXTENSION / "package-lock.json").stat().st_mtime:
        npm("ci", "--no-audit", "--no-fund")
    vsix = EXTENSION / "vibelint-0.1.0.vsix"
    vsix.unlink(missing_ok=True)
    npm("run", "package")  # tsc type check, esbuild bundle, vsce package
    assert vsix.exists()
    artifacts = Path(os.environ.get("VIBELINT_E2E_ARTIFACTS") or tempfile.mkdtemp(prefix="vibelint-e2e-artifacts-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    return {**os.environ, **found, "VIBELINT_EXE": vibelint_executable(), "VIBELINT_VSIX": str(vsix),
            "VIBELINT_E2E_ARTIFACTS": str(artifacts)}


def run_e2e(env: dict, name: str, capsys) -> dict[str, str]:
    proc = subprocess.run(["node", "--test", f"e2e/{name}"], cwd=EXTENSION, env=env, capture_output=True, text=True,
                          timeout=900, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "# fail 0" in output and "# pass 1" in output, output[-6000:]
    metrics = dict(re.findall(r"E2E-METRIC (\w+)=(\S+)", output))
    duration = re.search(r"# duration_ms ([\d.]+)", output)
    with capsys.disabled():
        shown = " ".join(f"{k}={v}" for k, v in metrics.items())
        print(f"\n  VS Code e2e {name}: {float(duration.group(1)) / 1000 if duration else 0:.1f} s {shown}")
    return metrics


def test_vscode_diagnostics_hover_quick_fix_score_config_and_restart(e2e_env, capsys):
    metrics = run_e2e(e2e_env, "editor.test.mjs", capsys)
    assert int(metrics["activation_to_first_diagnostics_ms"]) > 0


def test_vscode_untrusted_workspace_never_runs_the_workspace_vibelint(e2e_env, capsys):
    run_e2e(e2e_env, "trust.test.mjs", capsys)
