"""The language server end to end, driven by pytest-lsp over pipes: on a thread of this process (lspthread.py),
and as a real `vibelint lsp` process for start-up and exit."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from lspthread import ThreadServerConfig, shared_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from vibelint.lsp.positions import TextIndex

SERVER = [sys.executable, "-m", "vibelint", "lsp"]
PLAIN_VERBS = "karpathy.plain-verbs"
TIMEOUT = 20


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=shared_converter("client"))
    client.published, client.registrations = [], []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)  # a real `vibelint lsp` process
THREAD = ThreadServerConfig(client_factory=make_client)  # the same server on a thread: no process start-up


def capabilities(pull: bool = False, watch: bool = False) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                code_description_support=True, data_support=True, version_support=True),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source", "source.fixAll"])),
                is_preferred_support=True, data_support=True),
            diagnostic=types.DiagnosticClientCapabilities(dynamic_registration=False) if pull else None,
        ),
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        ),
    )


async def start(client: LanguageClient, root: Path, pull: bool = False, options: dict | None = None,
                watch: bool = False) -> types.InitializeResult:
    client.root = root
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(pull, watch), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options))


async def stop(client: LanguageClient) -> None:
    if client._server is not None and client._server.returncode is None:
        await client.shutdown_session()


@pytest_lsp.fixture(config=THREAD)
async def client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"))
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=CONFIG)
async def process_client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"))
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=THREAD)
async def pull_client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"), pull=True)
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=THREAD)
async def watching_client(lsp_client: LanguageClient, request):
    """A client that can watch files and answers workspace/configuration with vibelint settings."""
    lsp_client.set_configuration({"ignore": [PLAIN_VERBS]}, section="vibelint")
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"), watch=True)
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=THREAD)
async def broken_client(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("tmp_path")
    (root / ".vibelint.toml").write_text("select = 5\n", encoding="utf-8")
    lsp_client.init_result = await start(lsp_client, root)
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=THREAD)
async def custom_rule_client(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("tmp_path")
    rules = root / "house-rules"
    rules.mkdir()
    (rules / "vibes.toml").write_text(VIBES_RULE, encoding="utf-8")
    lsp_client.init_result = await start(lsp_client, root, options={"rulePaths": ["house-rules"]})
    yield
    await stop(lsp_client)


VIBES_RULE = """
id = "house.vibes"
kind = "substitution"
severity = "info"
summary = "A test rule."
message = "Say {replacement} instead of '{match}'."
spec = "0.0 test"
why = "A house rule with a link."
link = "https://example.com/rules/vibes"
[options.swap]
vibes = "feel"
[examples]
bad = ["Good vibes."]
good = ["A good feel."]
"""


# --- helpers ------------------------------------------------------------------------------------

async def eventually(condition, timeout: float = TIMEOUT):
    """Wait for the server's asynchronous answer (no timing is asserted, only the outcome)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


