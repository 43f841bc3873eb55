"""A bare JSON-RPC client over a `vibelint lsp` server's pipes: it can send what no well-behaved
client library would (broken JSON, bad headers, unknown methods, wrong params). The server is a
real process, or (``thread=True``) the same server on a thread of this process, which starts in
milliseconds instead of a second: for tests of what it answers rather than of the process."""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

SERVER = [sys.executable, "-m", "vibelint", "lsp"]


class ServerThread:
    """What RawServer uses of a Popen (stdin, stdout, stderr, poll, wait, kill) for a ``VibelintServer``
    on a thread, reading and writing two OS pipes through pygls' own ``start_io``."""

    def __init__(self):
        to_server_r, to_server_w = os.pipe()
        from_server_r, from_server_w = os.pipe()
        self.stdin = os.fdopen(to_server_w, "wb")
        self.stdout = os.fdopen(from_server_r, "rb")
        self.stderr = io.BytesIO()  # its log lines go to this process's logging
        self.returncode: int | None = None
        self._thread = threading.Thread(target=self._serve, args=(os.fdopen(to_server_r, "rb"),
                                                                  os.fdopen(from_server_w, "wb")),
                                        name="vibelint-lsp-under-test", daemon=True)
        self._thread.start()

    def _serve(self, rfile, wfile) -> None:
        from lspthread import shared_converter

        from vibelint.lsp.server import VibelintServer

        server = VibelintServer(shared_converter("server"))
        try:
            server.start_io(rfile, wfile)  # returns after `exit` once its input ends, or at end of input
        finally:
            for stream in (wfile, rfile):
                with contextlib.suppress(OSError):
                    stream.close()
            self.returncode = 0 if getattr(server.protocol, "_shutdown", False) else 1  # pygls' rule for `exit`

    def poll(self) -> int | None:
        return None if self._thread.is_alive() else self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise subprocess.TimeoutExpired("vibelint lsp (thread)", timeout or 0)
        return self.returncode

    def kill(self) -> None:
        """End its input: the server stops reading and its thread ends."""
        with contextlib.suppress(OSError):
            self.stdin.close()


class RawServer:
    def __init__(self, root: Path, env: dict | None = None, args: list[str] | None = None, thread: bool = False):
        self.root = root
        if thread:
            assert env is None and not args, "a server on a thread has this process's environment and no arguments"
            self.proc: subprocess.Popen | ServerThread = ServerThread()
        else:
            self.proc = subprocess.Popen([*SERVER, *(args or [])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, cwd=root, env=env)
        self.messages: list[dict] = []
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # --- sending -----------------------------------------------------------------------------

    def send_raw(self, body: bytes, header: bytes | None = None) -> None:
        header = header if header is not None else b"Content-Length: %d\r\n\r\n" % len(body)
        self.proc.stdin.write(header + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def call(self, method: str, params, timeout: float = 20) -> dict:
        """Send a request and wait for its response (the whole response message: result or error)."""
        request_id = self.request(method, params)
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    # --- receiving ---------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if "method" in message and "id" in message:  # a request from the server: answer it plainly
                self.send({"id": message["id"], "result": None})
            self.inbox.put(message)

    def wait(self, predicate, timeout: float = 20, start: int = 0) -> dict:
        """The first message (from ``messages[start:]`` on) that satisfies ``predicate``, waiting for it."""
        deadline = time.monotonic() + timeout
        for message in self.messages[start:]:
            if predicate(message):
                return message
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching message from the server; got {self.messages[-5:]}")
            try:
                message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                continue
            self.messages.append(message)
            if predicate(message):
                return message

    def mark(self) -> int:
        """A point in the conversation: pass it as ``since`` to see only what comes after it."""
        while not self.inbox.empty():
            self.messages.append(self.inbox.get())
        return len(self.messages)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 20, since: int = 0) -> list[dict]:
        """Diagnostics published for ``uri`` (at ``version`` when given, after ``since`` when given)."""
        def wanted(m):
            params = m.get("params") or {}
            return (m.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri
                    and (version is None or params.get("version") == version))
        return self.wait(wanted, timeout, since)["params"]["diagnostics"]

    # --- session -----------------------------------------------------------------------------

    def initialize(self) -> dict:
        result = self.call("initialize", {"processId": None, "rootUri": self.root.as_uri(), "capabilities": {},
                                          "workspaceFolders": [{"uri": self.root.as_uri(), "name": "w"}]})
        self.notify("initialized", {})
        return result

    def open(self, name: str, text: str, version: int = 1) -> str:
        uri = (self.root / name).as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": version,
                                                              "text": text}})
        return uri

    def change(self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]},
                                          "end": {"line": end[0], "character": end[1]}}, "text": text}]})

    def close(self) -> int:
        """Shut down politely; returns the exit code."""
        if self.proc.poll() is None:
            try:
                self.call("shutdown", None, timeout=10)
                self.notify("exit", None)
                self.proc.stdin.close()
            except (OSError, AssertionError):
                pass
            try:
                return self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode
