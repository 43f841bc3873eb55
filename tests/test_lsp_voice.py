"""A learned voice in the editor, end to end: the real server (on a thread, over OS pipes: lspthread.py),
a real voice file, a config.

No part is mocked: the voice is learned by `vibelint voice learn`, found through `.vibelint.toml`'s
`voice` key, and the server's diagnostics and code lens are compared with what `vibelint check` and
`vibelint score --voice` print for the same draft.
"""

from __future__ import annotations

import json

import pytest_lsp
from conftest import run_cli
from pytest_lsp import LanguageClient
from test_lsp import eventually, start, stop
from test_lsp_score import CONFIG, lenses, open_doc, score_of
from test_voice_learn import HABIT, LONG, write_corpus

DRAFT = f"# Notes\n\n{LONG}\n\n{HABIT.format(i=7)} We shipped it.\n"


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("tmp_path")
    write_corpus(root / "blog", 12)
    (root / "voiced").mkdir()
    learned = run_cli("voice", "learn", str(root / "blog"), "-o", str(root / "voiced" / "me.json"), "--writer", "Ada")
    assert learned.returncode == 0, learned.stderr
    (root / "voiced" / ".vibelint.toml").write_text('voice = "me.json"\n', encoding="utf-8")
    (root / "plain").mkdir()
    lsp_client.init_result = await start(lsp_client, root)
    yield
    await stop(lsp_client)


async def test_the_config_voice_loosens_diagnostics_and_scores_the_buffer(client: LanguageClient):
    voiced = open_doc(client, "voiced/draft.md", DRAFT)
    plain = open_doc(client, "plain/draft.md", DRAFT)
    await eventually(lambda: voiced in client.diagnostics and plain in client.diagnostics)
    rules_voiced = {d.code for d in client.diagnostics[voiced]}
    rules_plain = {d.code for d in client.diagnostics[plain]}
    # his pack flags the writer's 63-word sentence; her voice (learned max 63) does not
    assert "karpathy.long-sentence" in rules_plain
    assert "karpathy.long-sentence" not in rules_voiced

    path = client.root / "voiced" / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    done = run_cli("score", str(path), "--json", cwd=client.root / "voiced")
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    cli = cli["files"][0]
    assert cli["voice"]["writer"] == "Ada"
    shown = score_of((await lenses(client, voiced))[0].command.title)
    assert shown == cli["score"]
    assert shown != score_of((await lenses(client, plain))[0].command.title)
