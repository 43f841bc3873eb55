"""`vibelint check` at docs-site scale: parallel runs, the result cache, .gitignore, --diff-base, SARIF, --statistics."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from vibelint import cli
from vibelint.runner import Progress

JARGON = "We will leverage synergies to utilize the GPU.\n"
CLEAN = "I kind of feel like the GPU is idle a lot.\n"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def findings(proc) -> list[dict]:
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["diagnostics"]


def make_site(folder: Path, files: int = 24) -> None:
    for n in range(files):
        sub = folder / f"part{n % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"post{n:02d}.md").write_text(f"# Post {n}\n\n{JARGON if n % 2 else CLEAN}\nThe loss went down by {n}%.\n")


# --- parallel and serial runs agree -------------------------------------------------------------------------------

def test_parallel_run_reports_the_same_as_a_serial_one(tmp_path):
    make_site(tmp_path / "site")
    parallel = run_cli("check", "site", "--format", "json", "--no-cache", "--jobs", "2", cwd=tmp_path)
    serial = run_cli("check", "site", "--format", "json", "--no-cache", "--jobs", "1", cwd=tmp_path)
    assert parallel.stdout == serial.stdout
    assert len({d["path"] for d in findings(parallel)}) == 12  # every other file has jargon
    assert json.loads(parallel.stdout)["files"] == 24


def test_jobs_must_be_positive(tmp_path):
    proc = run_cli("check", ".", "--jobs", "0", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.decode().strip() == "vibelint: error: --jobs must be at least 1"


# --- the result cache ---------------------------------------------------------------------------------------------

def cache_file(folder: Path) -> Path:
    """The one file's cache entry (one JSON file per linted file)."""
    [found] = folder.glob(".vibelint_cache/*/files/*/*.json")
    return found


