import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { findServer, isExecutableFile } from './findServer';
import { serverSettings, SETTINGS_SECTION } from './settings';
import { VOICE_NOTIFICATION, VoiceScore, VoiceScores, voiceStatus } from './voiceStatus';

const CLIENT_ID = 'vibelint';
const LANGUAGES = ['markdown', 'plaintext'];
const SCHEMES = ['file', 'untitled'];
/** Settings whose change needs a new server process; the rest reach the running server via didChangeConfiguration. */
const RESTART_SETTINGS = ['vibelint.enable', 'vibelint.path', 'vibelint.args', 'python.defaultInterpreterPath'];

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel;
let statusBarItem: vscode.StatusBarItem;
let serverState: 'starting' | 'running' | 'error' = 'starting';
let serverTooltip = '';
const voiceScores = new VoiceScores();
/** Start/stop operations run one after another so quick setting changes cannot race. */
let lifecycle: Promise<void> = Promise.resolve();
/** The untrusted-workspace explanation goes to the output channel once per window. */
let toldUntrusted = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel('vibelint');
  statusBarItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusBarItem.command = 'vibelint.showOutput';
  context.subscriptions.push(
    outputChannel,
    statusBarItem,
    vscode.commands.registerCommand('vibelint.restartServer', () => restartServer()),
    vscode.commands.registerCommand('vibelint.showOutput', () => outputChannel.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) return restartServer();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (!client) return restartServer();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => showVoiceScore()),
    // Trust can be granted (never withdrawn) while the window is open: look for the workspace's own vibelint again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restartServer()),
  );
  toldUntrusted = false;
  await restartServer();
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}

export function restartServer(): Promise<void> {
  return enqueue(async () => {
    await stopClient();
    await startClient();
  });
}

function enqueue(operation: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(operation, operation);
  return lifecycle;
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  if (!config.get<boolean>('enable', true)) {
    outputChannel.appendLine('vibelint is disabled (vibelint.enable = false).');
    statusBarItem.hide();
    return;
  }

  // In an untrusted workspace only user-level settings count: a workspace's settings could point into it.
  const trusted = vscode.workspace.isTrusted;
  const python = vscode.workspace.getConfiguration('python');
  const search = findServer({
    configuredPath: (trusted ? config.get<string>('path') : config.inspect<string>('path')?.globalValue) ?? '',
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    interpreterPath: trusted
      ? python.get<string>('defaultInterpreterPath')
      : python.inspect<string>('defaultInterpreterPath')?.globalValue,
    platform: process.platform,
    envPath: process.env.PATH,
    isExecutable: isExecutableFile,
    trusted,
    realPath: (file) => {
      try {
        return fs.realpathSync(file);
      } catch {
        return file;
      }
    },
  });
  if (!trusted && !toldUntrusted) {
    toldUntrusted = true;
    outputChannel.appendLine(untrustedMessage(search.skipped ?? []));
  }
  if (!search.found) {
    showError(search.message);
    return;
  }

  const args = ['lsp', ...config.get<string[]>('args', [])];
  outputChannel.appendLine(`Starting ${search.executable} ${args.join(' ')} (found via ${search.source})`);
  const serverOptions: ServerOptions = { command: search.executable, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme }))),
    initializationOptions: currentServerSettings(),
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel,
    // Both ways the server reads settings get the same payload as initializationOptions.
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) =>
            item.section === SETTINGS_SECTION ? currentServerSettings(item.scopeUri) : answers[index],
          );
        },
        didChangeConfiguration: () =>
          newClient.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SETTINGS_SECTION]: currentServerSettings() },
          }),
      },
    },
  };
  const newClient = new LanguageClient(CLIENT_ID, 'vibelint', serverOptions, clientOptions);
  newClient.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped && client === newClient) {
      showStatus('error', `vibelint language server stopped (${search.executable}). Run "vibelint: Restart Server".`);
    }
  });
  newClient.onNotification(VOICE_NOTIFICATION, (score: VoiceScore) => {
    voiceScores.update(score);
    showVoiceScore();
  });
  client = newClient;
  voiceScores.clear();
  showStatus('starting', `Starting ${search.executable}`);
  try {
    await newClient.start();
    showStatus('running', `vibelint language server running: ${search.executable}`);
    showVoiceScore();
  } catch (error) {
    client = undefined;
    showError(`vibelint language server failed to start (${search.executable} ${args.join(' ')}): ${errorMessage(error)}`);
  }
}

async function stopClient(): Promise<void> {
  const runningClient = client;
  client = undefined;
  if (!runningClient) return;
  try {
    await runningClient.stop();
  } catch (error) {
    outputChannel.appendLine(`Stopping the vibelint language server failed: ${errorMessage(error)}`);
  }
}

function currentServerSettings(scopeUri?: string) {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  return serverSettings((key, defaultValue) => config.get(key, defaultValue));
}

function showError(message: string): void {
  outputChannel.appendLine(message);
  showStatus('error', message);
  void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
    if (choice) outputChannel.show();
  });
}

function showStatus(state: 'starting' | 'running' | 'error', tooltip: string): void {
  const icons = { starting: '$(sync~spin)', running: '$(check)', error: '$(error)' };
  serverState = state;
  serverTooltip = tooltip;
  statusBarItem.text = `${icons[state]} vibelint`;
  statusBarItem.tooltip = tooltip;
  statusBarItem.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  statusBarItem.show();
}

/** While the server runs, the status bar shows the active document's voice score when the server sent one. */
function showVoiceScore(): void {
  if (serverState !== 'running') return;
  const status = voiceStatus(voiceScores.get(vscode.window.activeTextEditor?.document.uri.toString()));
  statusBarItem.text = status ? status.text : '$(check) vibelint';
  statusBarItem.tooltip = status ? status.tooltip : serverTooltip;
}

function untrustedMessage(skipped: string[]): string {
  const notRun = skipped.length > 0 ? ` Not run: ${skipped.join(', ')}.` : '';
  return (
    'This workspace is not trusted, so vibelint runs only an executable from your user settings or PATH, never one ' +
    `inside the workspace (its .venv, or a workspace-level vibelint.path).${notRun} Trust the workspace to use them.`
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
