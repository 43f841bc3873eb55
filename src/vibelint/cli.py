"""The ``vibelint`` command: check, rules, explain, lsp."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path

from . import __version__
from .config import CliOptions, ConfigFinder
from .engine import fix_until_stable, lint, severity_rank
from .output import FileReport, render
from .packs import SEVERITIES, ConfigError, Rule
from .text.source import Encoding, InputError, decode, read_file, write_atomic

SUFFIXES = (".md", ".markdown", ".txt")
SKIP_DIRS = {"node_modules", "__pycache__"}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vibelint", description="A prose style linter tuned to Andrej Karpathy's voice.")
    parser.add_argument("--version", action="version", version=f"vibelint {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files, folders or stdin (-)")
    check.add_argument("paths", nargs="*", default=["."], help="files or folders; - reads stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing")
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.add_argument("--config", type=Path, help="use this config file instead of searching upward")
    check.add_argument("--select", type=_ids, help="comma-separated rule ids or prefixes to run")
    check.add_argument("--ignore", type=_ids, default=[], help="comma-separated rule ids or prefixes to skip")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (errors still exit 2)")
    check.add_argument("--rule-path", action="append", default=[], help="extra folder of rule files (repeatable)")
    check.add_argument("--stdin-filename", help="path to pretend stdin came from (config lookup, .txt vs Markdown)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.set_defaults(run=run_check)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    rules.add_argument("--config", type=Path)
    rules.set_defaults(run=run_rules)

    explain = sub.add_parser("explain", help="show why a rule exists, with examples")
    explain.add_argument("rule_id")
    explain.add_argument("--config", type=Path)
    explain.set_defaults(run=run_explain)

    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    lsp.set_defaults(run=run_lsp)
    return parser


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def run_check(args) -> int:
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be used together")
    cli = CliOptions(args.select, args.ignore, args.fail_on, [str(Path(p).resolve()) for p in args.rule_path])
    finder = ConfigFinder(cli, args.config)
    reports: list[FileReport] = []
    failed = False
    fail_rank = 99
    diffs: list[str] = []
    for target in _targets(args.paths, finder, args.stdin_filename):
        config = finder.for_file(target.lookup)
        ruleset = config.ruleset_for(target.lookup, cli)
        fail_rank = min(fail_rank, severity_rank(config.fail_on(cli)))
        try:
            source, encoding = _read(target)
        except InputError as exc:
            print(f"vibelint: {'note' if target.walked else 'error'}: {exc}", file=sys.stderr)
            failed = failed or not target.walked
            continue
        lint_path = target.display
        if args.fix or args.diff:
            fixed, count, result = fix_until_stable(source, lint_path, ruleset)
            if args.diff and fixed != source:
                diffs.append("".join(difflib.unified_diff(
                    source.splitlines(keepends=True), fixed.splitlines(keepends=True),
                    f"a/{target.display}", f"b/{target.display}")))
            if args.fix and fixed != source:
                if target.path is None:
                    sys.stdout.write(fixed)
                else:
                    try:
                        write_atomic(str(target.path), fixed, encoding)
                    except OSError as exc:
                        print(f"vibelint: error: {target.display}: cannot write: {exc.strerror or exc}", file=sys.stderr)
                        failed = True
                        continue
            report = FileReport(target.display, fixed if args.fix else source,
                                result.diagnostics if args.fix else lint(source, lint_path, ruleset).diagnostics,
                                count if args.fix else 0)
        else:
            report = FileReport(target.display, source, lint(source, lint_path, ruleset).diagnostics)
        reports.append(report)
    if fail_rank == 99:
        fail_rank = severity_rank(finder.for_file(None).fail_on(cli))
    if args.diff:
        if diffs:
            sys.stdout.write("".join(diffs))
        return EXIT_ERROR if failed else (EXIT_FINDINGS if diffs else EXIT_OK)
    stream = sys.stderr if (args.fix and any(t == "-" for t in args.paths)) else sys.stdout
    color = args.color == "always" or (args.color == "auto" and stream.isatty() and "NO_COLOR" not in os.environ)
    output = render(args.format, reports, color=color)
    if output:
        print(output, file=stream)
    if failed:
        return EXIT_ERROR
    worst = min((severity_rank(d.severity) for r in reports for d in r.diagnostics), default=99)
    return EXIT_FINDINGS if worst <= fail_rank and not args.exit_zero else EXIT_OK


class _Target:
    """A file to lint (path None: stdin), the name it is shown and looked up under, and how it was found."""

    def __init__(self, path: Path | None, display: str, walked: bool = False, lookup: Path | None = None):
        self.path, self.display, self.walked = path, display, walked
        self.lookup = lookup or path


def _targets(paths: list[str], finder: ConfigFinder, stdin_filename: str | None):
    """Files to lint, in order: explicit files as given, folders walked for Markdown and text."""
    for raw in paths:
        if raw == "-":
            continue
        if not os.path.lexists(raw):
            raise UsageError(f"{raw}: no such file or directory")
    for raw in paths:
        if raw == "-":
            yield _Target(None, stdin_filename or "-", lookup=Path(stdin_filename) if stdin_filename else None)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                if not finder.for_file(file).is_excluded(file):
                    yield _Target(file, _display(file), walked=True)
        else:
            yield _Target(path, _display(path))


def _walk(folder: Path):
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        try:
            stat = os.stat(root)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in seen:  # symlink loop
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(target: _Target) -> tuple[str, Encoding]:
    if target.path is None:
        return decode(sys.stdin.buffer.read(), "<stdin>")
    return read_file(str(target.path))


def run_rules(args) -> int:
    rules = _catalog(args)
    if args.format == "json":
        print(json.dumps([_rule_json(r) for r in rules], ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    for r in rules:
        print(f"{r.id:<{width}}  {r.severity:<7}  {r.kind:<12}  {summary(r)}")
    return EXIT_OK


def run_explain(args) -> int:
    rules = {r.id: r for r in _catalog(args)}
    rule = rules.get(args.rule_id)
    if rule is None:
        raise UsageError(f"unknown rule id {args.rule_id!r} (see `vibelint rules`)")
    print(explain_text(rule))
    return EXIT_OK


def explain_text(rule: Rule) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity})", "", rule.why.strip(), "", f"Spec: {rule.spec}"]
    if rule.link:
        lines.append(f"Link: {rule.link}")
    lines += ["", "Bad:"] + [f"  - {b}" for b in rule.examples.bad]
    lines += ["Good:"] + [f"  - {g}" for g in rule.examples.good]
    if rule.examples.fix:
        lines += ["Fix:"] + [f"  - {f.text}  ->  {f.expected}" for f in rule.examples.fix]
    lines += ["", f"Defined in {rule.origin}"]
    return "\n".join(lines)


def summary(rule: Rule) -> str:
    """The rule's one line: the first sentence of its rationale."""
    text = " ".join(rule.why.split())
    for mark in (". ", "? ", "! "):
        if mark in text:
            text = text.split(mark, 1)[0] + mark.strip()
            break
    return text if len(text) <= 100 else text[:97] + "..."


def _rule_json(rule: Rule) -> dict:
    return {"id": rule.id, "kind": rule.kind, "severity": rule.severity, "message": rule.message,
            "why": rule.why.strip(), "spec": rule.spec, "link": rule.link, "origin": rule.origin,
            "examples": rule.examples.model_dump(by_alias=True)}


def _catalog(args) -> list[Rule]:
    finder = ConfigFinder(CliOptions(), args.config)
    return sorted(finder.for_file(None).catalog, key=lambda r: r.id)


def run_lsp(args) -> int:
    from .lsp.server import serve

    return serve(args.tcp)


if __name__ == "__main__":
    sys.exit(main())
