"""The vibelint language server: pygls handlers around the ``LintService``.

An adapter: protocol messages become service calls (config, input, lint, fix, voice profile)
and the results become LSP diagnostics, code actions, hovers and code lenses.

Diagnostics are pushed after a short per-document debounce (one task per URI; a new edit
cancels the pending one), or pulled when the client supports ``textDocument/diagnostic``,
never both (clients would show duplicates). Every handler is wrapped so that an exception is
logged to the client and the server carries on.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from .. import __version__
from ..config import CONFIG_NAMES
from ..engine import Diagnostic, LintResult, RuleSet, at_least
from ..files import unread_markup
from ..service import LintService, SessionCache
from ..text.source import InputError
from . import parent
from .actions import CODE_ACTION_KINDS, code_actions
from .documents import OpenDocument
from .hover import hover
from .linting import BufferResult, to_lsp
from .settings import SECTION, ClientSettings, parse_settings, unwrap
from .voice import DELAY as VOICE_DELAY
from .voice import NOTIFICATION as VOICE_NOTIFICATION
from .voice import VoiceScores, code_lens

log = logging.getLogger("vibelint.lsp")

TIMING_NOTIFICATION = "$/vibelint/lintTime"  # sent only when VIBELINT_LSP_TIMING is set (benchmarks)
READY_TIMEOUT = 3.0  # seconds the first lint waits for the client's configuration
TOO_BIG = "vibelint.too-big"  # a buffer over max-file-size: one note instead of minutes of linting
NOT_READ = "vibelint.not-read"  # markup vibelint does not parse (.rst, .adoc, .html, .tex): one note
# cores for the first lint of a large draft (split.py): two on Linux, where a forked child of this threaded
# process is safe; one elsewhere (macOS's system libraries are not fork-safe with threads; Windows has no fork)
LINT_WORKERS = min(2, os.cpu_count() or 1) if sys.platform.startswith("linux") else 1
PARSE_ERROR, INVALID_REQUEST = -32700, -32600  # JSON-RPC error codes


class VibelintProtocol(LanguageServerProtocol):
    """Leaves document text to the server's own store (``documents.py``) instead of pygls' workspace.

    pygls splits lines with ``str.splitlines``, which also breaks at form feeds and U+2028, so
    its positions drift from the client's on such text; the server's store follows LSP's rule.
    """

    _server: VibelintServer  # as pygls narrows its own: this protocol only ever serves a VibelintServer

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args):
        """Over TCP, stop the server loop: pygls' ``sys.exit`` inside asyncio's callback only prints a traceback."""
        if isinstance(self.writer, asyncio.StreamWriter):
            if (handler := self.fm.features.get(types.EXIT)) is not None:
                yield handler, args, None
            self.writer.close()
            self._server.shutdown()
            return
        yield from super().lsp_exit(*args)

    def _user_handler(self, method: str, params):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    def structure_message(self, data):
        """A request whose params do not fit its method gets an error answer (pygls only logs it),
        so the client is not left waiting for a response that never comes."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "method" in data and "id" in data:
                self._send_response(data["id"], None, error.to_response_error())
            elif data.get("method") == types.TEXT_DOCUMENT_DID_CHANGE:
                self._server.lost_sync(_uri_of(data))
            raise

    def handle_message(self, message):
        """Valid JSON that is not a JSON-RPC message (``[1, 2]``, ``"x"``, ``{}``) is an Invalid Request."""
        if not hasattr(message, "jsonrpc"):
            self.send_error(INVALID_REQUEST, "Invalid Request: not a JSON-RPC message")
            return
        super().handle_message(message)

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        """pygls 2.1 files the future of each notification run by a generator handler (didOpen, didChange,
        didClose, ...) in ``_request_futures`` under a random id and never removes it: about 2 MB per
        1,000 keystrokes (bench/lsp_memory.py). Every handler's future is removed once it is done."""
        def done(future, msg_id=msg_id):
            if not future.cancelled():  # pygls cancels while iterating over the dict (shutdown)
                self._request_futures.pop(msg_id, None)
            callback(future)
        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def send_error(self, code: int, message: str) -> None:
        """An error response to a message whose id could not be read (JSON-RPC says: id null)."""
        self._send_data({"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": message}})


