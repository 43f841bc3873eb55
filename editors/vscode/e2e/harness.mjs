// Drives a real VS Code (code-server: the VS Code server and web workbench) in headless Chromium.
// Everything comes from the package registries; `.ci/editor-toolchain` installs it. Inputs (env):
//   VIBELINT_CODE_SERVER       code-server's bin script
//   VIBELINT_CODE_SERVER_NODE  folder with the Node 24 binary code-server needs (put first on its PATH)
//   VIBELINT_CHROMIUM          the Chromium binary (/usr/lib/chromium/chromium, not the /usr/bin wrapper)
//   VIBELINT_EXE               the vibelint executable under test
//   VIBELINT_VSIX              the packaged extension
//   VIBELINT_E2E_ARTIFACTS     where screenshots of failures go (default: a temp folder)
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see editors/vscode/e2e/harness.mjs)`);
  return value;
};

const ARTIFACTS = process.env.VIBELINT_E2E_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-e2e-artifacts-'));

/** Non-breaking spaces (the editor renders spaces as U+00A0) become plain spaces. */
export const plain = (text) => text.replace(/\u00a0/g, ' ');

export function metric(name, value) {
  // Read by tests/test_vscode_e2e.py and quoted in the README.
  console.log(`E2E-METRIC ${name}=${value}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A fresh code-server profile with the extension installed, opened on `folder` in Chromium.
 * `trusted: false` keeps workspace trust on (the folder opens in restricted mode).
 */
export async function openVSCode({ folder, userSettings = {}, trusted = true, pathPrefix = [] }) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-e2e-'));
  const dataDir = path.join(home, 'data');
  const extensionsDir = path.join(home, 'extensions');
  fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'files.autoSave': 'off',
    'editor.hover.delay': 100,
    ...userSettings,
  };
  fs.writeFileSync(path.join(dataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const config = path.join(home, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // VS Code takes the extension host's environment from a login shell, which resets PATH (/etc/profile):
  // a user puts vibelint on PATH in ~/.profile, and so does the test (HOME is a fresh folder).
  if (pathPrefix.length > 0) {
    fs.writeFileSync(path.join(home, '.profile'), `PATH=${pathPrefix.map((dir) => `'${dir}'`).join(':')}:"$PATH"\nexport PATH\n`);
  }
  const codeServer = env('VIBELINT_CODE_SERVER');
  const childEnv = {
    ...process.env,
    PATH: [env('VIBELINT_CODE_SERVER_NODE'), ...pathPrefix, process.env.PATH].join(path.delimiter),
    HOME: home, // nothing of the real user's profile leaks in, nothing is left behind
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
  };
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  const common = ['--config', config, '--user-data-dir', dataDir, '--extensions-dir', extensionsDir];
  const install = spawnSync(codeServer, [...common, '--install-extension', env('VIBELINT_VSIX'), '--force'], {
    env: childEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stdout}\n${install.stderr}`);

  const args = [...common, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
  if (trusted) args.push('--disable-workspace-trust');
  const log = fs.openSync(path.join(home, 'code-server.log'), 'w');
  // detached: its own process group (setsid), so killing the group also ends the file watcher it starts
  const server = spawn(codeServer, [...args, folder], { env: childEnv, detached: true, stdio: ['ignore', log, log] });
  const session = { home, port, server, folder, browser: undefined, page: undefined };
  try {
    await waitForHealth(port, server, path.join(home, 'code-server.log'));
    session.browser = await chromium.launch({
      executablePath: env('VIBELINT_CHROMIUM'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      headless: true,
    });
    const context = await session.browser.newContext({ viewport: { width: 1400, height: 900 } });
    session.page = await context.newPage();
    await session.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    await session.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await session.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  } catch (error) {
    await closeVSCode(session, error);
    throw error;
  }
  return session;
}

async function waitForHealth(port, server, logFile) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}): ${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer /healthz in 60 s: ${fs.readFileSync(logFile, 'utf8')}`);
}

/** Screenshot (when `failure` is given), close the browser, end code-server's whole process group. */
export async function closeVSCode(session, failure) {
  if (failure && session.page) {
    const file = path.join(ARTIFACTS, `failure-${Date.now()}.png`);
    try {
      await session.page.screenshot({ path: file });
      console.log(`screenshot of the failure: ${file}`);
    } catch {
      // the page is gone
    }
    console.log(`code-server log: ${path.join(session.home, 'code-server.log')}`);
  }
  await session.browser?.close().catch(() => {});
  try {
    process.kill(-session.server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const exited = await Promise.race([
    new Promise((resolve) => (session.server.exitCode !== null ? resolve(true) : session.server.once('exit', () => resolve(true)))),
    new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
  ]);
  try {
    process.kill(-session.server.pid, exited ? 0 : 'SIGKILL');
    process.kill(-session.server.pid, 'SIGKILL'); // a straggler (file watcher) still in the group
  } catch {
    // the group is empty
  }
  if (!failure) fs.rmSync(session.home, { recursive: true, force: true });
}

/** Runs `body(session)`, keeping a screenshot if it throws. */
export async function withVSCode(options, body) {
  const session = await openVSCode(options);
  try {
    await body(session);
  } catch (error) {
    await closeVSCode(session, error);
    throw error;
  }
  await closeVSCode(session);
}

export async function openFile(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.click();
  await page.waitForSelector(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`, { timeout: 30_000 });
}

export async function editorText(page) {
  const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: parseFloat(node.style.top || '0'), text: node.textContent || '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return plain(lines.join('\n'));
}

export const SQUIGGLES = '.editor-instance .monaco-editor .squiggly-warning, .editor-instance .monaco-editor .squiggly-info, .editor-instance .monaco-editor .squiggly-error';

/** Polls `probe` until it returns a truthy value, or fails with `what` after `timeout` ms. */
export async function until(what, probe, timeout = 30_000, interval = 100) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Problems panel rows as aria-labels ("Warning: MESSAGE at line L and character C. generated by vibelint"). */
export async function problems(page) {
  const labels = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') || ''));
  return labels.map(plain).filter((label) => /generated by/.test(label));
}

export async function statusBarTexts(page) {
  return (await page.locator('.statusbar-item').allTextContents()).map(plain);
}

/** Process ids of running `vibelint lsp` servers started from `executable` (read from /proc). */
export function serverPids(executable) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('lsp') && argv.some((arg) => arg === executable)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Waits for the first squiggle; fails at once, with the message, when the extension reports that the server failed. */
export async function firstSquiggle(page, timeout = 120_000) {
  const failure = page
    .locator('.notifications-toasts .notification-toast', { hasText: /vibelint.*(failed|crashed|not found)|initialization failed/i })
    .first();
  const outcome = await Promise.race([
    page.waitForSelector(SQUIGGLES, { timeout }).then(
      () => ({}),
      (error) => ({ error }),
    ),
    failure.waitFor({ state: 'visible', timeout }).then(
      async () => ({ error: new Error(`the vibelint server did not start: ${plain(await failure.innerText())}`) }),
      () => new Promise(() => {}), // no such notification: the squiggle wait decides
    ),
  ]);
  if (outcome.error) throw outcome.error;
}
