"""One big draft on every core: forked children run the block rules on slices of its paragraphs.

A block rule reads one paragraph at a time, so a contiguous slice of the paragraphs can run in a
forked child, which inherits the parsed draft and the compiled rules: nothing is rebuilt, and
only the results come back, pickled, through a pipe. A child that fails in any way is not
trusted: its slice runs again in the parent, so the result never depends on the split.

Only the CLI splits (``check`` on one large file): the editor lints the paragraph an edit touched,
and its threads do not mix with ``fork``.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TypeVar

T = TypeVar("T")

MIN_CHARS = 100_000  # below this, a fork and the pickled results cost more than the other core saves


def parts_for(chars: int, workers: int) -> int:
    """How many slices a draft of ``chars`` characters is worth on ``workers`` cores (1: no split)."""
    if workers <= 1 or chars < MIN_CHARS or not hasattr(os, "fork"):
        return 1
    return min(workers, chars // (MIN_CHARS // 2))


# The parent's share of the work, against each child's: a child also works out the document rules'
# per-paragraph parts (``Check.block_part``) and pickles everything it found, and pays for the pages
# it writes after the fork, so it gets through less of the draft per second. On the 1 MB draft, the
# parent and its child finish their slices within about 40 ms of each other at 1.5 (at 0.75 the
# parent waited 270-530 ms for the child); the document rules then run in the parent.
PARENT_SHARE = 1.5


def slices(weights: Sequence[int], parts: int, parent_share: float = PARENT_SHARE) -> list[range]:
    """``parts`` contiguous ranges of indexes (none empty): the first with ``parent_share`` of what each
    other one weighs, the others with about equal total weight."""
    total = sum(weights) or 1
    unit = total / (parent_share + parts - 1)
    bounds, acc, cut = [0], 0, 1
    for i, weight in enumerate(weights):
        acc += weight
        while cut < parts and acc >= unit * (parent_share + cut - 1) and i + 1 > bounds[-1]:
            bounds.append(i + 1)
            cut += 1
    bounds.append(len(weights))
    return [range(a, b) for a, b in pairwise(bounds) if b > a]


def run_sliced(work: Callable[[range], T], ranges: list[range]) -> list[T]:
    """``work`` of each range, in order: the first here, the others in forked children."""
    children = []
    for part in ranges[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its slice, pickled to the pipe, then out without running exit handlers
            code = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    pickle.dump(work(part), out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read, part))
    results = [work(ranges[0])]
    for pid, read, part in children:
        result: T | None = None
        with os.fdopen(read, "rb", buffering=1 << 20) as pipe:
            try:  # read as it comes, never the whole pickle in memory at once
                result = pickle.load(pipe)
            except Exception:
                result = None
        _, status = os.waitpid(pid, 0)
        if result is None or os.waitstatus_to_exitcode(status) != 0:  # died or sent garbage: its slice, here
            result = work(part)
        results.append(result)
    return results
