"""The ``vibelint`` command's entry point (``python -m vibelint`` too): the imports, then ``cli.run``.

Importing the command line's modules makes tens of thousands of objects and frees almost none;
the cyclic garbage collector, left on, walks them again and again while they are made, about
15 ms of a short run. It is paused for the imports, and what they made is moved out of its way
(``gc.freeze``: module-level objects live as long as the process) before it is switched back on.
The rule packs, loaded later, are treated the same way (``loading``), and the collector is off while
a file is linted (``linting``).
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


@contextmanager
def linting() -> Iterator[None]:
    """The collector off while the command lints one file (a split lint's children inherit it off).

    A lint makes no reference cycles (``tests/test_entry.py`` checks it on every kind of block and on
    a split lint), so what it makes is freed by reference counts alone, and the collector only walked
    the parsed draft and the rules' results, again and again, for nothing: 18-36 ms of each process's
    share of a split 1 MB lint. It is back on for whatever comes after, and what outlived the lint (the
    findings, the parsed draft until the caller drops it, what the rules compiled on first use) is moved
    out of its way first, as the packs are: the collection that the first allocation after the lint set
    off walked all of it, and a full one followed (5-10 ms of a 5 KB post, 15-18 ms of 1 MB). A frozen object
    is still freed when its last reference goes. Only in the command's own process, as ``loading``.
    """
    if not _OWN_PROCESS or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
