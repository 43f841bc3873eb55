// Workspace trust in a real VS Code: a folder opened in Restricted Mode that carries its own
// `.venv/bin/vibelint` and a workspace-level `vibelint.path`, both scripts that would leave a marker
// file, must not get either run. The extension uses the vibelint on PATH and says why in its output.
// Then the test grants trust in the UI and sees the workspace's own executable run: the markers work.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { env, firstSquiggle, openFile, runCommand, serverPids, statusBarTexts, until, withVSCode } from './harness.mjs';

function plant(file, marker, real) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho "$0 $*" > '${marker}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
}

function outputChannelLog(home) {
  const logs = path.join(home, 'data', 'logs');
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^\d+-vibelint\.log$/.test(entry.name)) found.push(fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(logs)) walk(logs);
  return found.join('\n');
}

test('an untrusted workspace never runs the vibelint it carries; trusting it does', async () => {
  const vibelint = env('VIBELINT_EXE');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-e2e-untrusted-'));
  const markers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-e2e-markers-')));
  const venvMarker = path.join(markers, 'venv-ran');
  const settingMarker = path.join(markers, 'setting-ran');
  fs.writeFileSync(path.join(folder, 'draft.md'), '# Draft\n\nWe utilize the new tool.\n');
  plant(path.join(folder, '.venv', 'bin', 'vibelint'), venvMarker, vibelint);
  plant(path.join(folder, 'tools', 'vibelint'), settingMarker, vibelint);
  fs.mkdirSync(path.join(folder, '.vscode'));
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'vibelint.path': '${workspaceFolder}/tools/vibelint' }));

  // no vibelint.path in the user settings: the real vibelint is found on PATH
  const options = { folder, trusted: false, pathPrefix: [path.dirname(vibelint)] };
  await withVSCode(options, async (session) => {
    const { page, home } = session;
    await until('the Restricted Mode indicator', async () => (await statusBarTexts(page)).some((text) => /Restricted Mode/.test(text)));
    await openFile(page, 'draft.md');
    await firstSquiggle(page);
    assert.deepEqual(serverPids(vibelint).length, 1, 'the server runs from PATH');
    assert.equal(fs.existsSync(venvMarker), false, 'the workspace .venv/bin/vibelint ran');
    assert.equal(fs.existsSync(settingMarker), false, 'the workspace vibelint.path ran');
    const log = await until('the untrusted-workspace note in the output channel', async () => {
      const text = outputChannelLog(home);
      return /not trusted/.test(text) ? text : undefined;
    });
    assert.equal(log.match(/This workspace is not trusted/g).length, 1, log);
    assert.ok(log.includes(path.join(folder, '.venv', 'bin', 'vibelint')), log);
    assert.ok(log.includes(`Starting ${vibelint} lsp`), log);

    // Grant trust through the UI: the extension restarts and now runs the workspace's own choice.
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const trustButton = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trustButton.click({ timeout: 30_000 });
    await until('the workspace vibelint.path to run once trusted', async () => fs.existsSync(settingMarker), 60_000);
    assert.match(fs.readFileSync(settingMarker, 'utf8'), /tools\/vibelint lsp --stdio/);
  });
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(markers, { recursive: true, force: true });
});
