import contextlib
import io
import os
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from vibelint.config import CliOptions, load_config

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_reason(*names: str) -> str:
    """Why a test that reads ``../shared/corpus/NAME`` cannot run, and where those files come from."""
    where = ", ".join(f"../shared/corpus/{name}" for name in names)
    return (f"needs {where}: the author's writing from the project's shared folder, checked out as ../shared beside "
            "this repository (CI puts it there; ../shared/README.md says how each file is built, e.g. "
            "../shared/corpus/make_corpus.py rebuilds the tweets from ../shared/seeds/000_ca3e6f81a1313ff9.txt)")


def needs_corpus(*names: str):
    """Skip a test when ``../shared/corpus/NAME`` (a file or folder) is missing, saying where the corpus comes from."""
    missing = [name for name in names if not (CORPUS / name).exists()]
    return pytest.mark.skipif(bool(missing), reason=corpus_reason(*missing))


def run_cli_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
                    env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """Run the real `vibelint` entry point in a subprocess; returns CompletedProcess (bytes out and err).

    For what only a process shows: the real stdin pipe and stdout encoding, exit on a signal, the
    interpreter start-up. Each user path (check, fix, score, report, explain, voice learn) keeps at
    least one test through here; the rest use ``run_cli``, which costs milliseconds instead of ~0.9 s."""
    environment = None if env is None else _environment(env)
    return subprocess.run([sys.executable, "-m", "vibelint", *args], input=stdin, capture_output=True, cwd=cwd,
                          env=environment, timeout=120)


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`vibelint ARGS` run in this process: ``cli.main(argv)`` with stdin, stdout and stderr as byte
    pipes, the working folder and environment set for the call and restored after it. Returns what
    ``run_cli_process`` returns (CompletedProcess, bytes out and err, the exit code), so a test reads
    the same either way; an uncaught exception is a traceback on stderr and exit code 1, as in a process.
    ``env`` adds to the environment; a None value removes that variable."""
    from vibelint import cli

    out, err = io.BytesIO(), io.BytesIO()
    # what `python -m vibelint` gets with pipes under a UTF-8 locale (the C locale is coerced to it)
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8", errors="surrogateescape")
    with _process_state(cwd, env), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
            _stdin(stdin_stream):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = _exit_code(exc.code, stderr)
        except BaseException:  # what the interpreter prints for an uncaught exception, and its exit code
            traceback.print_exc(file=stderr)
            code = 1
        stdout.flush()
        stderr.flush()
    return subprocess.CompletedProcess(["vibelint", *args], code, out.getvalue(), err.getvalue())


def _environment(changes: dict[str, str | None]) -> dict[str, str]:
    """os.environ with ``changes`` applied (None: unset)."""
    environment = {**os.environ, **{k: v for k, v in changes.items() if v is not None}}
    return {k: v for k, v in environment.items() if changes.get(k, "") is not None}


def _exit_code(code, stderr) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1


@contextlib.contextmanager
def _stdin(stream):
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


@contextlib.contextmanager
def _process_state(cwd: Path | None, env: dict[str, str | None] | None):
    """What a fresh process would start with and a test must not leak into the next: the working folder,
    the environment, warnings shown as Python shows them by default, the caches keyed on file paths that
    a later test may reuse with other contents (Vale styles, plugin packs), the notes printed once per
    process, and the root logger's handlers."""
    import logging
    import warnings

    from vibelint import packs, vale, vale_config

    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    root_handlers = list(logging.getLogger().handlers)
    if env:
        environment = _environment(env)
        os.environ.clear()
        os.environ.update(environment)
    _forget(vale, vale_config, packs)  # as a new process would: other tests may have called vibelint directly
    try:
        if cwd is not None:
            os.chdir(cwd)
        with warnings.catch_warnings():
            warnings.resetwarnings()
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.simplefilter("ignore", category)
            warnings.showwarning = _show_warning
            yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        logging.getLogger().handlers[:] = root_handlers
        _forget(vale, vale_config, packs)


def _forget(vale, vale_config, packs) -> None:
    vale.load_vale_styles.cache_clear()
    packs.plugin_rules.cache_clear()
    vale._reported.clear()  # the notes a process prints once (unsupported Vale rules, ignored .vale.ini keys)
    vale_config._noted.clear()


def _show_warning(message, category, filename, lineno, file=None, line=None):
    import warnings

    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@pytest.fixture(scope="session")
def default_ruleset():
    return load_config(None, CliOptions()).ruleset_for(None, CliOptions())


@pytest.fixture(scope="module", autouse=True)
def _one_editor_module_at_a_time(request, tmp_path_factory):
    """The real-editor modules (``xdist_group("editors")``) never run at the same time under pytest-xdist:
    they share the VS Code extension's node_modules and .vsix (`npm ci` and `npm run package` rewrite them),
    and the VS Code e2e counts the `vibelint lsp` processes started from this environment's executable.
    A lock file in the session's temporary folder, which every worker shares, held for the whole module
    (module scope: the e2e's packaging fixture is a module fixture too). xdist's own loadgroup would do it,
    but pytest 9.2 silently ignores its groups (pytest-xdist issue 1386)."""
    groups = {mark.args[0] if mark.args else mark.kwargs.get("name") for mark in request.node.iter_markers("xdist_group")}
    if "editors" not in groups or "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    import fcntl

    lock_path = tmp_path_factory.getbasetemp().parent / "editors.lock"  # basetemp is popen-gwN inside the session's
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