async def published(client: LanguageClient, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The latest diagnostics published for ``uri`` (for ``version`` at least, when given)."""
    def latest():
        found = [p for p in client.published if p.uri == uri and (version is None or (p.version or 0) >= version)]
        return found[-1:] or None
    return list((await eventually(latest))[0].diagnostics)


def codes(diagnostics, code: str = PLAIN_VERBS) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def open_doc(client: LanguageClient, name: str, text: str, language: str = "markdown") -> str:
    uri = (client.root / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
    rng = types.Range(start=types.Position(line=start[0], character=start[1]), end=types.Position(line=end[0], character=end[1]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=rng, text=text)]))


def rng(a: tuple[int, int], b: tuple[int, int]) -> types.Range:
    return types.Range(start=types.Position(line=a[0], character=a[1]), end=types.Position(line=b[0], character=b[1]))


def edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    return list(edit.changes[uri])


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    index = TextIndex(text)
    spans = sorted(((index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def code_actions(client: LanguageClient, uri: str, at: types.Range, only=None) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=at,
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return list(result or [])


# --- lifecycle ----------------------------------------------------------------------------------

async def test_initialize_advertises_push_features(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.hover_provider and caps.diagnostic_provider is None
    assert set(caps.code_action_provider.code_action_kinds) == {"quickfix", "source.fixAll.vibelint"}
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert client.init_result.server_info.name == "vibelint"


async def test_shutdown_exits_cleanly(process_client: LanguageClient):
    await process_client.shutdown_session()
    assert process_client._server.returncode == 0


async def test_a_large_draft_opened_in_a_real_server_gets_what_check_finds_and_so_does_its_next_edit(
        process_client: LanguageClient):
    """A draft over split.MIN_CHARS_SERVER: on Linux the server lints it on two cores (a forked child takes part of it)
    and keeps the child's results for the next edit. What the editor shows must be what ``check`` prints."""
    from conftest import run_cli_process
    from test_split import big_draft

    from vibelint import split

    client, root = process_client, process_client.root
    text = big_draft(2 * split.MIN_CHARS_SERVER)
    lines = text.split("\n")

    def found_by_check(source: str) -> list[tuple]:
        (root / "big.md").write_text(source, encoding="utf-8")
        out = json.loads(run_cli_process("check", "--no-cache", "--format", "json", "big.md", cwd=root).stdout)
        return sorted((d["rule"], d["line"] - 1, d["column"] - 1, d["end_line"] - 1, d["end_column"] - 1, d["message"])
                      for d in out["diagnostics"])

    def shown(diagnostics) -> list[tuple]:
        return sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                       d.message) for d in diagnostics)

    uri = open_doc(client, "big.md", text)
    first = shown(await published(client, uri, 1))
    assert len(first) > 100 and first == found_by_check(text)
    row = len(lines) // 2  # an edit in the middle: that paragraph is linted again, the rest come from the cache
    change(client, uri, 2, (row, 0), (row, 0), "We utilize it. ")
    edited = "\n".join([*lines[:row], "We utilize it. " + lines[row], *lines[row + 1:]])
    assert shown(await published(client, uri, 2)) == found_by_check(edited) != first


# --- diagnostics --------------------------------------------------------------------------------

async def test_diagnostics_use_utf16_columns_after_emoji_and_cjk(client: LanguageClient):
    text = "# Notes\n\n😀 中文 We utilize it.\n\n🎉🎉 漢字かな leverage this\n"
    uri = open_doc(client, "draft.md", text)
    found = codes(await published(client, uri, 1))
    assert [(d.range, d.message) for d in found] == [
        (rng((2, 9), (2, 16)), "Plain verb: write 'use' instead of 'utilize'."),
        (rng((4, 10), (4, 18)), "Plain verb: write 'use' instead of 'leverage'."),
    ]
    first = found[0]
    assert first.source == "vibelint" and first.severity == types.DiagnosticSeverity.Warning
    assert first.data["fix"] == {"range": {"start": {"line": 2, "character": 9}, "end": {"line": 2, "character": 16}},
                                 "newText": "use"}
    assert first.code_description is None  # the built-in rule has no link


async def test_chinese_draft_gets_chinese_findings_at_utf16_columns(client: LanguageClient):
    # 😀 is two UTF-16 units, each Han character one: 赋能 starts at column 2 + 1 + 4 = 7 of line 2
    text = "# 笔记\n\n😀 我们用它赋能业务。值得注意的是，我们进行了讨论。\n"
    uri = open_doc(client, "draft.md", text)
    found = sorted(await published(client, uri, 1), key=lambda d: (d.range.start.line, d.range.start.character))
    assert [(d.code, d.range, d.message) for d in found] == [
        ("zh.jargon", rng((2, 7), (2, 9)), "黑话：「赋能」。说人话：「帮助」或「让……能够」。"),
        ("zh.ai-filler", rng((2, 12), (2, 18)), "AI 腔：「值得注意的是」。删掉，直接说要注意的事。"),
        ("zh.nominalizations", rng((2, 21), (2, 26)), "虚动词：把「进行了讨论」改成「讨论了」。"),
    ]
    assert found[2].data["fix"]["newText"] == "讨论了"


