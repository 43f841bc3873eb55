import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findServer, isExecutableFile, NOT_FOUND_MESSAGE, ServerSearchInput } from '../src/findServer';

function search(existing: string[], overrides: Partial<ServerSearchInput> = {}) {
  const existingFiles = new Set(existing);
  return findServer({
    configuredPath: '',
    workspaceFolders: ['/ws/project'],
    platform: 'linux',
    envPath: '/usr/local/bin:/usr/bin',
    isExecutable: (file) => existingFiles.has(file),
    homeDir: '/home/me',
    ...overrides,
  });
}

describe('findServer', () => {
  it('uses the vibelint.path setting when it exists, ahead of everything else', () => {
    const result = search(['/opt/vibelint/bin/vibelint', '/ws/project/.venv/bin/vibelint'], {
      configuredPath: '/opt/vibelint/bin/vibelint',
    });
    assert.deepEqual(result, { found: true, executable: '/opt/vibelint/bin/vibelint', source: 'setting' });
  });

  it('reports a missing vibelint.path naming the setting and the path, without falling back', () => {
    const result = search(['/ws/project/.venv/bin/vibelint'], { configuredPath: '/opt/missing/vibelint' });
    assert.equal(result.found, false);
    assert.ok(!result.found);
    assert.match(result.message, /`vibelint\.path`/);
    assert.match(result.message, /"\/opt\/missing\/vibelint"/);
  });

  it('expands ${workspaceFolder}, ~ and relative paths in vibelint.path', () => {
    assert.deepEqual(search(['/ws/project/tools/vibelint'], { configuredPath: '${workspaceFolder}/tools/vibelint' }), {
      found: true,
      executable: '/ws/project/tools/vibelint',
      source: 'setting',
    });
    assert.deepEqual(search(['/home/me/bin/vibelint'], { configuredPath: '~/bin/vibelint' }), {
      found: true,
      executable: '/home/me/bin/vibelint',
      source: 'setting',
    });
    assert.deepEqual(search(['/ws/project/tools/vibelint'], { configuredPath: 'tools/vibelint' }), {
      found: true,
      executable: '/ws/project/tools/vibelint',
      source: 'setting',
    });
  });

  it('looks a bare command name in vibelint.path up on PATH', () => {
    assert.deepEqual(search(['/usr/bin/vibelint-dev'], { configuredPath: 'vibelint-dev' }), {
      found: true,
      executable: '/usr/bin/vibelint-dev',
      source: 'setting',
    });
  });

  it('finds the workspace virtual environments in order .venv, venv, env', () => {
    for (const envDir of ['.venv', 'venv', 'env']) {
      const executable = `/ws/project/${envDir}/bin/vibelint`;
      assert.deepEqual(search([executable, '/usr/bin/vibelint']), { found: true, executable, source: 'workspace' });
    }
    assert.deepEqual(search(['/ws/project/venv/bin/vibelint', '/ws/project/.venv/bin/vibelint']), {
      found: true,
      executable: '/ws/project/.venv/bin/vibelint',
      source: 'workspace',
    });
  });

  it('searches every workspace folder', () => {
    const result = search(['/ws/second/.venv/bin/vibelint'], { workspaceFolders: ['/ws/first', '/ws/second'] });
    assert.deepEqual(result, { found: true, executable: '/ws/second/.venv/bin/vibelint', source: 'workspace' });
  });

  it('finds vibelint next to the configured Python interpreter', () => {
    const result = search(['/opt/py/bin/vibelint', '/usr/bin/vibelint'], { interpreterPath: '/opt/py/bin/python3' });
    assert.deepEqual(result, { found: true, executable: '/opt/py/bin/vibelint', source: 'interpreter' });
  });

  it('ignores a bare interpreter name such as the default "python"', () => {
    const result = search(['/usr/bin/vibelint'], { interpreterPath: 'python' });
    assert.deepEqual(result, { found: true, executable: '/usr/bin/vibelint', source: 'path' });
  });

  it('falls back to the first match on PATH', () => {
    const result = search(['/usr/bin/vibelint', '/usr/local/bin/vibelint']);
    assert.deepEqual(result, { found: true, executable: '/usr/local/bin/vibelint', source: 'path' });
  });

  it('uses Scripts\\vibelint.exe, ; separated PATH and win32 paths on Windows', () => {
    const windows: Partial<ServerSearchInput> = {
      platform: 'win32',
      workspaceFolders: ['C:\\ws\\project'],
      envPath: 'C:\\Windows;C:\\Python312\\Scripts',
    };
    assert.deepEqual(search(['C:\\ws\\project\\.venv\\Scripts\\vibelint.exe'], windows), {
      found: true,
      executable: 'C:\\ws\\project\\.venv\\Scripts\\vibelint.exe',
      source: 'workspace',
    });
    assert.deepEqual(search(['D:\\py\\vibelint.exe'], { ...windows, interpreterPath: 'D:\\py\\python.exe' }), {
      found: true,
      executable: 'D:\\py\\vibelint.exe',
      source: 'interpreter',
    });
    assert.deepEqual(search(['C:\\Python312\\Scripts\\vibelint.exe'], windows), {
      found: true,
      executable: 'C:\\Python312\\Scripts\\vibelint.exe',
      source: 'path',
    });
    assert.deepEqual(search(['C:\\Python312\\Scripts\\vibelint.exe'], { ...windows, configuredPath: 'vibelint' }), {
      found: true,
      executable: 'C:\\Python312\\Scripts\\vibelint.exe',
      source: 'setting',
    });
    assert.equal(search(['/ws/project/.venv/bin/vibelint'], windows).found, false);
  });

  it('says how to install vibelint when nothing is found', () => {
    const result = search([], { interpreterPath: '/opt/py/bin/python', envPath: undefined });
    assert.deepEqual(result, { found: false, message: NOT_FOUND_MESSAGE });
    assert.match(NOT_FOUND_MESSAGE, /vibelint executable not found; install the vibelint-prose package \(see the extension README\) or set `vibelint\.path`/);
  });
});

