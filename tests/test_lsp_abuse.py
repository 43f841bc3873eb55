"""The language server under abuse: broken JSON-RPC, unknown methods, wild edits, 1,000 rapid changes,
documents opened twice or closed unopened. It answers with proper errors and keeps serving."""

from __future__ import annotations

import asyncio
import json

import pytest

from rawlsp import RawServer
from vibelint.engine import lint
from vibelint.lsp.positions import TextIndex
from vibelint.lsp.server import VibelintServer

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
FLAGGED_LINE = "We utilize it.\n"


@pytest.fixture
def server(tmp_path):
    raw = RawServer(tmp_path, thread=True)
    raw.initialize()
    yield raw
    assert raw.close() == 0, raw.proc.stderr.read().decode()[-2000:]


def expected(text: str, default_ruleset) -> list[tuple[str, int, int]]:
    """(rule, line, character) of what a fresh lint of ``text`` gives, in UTF-16 positions."""
    index = TextIndex(text)
    return [(d.rule, index.position(d.start).line, index.position(d.start).character)
            for d in lint(text, "draft.md", default_ruleset).diagnostics]


def shown(diagnostics: list[dict]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diagnostics]


def null_id_errors(server: RawServer) -> list[int]:
    return [m["error"]["code"] for m in server.messages if "error" in m and m.get("id") is None]


def test_malformed_messages_get_json_rpc_errors(server):
    for body in (b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"just a string"', b"{}"):
        server.send_raw(body)
    server.send_raw(b"a stray line with no header\r\n", header=b"")
    unknown = server.call("vibelint/noSuchMethod", {"x": 1})
    assert unknown["error"]["code"] == METHOD_NOT_FOUND
    server.notify("vibelint/noSuchNotification", {})  # notifications get no answer, and do no harm
    server.notify("$/cancelRequest", {"id": 4242})
    bad_params = server.call("textDocument/hover", {"textDocument": {"uri": 5}, "position": {"line": -1}})
    assert bad_params["error"]["code"] == INVALID_PARAMS
    server.notify("textDocument/didChange", {"textDocument": {"uri": 7}})  # broken notification: logged only
    assert null_id_errors(server) == [PARSE_ERROR, PARSE_ERROR, INVALID_REQUEST, INVALID_REQUEST, INVALID_REQUEST]
    text = "We utilize it.\n"
    uri = server.open("draft.md", text)
    assert shown(server.diagnostics(uri, 1)) == [("karpathy.plain-verbs", 0, 3)]  # still serving
    hover = server.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}})
    assert "karpathy.plain-verbs" in str(hover["result"])
    answered = [m for m in server.messages if "id" in m and "method" not in m and m["id"] is not None]
    assert sorted(m["id"] for m in answered) == [1, 2, 3, 4]  # initialize, unknown, bad params, hover: each once


def test_out_of_range_and_reversed_edits_are_clamped(server, default_ruleset):
    text = "We utilize it.\n"
    uri = server.open("draft.md", text)
    server.diagnostics(uri, 1)
    server.change(uri, 2, (999, 999), (1000, 5), "\nWe leverage 😀 it.")  # past the end: appended
    text += "\nWe leverage 😀 it."
    assert shown(server.diagnostics(uri, 2)) == expected(text, default_ruleset)
    server.change(uri, 3, (0, 500), (0, 900), " Facilitate!")  # past the line's end: at its end
    text = text.replace("it.\n", "it. Facilitate!\n", 1)
    assert shown(server.diagnostics(uri, 3)) == expected(text, default_ruleset)
    server.change(uri, 4, (2, 0), (0, 0), "Utilize ")  # end before start: an insertion at the start
    text = text.replace("\nWe leverage", "\nUtilize We leverage")
    assert shown(server.diagnostics(uri, 4)) == expected(text, default_ruleset)
    server.change(uri, 5, (2, 20), (2, 21), "")  # ends inside the emoji's surrogate pair: the whole emoji goes
    text = text.replace("😀", "", 1)
    assert shown(server.diagnostics(uri, 5)) == expected(text, default_ruleset)


def test_a_thousand_rapid_changes_end_in_the_right_diagnostics(server, default_ruleset):
    uri = server.open("draft.md", "")
    server.diagnostics(uri, 1)
    typed = (("We utilize the GPU. " * 3 + "\n\nThen we leverage 中文 and 😀 tools.\n") * 12)[:1000]
    text, version = "", 1
    for char in typed:
        index = TextIndex(text)
        end = index.position(len(text))
        version += 1
        server.change(uri, version, (end.line, end.character), (end.line, end.character), char)
        text += char
    assert version == 1001
    assert shown(server.diagnostics(uri, version, timeout=60)) == expected(text, default_ruleset)
    published = [m for m in server.messages if m.get("method") == "textDocument/publishDiagnostics"]
    assert len(published) < 1000  # debounced: not one lint per keystroke


