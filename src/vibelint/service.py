"""The one lint pipeline, for the command line and the editor alike.

``LintService`` owns every step around the engine, so each is written once:

- **config**: the config that applies to a file (``config.ConfigFinder``), with the editor's
  extras as settings: re-read a config file whose mtime changed, and report a broken config
  once and lint with the built-in defaults instead of stopping;
- **input**: bytes (a file, stdin) or text (an editor buffer) become a ``Draft``, checked
  against ``max-file-size`` in one unit, bytes (a buffer counts as UTF-8, what saving it
  writes), and decoded (UTF-8, UTF-8 or UTF-16 with a BOM, ``encoding_errors``);
- **lint**: the engine, with an optional ``SessionCache`` (unchanged paragraphs cost nothing);
- **fix**: lint and apply the safe fixes until none is left (``engine.fix_until_stable``);
- **voice**: the voice profile from the same lint result.

``cli.py``/``runner.py`` and ``lsp/server.py`` only translate arguments and protocol messages.

NUL characters, one rule per input: bytes with a NUL in their first 8,000 (a file or stdin)
are binary and not linted (``decode`` says so: an error when the file was named, a note when a
folder walk found it). Any other NUL (later in a file, or anywhere in an editor buffer, which
has no bytes to judge) is linted as U+FFFD: same length, so every position holds, and the
text itself keeps its NULs (``--fix`` writes them back unchanged).
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import CliOptions, Config, ConfigFinder
from .engine import BlockCache, Diagnostic, LintResult, RuleSet, fix_until_stable, lint, lint_document
from .entry import loading
from .packs import ConfigError
from .text.prose import Block, Document
from .text.source import Encoding, InputError, decode

if TYPE_CHECKING:
    from .text.parse import Parsed, Unmasked
    from .voice.profile import Profile


@dataclass
class LintSettings:
    """Everything besides the text that shapes a run: what command-line flags and editor settings become.

    A new option joins here when it shapes the pipeline, and in ``CliOptions`` when it overrides a
    config key (``select``, ``max-file-size``...), so both front ends get it the same way.
    """

    options: CliOptions = field(default_factory=CliOptions)  # win over config files
    config_file: Path | None = None  # --config: this file instead of searching upward
    root: Path | None = None  # where a draft without a path looks for config (default: the working folder)
    encoding_errors: str = "strict"  # "replace": bad bytes become U+FFFD (and the draft is never fixed)
    reload_configs: bool = False  # re-read a config file whose mtime changed (a long editor session)
    report: Callable[[str], None] | None = None  # set: config problems go here (each once) instead of raising


@dataclass
class Draft:
    """A text ready to lint, and how it was stored so a fix can be written back the same way."""

    text: str
    name: str  # shown in messages; its suffix picks Markdown or plain text
    encoding: Encoding = field(default_factory=Encoding)
    data: bytes | None = None  # the bytes read (the result cache's key); None for an editor buffer


class SessionCache(BlockCache):
    """``BlockCache`` plus each block's sentence split and word set, both pure in the block text.

    For a session that lints the same draft again and again (the editor, on every pause): block
    rules hit the cache for unchanged paragraphs, but document rules re-read every block's
    sentences on every lint, and splitting them again was a third of an edit's lint time.
    """

    # Each cached block costs about 15 KB (hits, sentences, word set): 20,000 entries grew a long editing
    # session past 190 MB (bench/lsp_memory.py). 4,000 holds a dozen 10,000-word drafts (341 blocks each).
    def __init__(self, size: int = 4_000):
        super().__init__(size)
        self.blocks: OrderedDict[str, tuple] = OrderedDict()
        self.parses: OrderedDict[str, Parsed] = OrderedDict()  # each draft's last Markdown parse, by name

    def parse(self, text: str, name: str) -> Document:
        """``parse``, re-reading only the top-level blocks an edit touched since this draft's last parse
        (``text.parse.reparse``): masking every block of a 10,000-word draft again was most of an edit's parse."""
        from .text.parse import parse, parse_markdown_tracked, reparse

        if name.lower().endswith(".txt"):
            return parse(text, name)
        previous = self.parses.pop(name, None)
        parsed = reparse(previous, text) if previous is not None else None
        if parsed is None:
            parsed = parse_markdown_tracked(text)
        self.keep(name, parsed)
        return parsed.document

    def first_parse(self, text: str, name: str) -> Unmasked | None:
        """A draft this session has no parse of yet (an editor opening it), its blocks found but not masked
        (``Unmasked``): a split lint masks them on every core, not all on one first. None: ``parse`` it
        (a parse to re-read, plain text, or vibelint comments)."""
        if name in self.parses:
            return None
        from .text.parse import parse_unmasked

        return parse_unmasked(text, name)

    def keep(self, name: str, parsed: Parsed) -> None:
        """``parsed`` as the draft's last parse, for its next edit; the 16 last drafts are kept."""
        self.parses[name] = parsed
        while len(self.parses) > 16:
            self.parses.popitem(last=False)

    def restore(self, blocks: list[Block]) -> None:
        for block in blocks:
            found = self.blocks.get(block.text)
            if found is not None:
                block.adopt(found)

    def remember(self, blocks: list[Block]) -> None:
        for block in blocks:
            memo = block.memo()
            if memo is not None:
                self.blocks[block.text] = memo
                self.blocks.move_to_end(block.text)
        while len(self.blocks) > self.size:
            self.blocks.popitem(last=False)


