"""The language server on a thread of the test process, for pytest-lsp's client.

Starting `vibelint lsp` as a process costs about a second (the interpreter, pygls, the packs); most
LSP tests are about what the server answers, not about the process. ``THREAD_CONFIG`` gives them the
same ``VibelintServer`` over two OS pipes (pygls' own ``start_io(stdin, stdout)``), and hands the
client an object with the parts of ``asyncio.subprocess.Process`` it uses (``wait``, ``returncode``,
``terminate``, ``stdin``). The tests of the process itself (the command line, exit codes, the
client's process id, stdio start-up) keep a real process: ``CONFIG`` in test_lsp.py, rawlsp.py,
test_lsp_transport.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading

import attrs
from pygls.io_ import run_async
from pytest_lsp import ClientServerConfig

log = logging.getLogger("lspthread")
_CONVERTERS: dict[str, object] = {}


def shared_converter(side: str):
    """A factory for pygls' converter, made once per ``side`` ("client", "server") for the whole run:
    cattrs writes a converter's (un)structure functions on first use, which cost more than the rest of a
    session's start; they hold no state of a session, so one per side serves every test."""
    def factory():
        if side not in _CONVERTERS:
            from pygls.protocol import default_converter

            _CONVERTERS[side] = default_converter()
        return _CONVERTERS[side]
    return factory


class ServerThread:
    """A ``VibelintServer`` reading one pipe and writing another, on a daemon thread."""

    pid = os.getpid()
    stderr = None  # its log lines go to this process's logging (pytest shows them on failure)

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.returncode: int | None = None
        self._loop = loop
        self._done = asyncio.Event()
        self._to_server_r, self._to_server_w = os.pipe()
        self._from_server_r, self._from_server_w = os.pipe()
        self.stdin: asyncio.StreamWriter | None = None  # set by connect(): what the client writes to
        self._thread = threading.Thread(target=self._serve, name="vibelint-lsp-under-test", daemon=True)

    def _serve(self) -> None:
        from vibelint.lsp.server import VibelintServer

        server = VibelintServer(shared_converter("server"))  # made here: its asyncio objects belong to this loop
        rfile, wfile = os.fdopen(self._to_server_r, "rb"), os.fdopen(self._from_server_w, "wb")
        try:
            server.start_io(rfile, wfile)  # returns on `exit` (pygls' sys.exit, caught there) or at end of input
        finally:
            # a process's exit code: 0 after shutdown, else 1 (pygls' rule for `exit`)
            code = 0 if getattr(server.protocol, "_shutdown", False) else 1
            for stream in (wfile, rfile):  # the client reads end of output, as when a process exits
                with contextlib.suppress(OSError):
                    stream.close()
            self._loop.call_soon_threadsafe(self._finished, code)

    def _finished(self, code: int) -> None:
        self.returncode = code
        self._done.set()

    async def connect(self) -> asyncio.StreamReader:
        """Start the server; return the client's end of its output (its input is ``self.stdin``)."""
        reader = asyncio.StreamReader()
        await self._loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                           os.fdopen(self._from_server_r, "rb", buffering=0))
        transport, protocol = await self._loop.connect_write_pipe(asyncio.streams.FlowControlMixin,
                                                                  os.fdopen(self._to_server_w, "wb", buffering=0))
        self.stdin = asyncio.StreamWriter(transport, protocol, None, self._loop)
        self._thread.start()
        return reader

    def close_input(self) -> None:
        """End of input for the server (a process's stdin closing): it stops reading and its thread ends."""
        if self.stdin is not None and not self.stdin.is_closing():
            self.stdin.close()

    def terminate(self) -> None:
        self.close_input()

    async def wait(self) -> int:
        if self.returncode is None:
            try:
                await asyncio.wait_for(asyncio.shield(self._done.wait()), timeout=10)
            except TimeoutError:  # no `exit` came (a failed test): end its input instead
                self.close_input()
                await self._done.wait()
        assert self.returncode is not None
        return self.returncode


@attrs.define
class ThreadServerConfig(ClientServerConfig):
    """pytest-lsp's config, starting the server on a thread instead of as ``server_command``."""

    server_command: list[str] = attrs.field(factory=list)

    async def start(self, devtools: str | None = None):
        client = self.client_factory()
        server = ServerThread(asyncio.get_running_loop())
        reader = await server.connect()
        client.protocol.set_writer(server.stdin)

        async def connection() -> None:
            await run_async(stop_event=client._stop_event, reader=reader, protocol=client.protocol, logger=log,
                            error_handler=client.report_server_error)
            server.close_input()  # the server closed its output (exit): close its input, as its process would be gone

        client._server = server
        client._async_tasks.append(asyncio.create_task(connection()))
        return client