async def test_incremental_changes_are_linted_with_their_version(client: LanguageClient):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"vibelint": {"debounceMs": 1000}}))
    uri = open_doc(client, "draft.md", "Plain text here.\n")
    assert codes(await published(client, uri, 1)) == []
    change(client, uri, 2, (0, 0), (0, 0), "We leverage 😀 ")
    change(client, uri, 3, (0, 3), (0, 11), "utilize")  # replace "leverage" before the debounce fires
    found = codes(await published(client, uri, 3))
    assert [(d.range, d.message) for d in found] == [(rng((0, 3), (0, 10)), "Plain verb: write 'use' instead of 'utilize'.")]
    assert all((p.version or 0) != 2 for p in client.published if p.uri == uri)  # debounced away


async def test_save_relints_and_close_clears(client: LanguageClient):
    uri = open_doc(client, "draft.md", "We utilize it.\n")
    assert codes(await published(client, uri, 1))
    count = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await eventually(lambda: len(client.published) > count)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await eventually(lambda: client.published[-1].uri == uri and len(client.published[-1].diagnostics) == 0)


async def test_plain_text_documents_and_odd_line_breaks(client: LanguageClient):
    text = "a\x0cb\u2028c\rWe utilize it.\r\nNext 😀 leverage.\n"
    uri = open_doc(client, "notes.txt", text, language="plaintext")
    found = codes(await published(client, uri, 1))
    assert [d.range for d in found] == [rng((1, 3), (1, 10)), rng((2, 8), (2, 16))]


async def test_custom_rule_link_becomes_code_description(custom_rule_client: LanguageClient):
    uri = open_doc(custom_rule_client, "draft.md", "Good vibes only.\n")
    found = codes(await published(custom_rule_client, uri, 1), "house.vibes")
    assert len(found) == 1
    assert found[0].code_description.href == "https://example.com/rules/vibes"
    assert found[0].severity == types.DiagnosticSeverity.Information


# --- code actions -------------------------------------------------------------------------------

async def test_quick_fix_and_disable_actions(client: LanguageClient):
    text = "---\ntitle: t\n---\n\n- list\n  - We utilize 😀 it.\n"
    uri = open_doc(client, "draft.md", text)
    await published(client, uri, 1)
    actions = await code_actions(client, uri, rng((5, 8), (5, 8)))
    by_title = {a.title: a for a in actions}
    quick = by_title["Replace 'utilize' with 'use' (karpathy.plain-verbs)"]
    assert quick.kind == types.CodeActionKind.QuickFix and quick.is_preferred
    assert [(e.range, e.new_text) for e in edits_of(quick.edit, uri)] == [(rng((5, 7), (5, 14)), "use")]

    line = by_title["Disable karpathy.plain-verbs for this line"]
    assert [(e.range, e.new_text) for e in edits_of(line.edit, uri)] == [
        (rng((5, 0), (5, 0)), "  <!-- vibelint-disable-next-line karpathy.plain-verbs -->\n")]
    whole = by_title["Disable karpathy.plain-verbs in this file"]
    assert [(e.range, e.new_text) for e in edits_of(whole.edit, uri)] == [
        (rng((3, 0), (3, 0)), "<!-- vibelint-disable-file karpathy.plain-verbs -->\n")]

    # applying the disable-line edit really silences the rule
    new_text = apply_edits(text, edits_of(line.edit, uri))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)]))
    assert codes(await published(client, uri, 2)) == []


async def test_fix_all_returns_one_edit_applying_every_safe_fix(client: LanguageClient):
    text = "We utilize it.\n\nThey leverage 中文 and utilize more.\n"
    uri = open_doc(client, "draft.md", text)
    await published(client, uri, 1)
    actions = await code_actions(client, uri, rng((0, 0), (0, 0)), only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == ["source.fixAll.vibelint"]
    edits = edits_of(actions[0].edit, uri)
    assert len(edits) == 1
    assert apply_edits(text, edits) == "We use it.\n\nThey use 中文 and use more.\n"
    assert await code_actions(client, uri, rng((0, 0), (0, 0)), only=["refactor"]) == []


# --- hover --------------------------------------------------------------------------------------

async def test_hover_explains_the_rule(client: LanguageClient):
    uri = open_doc(client, "draft.md", "😀 We utilize it.\n")
    await published(client, uri, 1)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=8)))
    assert result.contents.kind == types.MarkupKind.Markdown
    value = result.contents.value
    for part in ("Plain verb: write 'use' instead of 'utilize'.", "`karpathy.plain-verbs`", "*Spec:* 3.1", "*Bad:*", "*Good:*"):
        assert part in value
    assert result.range == rng((0, 6), (0, 13))
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
    assert nothing is None