def _uri_of(data: dict) -> str | None:
    """The document URI of a raw notification, if it can be read."""
    params = data.get("params")
    document = params.get("textDocument") if isinstance(params, dict) else None
    uri = document.get("uri") if isinstance(document, dict) else None
    return uri if isinstance(uri, str) else None


def _cancel(tasks: dict[str, asyncio.Task], uri: str) -> None:
    """Cancel and forget the task pending for ``uri``, if any (a lint or a voice score)."""
    task = tasks.pop(uri, None)
    if task is not None:
        task.cancel()


def guarded(handler):
    """Log a handler's exception to the client and answer None instead of failing."""
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(self: VibelintServer, params):
            try:
                return await handler(self, params)
            except asyncio.CancelledError:
                raise
            except Exception:
                self.log_exception(handler.__name__)
                return None
        return run_async

    @functools.wraps(handler)
    def run(self: VibelintServer, params):
        try:
            return handler(self, params)
        except Exception:
            self.log_exception(handler.__name__)
            return None
    return run


def _plain(method):
    """A bound method as a plain function: pygls tags handlers with attributes, which methods refuse."""
    if inspect.iscoroutinefunction(method):
        async def coroutine(params):
            return await method(params)
        coroutine.__name__ = method.__name__
        return coroutine

    def handler(params):
        return method(params)
    handler.__name__ = method.__name__
    return handler


