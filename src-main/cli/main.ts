import { localeFromEnv } from '../../src-shared/i18n/locales.js';
import type { CliIo } from './command.js';
import { runCli } from './run-cli.js';

const io: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  isTty: Boolean(process.stderr.isTTY),
  locale: localeFromEnv(process.env),
};

process.exitCode = await runCli(process.argv.slice(2), io);