def test_cache_is_written_and_an_unchanged_file_is_served_from_it(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(JARGON)
    first = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    assert (tmp_path / ".vibelint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    # Prove the second run reads the cache: doctor the stored message and look for it in the output.
    entry = json.loads(cache_file(tmp_path).read_text())
    assert entry["path"] == str(post)
    entry["diagnostics"][0][2] = "served from the cache"
    cache_file(tmp_path).write_text(json.dumps(entry))
    second = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    assert second[0]["message"] == "served from the cache"
    assert [d["rule"] for d in second] == [d["rule"] for d in first]
    # --no-cache neither reads it ...
    fresh = findings(run_cli("check", "post.md", "--format", "json", "--no-cache", cwd=tmp_path))
    assert fresh == first
    # ... and an edit to the file makes the cached entry stale.
    post.write_text(JARGON + "It is a game-changer.\n")
    edited = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    assert "served from the cache" not in {d["message"] for d in edited}
    assert "karpathy.hype" in {d["rule"] for d in edited}


def test_changing_the_config_invalidates_the_cache(tmp_path):
    (tmp_path / "post.md").write_text(JARGON)
    before = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    assert {d["severity"] for d in before if d["rule"] == "karpathy.plain-verbs"} == {"warning"}
    (tmp_path / ".vibelint.toml").write_text('[severity]\n"karpathy.plain-verbs" = "error"\n')
    after = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    assert {d["severity"] for d in after if d["rule"] == "karpathy.plain-verbs"} == {"error"}


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path):
    (tmp_path / "post.md").write_text(JARGON)
    run_cli("check", "post.md", cwd=tmp_path)
    cache_file(tmp_path).write_text("{not json")
    proc = run_cli("check", "post.md", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    assert json.loads(cache_file(tmp_path).read_text())["diagnostics"]


def test_fix_with_a_warm_cache_still_fixes(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("We utilize the GPU.\n")
    run_cli("check", "post.md", cwd=tmp_path)
    run_cli("check", "post.md", "--fix", cwd=tmp_path)
    assert post.read_text() == "We use the GPU.\n"


def test_cache_dir_can_be_moved_in_config(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('cache-dir = "build/lint-cache"\n')
    (tmp_path / "post.md").write_text(CLEAN)
    run_cli("check", "post.md", cwd=tmp_path)
    assert list((tmp_path / "build" / "lint-cache").glob("*/files/*/*.json"))
    assert not (tmp_path / ".vibelint_cache").exists()


# --- progress bar --------------------------------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_clears_itself(monkeypatch, tmp_path, capsys):
    make_site(tmp_path / "site", files=10)
    monkeypatch.chdir(tmp_path)
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(Progress, "DELAY", 0.0)
    assert cli.main(["check", "site", "--no-cache", "--jobs", "1"]) == 1
    drawn = terminal.getvalue()
    assert "10/10 files" in drawn and "[" + "#" * 30 + "]" in drawn
    assert drawn.endswith("\r\x1b[2K")  # the bar is wiped before the report is printed
    assert "\r" not in capsys.readouterr().out


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path):
    make_site(tmp_path / "site", files=40)
    proc = run_cli("check", "site", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""


# --- .gitignore and exclude ----------------------------------------------------------------------------------------

def test_walking_respects_gitignore_files_and_config_exclude(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n*.txt\n!keep.txt\n")
    for name in ["post.md", "drafts/wip.md", "notes.txt", "keep.txt", "docs/guide.md", "docs/generated/api.md",
                 "docs/old/legacy.md", "docs/old/revived.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(JARGON)
    (tmp_path / "docs" / ".gitignore").write_text("generated/\nold/*\n!old/revived.md\n")
    (tmp_path / ".git" / "info" / "exclude").write_text("docs/guide.md\n")
    (tmp_path / ".vibelint.toml").write_text('exclude = ["docs/old/revived.md"]\n')
    linted = {d["path"] for d in findings(run_cli("check", ".", "--format", "json", cwd=tmp_path))}
    assert linted == {"post.md", "keep.txt"}
    # from a subfolder, the ancestors' .gitignore and info/exclude still apply
    assert {d["path"] for d in findings(run_cli("check", "docs", "--format", "json", cwd=tmp_path))} == set()
    # a file named on the command line is linted even when ignored
    assert {d["path"] for d in findings(run_cli("check", "drafts/wip.md", "--format", "json", cwd=tmp_path))} == {"drafts/wip.md"}


def test_respect_gitignore_can_be_turned_off(tmp_path):
    (tmp_path / ".gitignore").write_text("drafts/\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.md").write_text(JARGON)
    (tmp_path / ".vibelint.toml").write_text("respect-gitignore = false\n")
    assert {d["path"] for d in findings(run_cli("check", ".", "--format", "json", cwd=tmp_path))} == {"drafts/wip.md"}


# --- --diff-base ---------------------------------------------------------------------------------------------------

def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    git("init", "-q", cwd=tmp_path)
    old = "# Old post\n\nWe utilize the GPU.\n\nThe loss went down.\n\nWe leverage the data.\n"
    (tmp_path / "old.md").write_text(old)
    (tmp_path / "untouched.md").write_text("We utilize everything.\n")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    return tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_base_reports_only_changed_lines_and_new_files(repo):
    (repo / "old.md").write_text("# Old post\n\nWe utilize the GPU.\n\nThe loss went down, a game-changer.\n\n"
                                 "We leverage the data.\n")
    (repo / "new post.md").write_text("We facilitate synergy.\n")
    everything = findings(run_cli("check", ".", "--format", "json", "--no-cache", cwd=repo))
    assert {d["path"] for d in everything} == {"old.md", "untouched.md", "new post.md"}
    changed = findings(run_cli("check", ".", "--format", "json", "--diff-base", "HEAD", cwd=repo))
    assert {(d["path"], d["line"]) for d in changed} == {("old.md", 5), ("new post.md", 1)}
    assert {d["rule"] for d in changed if d["path"] == "old.md"} == {"karpathy.hype"}
    # staged and committed changes count too: against the first commit after committing, same answer
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "edit", cwd=repo)
    assert findings(run_cli("check", ".", "--format", "json", "--diff-base", "HEAD~1", cwd=repo)) == changed
    assert findings(run_cli("check", ".", "--format", "json", "--diff-base", "HEAD", cwd=repo)) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_base_keeps_document_level_findings_of_changed_files(repo):
    (repo / ".vibelint.toml").write_text('select = ["karpathy.punchline", "karpathy.plain-verbs"]\n')
    paragraph = ("We trained the model for a week on the new data and watched the loss curve go down slowly. "
                 "The evaluation numbers moved a little but not as much as we hoped for at the start. "
                 "Most of the gains came from cleaning the data rather than from changing the architecture. ") * 2
    (repo / "long.md").write_text("\n\n".join([paragraph] * 4) + "\n\n" + paragraph + "We utilize the GPU here.\n")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "long post", cwd=repo)
    whole = findings(run_cli("check", "long.md", "--format", "json", "--no-cache", cwd=repo))
    assert {d["rule"] for d in whole} == {"karpathy.punchline", "karpathy.plain-verbs"}
    # untouched since HEAD: nothing to report, document-level or not
    assert findings(run_cli("check", "long.md", "--format", "json", "--diff-base", "HEAD", cwd=repo)) == []
    # one changed line far from both findings: the document-level one stays, the line-level one goes
    lines = (repo / "long.md").read_text().splitlines()
    lines[2] = lines[2].replace("a week", "two weeks")
    (repo / "long.md").write_text("\n".join(lines) + "\n")
    changed = findings(run_cli("check", "long.md", "--format", "json", "--diff-base", "HEAD", cwd=repo))
    assert [d["rule"] for d in changed] == ["karpathy.punchline"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_base_errors_are_one_line(repo, tmp_path_factory):
    bad_ref = run_cli("check", ".", "--diff-base", "no-such-ref", cwd=repo)
    assert bad_ref.returncode == 2
    assert bad_ref.stderr.decode().strip() == "vibelint: error: --diff-base: unknown git ref 'no-such-ref'"
    with_fix = run_cli("check", ".", "--diff-base", "HEAD", "--fix", cwd=repo)
    assert with_fix.returncode == 2 and b"cannot be combined with --fix" in with_fix.stderr
    outside = tmp_path_factory.mktemp("not-a-repo")
    (outside / "post.md").write_text(CLEAN)
    not_repo = run_cli("check", ".", "--diff-base", "HEAD", cwd=outside)
    assert not_repo.returncode == 2
    assert not_repo.stderr.decode().startswith("vibelint: error: not inside a git repository")
    assert len(not_repo.stderr.decode().strip().splitlines()) == 1


# --- SARIF ---------------------------------------------------------------------------------------------------------

def test_sarif_output_validates_against_the_schema_and_matches_the_findings(tmp_path):
    (tmp_path / "post.md").write_text("# Post\n\nWe utilize the GPU. 数据 It is a game-changer.\n")
    sarif = json.loads(run_cli("check", "post.md", "--format", "sarif", cwd=tmp_path).stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    as_json = findings(run_cli("check", "post.md", "--format", "json", cwd=tmp_path))
    [run] = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(as_json)
    for result, diag in zip(run["results"], as_json):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert result["ruleId"] == diag["rule"] == rules[result["ruleIndex"]]["id"]
        assert (region["startLine"], region["startColumn"], region["endColumn"]) == (diag["line"], diag["column"], diag["end_column"])
        assert region["snippet"]["text"] == diag["text"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "post.md", "uriBaseId": "%SRCROOT%"}
    plain = next(r for r in rules if r["id"] == "karpathy.plain-verbs")
    assert "Spec:" in plain["help"]["text"] and plain["shortDescription"]["text"]
    fixable = next(r for r in run["results"] if r["ruleId"] == "karpathy.plain-verbs")
    assert fixable["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "use"
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}


def test_sarif_with_no_findings_is_still_a_valid_log(tmp_path):
    (tmp_path / "post.md").write_text(CLEAN)
    proc = run_cli("check", "post.md", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 0
    sarif = json.loads(proc.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["tool"]["driver"]["rules"]


# --- --statistics and --fail-on in every format -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_statistics_and_fail_on_work_in_every_format(tmp_path, fmt):
    (tmp_path / "a.md").write_text("We utilize the GPU and utilize the CPU.\n")
    (tmp_path / "b.md").write_text("It is very good, a game-changer.\n")
    proc = run_cli("check", ".", "--statistics", "--format", fmt, cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    if fmt == "text":
        lines = out.splitlines()
        assert lines[0].split()[:2] == ["2", "karpathy.plain-verbs"] and "[*] 2 fixable" in lines[0]
        assert lines[-1] == f"Found {sum(int(line.split()[0]) for line in lines[:-1])} findings in 2 files."
    elif fmt == "json":
        rows = json.loads(out)["statistics"]
        assert rows[0] == {"rule": "karpathy.plain-verbs", "severity": "warning", "count": 2, "fixable": 2}
    elif fmt == "github":
        assert "::notice title=vibelint statistics::karpathy.plain-verbs: 2 findings (2 fixable)" in out.splitlines()
    else:
        run = json.loads(out)["runs"][0]
        assert run["properties"]["statistics"][0]["count"] == 2 and len(run["results"]) >= 3
    # --fail-on error: warnings no longer fail the run, whatever the format
    assert run_cli("check", ".", "--statistics", "--format", fmt, "--fail-on", "error", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", "--format", fmt, "--fail-on", "error", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", "--format", fmt, "--fail-on", "info", cwd=tmp_path).returncode == 1


def test_fix_in_parallel_fixes_every_file_and_keeps_their_encodings(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for n in range(12):
        text = f"Post {n}.\r\n\r\nWe utilize the GPU.\r\n"
        data = b"\xef\xbb\xbf" + text.encode() if n % 3 == 0 else text.encode("utf-16") if n % 3 == 1 else text.encode()
        (site / f"p{n:02d}.md").write_bytes(data)
    proc = run_cli("check", "site", "--fix", "--jobs", "2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for n in range(12):
        data = (site / f"p{n:02d}.md").read_bytes()
        expected = f"Post {n}.\r\n\r\nWe use the GPU.\r\n"
        assert data == (b"\xef\xbb\xbf" + expected.encode() if n % 3 == 0 else
                        expected.encode("utf-16") if n % 3 == 1 else expected.encode())


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(), min_size=4, max_size=4), suggestions=st.lists(st.text(), max_size=3),
       fixed=st.booleans())
def test_json_lines_are_what_json_dumps_writes(texts, suggestions, fixed):
    """The JSON writer builds each diagnostic's line by hand for speed; it must equal json.dumps."""
    from vibelint.engine import Diagnostic, Fix
    from vibelint.output import FileReport, json_format

    path, message, source, replacement = texts
    d = Diagnostic("p.r", "warning", message, 0, len(source), Fix(0, len(source), replacement) if fixed else None,
                   suggestions)
    report = FileReport(path, source, [d])
    [(_, (line, col, end_line, end_col))] = report.located()
    expected = json.dumps({
        "path": path, "rule": "p.r", "severity": "warning", "message": message, "line": line, "column": col,
        "end_line": end_line, "end_column": end_col, "offset": 0, "end_offset": len(source), "text": source,
        "suggestions": suggestions, "fix": {"offset": 0, "end_offset": len(source), "replacement": replacement} if fixed else None,
    }, ensure_ascii=False)
    assert json_format.render([report]).split("\n")[4].strip() == expected
    assert json.loads(json_format.render([report]))["diagnostics"][0]["message"] == message