# a draft every step of a lint reads: Markdown structure, a phrase and a pattern match, a paragraph of
# 60+ words for the readability measures, a Chinese sentence for the zh pack
_WARM_UP = """# Warm-up

We leverage a robust framework. AI will revolutionize everything, and the result is kind of like a
compiler: in some sense the weights are the program, and the data is the source code that we never
read, which is why the loss curve tells you so little about what the network has actually learned
from the examples you gave it during the long and expensive training run last week (https://example.com/run).

- 我们需要赋能业务，打通链路。
"""


class LintService:
    """Config, input, lint, fix and voice profile: the steps every front end runs, in one place."""

    def __init__(self, settings: LintSettings | None = None, cache: BlockCache | None = None):
        self.settings = settings = settings or LintSettings()
        self.cache = cache
        self.configs = ConfigFinder(settings.options, settings.config_file, root=settings.root,
                                    reload=settings.reload_configs, report=settings.report)

    # --- config -------------------------------------------------------------------------------

    def config_for(self, lookup: Path | None) -> Config:
        """The config for a file (None: a draft with no path, e.g. stdin without --stdin-filename)."""
        return self.configs.for_file(lookup)

    def ruleset_for(self, lookup: Path | None) -> RuleSet:
        """The rules for a file; a config whose rule options are bad raises, or (``report``) falls back."""
        try:
            return self.config_for(lookup).ruleset_for(lookup)
        except ConfigError as exc:  # a per-file override with bad rule options
            if self.settings.report is None:
                raise
            self.configs.error(f"{exc} (using the built-in defaults)")
            return self.configs.builtin().ruleset_for(lookup)

    def excluded(self, lookup: Path | None) -> bool:
        """Does the project config's ``exclude`` cover this file? (A folder walk and the editor skip it.)"""
        config = self.config_for(lookup)
        return lookup is not None and config.path is not None and config.is_excluded(lookup)

    def max_file_size(self, lookup: Path | None) -> int:
        """Bytes above which a draft is not linted; 0: no limit."""
        return self.config_for(lookup).max_file_size()

    def fail_on(self, lookup: Path | None) -> str:
        return self.config_for(lookup).fail_on()

    # --- input --------------------------------------------------------------------------------

    def read(self, path: Path | None, name: str, limit: int = 0) -> Draft:
        """A file's (or, for None, stdin's) bytes as a draft; an InputError says why it cannot be linted.

        A file over ``limit`` bytes (0: none) is refused by its size, unread; stdin stops at the limit.
        """
        data = read_bytes(path, name, limit)
        text, encoding = decode(data, name, self.settings.encoding_errors)
        return Draft(text, name, encoding, data)

    def accept(self, text: str, name: str, lookup: Path | None) -> Draft:
        """An editor buffer as a draft: the same size limit as a file, in bytes as UTF-8."""
        limit = self.max_file_size(lookup)
        if limit and len(text) * 4 > limit:  # else it fits whatever it holds: no need to count
            size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise InputError(too_big(name, size, limit))
        return Draft(text, name)

    # --- lint, fix, voice ---------------------------------------------------------------------

    def lint(self, text: str, name: str, ruleset: RuleSet, workers: int = 1) -> LintResult:
        """Every finding in ``text`` (``name``'s suffix picks Markdown or plain text), through the cache if any;
        a large draft's block rules may use ``workers`` cores."""
        text = text.replace("\x00", "\ufffd") if "\x00" in text else text
        cache = self.cache
        if not isinstance(cache, SessionCache):
            return lint(text, name, ruleset, cache, workers)
        unmasked = cache.first_parse(text, name)
        if unmasked is not None:  # each block is masked where its rules run; lint_document fills doc.blocks
            doc = Document(text, [], [])
        else:
            doc = cache.parse(text, name)
            cache.restore(doc.blocks)
        excused: list[Diagnostic] = []  # findings the writer's voice excuses (--statistics counts them)
        diagnostics = lint_document(doc, ruleset, cache, excused, workers, unmasked)
        if unmasked is not None:
            cache.keep(name, unmasked.tracked(doc))
        cache.remember(doc.blocks)
        return LintResult(doc, diagnostics, excused)

    def warm_up(self, lookup: Path | None = None) -> None:
        """Load now what the first lint would: the Markdown parser, the rule set with its phrase index and
        its regexes' literal finder, and (a paragraph long enough for the readability rules) the
        hyphenation patterns. The language server calls it while the editor starts, so the first draft
        opened pays for its own lint only."""
        from .text.parse import parse

        with loading():  # what the server loads lives as long as it: out of the collector's way
            lint_document(parse(_WARM_UP, "warm-up.md"), self.ruleset_for(lookup))

    def fix(self, text: str, name: str, ruleset: RuleSet, *, result: LintResult | None = None,
            minimum: str = "hint", workers: int = 1) -> tuple[str, int, LintResult]:
        """Apply the safe fixes of findings at or above ``minimum`` until none is left: text, fix count, last lint.

        ``result`` is the lint of ``text`` when the caller has it already (the editor does)."""
        return fix_until_stable(text, name, ruleset, relint=lambda t: self.lint(t, name, ruleset, workers),
                                result=result, minimum=minimum)

    def profile(self, result: LintResult, ruleset: RuleSet) -> Profile:
        """The voice profile of a linted draft, from that same lint."""
        from .voice.profile import profile_document  # only the voice features need it

        return profile_document(result.document, result.diagnostics, ruleset)


def too_big(name: str, size: int, limit: int) -> str:
    return f"{name}: too big to lint: {size:,} bytes, max-file-size is {limit:,}"


def read_bytes(path: Path | None, name: str, limit: int = 0) -> bytes:
    """The file's bytes (None: stdin); over ``limit`` bytes (0: no limit) is an InputError, told by its
    size, not read."""
    try:
        if path is None:
            data = sys.stdin.buffer.read(limit + 1 if limit else -1)
        elif limit and (size := os.stat(path).st_size) > limit:
            raise InputError(too_big(name, size, limit))
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1 if limit else -1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if limit and len(data) > limit:  # stdin, or a file that grew since stat
        raise InputError(f"{name}: too big to lint: over {limit:,} bytes (max-file-size)")
    return data