def test_documents_opened_twice_closed_unopened_or_never_opened(server, default_ruleset):
    first = server.open("draft.md", "We utilize it.\n")
    server.diagnostics(first, 1)
    again = server.open("draft.md", "Second text: we facilitate it.\n", version=7)  # the second open wins
    assert shown(server.diagnostics(again, 7)) == expected("Second text: we facilitate it.\n", default_ruleset)
    ghost = (server.root / "ghost.md").as_uri()
    server.notify("textDocument/didClose", {"textDocument": {"uri": ghost}})
    server.notify("textDocument/didChange", {"textDocument": {"uri": ghost, "version": 2},
                                             "contentChanges": [{"text": "We utilize it."}]})
    position = {"line": 0, "character": 1}
    assert server.call("textDocument/hover", {"textDocument": {"uri": ghost}, "position": position})["result"] is None
    actions = server.call("textDocument/codeAction", {
        "textDocument": {"uri": ghost}, "range": {"start": position, "end": position}, "context": {"diagnostics": []}})
    assert actions["result"] is None
    since = server.mark()
    server.notify("textDocument/didClose", {"textDocument": {"uri": first}})
    assert server.diagnostics(first, since=since) == []  # closing clears its diagnostics
    server.notify("textDocument/didClose", {"textDocument": {"uri": first}})  # closed twice
    reopened = server.open("draft.md", "Back: we utilize it.\n", version=9)
    assert shown(server.diagnostics(reopened, 9)) == expected("Back: we utilize it.\n", default_ruleset)
    logs = [m["params"]["message"] for m in server.messages if m.get("method") == "window/logMessage"]
    assert any("not open" in line and "ghost.md" in line for line in logs)
    assert not any("Traceback" in line for line in logs)


async def test_handled_notifications_leave_no_futures_behind():
    """pygls 2.1 kept one Future per didChange forever; the server's protocol drops them when done."""
    server = VibelintServer()
    protocol = server.protocol
    sent = []
    protocol.set_writer(type("Writer", (), {"write": lambda self, data: sent.append(data), "close": lambda self: None})())

    def receive(message: dict) -> None:
        protocol.handle_message(json.loads(json.dumps({"jsonrpc": "2.0", **message}), object_hook=protocol.structure_message))

    receive({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    receive({"method": "initialized", "params": {}})
    uri = "file:///tmp/draft.md"
    receive({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": "We utilize it.\n"}}})
    for version in range(2, 302):
        receive({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version},
                 "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                     "text": "x"}]}})
    await asyncio.sleep(0.2)
    assert server.documents[uri].text.startswith("x" * 300)
    assert len(protocol._request_futures) < 5
    for task in [*server.pending.values(), *getattr(server, "voice_pending", {}).values()]:
        task.cancel()


def test_a_buffer_over_max_file_size_gets_one_note_instead_of_a_lint(tmp_path, default_ruleset):
    (tmp_path / ".vibelint.toml").write_text('max-file-size = "2KB"\n')
    raw = RawServer(tmp_path, thread=True)
    try:
        raw.initialize()
        uri = raw.open("huge.md", FLAGGED_LINE * 200)
        [note] = raw.diagnostics(uri, 1)
        assert note["code"] == "vibelint.too-big" and note["severity"] == 3
        assert note["message"] == "vibelint: not linted: huge.md: too big to lint: 3,000 bytes, max-file-size is 2,000"
        raw.change(uri, 2, (0, 0), (200, 0), FLAGGED_LINE)  # cut back under the limit: linted again
        assert shown(raw.diagnostics(uri, 2)) == expected(FLAGGED_LINE, default_ruleset)
    finally:
        assert raw.close() == 0



def test_an_unreadable_change_stops_hints_until_the_whole_text_comes_again(server, default_ruleset):
    """After a didChange it cannot read, the server's copy of the text is wrong: it says so once, clears the
    document's hints instead of showing them on the wrong words, and lints again once it gets the whole text."""
    uri = server.open("draft.md", FLAGGED_LINE)
    assert shown(server.diagnostics(uri, 1)) == [("karpathy.plain-verbs", 0, 3)]
    since = server.mark()
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"range": "line 1", "text": "x"}]})
    assert server.diagnostics(uri, None, since=since) == []
    warning = server.wait(lambda m: m.get("method") == "window/showMessage", start=since)["params"]
    assert warning["type"] == 2 and "lost track of draft.md" in warning["message"]
    server.change(uri, 3, (0, 0), (0, 0), "Now ")  # a ranged edit to a text we no longer know: ignored
    hover = server.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}})
    assert hover["result"] is None
    text = "Fine.\n\nWe leverage it.\n"
    since = server.mark()
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": text}]})
    assert shown(server.diagnostics(uri, 4, since=since)) == expected(text, default_ruleset)
    assert [m for m in server.messages[since:] if m.get("method") == "window/showMessage"] == []
