import { parseArgs } from 'node:util';
import { APP_VERSION } from '../app/create-app.js';
import { errorText } from '../../src-shared/i18n/error-text.js';
import { createTranslator, type Translator } from '../../src-shared/i18n/translator.js';
import { toErrorData } from '../router/error-mapping.js';
import type { CliIo, Command } from './command.js';
import { doctorCommand } from './commands/doctor.js';
import { generateCommand } from './commands/generate.js';
import { importCommand } from './commands/import.js';
import { colorizeCommand } from './commands/colorize.js';
import { inpaintCommand } from './commands/inpaint.js';
import { modelsCommand } from './commands/models.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';

const COMMANDS: readonly Command[] = [
  serveCommand,
  doctorCommand,
  importCommand,
  inpaintCommand,
  colorizeCommand,
  trainCommand,
  generateCommand,
  modelsCommand,
];

function mainHelp(tr: Translator): string[] {
  return [
    tr.t('cli.help.title', { version: APP_VERSION }),
    '',
    tr.t('cli.help.usage'),
    '',
    tr.t('cli.help.commands'),
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    tr.t('cli.help.dataDir'),
    tr.t('cli.help.more'),
  ];
}

function commandHelp(c: Command): string[] {
  return [c.summary, '', `Usage: ${c.usage}`, '', 'Options:', ...c.optionHelp.map((l) => `  ${l}`), '  --help             show this help'];
}

/** Parse and run; returns the process exit code. Errors become one line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const tr = createTranslator(io.locale ?? 'en');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    mainHelp(tr).forEach((l) => io.out(l));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(tr.t('cli.unknownCommand', { name, commands: COMMANDS.map((c) => c.name).join(', ') }));
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals,
      strict: true,
    });
  } catch (err) {
    // Node's parser explains the bad option in English; the sentence around it is ours.
    io.err(tr.t('cli.badOptions', { command: name, reason: err instanceof Error ? err.message : String(err) }));
    return 2;
  }
  if (args.values.help) {
    commandHelp(command).forEach((l) => io.out(l));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    // Filesystem and database failures have codes too; only a bug (E_INTERNAL) earns a stack trace.
    const data = toErrorData(err);
    if (data.code !== 'E_INTERNAL') {
      io.err(`kintsugi ${name}: ${data.code}: ${errorText(tr, data)}`);
      // Outside English the code's explanation is general; the English original names the file or value.
      if (tr.locale !== 'en') io.err(tr.t('cli.errorDetail', { message: data.message }));
    } else io.err(tr.t('cli.unexpected', { command: name, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
    return 1;
  }
}
