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
}

export type ServerSource = 'setting' | 'workspace' | 'interpreter' | 'path';

export type ServerSearchResult =
  | { found: true; executable: string; source: ServerSource }
  | { found: false; message: string };

export const NOT_FOUND_MESSAGE =
  'vibelint executable not found; install it with `pip install vibelint` or set `vibelint.path`.';

const VIRTUAL_ENV_DIRS = ['.venv', 'venv', 'env'];

export function findServer(input: ServerSearchInput): ServerSearchResult {
  const isWindows = input.platform === 'win32';
  const paths = isWindows ? path.win32 : path.posix;
  const executableName = isWindows ? 'vibelint.exe' : 'vibelint';
  const scriptsDir = isWindows ? 'Scripts' : 'bin';
  const expand = (value: string) => expandVariables(value, input.workspaceFolders[0], input.homeDir ?? os.homedir());
  const found = (executable: string, source: ServerSource): ServerSearchResult => ({ found: true, executable, source });

  const configuredPath = input.configuredPath.trim();
  if (configuredPath) {
    const expanded = expand(configuredPath);
    const isBareCommand = !/[\\/]/.test(expanded);
    const candidates = isBareCommand
      ? searchPath(input.envPath, withWindowsExtension(expanded, isWindows), paths)
      : [paths.resolve(input.workspaceFolders[0] ?? '', expanded)];
    const executable = candidates.find(input.isExecutable);
    if (executable) return found(executable, 'setting');
    return {
      found: false,
      message: `The \`vibelint.path\` setting points to "${configuredPath}", but no executable exists there. Fix or clear the setting.`,
    };
  }

  for (const folder of input.workspaceFolders) {
    for (const envDir of VIRTUAL_ENV_DIRS) {
      const candidate = paths.join(folder, envDir, scriptsDir, executableName);
      if (input.isExecutable(candidate)) return found(candidate, 'workspace');
    }
  }

  const interpreter = input.interpreterPath ? expand(input.interpreterPath.trim()) : '';
  if (interpreter && paths.isAbsolute(interpreter)) {
    const candidate = paths.join(paths.dirname(interpreter), executableName);
    if (input.isExecutable(candidate)) return found(candidate, 'interpreter');
  }

  const onPath = searchPath(input.envPath, executableName, paths).find(input.isExecutable);
  if (onPath) return found(onPath, 'path');

  return { found: false, message: NOT_FOUND_MESSAGE };
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
