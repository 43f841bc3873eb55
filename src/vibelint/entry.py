"""The ``vibelint`` command's entry point (``python -m vibelint`` too): the imports, then ``cli.run``.

Importing the command line's modules makes tens of thousands of objects and frees almost none;
the cyclic garbage collector, left on, walks them again and again while they are made, about
15 ms of a short run. It is paused for the imports, and what they made is moved out of its way
(``gc.freeze``: module-level objects live as long as the process) before it is switched back on.
The rule packs, loaded later, are moved out of its way the same way (``settle``).
"""

import gc

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


def settle() -> None:
    """Move every object made so far out of the cyclic collector's way, when the process is the command's.

    Called once the rule packs are loaded (the CLI, before linting; the language server, after its
    warm-up): their 80,000 objects live as long as the process, and every collection walked them
    again: 12-17 ms of the language server's first lint of a 10,000-word draft, about 40 ms of a
    1 MB ``check``. Only in the command's own process: a program that imports vibelint (the test
    suite, a plugin host) keeps its collector as it set it; a frozen object is never collected.
    """
    if _OWN_PROCESS:
        gc.freeze()
