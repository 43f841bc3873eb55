"""Both hooks through real `pre-commit install` and real `git commit`s: the first commit, a merge, a rename, a deleted
file, a commit with no Markdown; and the README's two configurations, as written."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# slow: the real pre-commit, which builds its own environment
pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

HOOKS = {"vibelint": "vibelint", "vibelint-changed-lines": "vibelint (changed lines only)"}
IGNORE = shutil.ignore_patterns(".git", ".venv*", "venv", "node_modules", "*.vsix", "__pycache__", ".pytest_cache",
                                ".hypothesis", ".vibelint_cache", "bench", "editors", "dist", "build")
JARGON = "We utilize the GPU.\n"


def git(*args, cwd, check=True):
    done = subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0 or not check, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> dict:
    """One PRE_COMMIT_HOME for the module, so the hook's environment is built once."""
    path = Path(sys.executable).parent
    return {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "PIP_NO_INPUT": "1",
            "PRE_COMMIT_COLOR": "never", "PATH": f"{path}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout as a throwaway git repository on branch main, as pre-commit would clone it."""
    repo = tmp_path_factory.mktemp("hook") / "vibelint"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "snapshot", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo).stdout.strip()


def pre_commit(*args, cwd, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=900, check=False)


def blog_with_both_hooks(path: Path, hook_repo, env) -> Path:
    repo, rev = hook_repo
    path.mkdir()
    git("init", "-q", cwd=path)
    hooks = "".join(f"  - id: {hook}\n" for hook in HOOKS)
    (path / ".pre-commit-config.yaml").write_text(f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n{hooks}")
    done = pre_commit("install", cwd=path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def commit(blog: Path, env, *args: str, message: str = "edit"):
    """A real `git commit` (the installed hook runs); returns the result and each hook's outcome."""
    done = subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-m", message, *args],
                          cwd=blog, capture_output=True, text=True, env=env, timeout=900, check=False)
    done.stdout += done.stderr  # git hands a hook's output to stderr
    outcomes = {}
    for hook, name in HOOKS.items():
        found = re.search(rf"^{re.escape(name)}\.+(?:\([^)]*\))?(Passed|Failed|Skipped)$", done.stdout, re.MULTILINE)
        outcomes[hook] = found[1] if found else None
    return done, outcomes


def commit_unchecked(blog: Path, message: str) -> None:
    """Someone else's commit, made without the hook."""
    git("commit", "-qm", message, "--no-verify", cwd=blog)


def test_first_commit(tmp_path, hook_repo, home):
    blog = blog_with_both_hooks(tmp_path / "blog", hook_repo, home)
    (blog / "post.md").write_text("# Post\n\n" + JARGON)
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home)
    assert done.returncode == 1 and outcomes == {"vibelint": "Failed", "vibelint-changed-lines": "Failed"}, done.stdout
    assert done.stdout.count("post.md:3:4: warning[karpathy.plain-verbs]") == 2  # a finding, not an error
    assert "unknown git ref" not in done.stdout + done.stderr
    assert git("rev-parse", "--verify", "HEAD", cwd=blog, check=False).returncode != 0  # nothing committed
    (blog / "post.md").write_text("# Post\n\nWe use the GPU.\n")
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home)
    assert done.returncode == 0 and outcomes == {"vibelint": "Passed", "vibelint-changed-lines": "Passed"}, done.stdout


def test_merge_commit(tmp_path, hook_repo, home):
    blog = blog_with_both_hooks(tmp_path / "blog", hook_repo, home)
    (blog / "post.md").write_text("# Post\n\nThe loss went down.\n\nThe GPU is busy.\n")
    git("add", "-A", cwd=blog)
    assert commit(blog, home)[0].returncode == 0
    git("checkout", "-qb", "topic", cwd=blog)
    (blog / "post.md").write_text("# Post\n\nThe loss went down.\n\nThe GPU is busy, we leverage it.\n")
    git("add", "-A", cwd=blog)
    commit_unchecked(blog, "someone else's line")
    git("checkout", "-q", "main", cwd=blog)
    (blog / "post.md").write_text("# Post\n\nThe loss went down a lot.\n\nThe GPU is busy.\n")
    git("add", "-A", cwd=blog)
    assert commit(blog, home)[0].returncode == 0
    git("merge", "--no-ff", "--no-commit", "topic", cwd=blog)
    done, outcomes = commit(blog, home, "--no-edit")
    # what the merge brings in was written on the other branch: changed lines has nothing to say about it,
    # while the whole-file hook judges the whole file, as it always does
    assert outcomes == {"vibelint": "Failed", "vibelint-changed-lines": "Passed"}, done.stdout
    assert re.search(r"post\.md:5:\d+: warning\[karpathy\.plain-verbs\]", done.stdout), done.stdout
    # a line written while merging is new in this commit: both hooks see it
    (blog / "post.md").write_text("# Post\n\nThe loss went down a lot, we facilitate it.\n\nThe GPU is busy.\n")
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home, "--no-edit")
    assert outcomes == {"vibelint": "Failed", "vibelint-changed-lines": "Failed"}, done.stdout
    changed_lines_report = done.stdout.split(HOOKS["vibelint-changed-lines"], 1)[1]
    assert "post.md:3:" in changed_lines_report and "post.md:5:" not in changed_lines_report
    # with the merge resolved in the voice, the merge commit goes through
    (blog / "post.md").write_text("# Post\n\nThe loss went down a lot.\n\nThe GPU is busy.\n")
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home, "--no-edit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(git("log", "-1", "--format=%P", cwd=blog).stdout.split()) == 2  # a merge commit


