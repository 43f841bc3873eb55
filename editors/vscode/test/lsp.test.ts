// Drives the real `vibelint lsp` server over stdio with the protocol stack vscode-languageclient is built on.
// The executable comes from VIBELINT_EXE, else `vibelint` on PATH; without either the suite is skipped.
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  CodeAction,
  CodeActionKind,
  CodeActionRequest,
  CodeActionResolveRequest,
  ConfigurationRequest,
  createProtocolConnection,
  ClientCapabilities,
  Diagnostic,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  MarkupKind,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { findServer, isExecutableFile } from '../src/findServer';
import { serverSettings } from '../src/settings';
import packageJson from '../package.json';

const RESPONSE_TIMEOUT_MS = 15_000;
const DOCUMENT_URI = 'file:///tmp/vibelint-lsp-test/notes.md';
const DOCUMENT_LINES = ['# Notes', '', 'We utilize this game-changing tool.', ''];
const DOCUMENT_TEXT = DOCUMENT_LINES.join('\n');
// What the extension sends with every setting at the default declared in package.json.
const settingDefaults: Record<string, { default?: unknown }> = packageJson.contributes.configuration.properties;
const SETTINGS = serverSettings((key, fallback) => (settingDefaults[`vibelint.${key}`]?.default ?? fallback) as typeof fallback);

function locateServer(): string | undefined {
  if (process.env.VIBELINT_EXE) return process.env.VIBELINT_EXE;
  const search = findServer({
    configuredPath: '',
    workspaceFolders: [],
    platform: process.platform,
    envPath: process.env.PATH,
    isExecutable: isExecutableFile,
  });
  return search.found ? search.executable : undefined;
}

