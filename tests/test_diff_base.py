"""`--diff-base` where a commit hook meets it: the first commit, a merge, a rename, a deleted file, paths outside the repo."""

import json
import shutil
import subprocess

import pytest
from conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def lines_found(proc) -> set[tuple[str, int, str]]:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return {(d["path"], d["line"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]}


def check(repo, *args):
    return run_cli("check", "--format", "json", "--no-cache", *args, cwd=repo)


def test_first_commit_has_no_head_so_every_line_is_new(tmp_path):
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "post.md").write_text("# Post\n\nWe utilize the GPU.\n")
    (tmp_path / "notes.txt").write_text("We leverage the data.\n")
    git("add", "post.md", cwd=tmp_path)  # notes.txt is untracked: new too
    for ref in ("HEAD", "@", "main"):
        found = lines_found(check(tmp_path, ".", "--diff-base", ref))
        assert found == {("post.md", 3, "karpathy.plain-verbs"), ("notes.txt", 1, "karpathy.plain-verbs")}, ref
    # a ref that does not exist is still an error, first commit or not
    bad = check(tmp_path, ".", "--diff-base", "no-such-ref")
    assert bad.returncode == 2
    assert bad.stderr.decode().strip() == "vibelint: error: --diff-base: unknown git ref 'no-such-ref'"


def test_a_pure_rename_changes_no_line_and_a_rename_with_an_edit_only_its_edit(tmp_path):
    git("init", "-q", cwd=tmp_path)
    body = "".join(f"\nStep {i}: the loss went down a little more.\n" for i in range(20))  # similar enough to rename
    (tmp_path / "old.md").write_text("# Post\n\nWe utilize the GPU.\n" + body)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    git("mv", "old.md", "new.md", cwd=tmp_path)
    assert lines_found(check(tmp_path, ".", "--diff-base", "HEAD")) == set()
    # the user's diff.renames=false must not turn a rename into a brand-new file
    git("config", "diff.renames", "false", cwd=tmp_path)
    assert lines_found(check(tmp_path, ".", "--diff-base", "HEAD")) == set()
    (tmp_path / "new.md").write_text("# Post\n\nWe utilize the GPU.\n\nThe loss went down, we leverage it.\n" + body)
    git("add", "-A", cwd=tmp_path)
    assert lines_found(check(tmp_path, ".", "--diff-base", "HEAD")) == {("new.md", 5, "karpathy.plain-verbs")}


def test_a_merge_reports_only_lines_that_are_in_neither_parent(tmp_path):
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "post.md").write_text("# Post\n\nThe loss went down.\n\nThe GPU is busy.\n")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    git("checkout", "-qb", "topic", cwd=tmp_path)
    (tmp_path / "post.md").write_text("# Post\n\nThe loss went down.\n\nWe utilize the GPU.\n")  # someone else's line
    (tmp_path / "theirs.md").write_text("We leverage the data.\n")  # someone else's file
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "topic", "--no-verify", cwd=tmp_path)
    git("checkout", "-q", "main", cwd=tmp_path)
    (tmp_path / "ours.md").write_text("Our own file.\n")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "ours", cwd=tmp_path)
    git("merge", "--no-commit", "--no-ff", "topic", cwd=tmp_path)
    # what the merge brings in was written (and checked) on the other branch: not this commit's business
    assert lines_found(check(tmp_path, ".", "--diff-base", "HEAD")) == set()
    # an edit made while merging is in neither parent: it is
    (tmp_path / "post.md").write_text("# Post\n\nThe loss went down, we facilitate it.\n\nWe utilize the GPU.\n")
    git("add", "-A", cwd=tmp_path)
    assert lines_found(check(tmp_path, ".", "--diff-base", "HEAD")) == {("post.md", 3, "karpathy.plain-verbs")}
    # against another ref than HEAD the merge changes nothing: every line changed since that ref
    assert ("theirs.md", 1, "karpathy.plain-verbs") in lines_found(check(tmp_path, ".", "--diff-base", "HEAD~1"))


def test_a_file_deleted_in_the_commit_is_not_an_error(tmp_path):
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "gone.md").write_text("We utilize the GPU.\n")
    (tmp_path / "kept.md").write_text("The loss went down.\n")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    git("rm", "-q", "gone.md", cwd=tmp_path)
    done = check(tmp_path, ".", "--diff-base", "HEAD")
    assert done.returncode == 0 and lines_found(done) == set(), done.stderr.decode()


@pytest.mark.parametrize("inside", [False, True])
def test_a_path_outside_the_repository_is_a_one_line_error(tmp_path, inside):
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repo.mkdir()
    elsewhere.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "post.md").write_text("The loss went down.\n")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "base", cwd=repo)
    (elsewhere / "post.md").write_text("We utilize the GPU.\n")
    for outside in (str(elsewhere / "post.md"), "../elsewhere", str(elsewhere)):
        args = ["post.md", outside] if inside else [outside]
        done = run_cli("check", "--diff-base", "HEAD", *args, cwd=repo)
        err = done.stderr.decode()
        assert done.returncode == 2, (outside, done.stdout, err)
        assert err.startswith(f"vibelint: error: {outside}: outside the git repository"), err
        assert len(err.strip().splitlines()) == 1 and not done.stdout, err