def test_rename_deleted_file_and_no_markdown(tmp_path, hook_repo, home):
    blog = blog_with_both_hooks(tmp_path / "blog", hook_repo, home)
    body = "".join(f"\nStep {i}: the loss went down a little more.\n" for i in range(20))
    (blog / "old.md").write_text("# Old\n\n" + JARGON + body)
    (blog / "clean.md").write_text("# Clean\n" + body)
    (blog / "gone.md").write_text(JARGON)
    git("add", "-A", cwd=blog)
    commit_unchecked(blog, "old writing, committed before the hook")

    git("mv", "clean.md", "moved.md", cwd=blog)  # a clean file renamed: nothing to report
    done, outcomes = commit(blog, home)
    assert done.returncode == 0 and outcomes == {"vibelint": "Passed", "vibelint-changed-lines": "Passed"}, done.stdout

    git("mv", "old.md", "renamed.md", cwd=blog)  # old jargon renamed: no line of it changed
    done, outcomes = commit(blog, home)
    assert outcomes == {"vibelint": "Failed", "vibelint-changed-lines": "Passed"}, done.stdout
    commit_unchecked(blog, "the rename, past the whole-file hook")

    git("rm", "-q", "gone.md", cwd=blog)  # a commit that only deletes a file: nothing to check
    done, outcomes = commit(blog, home)
    assert done.returncode == 0 and outcomes == {"vibelint": "Skipped", "vibelint-changed-lines": "Skipped"}, done.stdout

    (blog / "moved.md").write_text("# Clean\n\nThe GPU is busy.\n" + body)  # a file edited, another deleted
    (blog / "gone2.md").write_text("bye\n")
    git("add", "-A", cwd=blog)
    commit_unchecked(blog, "setup")
    (blog / "moved.md").write_text("# Clean\n\nThe GPU is busy all day.\n" + body)
    git("rm", "-q", "gone2.md", cwd=blog)
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home)
    assert done.returncode == 0 and outcomes == {"vibelint": "Passed", "vibelint-changed-lines": "Passed"}, done.stdout

    (blog / "notes.py").write_text("utilize = 1\n")  # no Markdown in the commit: both skip
    git("add", "-A", cwd=blog)
    done, outcomes = commit(blog, home)
    assert done.returncode == 0 and outcomes == {"vibelint": "Skipped", "vibelint-changed-lines": "Skipped"}, done.stdout


def readme_yaml_blocks() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)


def test_readme_local_hook_works_as_written(tmp_path, home):
    local = next(block for block in readme_yaml_blocks() if "repo: local" in block)
    blog = tmp_path / "blog"
    blog.mkdir()
    git("init", "-q", cwd=blog)
    (blog / ".pre-commit-config.yaml").write_text(local)
    assert pre_commit("install", cwd=blog, env=home).returncode == 0
    (blog / "post.md").write_text("# Post\n\n" + JARGON)
    git("add", "-A", cwd=blog)
    done, _ = commit(blog, home)  # the first commit
    assert done.returncode == 1 and "post.md:3:4: warning[karpathy.plain-verbs]" in done.stdout, done.stdout
    (blog / "post.md").write_text("# Post\n\nWe use the GPU.\n")
    git("add", "-A", cwd=blog)
    done, _ = commit(blog, home)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_remote_hook_works_as_written(tmp_path, hook_repo, home):
    """The README's remote form with this repository's URL put in (here: the throwaway clone's path)."""
    repo, rev = hook_repo
    remote = next(block for block in readme_yaml_blocks() if "repo: local" not in block)
    url = re.search(r"repo: (\S+)", remote)[1]
    assert re.search(r"rev: main\b", remote), remote
    blog = tmp_path / "blog"
    blog.mkdir()
    git("init", "-q", cwd=blog)
    (blog / ".pre-commit-config.yaml").write_text(remote.replace(url, str(repo)))
    (blog / "post.md").write_text("# Post\n\n" + JARGON)
    git("add", "-A", cwd=blog)
    as_written = pre_commit("run", cwd=blog, env=home)  # rev: main works before autoupdate too
    assert as_written.returncode == 1 and "post.md:3:4: warning[karpathy.plain-verbs]" in as_written.stdout
    updated = pre_commit("autoupdate", cwd=blog, env=home)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f"rev: {rev}" in (blog / ".pre-commit-config.yaml").read_text()  # pinned to the newest commit
    git("add", ".pre-commit-config.yaml", cwd=blog)
    assert pre_commit("install", cwd=blog, env=home).returncode == 0
    done, _ = commit(blog, home)
    assert done.returncode == 1 and "post.md:3:4: warning[karpathy.plain-verbs]" in done.stdout, done.stdout
