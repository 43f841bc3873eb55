"""``vibelint voice ...``: the command-line side of a writer's voice file (kept apart from ``cli.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    """Register ``vibelint voice learn``."""
    voice = sub.add_parser("voice", help="learn your own voice from a folder of your writing")
    actions = voice.add_subparsers(dest="voice_command")
    learn = actions.add_parser("learn", help="learn thresholds, habits and a score baseline from your writing",
                               description="Read your Markdown and text (files or folders, walked as `check` walks "
                                           "them) and write a voice file for `voice = \"FILE\"` or --voice FILE.")
    learn.add_argument("paths", nargs="+", help="files or folders of your own writing")
    learn.add_argument("-o", "--output", required=True, metavar="FILE", help="voice file to write (- prints it)")
    learn.add_argument("--writer", metavar="LABEL", help="the name the report shows (default: the folder's name)")
    learn.add_argument("--config", type=Path, help="use this config file instead of searching upward")
    learn.add_argument("--tighten", action="store_true",
                       help="apply your own limits even where they are stricter than the pack's (default: only looser)")
    learn.set_defaults(run=_run_learn)
    voice.set_defaults(run=lambda args: _usage(voice))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage()
    return 2


def _run_learn(args) -> int:
    from .learn import run_learn

    return run_learn(args.paths, args.output, args.writer, args.config, args.tighten)


def voice_option(parser: argparse.ArgumentParser) -> None:
    """``--voice FILE`` on check, score, report and explain."""
    parser.add_argument("--voice", metavar="FILE",
                        help="use this voice file (vibelint voice learn) instead of the config's")
