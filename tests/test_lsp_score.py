"""The voice score in the language server: a code lens on Markdown documents and a status notification."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from lspthread import ThreadServerConfig, shared_converter
from test_lsp import TIMEOUT, eventually, start, stop

JARGON = ("We will leverage our best-in-class platform to facilitate synergy across stakeholders and utilize "
          "actionable insights in order to move the needle on key deliverables going forward.\n")
PLAIN = "I kind of feel like this is the decade of agents.\n\nStrap in.\n"


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every voice score notification."""
    client = LanguageClient(converter_factory=shared_converter("client"))
    client.voice = []

    def voice(client: LanguageClient, params):
        client.voice.append(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, "$/vibelint/voiceScore": voice})
    return client


CONFIG = ThreadServerConfig(client_factory=make_client)  # the server on a thread (test_lsp.py starts the process)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"))
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=CONFIG)
async def quiet_client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"), options={"voiceScore": False})
    yield
    await stop(lsp_client)


def open_doc(client: LanguageClient, name: str, text: str, language: str = "markdown") -> str:
    uri = (client.root / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def field(params, key):
    return params[key] if isinstance(params, dict) else getattr(params, key)


async def lenses(client: LanguageClient, uri: str):
    return await asyncio.wait_for(client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))), TIMEOUT)


async def test_code_lens_shows_score_and_drifts(client: LanguageClient):
    assert client.init_result.capabilities.code_lens_provider is not None
    uri = open_doc(client, "memo.md", JARGON)
    found = await lenses(client, uri)
    assert len(found) == 1
    lens = found[0]
    assert lens.range.start.line == 0
    assert lens.command.title.startswith("Voice score ") and "/100 · drifts: " in lens.command.title
    assert "karpathy.plain-verbs findings" in lens.command.title  # jargon is scored through its findings


async def test_code_lens_follows_edits(client: LanguageClient):
    uri = open_doc(client, "post.txt", JARGON, language="plaintext")
    before = (await lenses(client, uri))[0].command.title
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=PLAIN)]))
    after = (await lenses(client, uri))[0].command.title
    assert score_of(after) > score_of(before), (before, after)
    assert "karpathy.plain-verbs findings" not in after


async def test_code_lens_on_a_document_without_prose(client: LanguageClient):
    uri = open_doc(client, "empty.md", "```\ncode only\n```\n")
    assert (await lenses(client, uri))[0].command.title == "Voice score: no prose yet"


async def test_status_notification_after_a_pause(client: LanguageClient):
    uri = open_doc(client, "memo.md", JARGON)
    params = await eventually(lambda: next((p for p in client.voice if field(p, "uri") == uri), None))
    assert 0 <= field(params, "score") < 100
    assert field(params, "version") == 1
    assert "rule:karpathy.plain-verbs" in [field(d, "key") for d in field(params, "drifts")]
    assert field(params, "title") == (await lenses(client, uri))[0].command.title


async def test_voice_score_can_be_turned_off(quiet_client: LanguageClient):
    uri = open_doc(quiet_client, "memo.md", JARGON)
    await eventually(lambda: quiet_client.diagnostics.get(uri))
    assert not await lenses(quiet_client, uri)
    await asyncio.sleep(0.8)  # longer than the server's pause before it would notify
    assert quiet_client.voice == []


def score_of(title: str) -> int:
    return int(title.split("Voice score ", 1)[1].split("/", 1)[0])
