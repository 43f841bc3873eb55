"""Exit when the editor that started the server is gone.

Editors say who they are twice: ``--clientProcessId=N`` on the command line (vscode-languageclient)
and ``processId`` in ``initialize`` (LSP: "if the parent process is not alive then the server
should exit"). Over stdio a dead editor usually closes the pipe too, but not when a grandchild
holds it open, and never over TCP. A process id that is not alive when the watch starts (a client
in another PID namespace, e.g. a container) is ignored rather than taken as a dead editor.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

log = logging.getLogger("vibelint.lsp")
INTERVAL = 1.0  # seconds between checks


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def exit_now() -> None:
    """The editor is gone: nobody reads our output, nothing is left to save."""
    os._exit(0)


def watch(pid: int, on_gone: Callable[[], None] = exit_now, interval: float = INTERVAL) -> bool:
    """Call ``on_gone`` from a daemon thread once ``pid`` has exited; False (and no watch) if it is not alive now."""
    if pid <= 0 or pid == os.getpid() or not alive(pid):
        log.warning("client process %s is not running here; not watching it", pid)
        return False

    def run() -> None:
        stop = threading.Event()
        while not stop.wait(interval):
            if not alive(pid):
                log.warning("client process %s is gone; exiting", pid)
                on_gone()
                return

    threading.Thread(target=run, name=f"watch-client-{pid}", daemon=True).start()
    return True
