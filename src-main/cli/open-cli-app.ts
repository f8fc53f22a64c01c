import type { BackendPreference } from '../../src-shared/contract/index.js';
import { createApp, type App, type AppHost } from '../app/create-app.js';
import { resolveDataDir } from '../app/data-dir.js';
import { backendOption, stringOption } from './common-options.js';
import type { CliIo, ParsedArgs } from './command.js';

export function openCliApp(args: ParsedArgs, io: CliIo, host: AppHost = 'cli'): Promise<App> {
  const backend: BackendPreference | undefined = backendOption(args);
  return createApp({
    dataDir: resolveDataDir(stringOption(args, 'data-dir')),
    host,
    ...(backend ? { backend } : {}),
    log: (line) => io.err(`kintsugi: ${line}`),
  });
}
