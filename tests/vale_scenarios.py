"""Vale's own test scenarios, run through vibelint's CLI the way a Vale user would run it.

A scenario is one ``When I test "DIR"`` block of a Cucumber ``.feature`` file (Vale's
``testdata/features/checks.feature``, or a package's ``features/rules.feature``) with the lines
Vale prints (``vale --output=line --sort --normalize --relative .`` in the fixture folder):
``file:line:col:Style.Rule:message``. vibelint runs ``check --vale-styles .vale.ini .`` in the
same folder, with the built-in pack ignored, and prints its findings in that form.

Each expected line is *exact* (the same line came out), *loose* (the same file, line and rule
came out with another column or message) or *missing*; what came out and matched nothing is
*extra*. A scenario is exact when every line is exact and nothing is extra, loose when nothing is
missing or extra, failed otherwise. The material lives outside the repository (see
``scripts/vale_testdata.py``): ``VIBELINT_VALE_DATA``, else ``../shared/vale``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("VIBELINT_VALE_DATA") or ROOT.parent / "shared" / "vale")
# (label, feature file, fixtures folder) relative to DATA; Vale's checks.feature is limited to the
# extension points vibelint maps (script, metric, spelling and sequence are not loaded at all)
SUITES = [
    ("vale checks.feature", "vale/testdata/features/checks.feature", "vale/testdata/fixtures"),
    ("Google", "Google/features/rules.feature", "Google/fixtures"),
    ("Microsoft", "Microsoft/features/rules.feature", "Microsoft/fixtures"),
    ("write-good", "write-good/features/rules.feature", "write-good/fixtures"),
    ("proselint", "proselint/features/rules.feature", "proselint/fixtures"),
    ("Joblint", "Joblint/features/rules.feature", "Joblint/fixtures"),
]
SUPPORTED_CHECKS = {"Conditional", "Occurrence", "SentenceCase", "Repetition", "Capitalization", "Existence",
                    "Substitution"}
CONFIG_NAMES = (".vale.ini", "_vale.ini", "vale.ini", ".vale", "_vale")


@dataclass
class Scenario:
    suite: str
    name: str
    folder: Path
    expected: list[str]


@dataclass
class Result:
    scenario: Scenario
    got: list[str]
    exact: list[str] = field(default_factory=list)
    loose: list[tuple[str, str]] = field(default_factory=list)  # (expected, got)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stderr: str = ""
    code: int = 0

    @property
    def verdict(self) -> str:
        if self.missing or self.extra:
            return "failed"
        return "loose" if self.loose else "exact"


def available() -> bool:
    return all((DATA / feature).is_file() for _, feature, _ in SUITES[:5])


def scenarios() -> list[Scenario]:
    found: list[Scenario] = []
    for suite, feature, fixtures in SUITES:
        path = DATA / feature
        if not path.is_file():
            continue
        for name, folder, expected in _parse_feature(path.read_text(encoding="utf-8")):
            if suite.startswith("vale") and folder.split("/")[-1] not in SUPPORTED_CHECKS:
                continue
            found.append(Scenario(suite, name, DATA / fixtures / folder, expected))
    return found


def _parse_feature(text: str):
    """(scenario name, fixture folder, expected lines) for each ``When I test`` scenario."""
    for block in re.split(r"\n\s*Scenario:", text)[1:]:
        name = block.strip().splitlines()[0].strip()
        test = re.search(r'When I test "([^"]+)"', block)
        quoted = re.search(r'"""\n(.*?)\n\s*"""', block, re.S)
        if not test or "should contain exactly" not in block:
            continue
        lines = [line.strip() for line in quoted.group(1).splitlines()] if quoted else []
        yield name, test.group(1), [line for line in lines if line]


def run_vibelint(folder: Path) -> tuple[list[str], str, int]:
    """``vibelint check --vale-styles <config> --ignore karpathy --format json .`` in the folder,
    in-process (the same ``main`` the command runs), as Vale's ``line`` output, sorted."""
    from vibelint import cli, vale

    vale._reported.clear()
    config = next((n for n in CONFIG_NAMES if (folder / n).is_file()), ".vale.ini")
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", "--vale-styles", config, "--ignore", "karpathy", "--format", "json",
                             "--no-cache", "--exit-zero", "."])
    finally:
        os.chdir(here)
    lines = []
    if out.getvalue().strip():
        for d in json.loads(out.getvalue())["diagnostics"]:
            lines.append((d["path"], d["line"], d["column"], d["rule"], d["message"]))
    lines.sort()
    return [f"{p}:{line}:{col}:{rule}:{message}" for p, line, col, rule, message in lines], err.getvalue(), code


def judge(scenario: Scenario) -> Result:
    got, stderr, code = run_vibelint(scenario.folder)
    result = Result(scenario, got, stderr=stderr, code=code)
    left = list(got)
    for line in scenario.expected:
        if line in left:
            result.exact.append(line)
            left.remove(line)
    for line in scenario.expected:
        if line in result.exact:
            continue
        key = _key(line)
        twin = next((g for g in left if _key(g) == key), None)
        if twin is None:
            result.missing.append(line)
        else:
            result.loose.append((line, twin))
            left.remove(twin)
    result.extra = left
    return result


def _key(line: str) -> tuple[str, str, str]:
    path, row, _col, rule, *_ = line.split(":", 4) + [""] * 4
    return path, row, rule


def summary(results: list[Result]) -> dict[str, dict[str, int]]:
    """Per suite: scenarios exact/loose/failed and expected lines exact/loose/missing, extra lines."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        row = table.setdefault(r.scenario.suite, dict.fromkeys(
            ("scenarios", "exact", "loose", "failed", "lines", "lines_exact", "lines_loose", "missing", "extra"), 0))
        row["scenarios"] += 1
        row[r.verdict] += 1
        row["lines"] += len(r.scenario.expected)
        row["lines_exact"] += len(r.exact)
        row["lines_loose"] += len(r.loose)
        row["missing"] += len(r.missing)
        row["extra"] += len(r.extra)
    return table