# --- configuration ------------------------------------------------------------------------------

async def test_settings_change_ignore_and_minimum_severity(client: LanguageClient):
    uri = open_doc(client, "draft.md", "We utilize it.\n")
    assert codes(await published(client, uri, 1))
    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"vibelint": {"ignore": [PLAIN_VERBS]}}))
    await eventually(lambda: len(client.published) > count)
    assert codes(await published(client, uri)) == []

    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"vibelint": {}}))
    await eventually(lambda: len(client.published) > count and codes(client.published[-1].diagnostics))

    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"vibelint": {"minimumSeverity": "error"}}))
    await eventually(lambda: len(client.published) > count)
    assert all(d.severity == types.DiagnosticSeverity.Error for d in await published(client, uri))

    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"vibelint": {"enable": False}}))
    await eventually(lambda: len(client.published) > count)
    assert await published(client, uri) == []


async def test_broken_config_shows_one_error_and_keeps_linting(broken_client: LanguageClient):
    uri = open_doc(broken_client, "draft.md", "We utilize it.\n")
    assert codes(await published(broken_client, uri, 1))
    second = open_doc(broken_client, "other.md", "They leverage it.\n")
    assert codes(await published(broken_client, second, 1))
    errors = [m for m in broken_client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1 and ".vibelint.toml" in errors[0].message and "select" in errors[0].message


async def test_config_file_change_is_picked_up(client: LanguageClient):
    uri = open_doc(client, "draft.md", "We utilize it.\n")
    assert codes(await published(client, uri, 1))
    config = client.root / ".vibelint.toml"
    config.write_text(f'ignore = ["{PLAIN_VERBS}"]\n', encoding="utf-8")
    count = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    await eventually(lambda: len(client.published) > count)
    assert codes(await published(client, uri)) == []


async def test_settings_from_workspace_configuration_and_config_watchers(watching_client: LanguageClient):
    uri = open_doc(watching_client, "draft.md", "We utilize it.\n")
    assert codes(await published(watching_client, uri, 1)) == []  # the first lint waited for the settings
    [registration] = await eventually(lambda: watching_client.registrations)
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = {w["globPattern"] for w in registration.register_options["watchers"]}  # LSPAny on the client side
    assert patterns == {"**/.vibelint.toml", "**/pyproject.toml"}


# --- pull diagnostics ---------------------------------------------------------------------------

async def test_pull_diagnostics_when_the_client_supports_them(pull_client: LanguageClient):
    assert pull_client.init_result.capabilities.diagnostic_provider is not None
    uri = open_doc(pull_client, "draft.md", "We utilize 😀 it.\n")
    report = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full"
    assert [d.range for d in codes(report.items)] == [rng((0, 3), (0, 10))]
    again = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert again.kind == "unchanged"
    change(pull_client, uri, 2, (0, 0), (0, 0), "They leverage. ")
    fresh = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert fresh.kind == "full" and len(codes(fresh.items)) == 2
    await asyncio.sleep(0.3)  # a pushed list would have arrived by now
    assert pull_client.published == []


# --- robustness ---------------------------------------------------------------------------------

async def test_malformed_messages_and_unknown_documents_do_not_stop_the_server(client: LanguageClient):
    for body in (b'{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"junk": 1}}',
                 b'{"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {"textDocument": 5}}',
                 b'{not json'):
        client._server.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    client.protocol.notify(types.TEXT_DOCUMENT_DID_CHANGE, types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri="file:///nowhere.md", version=3), content_changes=[]))
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri="file:///nowhere.md"), position=types.Position(line=0, character=0)))
    assert hover is None
    uri = open_doc(client, "draft.md", "We utilize it.\n")
    await published(client, uri, 1)
    far = await code_actions(client, uri, rng((99, 99), (120, 0)))
    assert [a.kind for a in far] == ["source.fixAll.vibelint"]
    change(client, uri, 2, (50, 0), (60, 3), "\x00\ufffe\U0010ffff odd text utilize")
    assert len(codes(await published(client, uri, 2))) == 2
