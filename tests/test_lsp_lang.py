"""The editor's `lang` setting: messages in the chosen language, over each file's own.

The real server, on a thread over OS pipes (lspthread.py).
"""

from __future__ import annotations

import pytest_lsp
from pytest_lsp import LanguageClient
from test_lsp import eventually, start, stop
from test_lsp_score import CONFIG, open_doc

DRAFT = "We leverage the tool.\n"


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, request):
    lsp_client.init_result = await start(lsp_client, request.getfixturevalue("tmp_path"), options={"lang": "zh"})
    yield
    await stop(lsp_client)


async def test_lang_zh_gives_chinese_messages_on_an_english_draft(client: LanguageClient):
    uri = open_doc(client, "post.md", DRAFT)
    found = await eventually(lambda: client.diagnostics.get(uri))
    [diagnostic] = [d for d in found if d.code == "karpathy.plain-verbs"]
    assert diagnostic.message.startswith("朴素动词"), diagnostic.message
