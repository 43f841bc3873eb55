"""Language server latency while typing: one-character edits to a 10,000-word draft over real stdio.

Run: ``python bench/lsp_latency.py [--edits 200] [--debounce 50 0]``

For each debounce delay it starts ``vibelint lsp`` (with VIBELINT_LSP_TIMING=1, so the server
reports each lint's duration in a ``$/vibelint/lintTime`` notification), opens the draft, then
makes one-character edits, each sent after the previous edit's diagnostics arrived, and prints:

- server-side lint time (parse + rules with the block cache + conversion to LSP), and
- end to end: edit sent -> publishDiagnostics for that version received (includes the debounce).

Targets (issue 3): <= 30 ms median server-side, <= 100 ms median end to end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "karpathy_en.md"
sys.path.insert(0, str(ROOT / "src"))

import machine_speed  # noqa: E402

from vibelint.lsp.positions import TextIndex  # noqa: E402

WORDS = 10_000


def draft(words: int = WORDS) -> str:
    """The first paragraphs of the corpus adding up to ``words`` words, plus some flagged verbs."""
    paragraphs, count = [], 0
    for paragraph in CORPUS.read_text(encoding="utf-8").split("\n\n"):
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            break
    paragraphs.insert(len(paragraphs) // 2, "We utilize the GPU and leverage the cache. 😀 中文 utilize.")
    return "\n\n".join(paragraphs) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def session(text: str, edits: int, debounce_ms: int, seed: int) -> tuple[list[float], list[float], float]:
    client = LanguageClient("vibelint-bench", "1")
    published: dict[int, float] = {}
    lint_ms: dict[int, float] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams):
        published[params.version] = time.perf_counter()
        arrived.set()

    @client.feature("$/vibelint/lintTime")
    def on_timing(params):
        get = params.get if isinstance(params, dict) else lambda key: getattr(params, key)
        lint_ms[get("version")] = get("millis")

    env = {**os.environ, "VIBELINT_LSP_TIMING": "1"}
    await client.start_io(sys.executable, "-m", "vibelint", "lsp", env=env)
    root = Path.cwd().as_uri()
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root,
        initialization_options={"debounceMs": debounce_ms}))
    client.initialized(types.InitializedParams())
    uri = (Path.cwd() / "bench-draft.md").as_uri()

    async def wait_for(version: int) -> float:
        while version not in published:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 30)
        return published[version]

    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=0, text=text)))
    await wait_for(0)
    cold = lint_ms.get(0, float("nan"))

    rng = random.Random(seed)
    end_to_end: list[float] = []
    for version in range(1, edits + 1):
        index = TextIndex(text)
        offset = rng.randrange(len(text))
        if version % 2 and text[offset].isalpha():  # delete a letter
            new_text, change_text, end = text[:offset] + text[offset + 1:], "", offset + 1
        else:  # type a letter
            new_text, change_text, end = text[:offset] + "e" + text[offset:], "e", offset
        change = types.TextDocumentContentChangePartial(range=index.range(offset, end), text=change_text)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        received = await wait_for(version)
        end_to_end.append((received - sent) * 1000)
        text = new_text

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    server_side = [lint_ms[v] for v in range(1, edits + 1) if v in lint_ms]
    return server_side, end_to_end, cold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--debounce", type=int, nargs="+", default=[50, 0], help="debounce delays to measure, in ms")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    text = draft()
    print(f"draft: {len(text.split())} words, {len(text)} characters; {args.edits} one-character edits per run")
    print(machine_speed.line("before"))
    for debounce in args.debounce:
        server_side, end_to_end, cold = asyncio.run(session(text, args.edits, debounce, args.seed))
        print(f"\ndebounce {debounce} ms  (first full lint on open: {cold:.1f} ms)")
        print(f"  server-side lint : median {statistics.median(server_side):6.1f} ms"
              f"   p95 {percentile(server_side, 0.95):6.1f} ms")
        print(f"  end to end       : median {statistics.median(end_to_end):6.1f} ms"
              f"   p95 {percentile(end_to_end, 0.95):6.1f} ms")
    print()
    print(machine_speed.line("after"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
