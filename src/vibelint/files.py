"""Which files a run lints: explicit paths as given, folders walked for Markdown and text.

Walking skips hidden folders, ``node_modules``, config ``exclude`` globs and whatever the
``.gitignore`` files say (like ruff and ripgrep); a file named on the command line is always linted.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigFinder

if TYPE_CHECKING:
    import pathspec

SUFFIXES = (".md", ".markdown", ".txt")
# Markup Vale reads and vibelint does not parse: read as Markdown, its directives, roles and tags
# would be linted as prose, so a file of one of these is refused by name, never read as Markdown
OTHER_MARKUP = {".rst": "reStructuredText", ".rest": "reStructuredText", ".adoc": "AsciiDoc",
                ".asciidoc": "AsciiDoc", ".asc": "AsciiDoc", ".html": "HTML", ".htm": "HTML", ".xhtml": "HTML",
                ".tex": "LaTeX", ".latex": "LaTeX"}
SKIP_DIRS = {"node_modules", "__pycache__"}


class UsageError(Exception):
    """A command-line mistake: printed as one line, exit code 2."""


@dataclass
class Target:
    """A file to lint (path None: stdin), the name it is shown and looked up under, and how it was found."""

    path: Path | None
    display: str
    walked: bool = False
    lookup: Path | None = None
    error: str | None = None  # found unreadable while walking: reported instead of linted

    def __post_init__(self) -> None:
        self.lookup = self.lookup or self.path


def find_targets(paths: list[str], finder: ConfigFinder, stdin_filename: str | None = None) -> list[Target]:
    """Files to lint, in order; raises UsageError for a path that does not exist."""
    for raw in paths:
        if raw != "-" and is_missing(raw):
            raise UsageError(f"{raw}: no such file or directory")
    targets: list[Target] = []
    for raw in paths:
        if raw == "-":
            targets.append(Target(None, stdin_filename or "-", lookup=Path(stdin_filename) if stdin_filename else None,
                                  error=_refused(stdin_filename or "-")))
        elif os.path.isdir(raw):
            unreadable: list[OSError] = []
            targets.extend(Target(file, display(file), walked=True) for file in walk(Path(raw), finder, unreadable))
            targets.extend(_unreadable_folder(Path(exc.filename), Path(raw), exc) for exc in unreadable)
        else:
            targets.append(Target(Path(raw), display(Path(raw)), error=_refused(display(Path(raw)))))
    return targets


def unread_markup(name: str) -> str | None:
    """Why a file called ``name`` is not linted (markup vibelint does not parse), or None."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in OTHER_MARKUP:
        return None
    return (f"not linted: {OTHER_MARKUP[suffix]} ({suffix}) is not read; vibelint reads Markdown (.md, .markdown) "
            "and plain text (.txt)")


def _refused(name: str) -> str | None:
    """A named .rst/.adoc/.html/.tex file is refused in one line, never read as Markdown (a folder
    walk only picks up Markdown and text files)."""
    why = unread_markup(name)
    return f"{name}: {why}" if why else None


def is_missing(raw: str) -> bool:
    """Whether nothing is at ``raw``. Unlike os.path.lexists, a path we may not look at (a file in a folder we
    may not search) is not missing: reading it then says why, e.g. "cannot read: Permission denied"."""
    try:
        os.lstat(raw)
    except OSError as exc:
        return exc.errno in (errno.ENOENT, errno.ENOTDIR)
    except ValueError:  # an embedded NUL byte: no file can have that name
        return True
    return False


def _unreadable_folder(folder: Path, named: Path, exc: OSError) -> Target:
    """A folder that cannot be listed: a note while walking, an error when it is the one named."""
    shown = display(folder)
    return Target(folder, shown, walked=folder != named, error=f"{shown}: cannot read folder: {exc.strerror or exc}")


def walk(folder: Path, finder: ConfigFinder, unreadable: list[OSError] | None = None):
    """Markdown and text files under ``folder``, sorted, each folder once even through symlink loops.

    Folders that cannot be listed are added to ``unreadable`` (os.walk would skip them silently).
    """
    seen: set[tuple[int, int]] = set()
    ignores = GitIgnores(folder)
    onerror = unreadable.append if unreadable is not None else None
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=onerror):
        try:
            stat = os.stat(root)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in seen:  # symlink loop
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        here = Path(root)
        config = finder.for_file(here / "_")
        use_gitignore = config.model.respect_gitignore
        if use_gitignore:
            ignores.enter(here)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in SKIP_DIRS
            and not config.is_excluded(here / d)
            and not (use_gitignore and ignores.ignored(here / d, is_dir=True))
        )
        for name in sorted(files):
            if not name.lower().endswith(SUFFIXES) or name.startswith("."):
                continue
            file = here / name
            if use_gitignore and ignores.ignored(file, is_dir=False):
                continue
            if not finder.for_file(file).is_excluded(file):
                yield file


class GitIgnores:
    """The .gitignore rules that apply under a walked folder: its own, its ancestors' up to the repo root, then
    ``.git/info/exclude``. The deepest .gitignore with an opinion about a path decides, as in git."""

    def __init__(self, folder: Path):
        self.specs: dict[Path, pathspec.GitIgnoreSpec] = {}
        self.exclude: tuple[Path, pathspec.GitIgnoreSpec] | None = None
        folder = _absolute(folder)
        # os.path.exists, not Path.exists: a folder we may not search has no readable .git, not an error
        top = next((p for p in [folder, *folder.parents] if os.path.exists(p / ".git")), None)
        if top is not None:
            for parent in [p for p in folder.parents if p == top or top in p.parents]:
                self.enter(parent)
            spec = _read_spec(top / ".git" / "info" / "exclude")
            self.exclude = (top, spec) if spec else None

    def enter(self, folder: Path) -> None:
        folder = _absolute(folder)
        spec = _read_spec(folder / ".gitignore")
        if spec is not None:
            self.specs[folder] = spec

    def ignored(self, path: Path, is_dir: bool) -> bool:
        path = _absolute(path)
        suffix = "/" if is_dir else ""
        for base in [path.parent, *path.parent.parents]:
            spec = self.specs.get(base)
            if spec is not None:
                verdict = spec.check_file(path.relative_to(base).as_posix() + suffix).include
                if verdict is not None:
                    return verdict
        if self.exclude and self.exclude[0] in path.parents:
            return bool(self.exclude[1].check_file(path.relative_to(self.exclude[0]).as_posix() + suffix).include)
        return False


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _read_spec(file: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec  # only when a walked folder has ignore files: a single named file never needs it

    return pathspec.GitIgnoreSpec.from_lines(lines)


def display(path: Path) -> str:
    """The path as shown: relative to the working folder when inside it."""
    cwd = os.path.normcase(os.getcwd())
    inside = os.path.join(cwd, "")
    for candidate in (os.path.abspath(path), None):
        if candidate is None:  # resolve only when needed: it stats every component, per file of a tree
            candidate = str(path.resolve())
        if os.path.normcase(candidate) == cwd:
            return "."
        if os.path.normcase(candidate).startswith(inside):  # normcase: Windows paths ignore case
            return Path(candidate[len(inside):]).as_posix()
    return path.as_posix()
