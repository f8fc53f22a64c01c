import type { ParseArgsConfig } from 'node:util';
import type { Locale } from '../../src-shared/i18n/locales.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One CLI command: its own options and help text, run with parsed arguments; returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Lines describing each option, for `--help`. */
  optionHelp: string[];
  options: OptionSpecs;
  allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  /** The language of what the CLI itself says (from LC_ALL / LC_MESSAGES / LANG); English when unset. */
  locale?: Locale;
}
