"""The ``vibelint`` command: check, rules, explain, lsp, score, report.

An adapter: it turns arguments into ``LintSettings`` and results into output and exit codes;
the steps in between are the ``LintService``'s (``runner.py`` runs them over many files).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__, runner, writeback
from .cache import Caches
from .config import CliOptions, byte_size
from .engine import severity_rank
from .files import UsageError, find_targets
from .output import FileReport, render, render_statistics
from .output.rule_help import explain_text, summary
from .packs import SEVERITIES, ConfigError, Rule
from .runner import Progress
from .service import LintService, LintSettings
from .text.script import draft_language
from .voice.cli import add_parser as add_voice_parser
from .voice.cli import voice_option

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return args.run(args)
    except (ConfigError, UsageError) as exc:
        print(f"vibelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> NoReturn:
    """The ``vibelint`` command: ``main``, then out without tearing the interpreter down.

    Freeing every module and object at exit took about 0.1 s of a short run (a third of what
    linting a 5 KB post costs) and does nothing a finished command needs. Exit handlers still run
    (the kept-regex store, a worker pool's), and the output is flushed first; an exception or
    ``SystemExit`` from ``main`` (argparse's errors, ``--version``) leaves the usual way.
    """
    code = main()
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away (| head), a closed stream: nothing to say
        pass
    os._exit(code)


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, with the width found without ``shutil``.

    argparse makes a formatter for every ``add_argument`` (to check the metavar), and its width came
    from ``shutil.get_terminal_size``: importing ``shutil`` (with bz2 and lzma) cost about 5 ms of
    every run. The width is the same: ``COLUMNS``, else the terminal's, else 80; less 2, as argparse takes.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, step for step."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """Every parser of the command (the subcommands' too, made with this class) formats with ``_Formatter``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line. With ``command`` (the first argument, when it names a subcommand), only that
    subcommand's parser is made: the other seven, their options and their help strings were 3-6 ms of
    every run. Anything else (``--help``, a typo, no argument) gets them all."""
    parser = _Parser(prog="vibelint", description="A prose style linter tuned to Andrej Karpathy's voice.")
    parser.add_argument("--version", action="version", version=f"vibelint {__version__} (vibelint-prose)")
    sub = parser.add_subparsers(dest="command")
    for name, add in _SUBCOMMANDS.items():
        if command not in _SUBCOMMANDS or name == command:
            add(sub)
    return parser


def _add_check(sub) -> None:
    check = sub.add_parser("check", help="lint files, folders or stdin (-)")
    check.add_argument("paths", nargs="*", default=["."], help="files or folders; - reads stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing")
    check.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text")
    check.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")
    check.add_argument("--diff-base", metavar="REF", help="report only lines changed since this git ref")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    check.add_argument("--cache-dir", metavar="DIR",
                       help="keep the result cache here "
                            "(default: VIBELINT_CACHE_DIR, else cache-dir under the project root)")
    check.add_argument("--jobs", type=int, metavar="N", help="files linted in parallel (default: every core)")
    check.add_argument("--config", type=Path, help="use this config file instead of searching upward")
    check.add_argument("--select", type=_ids, help="comma-separated rule ids or prefixes to run")
    check.add_argument("--ignore", type=_ids, default=[], help="comma-separated rule ids or prefixes to skip")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings (errors still exit 2)")
    check.add_argument("--rule-path", action="append", default=[], help="extra folder of rule files (repeatable)")
    check.add_argument("--vale-styles", action="append", default=[], metavar="PATH",
                       help="Vale StylesPath, style folder or .vale.ini to load as rules (repeatable)")
    check.add_argument("--stdin-filename", help="path to pretend stdin came from (config lookup, .txt vs Markdown)")
    check.add_argument("--encoding-errors", choices=["strict", "replace"], default="strict",
                       help="replace: lint a file that is not valid UTF-8 with U+FFFD for the bad bytes (never fixed)")
    check.add_argument("--max-file-size", type=_byte_size, metavar="SIZE",
                       help="skip files bigger than this, e.g. 20MB (default 10MiB; 0: no limit)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.add_argument("--lang", choices=["en", "zh"],
                       help="messages and labels in English or Chinese (default: each file's language)")
    voice_option(check)
    check.set_defaults(run=run_check)


def _add_rules(sub) -> None:
    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    rules.add_argument("--config", type=Path)
    rules.add_argument("--vale-styles", action="append", default=[], metavar="PATH", help="also list these Vale styles")
    rules.set_defaults(run=run_rules)


def _add_explain(sub) -> None:
    explain = sub.add_parser("explain", help="show why a rule exists, with examples")
    explain.add_argument("rule_id")
    explain.add_argument("--lang", choices=["en", "zh"],
                         help="explain in English or Chinese (default: config lang, else en)")
    explain.add_argument("--config", type=Path)
    explain.add_argument("--vale-styles", action="append", default=[], metavar="PATH",
                         help="also load these Vale styles")
    voice_option(explain)
    explain.set_defaults(run=run_explain)


def _add_lsp(sub) -> None:
    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    transport = lsp.add_mutually_exclusive_group()
    transport.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default; editors pass it)")
    transport.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    lsp.add_argument("--clientProcessId", dest="client_pid", type=_pid, metavar="PID",
                     help="exit when this process (the editor) is gone")
    lsp.set_defaults(run=run_lsp)


def _add_score(sub) -> None:
    score = sub.add_parser("score", help="voice score 0-100 and the biggest drifts from the author's voice")
    score.add_argument("paths", nargs="+", help="drafts; - reads stdin")
    score.add_argument("--json", action="store_true", help="every metric with the author's baseline and its points")
    score.add_argument("--fail-under", type=int, metavar="N", help="exit 1 when a draft scores below N")
    score.add_argument("--config", type=Path, help="use this config file instead of searching upward")
    score.add_argument("--stdin-filename", help="path to pretend stdin came from (config lookup, .txt vs Markdown)")
    voice_option(score)
    score.set_defaults(run=run_score)


def _add_report(sub) -> None:
    report = sub.add_parser("report", help="write a self-contained HTML voice report for a draft")
    report.add_argument("path", help="the draft; - reads stdin")
    report.add_argument("-o", "--output", help="HTML file to write (default: DRAFT.voice.html; - prints it)")
    report.add_argument("--config", type=Path, help="use this config file instead of searching upward")
    report.add_argument("--stdin-filename", help="path to pretend stdin came from (config lookup, .txt vs Markdown)")
    voice_option(report)
    report.set_defaults(run=run_report)


_SUBCOMMANDS = {"check": _add_check, "rules": _add_rules, "explain": _add_explain, "lsp": _add_lsp,
                "score": _add_score, "report": _add_report, "voice": add_voice_parser}


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _byte_size(value: str) -> int:
    try:
        return byte_size(value, "--max-file-size")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 20MB, 512KiB or 0)") from None


def run_check(args) -> int:
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be used together")
    if args.diff_base and (args.fix or args.diff):
        raise UsageError("--diff-base only filters what is reported; it cannot be combined with --fix or --diff")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    cli = CliOptions(args.select, args.ignore, args.fail_on, [str(Path(p).resolve()) for p in args.rule_path],
                     vale_styles=[str(Path(p).resolve()) for p in args.vale_styles], max_file_size=args.max_file_size,
                     lang=args.lang, voice=args.voice)
    service = LintService(LintSettings(cli, args.config, encoding_errors=args.encoding_errors))
    targets = find_targets(args.paths, service.configs, args.stdin_filename)
    changes = None
    if args.diff_base:
        from .gitdiff import changed_lines  # only for --diff-base: it loads subprocess

        changes = changed_lines(args.diff_base, paths=args.paths)
        targets = [t for t in targets if t.path is None or t.path.resolve() in changes]
    root_fail_on = service.fail_on(None)
    cache = None if args.no_cache else Caches.from_options(args.cache_dir)
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    outcomes = runner.run(targets, service, fix=args.fix or args.diff, jobs=args.jobs, cache=cache,
                          progress=progress)
    if cache is not None:
        cache.save()

    settled = writeback.settle(outcomes, fix=args.fix, diff=args.diff)
    if args.diff:
        sys.stdout.write("".join(settled.diffs))
        return EXIT_ERROR if settled.failed else (EXIT_FINDINGS if settled.diffs else EXIT_OK)
    reports = [_report(outcome, changes) for outcome in settled.reportable]

    stream = sys.stderr if (args.fix and any(t == "-" for t in args.paths)) else sys.stdout
    color = args.color == "always" or (args.color == "auto" and stream.isatty() and "NO_COLOR" not in os.environ)
    rules = _rules_used(outcomes)
    if args.statistics:
        output = render_statistics(args.format, reports, rules)
    else:
        output = render(args.format, reports, color=color, rules=rules)
    if output:
        print(output, file=stream)
    if settled.failed:
        return EXIT_ERROR
    fail_rank = min((severity_rank(service.fail_on(o.target.lookup)) for o in outcomes),
                    default=severity_rank(root_fail_on))
    worst = min((severity_rank(d.severity) for r in reports for d in r.diagnostics), default=99)
    return EXIT_FINDINGS if worst <= fail_rank and not args.exit_zero else EXIT_OK


def _report(outcome: runner.FileResult, changes: dict | None) -> FileReport:
    """The file's report; with --diff-base, only what touches the lines it changed."""
    target = outcome.target
    report = FileReport(target.display, outcome.source, outcome.diagnostics, outcome.fixes)
    report.lang = (outcome.ruleset.lang if outcome.ruleset else None) or draft_language(outcome.source)
    if changes is not None and target.path is not None:
        report = only_changed(report, changes[target.path.resolve()], outcome.ruleset)
    if outcome.ruleset is not None and outcome.ruleset.voice is not None:
        report.excused = outcome.excused
    return report


def only_changed(report: FileReport, lines: set[int] | None, ruleset) -> FileReport:
    """Keep diagnostics that touch a changed line; document-level rules are kept whenever the file changed."""
    if lines is None:
        return report
    document_rules = {r.id for r in ruleset.rules if r.check.scope == "document"} if ruleset else set()
    kept = []
    for d in report.diagnostics:
        first, last = report.position(d.start)[0], report.position(max(d.start, d.end - 1))[0]
        if d.rule in document_rules or any(line in lines for line in range(first, last + 1)):
            kept.append(d)
    kept_report = FileReport(report.path, report.source, kept, report.fixed)
    kept_report.lang = report.lang
    return kept_report


def _rules_used(outcomes) -> list[Rule]:
    """Every rule that ran on some file, once each (SARIF lists them with their help text)."""
    seen: dict[str, Rule] = {}
    for outcome in outcomes:
        for rule in (outcome.ruleset.rules if outcome.ruleset else []):
            seen.setdefault(rule.id, rule)
    return sorted(seen.values(), key=lambda r: r.id)


def run_rules(args) -> int:
    rules = _catalog(args)
    if args.format == "json":
        print(json.dumps([_rule_json(r) for r in rules], ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    source_width = max(len(r.source) for r in rules)
    for r in rules:
        print(f"{r.id:<{width}}  {r.severity:<7}  {r.kind:<14}  {r.source:<{source_width}}  {summary(r)}")
    return EXIT_OK


def run_explain(args) -> int:
    rules = {r.id: r for r in _catalog(args)}
    rule = rules.get(args.rule_id)
    if rule is None:
        raise UsageError(f"unknown rule id {args.rule_id!r} (see `vibelint rules`)")
    lang = args.lang or _config_lang(args) or "en"
    print(explain_text(rule, lang))
    voice = _service(args).config_for(None).voice(CliOptions(voice=args.voice))
    learned = voice.describe(rule.id) if voice is not None else None
    if learned:
        print(f"\n{learned}")
    return EXIT_OK


def _config_lang(args) -> str | None:
    """The config file's ``lang`` for commands that lint nothing (explain)."""
    return LintService(LintSettings(config_file=args.config)).config_for(None).model.lang


def _rule_json(rule: Rule) -> dict:
    return {"id": rule.id, "kind": rule.kind, "severity": rule.severity, "summary": summary(rule),
            "message": rule.message, "why": rule.why.strip(), "spec": rule.spec, "link": rule.link,
            "origin": rule.origin, "source": rule.source, "scope": list(rule.scope),
            "examples": dataclasses.asdict(rule.examples)}


def _service(args) -> LintService:
    """The service for commands that lint nothing (rules, explain): Vale styles and the voice file still count."""
    return LintService(LintSettings(CliOptions(vale_styles=[str(Path(p).resolve()) for p in args.vale_styles],
                                               voice=getattr(args, "voice", None)), args.config))


def _catalog(args) -> list[Rule]:
    return sorted(_service(args).config_for(None).catalog, key=lambda r: r.id)


def run_lsp(args) -> int:
    from .lsp.server import serve

    return serve(args.tcp, args.client_pid)


def _pid(value: str) -> int:
    if not value.isdigit() or int(value) == 0:
        raise argparse.ArgumentTypeError(f"not a process id: {value!r}")
    return int(value)


def run_score(args) -> int:
    from .voice.commands import run_score as score

    return score(args.paths, args.json, args.config, args.fail_under, args.stdin_filename, args.voice)


def run_report(args) -> int:
    from .voice.commands import run_report as report

    return report(args.path, args.output, args.config, args.stdin_filename, args.voice)


if __name__ == "__main__":
    sys.exit(main())