class VibelintServer(LanguageServer):
    protocol: VibelintProtocol  # what ``protocol_cls`` below makes

    def __init__(self, converter_factory: Callable[[], Any] | None = None):
        """``converter_factory``: pygls' default when None. cattrs writes a converter's (un)structure functions
        on first use, the biggest part of a session's start; the tests, which start a server per test in one
        process, pass a factory that hands every server the same converter."""
        super().__init__("vibelint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=VibelintProtocol, converter_factory=converter_factory or default_converter)
        self.documents: dict[str, OpenDocument] = {}
        self.cache = SessionCache()  # outlives settings changes: keyed by rule set, so nothing stale is served
        self.settings = ClientSettings()
        self.settings_generation = 0
        self.service = LintService(self.settings.lint_settings(None, self.show_error), self.cache)
        self.pending: dict[str, asyncio.Task] = {}
        self.voice = VoiceScores()
        self.voice_pending: dict[str, asyncio.Task] = {}
        self.pull = False
        self.ready = asyncio.Event()
        self.timing = bool(os.environ.get("VIBELINT_LSP_TIMING"))
        self._startup_problems: list[str] = []
        self._reporting = False
        self._watched: set[int] = set()
        self._register()

    def _register(self) -> None:
        self.feature(types.INITIALIZE)(_plain(self.on_initialize))
        self.feature(types.INITIALIZED)(_plain(self.on_initialized))
        self.feature(types.SHUTDOWN)(_plain(self.on_shutdown))
        self.feature(types.TEXT_DOCUMENT_DID_OPEN)(_plain(self.on_open))
        self.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_plain(self.on_change))
        self.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(_plain(self.on_save))
        self.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_plain(self.on_close))
        self.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                     types.CodeActionOptions(code_action_kinds=CODE_ACTION_KINDS))(_plain(self.on_code_action))
        self.feature(types.TEXT_DOCUMENT_HOVER)(_plain(self.on_hover))
        self.feature(types.TEXT_DOCUMENT_CODE_LENS,
                     types.CodeLensOptions(resolve_provider=False))(_plain(self.on_code_lens))
        self.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(_plain(self.on_configuration))
        self.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_plain(self.on_watched_files))

    # --- messages to the client -------------------------------------------------------------

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no writer yet, or the client is gone
            log.warning("%s", message)

    def log_exception(self, where: str) -> None:
        self.log_to_client(f"vibelint: error in {where}:\n{traceback.format_exc()}", types.MessageType.Error)

    def show_error(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.log_to_client(message, kind)
        try:
            self.window_show_message(types.ShowMessageParams(type=kind, message=f"vibelint: {message}"))
        except Exception:
            log.warning("%s", message)

    def show_warning(self, message: str) -> None:
        self.show_error(message, types.MessageType.Warning)

    def report_server_error(self, error: Exception, source) -> None:
        """pygls would pop up every internal error; a log line is enough (stderr if sending failed)."""
        if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):  # a body that is not JSON
            self.protocol.send_error(PARSE_ERROR, f"Parse error: {error}")
        if self._reporting:
            log.warning("server error: %s", error)
            return
        self._reporting = True
        try:
            self.log_to_client(f"vibelint: server error: {error}", types.MessageType.Error)
        finally:
            self._reporting = False

    # --- lifecycle ----------------------------------------------------------------------------

    @guarded
    def on_initialize(self, params: types.InitializeParams) -> None:
        caps = params.capabilities
        self.pull = bool(caps.text_document and caps.text_document.diagnostic is not None)
        if self.pull:
            options = types.DiagnosticOptions(identifier="vibelint", inter_file_dependencies=False,
                                              workspace_diagnostics=False)
            self.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)(_plain(self.on_pull_diagnostics))
        settings, self._startup_problems = parse_settings(params.initialization_options)
        self._apply_settings(settings)
        if params.process_id is not None:
            self.watch_client(params.process_id)
        try:  # the parser, packs and hyphenation patterns load now, while the editor starts, not on the first open
            self.service.warm_up(self._root())
        except Exception:
            self.log_exception("warming up")

    def watch_client(self, pid: int) -> None:
        """Exit once the editor's process is gone (each process id is watched once)."""
        if pid not in self._watched:
            self._watched.add(pid)
            parent.watch(pid)

    @guarded
    async def on_initialized(self, params: types.InitializedParams) -> None:
        for problem in self._startup_problems:
            self.show_error(problem)
        try:
            await self._fetch_configuration()
        except Exception:
            self.log_exception("workspace/configuration")
        finally:
            self.ready.set()  # the first lint waits for this, so it uses the client's settings
        await self._watch_config_files()

    async def _watch_config_files(self) -> None:
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if not (watched and watched.dynamic_registration):
            return  # the service still notices edits to known config files by their mtime
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
        registration = types.Registration(id="vibelint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                          register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
        params = types.RegistrationParams(registrations=[registration])
        await asyncio.wait_for(self.client_register_capability_async(params), READY_TIMEOUT)

    async def _fetch_configuration(self) -> None:
        """Settings from ``workspace/configuration``, when the client has any under ``vibelint``."""
        workspace = self.client_capabilities.workspace
        if not (workspace and workspace.configuration):
            return
        request = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        try:
            result = await asyncio.wait_for(self.workspace_configuration_async(request), READY_TIMEOUT)
        except Exception:
            self.log_to_client("vibelint: workspace/configuration failed; keeping the initialization options")
            return
        if result and isinstance(result[0], dict) and result[0]:
            settings, problems = parse_settings({SECTION: result[0]})
            for problem in problems:
                self.show_error(problem)
            self._apply_settings(settings)

    async def _wait_ready(self) -> None:
        if not self.ready.is_set():
            try:
                await asyncio.wait_for(self.ready.wait(), READY_TIMEOUT)
            except TimeoutError:
                self.ready.set()

    @guarded
    def on_shutdown(self, params) -> None:
        for task in [*self.pending.values(), *self.voice_pending.values()]:
            task.cancel()
        self.pending.clear()
        self.voice_pending.clear()

    # --- settings and config ------------------------------------------------------------------

    def _root(self) -> Path | None:
        try:
            folders = list(self.workspace.folders.values())
            uri = folders[0].uri if folders else self.workspace.root_uri
        except RuntimeError:  # not initialized yet
            return None
        path = to_fs_path(uri) if uri else None
        return Path(path) if path else None

    def _apply_settings(self, settings: ClientSettings) -> None:
        if settings == self.settings and self.settings_generation:
            return
        self.settings = settings
        self.settings_generation += 1
        self.service = LintService(settings.lint_settings(self._root(), self.show_error), self.cache)
        self._relint_all()

    def _relint_all(self) -> None:
        """After a settings or config change: re-lint every open document (or ask the client to pull)."""
        for uri in list(self.documents):
            self.schedule_voice(uri)
        if not self.pull:
            for uri in list(self.documents):
                self.schedule(uri, 0)
            return
        workspace = self.client_capabilities.workspace
        if self.documents and workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    @guarded
    async def on_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        data = unwrap(params.settings)
        if data is None:  # the client only said "something changed": ask for the settings
            await self._fetch_configuration()
            return
        settings, problems = parse_settings(data)
        for problem in problems:
            self.show_error(problem)
        self._apply_settings(settings)

    @guarded
    def on_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in CONFIG_NAMES for change in params.changes):
            self.service.configs.invalidate()
            self._relint_all()

    # --- documents ----------------------------------------------------------------------------

    def _encoding(self) -> str:
        encoding = self.workspace.position_encoding or "utf-16"
        return getattr(encoding, "value", encoding)

    @guarded
    def on_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        self.documents[item.uri] = OpenDocument(item.uri, item.language_id, item.version, item.text, self._encoding())
        if not self.pull:
            self.schedule(item.uri, 0)
        self.schedule_voice(item.uri)

    @guarded
    def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            self.log_to_client(f"vibelint: change for a document that is not open: {params.text_document.uri}")
            return
        changes = list(params.content_changes)
        if doc.out_of_sync:  # only a whole-document change tells us the text again
            whole = [i for i, c in enumerate(changes) if isinstance(c, types.TextDocumentContentChangeWholeDocument)]
            if not whole:
                return
            changes, doc.out_of_sync = changes[whole[-1]:], False
        doc.update(changes, params.text_document.version)
        if not self.pull:
            self.schedule(doc.uri, self.settings.debounce_ms / 1000)
        self.schedule_voice(doc.uri)

    @guarded
    def on_save(self, params: types.DidSaveTextDocumentParams) -> None:
        if not self.pull and params.text_document.uri in self.documents:
            self.schedule(params.text_document.uri, 0)

    @guarded
    def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        _cancel(self.pending, uri)
        self.documents.pop(uri, None)
        _cancel(self.voice_pending, uri)
        self.voice.forget(uri)
        if not self.pull:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def lost_sync(self, uri: str | None) -> None:
        """A didChange for ``uri`` could not be read, so our copy of the text is wrong from now on.

        Hints computed on it would sit on the wrong words, so the document's diagnostics are cleared
        and it is not linted until it is reopened or the client sends its whole text again.
        """
        doc = self.documents.get(uri) if uri else None
        if doc is None or doc.out_of_sync:
            return
        doc.out_of_sync = True
        _cancel(self.pending, doc.uri)
        if not self.pull:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=[]))
        self.show_warning(f"lost track of {doc.uri.rsplit('/', 1)[-1]} after an edit it could not read; "
                          "its hints are off until you reopen it")

    # --- linting ------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing any lint still pending for it (debounce)."""
        _cancel(self.pending, uri)
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self._wait_ready()
            doc = self.documents.get(uri)
            if doc is None or doc.out_of_sync:
                return
            outcome = self.outcome_for(doc)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=outcome.items))
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log_exception("lint")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def ruleset_for(self, doc: OpenDocument) -> RuleSet | None:
        """The document's rules, or None when linting is off for it (disabled, or excluded by the project config)."""
        if not self.settings.enable or self.service.excluded(doc.path):
            return None
        return self.service.ruleset_for(doc.path)

    def outcome_for(self, doc: OpenDocument) -> BufferResult:
        """The document's diagnostics for its current text and settings, linting only if needed."""
        ruleset = self.ruleset_for(doc)
        current = doc.outcome
        if (current is not None and current.text is doc.text and current.ruleset is ruleset
                and current.settings_generation == self.settings_generation):
            return current
        started = time.perf_counter()
        diagnostics: list[Diagnostic] = []
        items: list[types.Diagnostic] = []
        result: LintResult | None = None
        if ruleset is not None and (why := unread_markup(doc.lint_name)):  # .rst, .tex, ...: not read as Markdown
            diagnostics = [Diagnostic(NOT_READ, "info", f"vibelint: {why}", 0, 0)]
            items = [to_lsp(d, doc.index, {}) for d in diagnostics]
        elif ruleset is not None:
            try:
                self.service.accept(doc.text, doc.name, doc.path)
            except InputError as exc:  # over max-file-size: one note instead of minutes of linting
                diagnostics = [Diagnostic(TOO_BIG, "info", f"vibelint: not linted: {exc}", 0, 0)]
            else:
                try:
                    result = self.service.lint(doc.text, doc.lint_name, ruleset, LINT_WORKERS)
                    diagnostics = at_least(result.diagnostics, self.settings.minimum_severity)
                except Exception:
                    self.log_exception(f"linting {doc.uri}")
            rules = {r.id: r for r in ruleset.rules} if result is not None else {}
            items = [to_lsp(d, doc.index, rules) for d in diagnostics]
        millis = (time.perf_counter() - started) * 1000
        doc.outcome = BufferResult(doc.text, ruleset, self.settings_generation, diagnostics, items, millis, result)
        if self.timing:
            self.protocol.notify(TIMING_NOTIFICATION, {"uri": doc.uri, "version": doc.version, "millis": millis})
        return doc.outcome

    @guarded
    async def on_pull_diagnostics(self, params: types.DocumentDiagnosticParams):
        await self._wait_ready()
        doc = self.documents.get(params.text_document.uri)
        if doc is None or doc.out_of_sync:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        outcome = self.outcome_for(doc)
        if params.previous_result_id == outcome.id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=outcome.id)
        return types.RelatedFullDocumentDiagnosticReport(items=outcome.items, result_id=outcome.id)

    # --- voice score: code lens and status notification ---------------------------------------

    def voice_for(self, doc: OpenDocument):
        """The document's voice score, or None when linting or the voice score is off for it."""
        if not self.settings.voice_score or doc.out_of_sync:
            return None
        outcome = self.outcome_for(doc)
        if outcome.ruleset is None or outcome.result is None:  # off, too big, or the lint failed
            return None
        return self.voice.get(doc.uri, outcome, self.service)

    def schedule_voice(self, uri: str) -> None:
        """Send the voice score for ``uri`` once edits pause; a new edit restarts the wait."""
        _cancel(self.voice_pending, uri)
        if self.settings.voice_score:
            self.voice_pending[uri] = asyncio.ensure_future(self._voice_later(uri))

    async def _voice_later(self, uri: str) -> None:
        try:
            await asyncio.sleep(VOICE_DELAY)
            await self._wait_ready()
            doc = self.documents.get(uri)
            voice = self.voice_for(doc) if doc is not None else None
            if doc is not None and voice is not None:
                self.protocol.notify(VOICE_NOTIFICATION, voice.payload(uri, doc.version))
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log_exception("voice score")
        finally:
            if self.voice_pending.get(uri) is asyncio.current_task():
                del self.voice_pending[uri]

    @guarded
    async def on_code_lens(self, params: types.CodeLensParams):
        await self._wait_ready()
        doc = self.documents.get(params.text_document.uri)
        voice = self.voice_for(doc) if doc is not None else None
        return code_lens(voice) if voice is not None else None

    # --- code actions and hover ---------------------------------------------------------------

    @guarded
    async def on_code_action(self, params: types.CodeActionParams):
        await self._wait_ready()
        doc = self.documents.get(params.text_document.uri)
        if doc is None or doc.out_of_sync:
            return None
        outcome = self.outcome_for(doc)
        if outcome.ruleset is None:
            return None
        ruleset, minimum = outcome.ruleset, self.settings.minimum_severity

        def fix_all() -> str:
            return self.service.fix(doc.text, doc.lint_name, ruleset, result=outcome.result, minimum=minimum)[0]

        return code_actions(doc, outcome, params.range, params.context.only,
                            functools.partial(self._workspace_edit, doc), fix_all) or None

    def _workspace_edit(self, doc: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        workspace = self.client_capabilities.workspace
        if workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
        return types.WorkspaceEdit(changes={doc.uri: edits})

    @guarded
    async def on_hover(self, params: types.HoverParams):
        await self._wait_ready()
        doc = self.documents.get(params.text_document.uri)
        if doc is None or doc.out_of_sync:
            return None
        return hover(doc, self.outcome_for(doc), params.position)


def serve(tcp: str | None = None, client_pid: int | None = None) -> int:
    """Run over stdio, or listen on ``HOST:PORT``; stdout belongs to the protocol, logs go to stderr.

    ``client_pid`` (``--clientProcessId``): exit once that process is gone."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="vibelint-lsp %(levelname)s %(name)s: %(message)s")
    if tcp:
        host, _, port = tcp.rpartition(":")
        if not host or not port.isdigit():
            print(f"vibelint: error: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
            return 2
    server = VibelintServer()
    if client_pid is not None:
        server.watch_client(client_pid)
    if tcp:
        server.start_tcp(host, int(port))
    else:
        server.start_io()
    return 0
