// Activates the extension against in-memory stand-ins for `vscode` and `vscode-languageclient/node`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { NOT_FOUND_MESSAGE } from '../src/findServer';

type Listener = (event: any) => unknown;

class FakeLanguageClient {
  static instances: FakeLanguageClient[] = [];
  static failNextStart = false;
  started = false;
  stopped = false;
  sentNotifications: { type: unknown; params: unknown }[] = [];
  notificationHandlers = new Map<string, (params: any) => void>();
  private stateListeners: Listener[] = [];
  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: any,
    readonly clientOptions: any,
  ) {
    FakeLanguageClient.instances.push(this);
  }
  onDidChangeState(listener: Listener) {
    this.stateListeners.push(listener);
    return { dispose() {} };
  }
  async start() {
    if (FakeLanguageClient.failNextStart) {
      FakeLanguageClient.failNextStart = false;
      this.stateListeners.forEach((listener) => listener({ oldState: 3, newState: 1 }));
      throw new Error('server exited with code 2');
    }
    this.started = true;
  }
  onNotification(method: string, handler: (params: any) => void) {
    this.notificationHandlers.set(method, handler);
    return { dispose() {} };
  }
  async sendNotification(type: unknown, params: unknown) {
    this.sentNotifications.push({ type, params });
  }
  async stop() {
    this.stopped = true;
    this.stateListeners.forEach((listener) => listener({ oldState: 2, newState: 1 }));
  }
}

const fakeVscode = {
  settings: new Map<string, unknown>(),
  /** Settings from the workspace's own .vscode/settings.json (the rest are user settings). */
  workspaceSettings: new Set<string>(),
  trusted: true,
  trustListeners: [] as Listener[],
  workspaceFolderPaths: [] as string[],
  errorMessages: [] as string[],
  commandHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  configurationListeners: [] as Listener[],
  outputLines: [] as string[],
  outputShown: 0,
  statusBarItem: undefined as any,
  activeUri: undefined as string | undefined,
  editorListeners: [] as Listener[],
  reset() {
    this.activeUri = undefined;
    this.editorListeners = [];
    this.settings.clear();
    this.workspaceSettings.clear();
    this.trusted = true;
    this.trustListeners = [];
    this.errorMessages = [];
    this.commandHandlers.clear();
    this.configurationListeners = [];
    this.outputLines = [];
    this.outputShown = 0;
    this.statusBarItem = undefined;
  },
  async changeSettings(changes: Record<string, unknown>) {
    for (const [key, value] of Object.entries(changes)) this.settings.set(key, value);
    const event = { affectsConfiguration: (section: string) => Object.keys(changes).some((key) => key.startsWith(section)) };
    await Promise.all(this.configurationListeners.map((listener) => listener(event)));
  },
};

const disposable = { dispose() {} };
const vscodeModule = {
  Uri: { parse: (value: string) => ({ toString: () => value }) },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  window: {
    createOutputChannel: () => ({
      appendLine: (line: string) => fakeVscode.outputLines.push(line),
      show: () => fakeVscode.outputShown++,
      dispose() {},
    }),
    createStatusBarItem: () =>
      (fakeVscode.statusBarItem = { visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} }),
    get activeTextEditor() {
      const uri = fakeVscode.activeUri;
      return uri === undefined ? undefined : { document: { uri: { toString: () => uri } } };
    },
    onDidChangeActiveTextEditor: (listener: Listener) => {
      fakeVscode.editorListeners.push(listener);
      return disposable;
    },
    showErrorMessage: (message: string) => {
      fakeVscode.errorMessages.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      fakeVscode.commandHandlers.set(id, handler);
      return disposable;
    },
  },
  workspace: {
    get workspaceFolders() {
      return fakeVscode.workspaceFolderPaths.map((fsPath) => ({ uri: { fsPath } }));
    },
    get isTrusted() {
      return fakeVscode.trusted;
    },
    onDidGrantWorkspaceTrust: (listener: Listener) => {
      fakeVscode.trustListeners.push(listener);
      return disposable;
    },
    getConfiguration: (section: string) => ({
      get: <T>(key: string, defaultValue?: T) =>
        fakeVscode.settings.has(`${section}.${key}`) ? (fakeVscode.settings.get(`${section}.${key}`) as T) : defaultValue,
      inspect: <T>(key: string) => {
        const name = `${section}.${key}`;
        const value = fakeVscode.settings.get(name) as T | undefined;
        return fakeVscode.workspaceSettings.has(name) ? { key: name, workspaceValue: value } : { key: name, globalValue: value };
      },
    }),
    onDidChangeConfiguration: (listener: Listener) => {
      fakeVscode.configurationListeners.push(listener);
      return disposable;
    },
    onDidChangeWorkspaceFolders: () => disposable,
  },
};
const didChangeConfigurationType = { method: 'workspace/didChangeConfiguration' };
const languageClientModule = {
  DidChangeConfigurationNotification: { type: didChangeConfigurationType },
  LanguageClient: FakeLanguageClient,
  State: { Stopped: 1, Running: 2, Starting: 3 },
  TransportKind: { stdio: 0 },
};

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require('node:module');
const originalLoad = Module._load;
Module._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return vscodeModule;
  if (request === 'vscode-languageclient/node') return languageClientModule;
  return originalLoad.call(this, request, ...rest);
};

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-extension-'));
const fakeExecutable = path.join(tempDir, 'bin', 'vibelint');
fs.mkdirSync(path.dirname(fakeExecutable));
fs.writeFileSync(fakeExecutable, '#!/bin/sh\n', { mode: 0o755 });
const originalPath = process.env.PATH;

