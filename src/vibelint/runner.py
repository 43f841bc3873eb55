"""Running ``check`` over many files: read, look up the cache, lint the rest on every core, collect.

The parent process reads every file (it needs the bytes for the cache key anyway) and resolves
each file's rule set; the linting itself runs in forked workers, which inherit the rule sets
instead of rebuilding them. Results come back in the order the files were given.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from .cache import Caches, ResultCache, cache_key, ruleset_key
from .config import CliOptions, ConfigFinder
from .engine import Diagnostic, RuleSet, fix_until_stable, lint
from .files import Target
from .kinds.timed_regex import compile_deferred
from .text.source import Encoding, InputError, decode

PARALLEL_MIN_FILES = 8  # below this, forking costs more than it saves


@dataclass
class Outcome:
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
    outcome: Outcome
    ruleset: RuleSet
    key: str | None  # cache key; None: not cacheable (stdin)
    store: ResultCache | None = None  # where its cache entry goes


_JOBS: list[_Job] = []  # read by forked workers


def run(targets: list[Target], finder: ConfigFinder, cli: CliOptions, *, fix: bool = False, jobs: int | None = None,
        cache: Caches | None = None, progress: Progress | None = None,
        encoding_errors: str = "strict") -> list[Outcome]:
    """Lint every target (fixing in memory when ``fix``); nothing is written here.

    A file read with replacement characters (``encoding_errors="replace"``) is linted but never fixed.
    """
    outcomes: list[Outcome] = []
    pending: list[_Job] = []
    for target in targets:
        outcome = Outcome(target)
        outcomes.append(outcome)
        config = finder.for_file(target.lookup)
        ruleset = config.ruleset_for(target.lookup, cli)
        outcome.ruleset = ruleset
        try:
            if target.error:
                raise InputError(target.error)
            data = _read_bytes(target, config.max_file_size(cli))
            outcome.source, outcome.encoding = decode(data, target.display, encoding_errors)
        except InputError as exc:
            outcome.error = str(exc)
            continue
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
        results = _parallel(pending, fix, workers, progress)
    else:
        results = []
        for job in pending:
            results.append(_lint(job.outcome.source, job.outcome.target.display, job.ruleset,
                                 fix and not job.outcome.encoding.lossy))
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


def _lint(source: str, path: str, ruleset: RuleSet, fix: bool) -> tuple[str, int, list[Diagnostic], list[Diagnostic]]:
    if fix:
        fixed, count, result = fix_until_stable(source, path, ruleset)
        return fixed, count, result.diagnostics, result.excused
    result = lint(source, path, ruleset)
    return source, 0, result.diagnostics, result.excused


def _parallel(pending: list[_Job], fix: bool, workers: int, progress: Progress | None):
    import importlib
    import multiprocessing  # here, not at the top: a run served from the cache never needs them
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # once here, before the fork, rather than once in each worker
    importlib.import_module(".text.parse", __package__)
    compile_deferred()

    global _JOBS
    _JOBS = pending  # forked workers see this list; nothing but indexes crosses the pipe going out
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
        _JOBS = []
    return results


def _lint_batch(start: int, stop: int, fix: bool):
    return [_lint(job.outcome.source, job.outcome.target.display, job.ruleset, fix and not job.outcome.encoding.lossy)
            for job in _JOBS[start:stop]]


def _read_bytes(target: Target, limit: int = 0) -> bytes:
    """The file's bytes; a file over ``limit`` bytes (0: no limit) is an InputError, told by its size, not read."""
    try:
        if target.path is None:
            data = sys.stdin.buffer.read(limit + 1 if limit else -1)
        elif limit and (size := os.stat(target.path).st_size) > limit:
            raise InputError(f"{target.display}: too big to lint: {size:,} bytes, max-file-size is {limit:,}")
        else:
            with open(target.path, "rb") as handle:
                data = handle.read(limit + 1 if limit else -1)
    except OSError as exc:
        raise InputError(f"{target.display}: cannot read: {exc.strerror or exc}") from None
    if limit and len(data) > limit:  # stdin, or a file that grew since stat
        raise InputError(f"{target.display}: too big to lint: over {limit:,} bytes (max-file-size)")
    return data


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