describe('isExecutableFile', () => {
  it('accepts executable files only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-exe-'));
    try {
      const executable = path.join(dir, 'vibelint');
      const plainFile = path.join(dir, 'notes.txt');
      fs.writeFileSync(executable, '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(plainFile, 'text', { mode: 0o644 });
      assert.equal(isExecutableFile(executable), true);
      assert.equal(isExecutableFile(dir), false);
      assert.equal(isExecutableFile(path.join(dir, 'missing')), false);
      if (process.platform !== 'win32') assert.equal(isExecutableFile(plainFile), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findServer in an untrusted workspace', () => {
  const planted = ['/ws/project/.venv/bin/vibelint', '/ws/project/tools/vibelint', '/usr/bin/vibelint'];

  it('skips the workspace virtual environment and takes PATH, listing what it did not run', () => {
    assert.deepEqual(search(planted, { trusted: false }), {
      found: true,
      executable: '/usr/bin/vibelint',
      source: 'path',
      skipped: ['/ws/project/.venv/bin/vibelint'],
    });
  });

  it('refuses a vibelint.path inside the workspace, also through ${workspaceFolder}, relative paths and symlinks', () => {
    for (const configuredPath of ['${workspaceFolder}/tools/vibelint', 'tools/vibelint', '/ws/project/tools/vibelint']) {
      const result = search(planted, { trusted: false, configuredPath });
      assert.equal(result.found, false, configuredPath);
      assert.ok(!result.found);
      assert.match(result.message, /inside this untrusted workspace/);
    }
    const viaLink = search(['/home/me/bin/vibelint'], {
      trusted: false,
      configuredPath: '/home/me/bin/vibelint',
      realPath: (file) => (file === '/home/me/bin/vibelint' ? '/ws/project/tools/vibelint' : file),
    });
    assert.equal(viaLink.found, false);
  });

  it('refuses PATH entries and interpreters inside the workspace, and relative PATH entries', () => {
    const result = search(['/ws/project/bin/vibelint', 'bin/vibelint', '/ws/project/.venv/bin/vibelint', '/usr/bin/vibelint'], {
      trusted: false,
      envPath: '/ws/project/bin:bin:/usr/bin',
      interpreterPath: '/ws/project/.venv/bin/python',
    });
    assert.deepEqual(result, {
      found: true,
      executable: '/usr/bin/vibelint',
      source: 'path',
      skipped: ['/ws/project/.venv/bin/vibelint', '/ws/project/bin/vibelint', 'bin/vibelint'],
    });
  });

  it('still uses a user-level vibelint.path outside the workspace', () => {
    assert.deepEqual(search(['/opt/vibelint/bin/vibelint', ...planted], { trusted: false, configuredPath: '/opt/vibelint/bin/vibelint' }), {
      found: true,
      executable: '/opt/vibelint/bin/vibelint',
      source: 'setting',
      skipped: [],
    });
  });

  it('says how to install vibelint when only workspace copies exist', () => {
    const result = search(['/ws/project/.venv/bin/vibelint'], { trusted: false });
    assert.deepEqual(result, { found: false, message: NOT_FOUND_MESSAGE, skipped: ['/ws/project/.venv/bin/vibelint'] });
  });
});
