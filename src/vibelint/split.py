"""One big draft on every core: forked children run the block rules on chunks of its paragraphs.

A block rule reads one paragraph at a time, so any run of paragraphs can be linted in a forked
child, which inherits the parsed draft and the compiled rules: nothing is rebuilt, and only the
results come back, pickled, through a pipe, a chunk's as soon as it is worked (the parent takes them in
between its own chunks, not all after the last one). The paragraphs are cut into chunks (``chunks``:
equal, then smaller toward the end), handed out on demand: the parent and each child take the next
chunk when done with their last, so all finish within a small chunk of each other, however fast
each core runs (a fixed cut left the parent waiting up to half a second for its child on this
2-core machine).

A child that fails in any way is not trusted past the last chunk it sent whole: the paragraphs it did
not report run again in the parent, so the result never depends on the split. Nor is one waited for
without end: a child that has not finished well after the parent finished its own share is killed,
and what it did not send is worked in the parent. The CLI splits one large file; the language server,
a large draft it has not linted yet (on Linux only: it has threads, and ``fork`` copies only the one
that calls it; the child touches nothing the others hold, only the parsed draft and the rules).
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
TAIL_PARTS = 8  # the last chunks go down to an eighth of CHUNK_CHARS (about 2 ms of rules)
# how long a child may take to answer once the parent has done its own share: this many times as long
# as that share took, and at least CHILD_GRACE seconds (both did about as much work)
CHILD_PATIENCE = 4
CHILD_GRACE = 10.0
_RECORD = 4  # bytes of a chunk number in the hand-out pipe
_LENGTH = 8  # bytes of a result's length, before the result, in a child's result pipe
# every chunk number goes into the hand-out pipe before anyone reads it: 16,000 bytes at most, within the
# smallest pipe buffer of the systems with fork (16 KB on macOS, 64 KB on Linux)
_MAX_CHUNKS = 4_000


def parts_for(chars: int, workers: int, minimum: int = MIN_CHARS) -> int:
    """How many processes a draft of ``chars`` characters is worth on ``workers`` cores (1: no split)."""
    if workers <= 1 or chars < minimum or not hasattr(os, "fork"):
        return 1
    return min(workers, chars // (minimum // 2))


def chunks(weights: Sequence[int], size: int = CHUNK_CHARS, processes: int = 2) -> list[range]:
    """Contiguous ranges of indexes covering ``weights`` in order, none empty, handed out in this order.

    Each weighs about ``size``, or less toward the end: a chunk is at most a ``2 * processes``-th of what is
    left (not less than a ``TAIL_PARTS``-th of ``size``), so the last chunks are small and the processes,
    taking them as they come free, end within a small one of each other (with equal chunks, the one that
    took the last waited on by the other: 3.5 and 7.7 ms at the end of two of the server's first lints)."""
    total = sum(weights)
    floor = max(min(size, total) // TAIL_PARTS, total // _MAX_CHUNKS + 1)
    ranges, start, acc, left = [], 0, 0, total
    target = max(floor, min(size, left // (2 * processes)))
    for i, weight in enumerate(weights):
        acc += weight
        if acc >= target:
            ranges.append(range(start, i + 1))
            left -= acc
            start, acc = i + 1, 0
            target = max(floor, min(size, left // (2 * processes)))
    if start < len(weights):
        ranges.append(range(start, len(weights)))
    return ranges


def run_shared(work: Callable[[Sequence[int], bool], T], ranges: Sequence[Sequence[int]], processes: int,
               covered: Callable[[T], Iterable[int]], grace: float = CHILD_GRACE,
               arrived: Callable[[T], None] | None = None) -> list[T]:
    """``work(chunk, in_child)`` on every chunk of ``ranges``, in this process and ``processes - 1`` forked
    children, each taking the next chunk when it is ready for more. Returns every chunk's result, this
    process's first. ``covered(result)`` says which indexes a result holds, and whatever no result holds
    (a child died, hung past ``grace`` seconds and ``CHILD_PATIENCE`` times this process's own work, or
    sent garbage) is worked here, as one more result.

    A child sends each chunk's result as soon as it is worked, and this process reads what has come
    between its own chunks, handing each to ``arrived`` then: what the caller does with a child's results
    (on 1 MB, taking 3,000 masked paragraphs back) overlaps the work still going on, instead of waiting
    for the last chunk and a whole share's pickle after it."""
    _reap()
    read, write = os.pipe()
    try:
        os.write(write, b"".join(n.to_bytes(_RECORD, "little") for n in range(len(ranges))))
    finally:
        os.close(write)  # every chunk number is in the pipe: a read that finds none is the end
    children: list[_Child] = []
    results: list[T] = []
    try:
        for _ in range(processes - 1):
            result_read, result_write = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to spare (a limit, a sandbox): this process works every chunk
                os.close(result_read)
                os.close(result_write)
                break
            if pid == 0:  # the child: each chunk's result, pickled to the pipe, then out without running exit handlers
                code = 1
                try:
                    os.close(result_read)
                    for chunk in _handed_out(read, ranges):
                        _send(result_write, pickle.dumps(work(chunk, True), protocol=pickle.HIGHEST_PROTOCOL))
                    code = 0
                finally:
                    # closed before exiting: the parent sees the end at once, not once the system has taken
                    # the whole address space down (3-4 ms of a language server's first lint)
                    with contextlib.suppress(OSError):
                        os.close(result_write)
                    os._exit(code)
            os.close(result_write)
            _widen(result_read)
            children.append(_Child(pid, result_read))
        started = time.monotonic()
        for chunk in _handed_out(read, ranges):
            results.append(work(chunk, False))
            _receive(children, 0, results, arrived)
    finally:
        os.close(read)
    deadline = time.monotonic() + max(grace, CHILD_PATIENCE * (time.monotonic() - started))
    while any(child.open for child in children):
        left = deadline - time.monotonic()
        if left <= 0:  # hung: what it took and did not send is worked here
            for child in children:
                if child.open:
                    child.close(kill=True)
            break
        _receive(children, left, results, arrived)
    global _WAITS_AT_EXIT
    if children and not _WAITS_AT_EXIT:
        import atexit

        atexit.register(_wait_for_all)
        _WAITS_AT_EXIT = True
    _UNREAPED.extend(child.pid for child in children)
    _reap()
    done = {i for result in results for i in covered(result)}
    missing = [i for part in ranges for i in part if i not in done]
    if missing:  # what a child took and did not send whole: here
        results.append(work(missing, False))
    return results


# children that sent everything but had not exited yet when last looked at: reaped later, without waiting
_UNREAPED: list[int] = []
_WAITS_AT_EXIT = False  # _wait_for_all is registered to run at exit


def _reap() -> None:
    """Collect the children that have exited, without waiting for the others (a child closes its pipe
    before it exits, and exiting takes a process as large as a language server a few milliseconds)."""
    for pid in list(_UNREAPED):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else (a host program's child watcher)
            done = pid
        if done:
            _UNREAPED.remove(pid)


def _wait_for_all() -> None:
    """At exit: wait for the children not reaped yet (long done with their work by then), so the time
    they used counts in this process's own account (``time``, a benchmark's CPU column) and none is left
    for the system to collect."""
    while _UNREAPED:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_UNREAPED[0], 0)
        del _UNREAPED[0]


class _Child:
    """A forked child's end of its result pipe, and what has come through it but is not a whole result yet."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd, self.open = pid, fd, True
        self.pending = bytearray()

    def close(self, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        self.open = False


def _send(fd: int, payload: bytes) -> None:
    """One result, its length first: the reader knows when it has all of it."""
    data = memoryview(len(payload).to_bytes(_LENGTH, "little") + payload)
    while data:
        data = data[os.write(fd, data):]


def _receive(children: list[_Child], timeout: float, results: list, arrived: Callable | None) -> None:
    """Read what the children have sent, waiting up to ``timeout`` seconds for something to come; each whole
    result joins ``results`` and goes to ``arrived``. A child that closed its end, or sent what does not
    unpickle, is done: whatever it took and did not send whole is worked by the caller."""
    import select

    waiting = {child.fd: child for child in children if child.open}
    if not waiting:
        return
    try:
        readable, _, _ = select.select(list(waiting), [], [], timeout)
    except InterruptedError:
        return
    for fd in readable:
        child = waiting[fd]
        data = os.read(fd, 1 << 20)
        if not data:
            child.close()
            continue
        child.pending += data
        while len(child.pending) >= _LENGTH:
            size = int.from_bytes(child.pending[:_LENGTH], "little")
            if len(child.pending) < _LENGTH + size:
                break
            try:
                result = pickle.loads(memoryview(child.pending)[_LENGTH:_LENGTH + size])
            except Exception:  # garbage: nothing more from it is trusted
                child.close(kill=True)
                break
            del child.pending[:_LENGTH + size]
            results.append(result)
            if arrived is not None:
                arrived(result)


def _widen(fd: int) -> None:
    """A result pipe of 1 MB where the system allows it (Linux): a child whose results come faster than this
    process reads them, between its own chunks, goes on working instead of waiting for room."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)


def _handed_out(read: int, ranges: Sequence[Sequence[int]]) -> Iterator[Sequence[int]]:
    """Each range this process takes from the hand-out pipe, until none is left.

    Every number was written before any process read, and a pipe read of a few bytes is atomic, so
    each chunk goes to exactly one process."""
    while len(record := os.read(read, _RECORD)) == _RECORD:
        yield ranges[int.from_bytes(record, "little")]