async function activateExtension() {
  const modulePath = require.resolve('../src/extension');
  delete require.cache[modulePath];
  const extension = require(modulePath) as typeof import('../src/extension');
  const subscriptions: unknown[] = [];
  await extension.activate({ subscriptions } as any);
  return { extension, subscriptions };
}

describe('extension activate', () => {
  beforeEach(() => {
    fakeVscode.reset();
    fakeVscode.workspaceFolderPaths = [path.join(tempDir, 'workspace')];
    FakeLanguageClient.instances = [];
    process.env.PATH = path.join(tempDir, 'empty');
  });
  afterEach(() => {
    process.env.PATH = originalPath;
  });
  after(() => {
    Module._load = originalLoad;
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('starts `<exe> lsp <args>` for markdown and plaintext with the settings as initializationOptions', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.args', ['--log-level', 'debug']);
    fakeVscode.settings.set('vibelint.minimumSeverity', 'warning');
    fakeVscode.settings.set('vibelint.select', ['karpathy']);
    fakeVscode.settings.set('vibelint.ignore', ['karpathy.hype']);
    fakeVscode.settings.set('vibelint.rulePaths', ['/rules']);
    const { subscriptions } = await activateExtension();

    assert.equal(FakeLanguageClient.instances.length, 1);
    const [client] = FakeLanguageClient.instances;
    assert.equal(client.started, true);
    assert.deepEqual(client.serverOptions, { command: fakeExecutable, args: ['lsp', '--log-level', 'debug'], transport: 0 });
    assert.deepEqual(client.clientOptions.documentSelector, [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
      { language: 'plaintext', scheme: 'file' },
      { language: 'plaintext', scheme: 'untitled' },
    ]);
    assert.deepEqual(client.clientOptions.initializationOptions, {
      enable: true,
      minimumSeverity: 'warning',
      select: ['karpathy'],
      ignore: ['karpathy.hype'],
      rulePaths: ['/rules'],
    });
    assert.deepEqual(client.clientOptions.synchronize, { configurationSection: 'vibelint' });
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint');
    assert.equal(fakeVscode.statusBarItem.command, 'vibelint.showOutput');
    assert.equal(fakeVscode.statusBarItem.visible, true);
    assert.deepEqual([...fakeVscode.commandHandlers.keys()].sort(), ['vibelint.restartServer', 'vibelint.showOutput']);
    assert.ok(subscriptions.length >= 4);
    fakeVscode.commandHandlers.get('vibelint.showOutput')!();
    assert.equal(fakeVscode.outputShown, 1);
  });

  it('sends the same settings through initializationOptions, workspace/configuration and didChangeConfiguration', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.args', ['--ignored-by-the-server-settings']);
    await activateExtension();
    const [client] = FakeLanguageClient.instances;
    const defaults = { enable: true, minimumSeverity: 'hint', ignore: [], rulePaths: [] };
    assert.deepEqual(client.clientOptions.initializationOptions, defaults, 'an empty select is left out');

    const { configuration, didChangeConfiguration } = client.clientOptions.middleware.workspace;
    const rawSection = { path: fakeExecutable, args: [], select: [], enable: true };
    const answers = await configuration(
      { items: [{ section: 'vibelint' }, { section: 'python' }] },
      undefined,
      () => [rawSection, { defaultInterpreterPath: 'python' }],
    );
    assert.deepEqual(answers, [defaults, { defaultInterpreterPath: 'python' }]);

    fakeVscode.settings.set('vibelint.minimumSeverity', 'error');
    await didChangeConfiguration(['vibelint'], () => assert.fail('the raw section must not be sent'));
    assert.deepEqual(client.sentNotifications, [
      { type: didChangeConfigurationType, params: { settings: { vibelint: { ...defaults, minimumSeverity: 'error' } } } },
    ]);
  });

  it('finds the server in the workspace .venv', async () => {
    const venvExecutable = path.join(tempDir, 'workspace', '.venv', 'bin', 'vibelint');
    fs.mkdirSync(path.dirname(venvExecutable), { recursive: true });
    fs.copyFileSync(fakeExecutable, venvExecutable);
    try {
      await activateExtension();
      assert.equal(FakeLanguageClient.instances[0].serverOptions.command, venvExecutable);
    } finally {
      fs.rmSync(path.join(tempDir, 'workspace'), { recursive: true, force: true });
    }
  });

  it('shows the not-found error and an error status when there is no executable', async () => {
    await activateExtension();
    assert.equal(FakeLanguageClient.instances.length, 0);
    assert.deepEqual(fakeVscode.errorMessages, [NOT_FOUND_MESSAGE]);
    assert.equal(fakeVscode.statusBarItem.text, '$(error) vibelint');
    assert.equal(fakeVscode.statusBarItem.tooltip, NOT_FOUND_MESSAGE);
  });

  it('names the setting when vibelint.path is wrong', async () => {
    fakeVscode.settings.set('vibelint.path', '/nowhere/vibelint');
    await activateExtension();
    assert.equal(FakeLanguageClient.instances.length, 0);
    assert.match(fakeVscode.errorMessages[0], /vibelint\.path.*\/nowhere\/vibelint/);
  });

  it('shows an error status when the server fails to start', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    FakeLanguageClient.failNextStart = true;
    await activateExtension();
    assert.equal(fakeVscode.statusBarItem.text, '$(error) vibelint');
    assert.match(fakeVscode.errorMessages[0], /failed to start.*server exited with code 2/);
  });

  it('respects vibelint.enable: no server while disabled, started and stopped as it changes', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.enable', false);
    await activateExtension();
    assert.equal(FakeLanguageClient.instances.length, 0);
    assert.equal(fakeVscode.statusBarItem.visible, false);

    await fakeVscode.changeSettings({ 'vibelint.enable': true });
    assert.equal(FakeLanguageClient.instances.length, 1);
    assert.equal(FakeLanguageClient.instances[0].started, true);

    await fakeVscode.changeSettings({ 'vibelint.enable': false });
    assert.equal(FakeLanguageClient.instances[0].stopped, true);
    assert.equal(FakeLanguageClient.instances.length, 1);
    assert.equal(fakeVscode.statusBarItem.visible, false);
  });

  it('leaves the server running when only linting settings change', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    await activateExtension();
    await fakeVscode.changeSettings({ 'vibelint.ignore': ['karpathy.hype'] });
    assert.equal(FakeLanguageClient.instances.length, 1);
    assert.equal(FakeLanguageClient.instances[0].stopped, false);
  });

  it("shows the active document's voice score from the server's notification in the status bar", async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.activeUri = 'file:///work/post.md';
    await activateExtension();
    const [client] = FakeLanguageClient.instances;
    const notify = client.notificationHandlers.get('$/vibelint/voiceScore');
    assert.ok(notify, 'the extension listens for $/vibelint/voiceScore');
    notify!({
      uri: 'file:///work/post.md',
      version: 3,
      score: 72,
      title: 'Voice score 72/100 · drifts: hype',
      drifts: [{ key: 'hype_density', label: 'hype', value: '0.85 per 100 words', points: 10 }],
    });
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint 72/100');
    assert.match(fakeVscode.statusBarItem.tooltip, /Voice score 72\/100\nBiggest drifts:\n- hype: 0\.85 per 100 words \(−10 points\)/);

    fakeVscode.activeUri = 'file:///work/other.md';
    fakeVscode.editorListeners.forEach((listener) => listener(undefined));
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint');
    assert.match(fakeVscode.statusBarItem.tooltip, /language server running/);

    fakeVscode.activeUri = 'file:///work/post.md';
    fakeVscode.editorListeners.forEach((listener) => listener(undefined));
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint 72/100');

    notify!({ uri: 'file:///work/post.md', version: 4, score: null, title: 'Voice score: no prose yet', drifts: [] });
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint');
    assert.equal(fakeVscode.statusBarItem.tooltip, 'Voice score: no prose yet');
  });

  it('sends voiceScore: false only when the setting turns the score off', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.voiceScore', false);
    await activateExtension();
    assert.equal(FakeLanguageClient.instances[0].clientOptions.initializationOptions.voiceScore, false);
  });

  it('sends lang only when the setting names a language', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.lang', 'zh');
    await activateExtension();
    assert.equal(FakeLanguageClient.instances[0].clientOptions.initializationOptions.lang, 'zh');
  });

  it('sends no lang when the setting is auto (each file its own language)', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    fakeVscode.settings.set('vibelint.lang', 'auto');
    await activateExtension();
    assert.equal('lang' in FakeLanguageClient.instances[0].clientOptions.initializationOptions, false);
  });

  it('restartServer stops the client and searches for the server again', async () => {
    fakeVscode.settings.set('vibelint.path', fakeExecutable);
    const { extension } = await activateExtension();
    fakeVscode.settings.set('vibelint.path', '');
    process.env.PATH = path.dirname(fakeExecutable);
    await fakeVscode.commandHandlers.get('vibelint.restartServer')!();
    assert.equal(FakeLanguageClient.instances.length, 2);
    assert.equal(FakeLanguageClient.instances[0].stopped, true);
    assert.equal(FakeLanguageClient.instances[1].started, true);
    assert.equal(fakeVscode.statusBarItem.text, '$(check) vibelint');

    await extension.deactivate();
    assert.equal(FakeLanguageClient.instances[1].stopped, true);
  });

  it('in an untrusted workspace runs vibelint from PATH, not the workspace .venv or a workspace vibelint.path, and says so once', async () => {
    const workspace = path.join(tempDir, 'workspace');
    const venvExecutable = path.join(workspace, '.venv', 'bin', 'vibelint');
    fs.mkdirSync(path.dirname(venvExecutable), { recursive: true });
    fs.copyFileSync(fakeExecutable, venvExecutable);
    try {
      fakeVscode.trusted = false;
      fakeVscode.settings.set('vibelint.path', venvExecutable);
      fakeVscode.workspaceSettings.add('vibelint.path');
      process.env.PATH = path.dirname(fakeExecutable);
      await activateExtension();
      assert.equal(FakeLanguageClient.instances[0].serverOptions.command, fakeExecutable);
      const notes = fakeVscode.outputLines.filter((line) => line.includes('not trusted'));
      assert.equal(notes.length, 1);
      assert.match(notes[0], new RegExp(`Not run: ${venvExecutable.replace(/[.]/g, '\\.')}\\.`));

      await fakeVscode.commandHandlers.get('vibelint.restartServer')!();
      assert.equal(fakeVscode.outputLines.filter((line) => line.includes('not trusted')).length, 1, 'said once');

      fakeVscode.trusted = true;
      await Promise.all(fakeVscode.trustListeners.map((listener) => listener(undefined)));
      assert.equal(FakeLanguageClient.instances.length, 3);
      assert.equal(FakeLanguageClient.instances[2].serverOptions.command, venvExecutable, 'trusted: the workspace setting counts');
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('in an untrusted workspace a user-level vibelint.path that leads into the workspace is refused', async () => {
    const workspace = path.join(tempDir, 'workspace');
    const planted = path.join(workspace, 'tools', 'vibelint');
    fs.mkdirSync(path.dirname(planted), { recursive: true });
    fs.copyFileSync(fakeExecutable, planted);
    try {
      fakeVscode.trusted = false;
      fakeVscode.settings.set('vibelint.path', '${workspaceFolder}/tools/vibelint');
      await activateExtension();
      assert.equal(FakeLanguageClient.instances.length, 0);
      assert.match(fakeVscode.errorMessages[0], /inside this untrusted workspace/);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
