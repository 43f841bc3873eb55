"""Language server memory over a long editing session: does RSS stay flat?

Run: ``python bench/lsp_memory.py [--edits 20000] [--every 2000]``

Starts ``vibelint lsp`` over stdio, opens a 2,000-word draft and makes ``--edits`` random edits
(typing, deleting, pasting paragraphs, with emoji and CJK), waiting for the diagnostics of every
20th edit. Every 500 edits it also opens, edits and closes a second document, and sends a
request for a document that is not open. It prints the server's resident memory (VmRSS from
/proc) every ``--every`` edits, then the growth over the second half of the session, which is
what a leak would show (the first half fills the server's bounded caches).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lsp_latency import draft  # noqa: E402  (bench/ is on the path when this script runs)

from vibelint.lsp.positions import TextIndex  # noqa: E402

PASTES = ["We utilize the GPU and leverage the cache. ", "\n\n", "😀 中文 ", "x", "In order to ship, we delve in. ",
          "- a list item\n", "> a quote\n", "```\ncode\n```\n", "AI will replace programmers. "]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_edit(rng: random.Random, text: str, size: int = 40_000) -> tuple[types.Range, str, str]:
    """A random edit as an LSP range, its new text, and the document after it (kept near ``size`` characters)."""
    start = rng.randint(0, len(text))
    end = min(len(text), start + rng.choice([0, 0, 0, 1, 3, 40]))
    for cut in (start, end):
        if 0 < cut < len(text) and text[cut - 1] == "\r" and text[cut] == "\n":
            return random_edit(rng, text, size)
    new = rng.choice(PASTES) if rng.random() < 0.7 else ""
    if len(text) > size:  # keep the draft about the same size, so memory can only grow by leaking
        end, new = min(len(text), start + rng.choice([1, 3, 40])), ""
    index = TextIndex(text)
    return types.Range(start=index.position(start), end=index.position(end)), new, text[:start] + new + text[end:]


async def session(edits: int, every: int, seed: int) -> list[tuple[int, float]]:
    client = LanguageClient("vibelint-memory", "1")
    published: dict[str, int] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams):
        published[params.uri] = params.version or 0
        arrived.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params):
        pass

    @client.feature("$/vibelint/voiceScore")
    def on_voice(params):
        pass

    await client.start_io(sys.executable, "-m", "vibelint", "lsp")
    pid = client._server.pid
    root = Path("/tmp/vibelint-memory-bench")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=root.as_uri()))
    client.initialized(types.InitializedParams())

    async def wait_for(uri: str, version: int) -> None:
        while published.get(uri, -1) < version:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 30)

    def change(uri: str, version: int, rng_: types.Range, new: str) -> None:
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=rng_, text=new)]))

    rng = random.Random(seed)
    text = draft(2000)
    size = len(text)
    uri = (root / "draft.md").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=0, text=text)))
    await wait_for(uri, 0)
    samples = [(0, rss_mb(pid))]
    print(f"{'edits':>7} {'RSS MB':>8} {'elapsed s':>10} {'draft chars':>12}")
    print(f"{0:>7} {samples[0][1]:>8.1f} {0:>10.1f} {len(text):>12,}")
    started = time.perf_counter()
    for version in range(1, edits + 1):
        edit_range, new, text = random_edit(rng, text, size)
        change(uri, version, edit_range, new)
        if version % 20 == 0:
            await wait_for(uri, version)
        if version % 500 == 0:
            other = (root / f"other-{version}.md").as_uri()
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=other, language_id="markdown", version=1, text=draft(300))))
            start = types.Position(line=0, character=0)
            change(other, 2, types.Range(start=start, end=start), "We utilize it. ")
            await wait_for(other, 2)
            client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=other)))
            await client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=(root / "never-opened.md").as_uri()),
                position=types.Position(line=0, character=0)))
        if version % every == 0:
            samples.append((version, rss_mb(pid)))
            elapsed = time.perf_counter() - started
            print(f"{version:>7} {samples[-1][1]:>8.1f} {elapsed:>10.1f} {len(text):>12,}", flush=True)
    await wait_for(uri, edits)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=2_000, help="print RSS every N edits")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    samples = asyncio.run(session(args.edits, args.every, args.seed))
    half = [mb for n, mb in samples if n >= args.edits // 2]
    print(f"peak {max(mb for _, mb in samples):.1f} MB; second half: {half[0]:.1f} -> {half[-1]:.1f} MB "
          f"({half[-1] - half[0]:+.1f} MB over {args.edits - args.edits // 2} edits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
