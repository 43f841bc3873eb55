"""The ``vibelint`` command's entry point (``python -m vibelint`` too): the imports, then ``cli.run``.

Importing the command line's modules makes tens of thousands of objects and frees almost none;
the cyclic garbage collector, left on, walks them again and again while they are made, about
15 ms of a short run. It is paused for the imports, and what they made is moved out of its way
(``gc.freeze``: module-level objects live as long as the process) before it is switched back on.
"""


def run() -> None:
    import gc

    gc.disable()
    try:
        from .cli import run as run_command
    finally:
        gc.freeze()
        gc.enable()
    run_command()
