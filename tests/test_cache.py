"""Where the result cache lives, who may move it, and what a run reads from it.

The cache goes under the project root (the config file's folder, else the git root, else the
current folder), whatever folder the command runs from; `--cache-dir` and `VIBELINT_CACHE_DIR`
move it anywhere; a config file may only move it inside its own project. Each file has its own
entry, so a run reads what it lints and nothing else, and one file may store at most
MAX_ENTRY_BYTES.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import run_cli

from vibelint import cli
from vibelint.cache import MAX_ENTRY_BYTES

JARGON = "We will leverage synergies to utilize the GPU.\n"


def vibelint(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`vibelint ARGS` (in this process) run from ``cwd``, with VIBELINT_CACHE_DIR only if ``env`` sets it."""
    return run_cli(*args, cwd=cwd, env={"VIBELINT_CACHE_DIR": None, **(env or {})})


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/files/*/*.json"))


def caches_under(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob(".vibelint_cache"))


def git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


# --- where it lives ---------------------------------------------------------------------------------------------

def test_without_a_config_the_cache_goes_to_the_git_root_not_the_current_folder(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs" / "drafts").mkdir(parents=True)
    git_init(repo)
    (repo / "docs" / "drafts" / "post.md").write_text(JARGON)
    assert vibelint("check", "post.md", cwd=repo / "docs" / "drafts").returncode == 1
    assert vibelint("check", "drafts", cwd=repo / "docs").returncode == 1
    assert caches_under(tmp_path) == [Path("repo/.vibelint_cache")]
    assert len(entries(repo / ".vibelint_cache")) == 1  # the same file, the same entry, from both folders


def test_with_a_config_the_cache_goes_to_the_config_folder_even_when_run_from_outside(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / ".vibelint.toml").write_text('ignore = ["karpathy.hype"]\n')
    (project / "docs" / "post.md").write_text(JARGON)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert vibelint("check", str(project / "docs" / "post.md"), cwd=elsewhere).returncode == 1
    assert caches_under(tmp_path) == [Path("project/.vibelint_cache")]


def test_outside_any_project_the_cache_goes_to_the_current_folder(tmp_path):
    (tmp_path / "post.md").write_text(JARGON)
    assert vibelint("check", "post.md", cwd=tmp_path).returncode == 1
    assert caches_under(tmp_path) == [Path(".vibelint_cache")]


def test_two_projects_in_one_run_each_keep_their_own_cache(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".vibelint.toml").write_text("")
        (tmp_path / name / "post.md").write_text(JARGON)
    assert vibelint("check", "a", "b", cwd=tmp_path).returncode == 1
    assert caches_under(tmp_path) == [Path("a/.vibelint_cache"), Path("b/.vibelint_cache")]


def test_the_environment_and_the_command_line_move_the_cache_anywhere(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".vibelint.toml").write_text('cache-dir = "../shared-cache"\n')  # refused from a config file ...
    (project / "post.md").write_text(JARGON)
    from_env = vibelint("check", "post.md", cwd=project, env={"VIBELINT_CACHE_DIR": str(tmp_path / "from-env")})
    assert from_env.returncode == 1 and from_env.stderr == b""  # ... but the environment wins over it
    assert len(entries(tmp_path / "from-env")) == 1
    from_cli = vibelint("check", "post.md", "--cache-dir", "../from-cli", cwd=project,
                        env={"VIBELINT_CACHE_DIR": str(tmp_path / "from-env-2")})
    assert from_cli.returncode == 1 and from_cli.stderr == b""
    assert len(entries(tmp_path / "from-cli")) == 1 and not (tmp_path / "from-env-2").exists()
    assert caches_under(tmp_path) == [] and not (tmp_path / "shared-cache").exists()


def test_no_cache_writes_nothing_anywhere(tmp_path):
    (tmp_path / "post.md").write_text(JARGON)
    assert vibelint("check", "post.md", "--no-cache", cwd=tmp_path,
                    env={"VIBELINT_CACHE_DIR": str(tmp_path / "env-cache")}).returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_a_cache_dir_that_exists_is_not_given_a_gitignore(tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / ".vibelint.toml").write_text('cache-dir = "build"\n')
    (tmp_path / "post.md").write_text(JARGON)
    assert vibelint("check", "post.md", cwd=tmp_path).returncode == 1
    assert entries(tmp_path / "build") and not (tmp_path / "build" / ".gitignore").exists()


# --- a config file may not point the cache out of its project ----------------------------------------------------

@pytest.mark.parametrize("setting", ["absolute", "dotdot", "symlink", "root-itself"])
def test_a_config_cache_dir_outside_the_project_is_refused(tmp_path, setting):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    value = {"absolute": str(outside / "cache"), "dotdot": "../outside/cache", "symlink": "link/cache", "root-itself": "."}[setting]
    if setting == "symlink":
        (project / "link").symlink_to(outside)
    (project / ".vibelint.toml").write_text(f'select = ["karpathy"]\ncache-dir = {json.dumps(value)}\n')
    (project / "post.md").write_text(JARGON)
    proc = vibelint("check", "post.md", cwd=project)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(err) == 1 and proc.stdout == b"", err
    assert err[0].startswith(f"vibelint: error: {project / '.vibelint.toml'}:2: cache-dir: {value!r} is outside the project")
    assert "--cache-dir or VIBELINT_CACHE_DIR" in err[0]
    assert list(outside.iterdir()) == [] and not list(project.rglob("*.json"))


def test_a_default_cache_folder_that_is_a_symlink_out_of_the_project_is_refused(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    git_init(project)
    (project / ".vibelint_cache").symlink_to(outside)  # committed by whoever wrote the repository
    (project / "post.md").write_text(JARGON)
    proc = vibelint("check", "post.md", cwd=project)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(err) == 1 and "resolves outside the project" in err[0], err
    assert list(outside.iterdir()) == []
    assert vibelint("check", "post.md", "--no-cache", cwd=project).returncode == 1


def test_a_cache_dir_inside_the_project_is_fine_even_through_dotdot(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / ".vibelint.toml").write_text('cache-dir = "docs/../build/cache"\n')
    (tmp_path / "post.md").write_text(JARGON)
    assert vibelint("check", "post.md", cwd=tmp_path).returncode == 1
    assert entries(tmp_path / "build" / "cache")


# --- a run reads only what it needs; one file stores at most MAX_ENTRY_BYTES -----------------------------------

class OpenedUnder:
    """Records the size of every file opened under a folder (an audit hook: it sees every open())."""

    installed: ClassVar[list[OpenedUnder]] = []

    def __init__(self, folder: Path):
        self.folder, self.sizes = str(folder), []
        if not OpenedUnder.installed:
            sys.addaudithook(OpenedUnder._hook)  # cannot be removed: it looks only at the active recorder
        OpenedUnder.installed[:] = [self]

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        if event == "open" and OpenedUnder.installed and isinstance(args[0], str | Path):
            path = os.path.abspath(args[0])
            recorder = OpenedUnder.installed[0]
            if path.startswith(recorder.folder) and os.path.isfile(path):
                recorder.sizes.append(os.path.getsize(path))

    def stop(self) -> list[int]:
        OpenedUnder.installed.clear()
        return self.sizes


def many_findings(count: int) -> str:
    return "We utilize it and ship. " * count + "\n"


def test_a_run_reads_only_the_cache_entries_of_the_files_it_lints(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("VIBELINT_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.md").write_text(many_findings(5_000))  # about 620 KB of cached findings
    (tmp_path / "small.md").write_text(JARGON)
    assert cli.main(["check", "big.md", "small.md", "--format", "json"]) == 1
    capsys.readouterr()
    recorder = OpenedUnder(tmp_path / ".vibelint_cache")
    assert cli.main(["check", "small.md", "--format", "json"]) == 1
    sizes = recorder.stop()
    assert len(sizes) == 1 and sizes[0] < 5_000, sizes  # small.md's entry, not the big one's
    served = capsys.readouterr().out
    assert cli.main(["check", "small.md", "--format", "json", "--no-cache"]) == 1
    assert served == capsys.readouterr().out and json.loads(served)["diagnostics"]


@pytest.mark.slow  # a file with 20,000 findings, linted twice
def test_one_file_stores_at_most_max_entry_bytes_and_is_linted_again_instead(tmp_path):
    (tmp_path / "huge.md").write_text(many_findings(20_000))  # about 2.6 MB of findings as JSON
    (tmp_path / "small.md").write_text(JARGON)
    first = vibelint("check", ".", "--format", "json", cwd=tmp_path)
    stored = entries(tmp_path / ".vibelint_cache")
    assert len(stored) == 1 and json.loads(stored[0].read_text())["path"].endswith("small.md")
    assert sum(p.stat().st_size for p in (tmp_path / ".vibelint_cache").rglob("*") if p.is_file()) < MAX_ENTRY_BYTES
    again = vibelint("check", ".", "--format", "json", cwd=tmp_path)
    assert again.stdout == first.stdout and len(json.loads(first.stdout)["diagnostics"]) > 20_000
