// Locates the vibelint executable. Deliberately free of the `vscode` import so it can be unit-tested in plain node.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ServerSearchInput {
  /** The `vibelint.path` setting; empty when unset. */
  configuredPath: string;
  /** Absolute paths of the open workspace folders. */
  workspaceFolders: string[];
  /** The `python.defaultInterpreterPath` setting, if any. */
  interpreterPath?: string;
  platform: NodeJS.Platform;
  /** The PATH environment variable. */
  envPath?: string;
  isExecutable: (file: string) => boolean;
  homeDir?: string;
  /**
   * False in an untrusted workspace: nothing inside a workspace folder is run (no `.venv`, and a
   * setting, interpreter or PATH entry that leads into the workspace is refused). The caller passes
   * only user-level settings then. Default true.
   */
  trusted?: boolean;
  /** Resolves symlinks, so a link from outside into the workspace is seen for what it is. Default: identity. */
  realPath?: (file: string) => string;
}

export type ServerSource = 'setting' | 'workspace' | 'interpreter' | 'path';

export type ServerSearchResult =
  | { found: true; executable: string; source: ServerSource; skipped?: string[] }
  | { found: false; message: string; skipped?: string[] };

export const NOT_FOUND_MESSAGE =
  'vibelint executable not found; install the vibelint-prose package (see the extension README) or set `vibelint.path`.';

const VIRTUAL_ENV_DIRS = ['.venv', 'venv', 'env'];

export function findServer(input: ServerSearchInput): ServerSearchResult {
  const isWindows = input.platform === 'win32';
  const paths = isWindows ? path.win32 : path.posix;
  const executableName = isWindows ? 'vibelint.exe' : 'vibelint';
  const scriptsDir = isWindows ? 'Scripts' : 'bin';
  const trusted = input.trusted ?? true;
  const realPath = input.realPath ?? ((file: string) => file);
  const expand = (value: string) => expandVariables(value, input.workspaceFolders[0], input.homeDir ?? os.homedir());
  /** Executables inside the workspace that an untrusted workspace does not run, for the explanation. */
  const skipped: string[] = [];
  const inWorkspace = (file: string) =>
    !paths.isAbsolute(file) || input.workspaceFolders.some((folder) => isInside(paths, folder, file) || isInside(paths, folder, realPath(file)));
  /** The first candidate that may run: executable, and outside the workspace unless it is trusted. */
  const pick = (candidates: string[]) =>
    candidates.find((candidate) => {
      if (!input.isExecutable(candidate)) return false;
      if (trusted || !inWorkspace(candidate)) return true;
      if (!skipped.includes(candidate)) skipped.push(candidate);
      return false;
    });
  const found = (executable: string, source: ServerSource): ServerSearchResult =>
    trusted ? { found: true, executable, source } : { found: true, executable, source, skipped };

  const configuredPath = input.configuredPath.trim();
  if (configuredPath) {
    const expanded = expand(configuredPath);
    const isBareCommand = !/[\\/]/.test(expanded);
    const candidates = isBareCommand
      ? searchPath(input.envPath, withWindowsExtension(expanded, isWindows), paths)
      : [paths.resolve(input.workspaceFolders[0] ?? '', expanded)];
    const executable = pick(candidates);
    if (executable) return found(executable, 'setting');
    const message = skipped.length
      ? `The \`vibelint.path\` setting points to "${configuredPath}", inside this untrusted workspace; vibelint does not run it until you trust the workspace.`
      : `The \`vibelint.path\` setting points to "${configuredPath}", but no executable exists there. Fix or clear the setting.`;
    return { found: false, message, skipped };
  }

  for (const folder of input.workspaceFolders) {
    for (const envDir of VIRTUAL_ENV_DIRS) {
      const candidate = paths.join(folder, envDir, scriptsDir, executableName);
      if (pick([candidate])) return found(candidate, 'workspace');
    }
  }

  const interpreter = input.interpreterPath ? expand(input.interpreterPath.trim()) : '';
  if (interpreter && paths.isAbsolute(interpreter)) {
    const candidate = pick([paths.join(paths.dirname(interpreter), executableName)]);
    if (candidate) return found(candidate, 'interpreter');
  }

  const onPath = pick(searchPath(input.envPath, executableName, paths));
  if (onPath) return found(onPath, 'path');

  return { found: false, message: NOT_FOUND_MESSAGE, ...(trusted ? {} : { skipped }) };
}

function isInside(paths: path.PlatformPath, folder: string, file: string): boolean {
  const relative = paths.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !paths.isAbsolute(relative));
}

/** True for an existing regular file that the current user may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchPath(envPath: string | undefined, name: string, paths: path.PlatformPath): string[] {
  return (envPath ?? '')
    .split(paths.delimiter)
    .filter((dir) => dir.length > 0)
    .map((dir) => paths.join(dir, name));
}

function withWindowsExtension(name: string, isWindows: boolean): string {
  return isWindows && !/\.[a-z0-9]+$/i.test(name) ? `${name}.exe` : name;
}

function expandVariables(value: string, workspaceFolder: string | undefined, homeDir: string): string {
  let expanded = value;
  if (workspaceFolder !== undefined) expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (expanded === '~' || /^~[\\/]/.test(expanded)) expanded = homeDir + expanded.slice(1);
  return expanded;
}