function rangeOf(line: number, word: string): Range {
  const character = DOCUMENT_LINES[line].indexOf(word);
  assert.ok(character >= 0, `"${word}" is not on line ${line}`);
  return { start: { line, character }, end: { line, character: character + word.length } };
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${RESPONSE_TIMEOUT_MS} ms waiting for ${what}`)), RESPONSE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function hoverText(hover: Hover): string {
  const parts = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
  return parts.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const fromChanges = action.edit?.changes?.[uri] ?? [];
  const fromDocumentChanges = (action.edit?.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? change.edits.filter((edit): edit is TextEdit => 'range' in edit) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

const serverExecutable = locateServer();
const skip = serverExecutable ? false : 'vibelint not found: set VIBELINT_EXE or put vibelint on PATH';

/** The capabilities that matter here. vscode-languageclient 9 also announces pull diagnostics and documentChanges. */
function clientCapabilities(diagnosticsMode: 'push' | 'pull'): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      ...(diagnosticsMode === 'pull' ? { workspaceEdit: { documentChanges: true } } : {}),
    },
    textDocument: {
      synchronization: { dynamicRegistration: true, didSave: true },
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
      ...(diagnosticsMode === 'pull' ? { diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false } } : {}),
      codeAction: {
        dynamicRegistration: true,
        isPreferredSupport: true,
        dataSupport: true,
        resolveSupport: { properties: ['edit'] },
        codeActionLiteralSupport: {
          codeActionKind: { valueSet: [CodeActionKind.QuickFix, CodeActionKind.Source, CodeActionKind.SourceFixAll] },
        },
      },
      hover: { dynamicRegistration: true, contentFormat: [MarkupKind.Markdown, MarkupKind.PlainText] },
    },
    window: { workDoneProgress: true },
  };
}

for (const diagnosticsMode of ['push', 'pull'] as const) {
  describe(`vibelint lsp over stdio (${diagnosticsMode} diagnostics)`, { skip }, () => {
    let server: ChildProcessWithoutNullStreams;
    let connection: ProtocolConnection;
    let serverStderr = '';
    const publishedDiagnostics: PublishDiagnosticsParams[] = [];
    let diagnostics: Diagnostic[];

    before(async () => {
      server = spawn(serverExecutable!, ['lsp'], { stdio: 'pipe' });
      server.stderr.on('data', (chunk) => (serverStderr += chunk));
      server.stdin.on('error', () => undefined); // reported through serverFailed below
      const serverFailed = new Promise<never>((_, reject) => {
        server.on('error', (error) => reject(new Error(`cannot start ${serverExecutable} lsp: ${error.message}`)));
        server.on('exit', (code, signal) =>
          reject(new Error(`${serverExecutable} lsp exited early (code ${code}, signal ${signal}); stderr:\n${serverStderr}`)),
        );
      });
      serverFailed.catch(() => undefined);
      connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
      // Requests that vscode-languageclient answers for the server.
      connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'vibelint' ? SETTINGS : null)));
      connection.onRequest(RegistrationRequest.type, () => undefined);
      connection.onRequest(UnregistrationRequest.type, () => undefined);
      connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
      connection.onNotification(PublishDiagnosticsNotification.type, (params) => publishedDiagnostics.push(params));
      connection.listen();

      const initialize = connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'vibelint-vscode-test' },
        rootUri: null,
        workspaceFolders: null,
        initializationOptions: SETTINGS,
        capabilities: clientCapabilities(diagnosticsMode),
      });
      const { capabilities } = await withTimeout(Promise.race([initialize, serverFailed]), 'initialize');
      assert.ok(capabilities.codeActionProvider, 'server advertises code actions');
      assert.ok(capabilities.hoverProvider, 'server advertises hover');
      if (diagnosticsMode === 'pull') assert.ok(capabilities.diagnosticProvider, 'server advertises pull diagnostics');
      await connection.sendNotification(InitializedNotification.type, {});
      // vscode-languageclient sends the `vibelint` section right after initialization (synchronize.configurationSection).
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { vibelint: SETTINGS } });
    });

    after(async () => {
      if (!connection) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      if (server.exitCode === null) {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), 'shutdown').catch(() => undefined);
        await connection.sendNotification(ExitNotification.type).catch(() => undefined);
        await withTimeout(exited, 'server exit').catch(() => server.kill());
      }
      connection.dispose();
    });

    async function openDocumentAndGetDiagnostics(expectedCodes: string[]): Promise<Diagnostic[]> {
      const hasExpectedCodes = (params: PublishDiagnosticsParams) =>
        params.uri === DOCUMENT_URI && expectedCodes.every((code) => params.diagnostics.some((diagnostic) => diagnostic.code === code));
      const published = new Promise<PublishDiagnosticsParams>((resolve) => {
        const subscription = connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
          if (hasExpectedCodes(params)) {
            subscription.dispose();
            resolve(params);
          }
        });
      });
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: DOCUMENT_URI, languageId: 'markdown', version: 1, text: DOCUMENT_TEXT },
      });
      if (diagnosticsMode === 'push') {
        const lastSeen = () => JSON.stringify(publishedDiagnostics.at(-1)?.diagnostics ?? 'nothing');
        return (await withTimeout(published, `diagnostics with ${expectedCodes} (last published: ${lastSeen()})`)).diagnostics;
      }
      const report = await withTimeout(
        connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: DOCUMENT_URI } }),
        'textDocument/diagnostic',
      );
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      return report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
    }

    it(`${diagnosticsMode === 'push' ? 'publishes' : 'answers textDocument/diagnostic with'} karpathy.plain-verbs and karpathy.hype at exact ranges`, async () => {
      diagnostics = await openDocumentAndGetDiagnostics(['karpathy.plain-verbs', 'karpathy.hype']);
      const byCode = (code: string) => diagnostics.find((diagnostic) => diagnostic.code === code);
      for (const diagnostic of diagnostics) assert.equal(diagnostic.source, 'vibelint');
      assert.deepEqual(byCode('karpathy.plain-verbs')?.range, rangeOf(2, 'utilize'), JSON.stringify(diagnostics));
      assert.deepEqual(byCode('karpathy.hype')?.range, rangeOf(2, 'game-changing'), JSON.stringify(diagnostics));
      if (diagnosticsMode === 'pull') assert.deepEqual(publishedDiagnostics, [], 'a pull client gets no pushed diagnostics');
    });

    it('offers a quick fix replacing "utilize" with "use"', async () => {
      assert.ok(diagnostics, 'diagnostics were received');
      const utilizeDiagnostic = diagnostics.find((diagnostic) => diagnostic.code === 'karpathy.plain-verbs')!;
      const result = await withTimeout(
        connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: DOCUMENT_URI },
          range: utilizeDiagnostic.range,
          context: { diagnostics: [utilizeDiagnostic], triggerKind: 1 },
        }),
        'codeAction',
      );
      const actions = (result ?? []).filter((item): item is CodeAction => 'kind' in item || 'edit' in item);
      const quickFixes = await Promise.all(
        actions
          .filter((action) => action.kind === CodeActionKind.QuickFix)
          .map((action) => (action.edit || action.data === undefined ? action : connection.sendRequest(CodeActionResolveRequest.type, action))),
      );
      const replacesWithUse = quickFixes.find((action) =>
        editsFor(action, DOCUMENT_URI).some(
          (edit) => edit.newText === 'use' && JSON.stringify(edit.range) === JSON.stringify(utilizeDiagnostic.range),
        ),
      );
      assert.ok(replacesWithUse, `no quick fix replaces "utilize" with "use" in ${JSON.stringify(result)}`);
    });

    it('explains the rule on hover over "utilize"', async () => {
      const utilize = rangeOf(2, 'utilize');
      const hover = await withTimeout(
        connection.sendRequest(HoverRequest.type, {
          textDocument: { uri: DOCUMENT_URI },
          position: { line: 2, character: utilize.start.character + 2 },
        }),
        'hover',
      );
      assert.ok(hover, 'hover result');
      if (!Array.isArray(hover.contents) && typeof hover.contents !== 'string' && 'kind' in hover.contents) {
        assert.equal(hover.contents.kind, MarkupKind.Markdown);
      }
      assert.match(hoverText(hover), /karpathy\.plain-verbs/);
    });
  });
}
