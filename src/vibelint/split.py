"""One big draft on every core: forked children run the block rules on chunks of its paragraphs.

A block rule reads one paragraph at a time, so any run of paragraphs can be linted in a forked
child, which inherits the parsed draft and the compiled rules: nothing is rebuilt, and only the
results come back, pickled, through a pipe. The paragraphs are cut into chunks of about equal
length, handed out on demand: the parent and each child take the next chunk when done with their
last, so all finish within a chunk of each other, however fast each core runs (a fixed cut left
the parent waiting up to half a second for its child on this 2-core machine).

A child that fails in any way is not trusted: the paragraphs it did not report run again in the
parent, so the result never depends on the split. Nor is one waited for without end: a child that
has not answered well after the parent finished its own share is killed, and its share is worked
in the parent. The CLI splits one large file; the language server, a large draft it has not linted
yet (on Linux only: it has threads, and ``fork`` copies only the one that calls it; the child
touches nothing the others hold, only the parsed draft and the rules).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# below this, a fork and the pickled results cost more than the other core saves. A command's fresh
# process gained nothing measurable on a 58 KB draft (whole process, twelve runs alternating); the
# language server, warm and long-lived, went from 93 to 70 ms (in-process medians of seven) on that
# draft and from 47 to 38 ms on a 28 KB one, so it splits from a smaller size
MIN_CHARS = 100_000
MIN_CHARS_SERVER = 25_000
CHUNK_CHARS = 8_000  # a chunk: small enough that the last one does not keep the others waiting long
MIN_CHUNKS = 16  # a smaller draft is cut finer, so the processes still end within a small chunk of each other
# how long a child may take to answer once the parent has done its own share: this many times as long
# as that share took, and at least CHILD_GRACE seconds (both did about as much work)
CHILD_PATIENCE = 4
CHILD_GRACE = 10.0
_RECORD = 4  # bytes of a chunk number in the hand-out pipe
# every chunk number goes into the hand-out pipe before anyone reads it: 16,000 bytes at most, within the
# smallest pipe buffer of the systems with fork (16 KB on macOS, 64 KB on Linux)
_MAX_CHUNKS = 4_000


def parts_for(chars: int, workers: int, minimum: int = MIN_CHARS) -> int:
    """How many processes a draft of ``chars`` characters is worth on ``workers`` cores (1: no split)."""
    if workers <= 1 or chars < minimum or not hasattr(os, "fork"):
        return 1
    return min(workers, chars // (minimum // 2))


def chunks(weights: Sequence[int], size: int = CHUNK_CHARS) -> list[range]:
    """Contiguous ranges of indexes covering ``weights`` in order, each weighing about ``size`` (none empty),
    or less where that would make fewer than ``MIN_CHUNKS``."""
    total = sum(weights)
    size = max(min(size, total // MIN_CHUNKS), total // _MAX_CHUNKS + 1)
    ranges, start, acc = [], 0, 0
    for i, weight in enumerate(weights):
        acc += weight
        if acc >= size:
            ranges.append(range(start, i + 1))
            start, acc = i + 1, 0
    if start < len(weights):
        ranges.append(range(start, len(weights)))
    return ranges


def run_shared(work: Callable[[Iterable[int], bool], T], ranges: Sequence[Sequence[int]], processes: int,
               covered: Callable[[T], Iterable[int]], grace: float = CHILD_GRACE) -> list[T]:
    """``work(indexes, in_child)`` in this process and ``processes - 1`` forked children, each taking the
    next range from ``ranges`` when it is ready for more. Returns this process's result first, then
    each child's; ``covered(result)`` says which indexes a result holds, and whatever no trusted result
    holds (a child died, hung past ``grace`` seconds and ``CHILD_PATIENCE`` times this process's own
    work, or sent garbage) is worked here, as one more result."""
    read, write = os.pipe()
    try:
        os.write(write, b"".join(n.to_bytes(_RECORD, "little") for n in range(len(ranges))))
    finally:
        os.close(write)  # every chunk number is in the pipe: a read that finds none is the end
    children = []
    try:
        for _ in range(processes - 1):
            result_read, result_write = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to spare (a limit, a sandbox): this process works every chunk
                os.close(result_read)
                os.close(result_write)
                break
            if pid == 0:  # the child: its chunks, pickled to the pipe, then out without running exit handlers
                code = 1
                try:
                    os.close(result_read)
                    with os.fdopen(result_write, "wb") as out:
                        pickle.dump(work(_handed_out(read, ranges), True), out, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                finally:
                    os._exit(code)
            os.close(result_write)
            children.append((pid, result_read))
        started = time.monotonic()
        results = [work(_handed_out(read, ranges), False)]
    finally:
        os.close(read)
    deadline = time.monotonic() + max(grace, CHILD_PATIENCE * (time.monotonic() - started))
    for pid, result_read in children:
        result: T | None = None
        with os.fdopen(result_read, "rb", buffering=1 << 20) as pipe:
            if _answers_by(result_read, deadline):
                try:  # read as it comes, never the whole pickle in memory at once
                    result = pickle.load(pipe)
                except Exception:
                    result = None
            else:  # hung: what it took is worked here
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else (a host program's child watcher): not trusted
            continue
        if result is not None and os.waitstatus_to_exitcode(status) == 0:
            results.append(result)
    done = {i for result in results for i in covered(result)}
    missing = [i for part in ranges for i in part if i not in done]
    if missing:  # what a child took and did not report: here
        results.append(work(missing, False))
    return results


def _answers_by(fd: int, deadline: float) -> bool:
    """Has the child started its answer (or closed its end) before ``deadline``?"""
    import select

    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            readable, _, _ = select.select([fd], [], [], left)
        except InterruptedError:
            continue
        return bool(readable)


def _handed_out(read: int, ranges: Sequence[Sequence[int]]) -> Iterator[int]:
    """The indexes of each range this process takes from the hand-out pipe, until none is left.

    Every number was written before any process read, and a pipe read of a few bytes is atomic, so
    each chunk goes to exactly one process."""
    while len(record := os.read(read, _RECORD)) == _RECORD:
        yield from ranges[int.from_bytes(record, "little")]
