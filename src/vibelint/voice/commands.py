"""``vibelint score`` and ``vibelint report``: read a draft, apply the project's config, score it.

Errors a user can cause (a missing, binary or undecodable file, a bad config) print one line
naming the file and return exit code 2, like ``vibelint check``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import CliOptions
from ..files import is_missing, unread_markup
from ..packs import ConfigError
from ..service import LintService, LintSettings
from ..text.script import draft_language
from ..text.source import InputError
from .baseline import MIN_WORDS
from .profile import Profile
from .score import Score, baseline_of, score_profile, summary_line, to_json
from .voicefile import Voice

EXIT_OK, EXIT_BELOW, EXIT_ERROR = 0, 1, 2


class DraftError(Exception):
    """A draft that cannot be scored; the message is one line naming it."""


@dataclass
class Scored:
    display: str
    source: str
    profile: Profile
    score: Score
    voice: Voice | None = None  # the writer's voice file it was scored against (None: the author's baseline)


def score_draft(raw: str, service: LintService, stdin_filename: str | None = None) -> Scored:
    if raw == "-":
        display = stdin_filename or "-"
        source = service.read(None, "<stdin>").text
        lookup = Path(stdin_filename) if stdin_filename else None
    else:
        path = Path(raw)
        if is_missing(raw):  # a draft we may not look at is not missing: reading it says "cannot read"
            raise DraftError(f"{raw}: no such file or directory")
        if os.path.isdir(raw):  # os.path: Path.is_dir raises PermissionError in a folder we may not search
            raise DraftError(f"{raw}: is a directory (score one draft at a time)")
        source = service.read(path, raw).text
        display, lookup = raw, path
    if why := unread_markup(display):  # .rst, .adoc, .html, .tex: never scored as Markdown
        raise DraftError(f"{display}: {why}")
    ruleset = service.ruleset_for(lookup)
    profile = service.profile(service.lint(source, display, ruleset), ruleset)
    return Scored(display, source, profile, score_profile(profile, baseline_of(ruleset)), ruleset.voice)


# The baseline is Karpathy's English writing: a Chinese draft measured against it would get a number that means nothing
NO_CHINESE_BASELINE = ("the voice baseline is measured on English prose only and there is no Chinese baseline "
                       "(没有中文基线); `vibelint check` gives the Chinese findings")


def run_score(paths: list[str], as_json: bool, config: Path | None, fail_under: int | None,
              stdin_filename: str | None = None, voice: str | None = None) -> int:
    try:
        service = LintService(LintSettings(CliOptions(voice=voice), config_file=config))
        results = [score_draft(raw, service, stdin_filename) for raw in paths]
    except (DraftError, InputError, ConfigError) as exc:
        print(f"vibelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    chinese = {r.display for r in results if draft_language(r.source) == "zh"}
    if as_json:
        files = [to_json(r.profile, r.score, r.display, r.voice) if r.display not in chinese else
                 {"path": r.display, "score": None, "reason": NO_CHINESE_BASELINE} for r in results]
        print(json.dumps({"schema": "vibelint.voice-score/1", "files": files}, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.display in chinese:
                print(f"{r.display}: no score: {NO_CHINESE_BASELINE}")
                continue
            if r.profile.words == 0:
                print(f"{r.display}: no prose to score")
                continue
            note = f" (only {r.profile.words} words: a rough score)" if r.profile.words < MIN_WORDS else ""
            print(f"{r.display}: {summary_line(r.score)}{note}")
    if fail_under is not None and any(r.score.score < fail_under for r in results
                                       if r.profile.words and r.display not in chinese):
        return EXIT_BELOW
    return EXIT_OK


def run_report(raw: str, out: str | None, config: Path | None, stdin_filename: str | None = None,
               voice: str | None = None) -> int:
    from .report import render_report

    try:
        service = LintService(LintSettings(CliOptions(voice=voice), config_file=config))
        scored = score_draft(raw, service, stdin_filename)
    except (DraftError, InputError, ConfigError) as exc:
        print(f"vibelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if draft_language(scored.source) == "zh":
        print(f"{scored.display}: no voice report: {NO_CHINESE_BASELINE}")
        return EXIT_OK
    html = render_report(scored.display, scored.source, scored.profile, scored.score, catalog_by_id(service, raw),
                         scored.voice)
    if out == "-":
        sys.stdout.write(html)
        return EXIT_OK
    target = out or f"{Path(scored.display).stem if raw != '-' else 'draft'}.voice.html"
    try:
        Path(target).write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"vibelint: error: {target}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"{target}: voice report for {scored.display} ({scored.score.score}/100)")
    return EXIT_OK


def catalog_by_id(service: LintService, raw: str) -> dict:
    lookup = Path(raw) if raw != "-" else None
    return {r.id: r for r in service.config_for(lookup).catalog}
