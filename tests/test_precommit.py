"""A real `pre-commit run` in a temporary git repo, using this checkout's .pre-commit-hooks.yaml."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# slow: the real pre-commit, which builds its own environment
pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def pre_commit(*args, cwd):
    env = {**os.environ, "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"), "PIP_NO_INPUT": "1"}
    exe = Path(sys.executable).with_name("pre-commit")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "pre_commit"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A snapshot of this checkout as a git repo, so pre-commit can install the hook from it."""
    repo = tmp_path_factory.mktemp("hook") / "vibelint"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".git", "node_modules", ".venv", "venv", "*.vsix",
                                                               "__pycache__", ".pytest_cache", "bench", "editors"))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "snapshot", cwd=repo)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    return repo, rev


def test_pre_commit_hook_blocks_a_jargon_draft_and_passes_a_clean_one(tmp_path, hook_repo):
    repo, rev = hook_repo
    blog = tmp_path / "blog"
    blog.mkdir()
    git("init", "-q", cwd=blog)
    (blog / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: vibelint\n")
    (blog / "post.md").write_text("# Post\n\nWe utilize the GPU.\n")
    (blog / "notes.py").write_text("utilize = 1\n")
    git("add", "-A", cwd=blog)
    failing = pre_commit("run", "--all-files", cwd=blog)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "post.md:3:4: warning[karpathy.plain-verbs]" in failing.stdout
    assert "notes.py" not in failing.stdout

    (blog / "post.md").write_text("# Post\n\nWe use the GPU.\n")
    git("add", "-A", cwd=blog)
    passing = pre_commit("run", "--all-files", cwd=blog)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_changed_lines_hook_reports_only_what_the_commit_changes(tmp_path, hook_repo):
    repo, rev = hook_repo
    blog = tmp_path / "blog"
    blog.mkdir()
    git("init", "-q", cwd=blog)
    (blog / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: vibelint-changed-lines\n")
    (blog / "post.md").write_text("# Post\n\nWe utilize the GPU.\n")
    git("add", "-A", cwd=blog)
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "old post", cwd=blog)
    (blog / "post.md").write_text("# Post\n\nWe utilize the GPU.\n\nWe leverage the data.\n")
    git("add", "post.md", cwd=blog)
    result = pre_commit("run", cwd=blog)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "post.md:5:4: warning[karpathy.plain-verbs]" in result.stdout
    assert "post.md:3:" not in result.stdout  # the old line is not this commit's business
