"""The ``vibelint`` command's entry point (``python -m vibelint`` too): the imports, then ``cli.run``.

Importing the command line's modules makes tens of thousands of objects and frees almost none;
the cyclic garbage collector, left on, walks them again and again while they are made, about
15 ms of a short run. It is paused for the imports, and what they made is moved out of its way
(``gc.freeze``: module-level objects live as long as the process) before it is switched back on.
The rule packs, loaded later, are treated the same way (``loading``).
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_OWN_PROCESS = False  # set by run(): the process is the vibelint command's, not a program importing vibelint


def run() -> None:
    global _OWN_PROCESS
    _OWN_PROCESS = True
    gc.disable()
    try:
        from .cli import run as run_command
    finally:
        gc.freeze()
        gc.enable()
    run_command()


@contextmanager
def loading() -> Iterator[None]:
    """The collector paused while the rule packs load, and what loaded moved out of its way after.

    Configs load their packs this way (``config.load_config``), and the language server runs its
    warm-up so: the packs' 80,000 objects live as long as the process, and the collections after
    loading walked them while they were still young. The language server's first lint of a
    10,000-word draft spent 10-17 ms in the collector, now about 2 ms; a 1 MB ``check`` 35 ms, now
    29 ms. Only in the command's own process: a program that imports vibelint (the test suite, a
    plugin host) keeps its collector as it set it; a frozen object is never collected.
    """
    if not _OWN_PROCESS:
        yield
        return
    was_on = gc.isenabled()  # a loading() inside another leaves the collector off for the outer one
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()
