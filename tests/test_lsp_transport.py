"""How editors start the server: `vibelint lsp --stdio --clientProcessId=N` (vscode-languageclient
appends both), and the server exits once the editor's process is gone. Real processes, no mocks;
only the argument errors, which stop before a server starts, run the command line in this process."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from conftest import run_cli
from rawlsp import RawServer

from vibelint.cli import build_parser
from vibelint.lsp import parent


@pytest.fixture
def editor():
    """A stand-in for the editor's process: alive until the test kills it."""
    proc = subprocess.Popen(["sleep", "120"])
    yield proc
    proc.kill()
    proc.wait()


def _wait_exit(proc: subprocess.Popen, timeout: float) -> int | None:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


EDITOR_ARGS = [["--stdio"], ["--stdio", "--clientProcessId=1"], ["--clientProcessId", "1", "--stdio"]]


def test_the_argument_orders_editors_use_mean_the_same():
    parsed = [build_parser().parse_args(["lsp", *args]) for args in EDITOR_ARGS]
    assert [(a.command, a.tcp, a.client_pid) for a in parsed] == [("lsp", None, None), ("lsp", None, 1), ("lsp", None, 1)]


def test_the_arguments_editors_pass_start_a_server_that_answers_initialize(tmp_path):
    server = RawServer(tmp_path, args=EDITOR_ARGS[2])  # a real process, as vscode-languageclient starts it
    try:
        result = server.initialize()["result"]
        assert result["serverInfo"]["name"] == "vibelint"
        assert result["capabilities"]["hoverProvider"]
        uri = server.open("draft.md", "We utilize it.\n")
        assert [d["code"] for d in server.diagnostics(uri)] == ["karpathy.plain-verbs"]
    finally:
        assert server.close() == 0


def test_the_server_exits_when_the_client_process_from_the_command_line_is_gone(tmp_path, editor):
    server = RawServer(tmp_path, args=["--stdio", f"--clientProcessId={editor.pid}"])
    try:
        server.initialize()
        time.sleep(parent.INTERVAL * 1.5)
        assert server.proc.poll() is None, "the server exited while its editor was still running"
        editor.kill()
        editor.wait()
        # stdin is still open (we hold it): only the watch can end the server
        assert _wait_exit(server.proc, parent.INTERVAL * 5) == 0
    finally:
        server.close()


def test_the_server_exits_when_the_process_id_from_initialize_is_gone(tmp_path, editor):
    server = RawServer(tmp_path, args=["--stdio"])
    try:
        response = server.call("initialize", {"processId": editor.pid, "rootUri": tmp_path.as_uri(), "capabilities": {}})
        assert "result" in response
        server.notify("initialized", {})
        editor.kill()
        editor.wait()
        assert _wait_exit(server.proc, parent.INTERVAL * 5) == 0
    finally:
        server.close()


def test_a_process_id_that_is_not_running_here_is_ignored(tmp_path):
    """A client in another PID namespace sends an id we cannot see: keep serving rather than exit at once."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    server = RawServer(tmp_path, args=["--stdio", f"--clientProcessId={gone.pid}"])
    try:
        server.initialize()
        time.sleep(parent.INTERVAL * 2.5)
        assert server.proc.poll() is None
        uri = server.open("draft.md", "We utilize it.\n")
        assert server.diagnostics(uri)
    finally:
        assert server.close() == 0


@pytest.mark.parametrize("args, message", [
    (["--clientProcessId=abc"], "argument --clientProcessId: not a process id: 'abc'"),
    (["--clientProcessId=0"], "argument --clientProcessId: not a process id: '0'"),
    (["--stdio", "--tcp", "127.0.0.1:1"], "argument --tcp: not allowed with argument --stdio"),
    (["--pipe=/tmp/x"], "unrecognized arguments: --pipe=/tmp/x"),
])
def test_bad_lsp_arguments_are_one_error_line_and_exit_2(args, message):
    proc = run_cli("lsp", *args, stdin=b"")
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    errors = [line for line in stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].endswith(message), stderr
    assert "Traceback" not in stderr


def test_watch_calls_back_once_the_process_exits():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.3)"])
    gone = threading.Event()
    assert parent.watch(proc.pid, gone.set, interval=0.05)
    assert not gone.wait(0.1)
    proc.wait()
    assert gone.wait(2)


def test_watch_refuses_a_process_that_is_not_alive():
    proc = subprocess.Popen(["true"])
    proc.wait()
    assert parent.watch(proc.pid, lambda: pytest.fail("called"), interval=0.05) is False
    assert parent.watch(0, lambda: None) is False
