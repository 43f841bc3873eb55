"""Running ``check`` over many files: read, look up the cache, lint the rest on every core, collect.

Each step is the ``LintService``'s; this module adds only what a many-file run needs. The parent
process reads every file (it needs the bytes for the cache key anyway) and resolves each file's
rule set; the linting itself runs in forked workers, which inherit the service and the rule sets
instead of rebuilding them. Results come back in the order the files were given.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from .cache import Caches, ResultCache, cache_key, ruleset_key
from .engine import Diagnostic, RuleSet
from .entry import linting
from .files import Target
from .kinds.timed_regex import compile_deferred
from .service import LintService
from .text.source import Encoding, InputError

PARALLEL_MIN_FILES = 8  # below this, forking costs more than it saves


@dataclass
class FileResult:
    """What happened to one file: its (possibly fixed) text and diagnostics, or why it was not linted."""

    target: Target
    source: str = ""
    encoding: Encoding = field(default_factory=Encoding)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    original: str = ""  # the text as read, before fixes
    fixes: int = 0
    ruleset: RuleSet | None = None
    error: str | None = None  # one line: "path: problem"
    excused: list[Diagnostic] = field(default_factory=list)  # findings the writer's voice excuses (--statistics)


@dataclass
class _Job:
    """One file's lint in a run: its result so far, its rule set and its result-cache entry."""

    outcome: FileResult
    ruleset: RuleSet
    key: str | None  # cache key; None: not cacheable (stdin)
    store: ResultCache | None = None  # where its cache entry goes


_JOBS: list[_Job] = []  # read by forked workers
_SERVICE: LintService | None = None  # likewise


def run(targets: list[Target], service: LintService, *, fix: bool = False, jobs: int | None = None,
        cache: Caches | None = None, progress: Progress | None = None) -> list[FileResult]:
    """Lint every target (fixing in memory when ``fix``); nothing is written here.

    A file read with replacement characters (``encoding_errors="replace"``) is linted but never fixed.
    """
    outcomes: list[FileResult] = []
    pending: list[_Job] = []
    for target in targets:
        outcome = FileResult(target)
        outcomes.append(outcome)
        config = service.config_for(target.lookup)
        ruleset = service.ruleset_for(target.lookup)
        outcome.ruleset = ruleset
        try:
            if target.error:
                raise InputError(target.error)
            draft = service.read(target.path, target.display, config.max_file_size())
        except InputError as exc:
            outcome.error = str(exc)
            continue
        outcome.source, outcome.encoding = draft.text, draft.encoding
        data = draft.data or b""
        outcome.original = outcome.source
        store = cache.for_file(config, target.path) if cache is not None and target.path else None
        key = cache_key(data, target.display, ruleset_key(ruleset)) if store is not None else None
        path = os.path.abspath(target.path) if target.path else None
        entry = store.get_entry(path, key) if store is not None and key and path else None
        if entry is not None and not (fix and any(d.fix for d in entry[0])):
            outcome.diagnostics, outcome.excused = entry
        else:
            pending.append(_Job(outcome, ruleset, key, store))
    if progress:
        progress.start(len(pending))
    workers = min(jobs or os.cpu_count() or 1, len(pending))
    if workers > 1 and len(pending) >= PARALLEL_MIN_FILES and hasattr(os, "fork"):
        results = _parallel(service, pending, fix, workers, progress)
    else:  # one file or a few: a large one may still use every core (split.py)
        results = []
        for job in pending:
            results.append(_lint(service, job, fix, jobs or os.cpu_count() or 1))
            if progress:
                progress.advance()
    if progress:
        progress.finish()
    for job, (text, fixes, diagnostics, excused) in zip(pending, results, strict=True):
        outcome = job.outcome
        outcome.source, outcome.fixes, outcome.diagnostics, outcome.excused = text, fixes, diagnostics, excused
        if job.store is not None and job.key and outcome.target.path and text == outcome.original:
            job.store.put(os.path.abspath(outcome.target.path), job.key, diagnostics, excused)
    return outcomes


def _lint(service: LintService, job: _Job, fix: bool,
          workers: int = 1) -> tuple[str, int, list[Diagnostic], list[Diagnostic]]:
    with linting():  # the parsed draft is freed by the time the collector is back on
        return _lint_file(service, job, fix, workers)


def _lint_file(service: LintService, job: _Job, fix: bool,
               workers: int) -> tuple[str, int, list[Diagnostic], list[Diagnostic]]:
    source, path = job.outcome.source, job.outcome.target.display
    if fix and not job.outcome.encoding.lossy:
        fixed, count, result = service.fix(source, path, job.ruleset, workers=workers)
        return fixed, count, result.diagnostics, result.excused
    result = service.lint(source, path, job.ruleset, workers)
    return source, 0, result.diagnostics, result.excused


def _parallel(service: LintService, pending: list[_Job], fix: bool, workers: int, progress: Progress | None):
    import importlib
    import multiprocessing  # here, not at the top: a run served from the cache never needs them
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # once here, before the fork, rather than once in each worker
    importlib.import_module(".text.parse", __package__)
    compile_deferred()

    global _JOBS, _SERVICE
    _JOBS, _SERVICE = pending, service  # forked workers see these; nothing but indexes crosses the pipe going out
    size = max(1, min(64, len(pending) // (workers * 8)))
    batches = [range(i, min(i + size, len(pending))) for i in range(0, len(pending), size)]
    results: list = [None] * len(pending)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_lint_batch, batch.start, batch.stop, fix): batch for batch in batches}
            for future in as_completed(futures):
                batch = futures[future]
                results[batch.start:batch.stop] = future.result()
                if progress:
                    progress.advance(len(batch))
    finally:
        _JOBS, _SERVICE = [], None
    return results


def _lint_batch(start: int, stop: int, fix: bool):
    assert _SERVICE is not None
    return [_lint(_SERVICE, job, fix) for job in _JOBS[start:stop]]


class Progress:
    """A one-line progress bar on a terminal's stderr; drawn only once a run has taken a moment."""

    DELAY = 0.3  # seconds before the first draw, so quick runs print nothing

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.total = self.done = 0
        self.began = self.drawn_at = 0.0
        self.drawn = False

    def start(self, total: int) -> None:
        self.total, self.done, self.began = total, 0, time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.began >= self.DELAY and (now - self.drawn_at >= 0.1 or self.done == self.total):
            self.drawn_at, self.drawn = now, True
            filled = 30 * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} files")
            self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
