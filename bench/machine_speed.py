"""A fixed pure-Python loop, timed: how fast this machine runs at the moment.

This 2-core VM's speed wanders: the same loop took 371 to 699 ms within one session. A bench
prints it before and after its own figures, so a figure near a target can be read against the
machine's speed at the time.
"""

from __future__ import annotations

import time

STEPS = 3_000_000


def reference_ms(steps: int = STEPS) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(steps):
        total += i * i
    return (time.perf_counter() - start) * 1000


def line(when: str) -> str:
    return f"machine speed {when}: a fixed {STEPS:,}-step Python loop took {reference_ms():.0f} ms (lower is faster)"
