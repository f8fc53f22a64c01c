import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'KINTSUGI_DATA_DIR';

/** Per-user data folder, the same for the desktop app and the CLI so both see one library. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Kintsugi');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kintsugi');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'kintsugi');
}

/** `--data-dir` wins over the environment, which wins over the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env[DATA_DIR_ENV];
  return chosen ? resolve(chosen) : defaultDataDir(process.platform, env);
}
