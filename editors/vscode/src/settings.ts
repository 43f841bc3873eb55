// The settings the language server receives. Free of the `vscode` import so tests can build the same payload.
export const SETTINGS_SECTION = 'vibelint';

export interface ServerSettings {
  enable: boolean;
  minimumSeverity: string;
  /** Absent when the setting is empty: the server reads an empty list as "no rules", the setting means "all rules". */
  select?: string[];
  ignore: string[];
  rulePaths: string[];
  /** Sent only when off: the server's default is on. */
  voiceScore?: boolean;
  /** Sent only when set: the server's default is each file's own language. */
  lang?: 'en' | 'zh';
}

export type SettingReader = <T>(key: string, defaultValue: T) => T;

/** Sent as initializationOptions, as the `vibelint` section of workspace/configuration and of didChangeConfiguration. */
export function serverSettings(read: SettingReader): ServerSettings {
  const select = read<string[]>('select', []);
  return {
    enable: read('enable', true),
    minimumSeverity: read('minimumSeverity', 'hint'),
    ...(select.length > 0 ? { select } : {}),
    ignore: read<string[]>('ignore', []),
    rulePaths: read<string[]>('rulePaths', []),
    ...(read('voiceScore', true) ? {} : { voiceScore: false }),
    ...(messageLanguage(read('lang', 'auto'))),
  };
}

function messageLanguage(value: string): { lang?: 'en' | 'zh' } {
  return value === 'en' || value === 'zh' ? { lang: value } : {};
}
