"""The README's install instructions, for real: a wheel built from a throwaway clone, installed into a fresh venv,
and an install from a git URL (``git+file://``, as no network reaches a git host here). Both must ship the rule
packs and the voice baseline, name the distribution vibelint-prose, and run check, rules, score and lsp from a
folder far from any checkout."""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

# slow: builds a wheel and installs into fresh virtual environments (minutes)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

DIST = "vibelint-prose"
WHEEL = "vibelint_prose-0.1.0-py3-none-any.whl"
IGNORE = shutil.ignore_patterns(".git", ".venv*", "venv", "node_modules", "dist", "build", "__pycache__", "*.egg-info",
                                ".pytest_cache", ".hypothesis", ".vibelint_cache", "*.vsix")


def run(*args, cwd, env=None, timeout=600, input=None):
    done = subprocess.run([str(a) for a in args], check=False, cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=timeout, input=input)
    return done


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A throwaway git repository holding this checkout's files (uncommitted edits included)."""
    repo = tmp_path_factory.mktemp("clone") / "vibelint"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "snap"]):
        assert run("git", *args, cwd=repo).returncode == 0
    return repo


def fresh_venv(where: Path) -> Path:
    assert run(sys.executable, "-m", "venv", where, cwd=where.parent).returncode == 0
    return where / "bin"


def assert_works(bin_dir: Path, tmp: Path) -> None:
    """check, rules, score and lsp from a folder outside any checkout, with the rules from the install."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    work = tmp / "blog"
    work.mkdir()
    (work / "post.md").write_text("# Post\n\nWe utilize the GPU.\n", encoding="utf-8")
    vibelint = bin_dir / "vibelint"
    assert run(vibelint, "--version", cwd=work, env=env).stdout.strip() == "vibelint 0.1.0 (vibelint-prose)"
    where = run(bin_dir / "python", "-c", "import vibelint.packs as p; print(p.builtin_folder())", cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent), where.stdout + where.stderr  # not the checkout
    check = run(vibelint, "check", "--no-cache", "post.md", cwd=work, env=env)
    assert check.returncode == 1 and "post.md:3:4: warning[karpathy.plain-verbs]" in check.stdout, check.stderr
    rules = run(vibelint, "rules", "--format", "json", cwd=work, env=env)
    ids = {r["id"] for r in json.loads(rules.stdout)}
    shipped = {p.stem for p in (ROOT / "rules" / "karpathy").glob("*.toml")}
    assert {f"karpathy.{name}" for name in shipped} <= ids
    score = run(vibelint, "score", "--json", "post.md", cwd=work, env=env)  # needs the shipped baseline
    assert score.returncode == 0, score.stderr
    assert isinstance(json.loads(score.stdout)["files"][0]["score"], int)
    messages = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                                                "capabilities": {}}},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}},
                {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                {"jsonrpc": "2.0", "method": "exit"}]
    wire = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                    for body in (json.dumps(m).encode() for m in messages))
    lsp = subprocess.run([vibelint, "lsp"], check=False, cwd=work, env=env, capture_output=True, timeout=120, input=wire)
    assert lsp.returncode == 0, lsp.stderr
    replies = [json.loads(body) for body in re.findall(rb"\r\n\r\n(\{.*?\})(?=Content-Length|$)", lsp.stdout, re.DOTALL)]
    initialized = next(r for r in replies if r.get("id") == 1)
    assert initialized["result"]["serverInfo"]["name"] == "vibelint", replies
    assert "textDocumentSync" in initialized["result"]["capabilities"]
    assert any(r.get("id") == 2 and "error" not in r for r in replies), replies


def readme_install_lines() -> dict[str, str]:
    """The README's install commands (comments cut), keyed by what they install from."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)[1]
    lines = [line.split("  # ", 1)[0].strip() for line in block.splitlines() if line.strip()]
    return {"clone": next(l for l in lines if l.endswith("install .")),
            "git": next(l for l in lines if "git+" in l),
            "wheel": next(l for l in lines if " wheel " in l)}


def in_venv(command: str, bin_dir: Path, cwd: Path, **env):
    """A README line run by bash with the fresh venv's python3 first on PATH."""
    full = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PIP_NO_INPUT": "1", **env,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = run("bash", "-c", command, cwd=cwd, env=full)
    assert done.returncode == 0, command + "\n" + done.stdout[-3000:] + done.stderr[-3000:]


def test_readme_clone_install_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_install_lines()["clone"] == "python3 -m pip install ."
    assert "python3 -m pip install . &&" in ci


def test_built_wheel_ships_the_rules_and_baseline_and_runs_in_a_fresh_venv(clone, tmp_path):
    bin_dir = fresh_venv(tmp_path / "venv")
    in_venv(readme_install_lines()["wheel"], bin_dir, cwd=clone)  # builds dist/ in the clone, installs it
    wheel = clone / "dist" / WHEEL
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in (ROOT / "rules").rglob("*.toml"):
        assert f"vibelint/packs/{rule.relative_to(ROOT / 'rules').as_posix()}" in names, rule
    assert {"vibelint/voice/baseline.json", "vibelint/voice/markers.toml", "vibelint/cli.py"} <= names
    metadata = zipfile.ZipFile(wheel).read("vibelint_prose-0.1.0.dist-info/METADATA").decode()
    assert f"\nName: {DIST}\n" in metadata
    entry_points = zipfile.ZipFile(wheel).read("vibelint_prose-0.1.0.dist-info/entry_points.txt").decode()
    assert "vibelint = vibelint.entry:run" in entry_points
    assert_works(bin_dir, tmp_path)


def test_install_from_a_git_url_into_a_fresh_venv(clone, tmp_path):
    bin_dir = fresh_venv(tmp_path / "venv")
    in_venv(readme_install_lines()["git"], bin_dir, cwd=tmp_path, VIBELINT_GIT=clone.as_uri())
    listed = run(bin_dir / "python", "-m", "pip", "list", "--format", "json", cwd=tmp_path)
    assert DIST in {p["name"] for p in json.loads(listed.stdout)}
    assert_works(bin_dir, tmp_path)
