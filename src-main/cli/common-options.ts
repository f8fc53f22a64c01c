import { BACKEND_NAMES, BackendPreferenceSchema, type BackendPreference } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { DATA_DIR_ENV } from '../app/data-dir.js';
import type { OptionSpecs, ParsedArgs } from './command.js';

export const DATA_DIR_OPTION: OptionSpecs = { 'data-dir': { type: 'string' } };
export const DATA_DIR_HELP = `--data-dir DIR     library folder (default: $${DATA_DIR_ENV}, else the per-user data folder)`;

export const BACKEND_OPTION: OptionSpecs = { backend: { type: 'string' } };
export const BACKEND_HELP = `--backend NAME     force a compute backend: auto, ${BACKEND_NAMES.join(', ')}`;

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function backendOption(args: ParsedArgs): BackendPreference | undefined {
  const raw = stringOption(args, 'backend');
  if (raw === undefined) return undefined;
  const parsed = BackendPreferenceSchema.safeParse(raw);
  if (!parsed.success) throw new KintsugiError('E_INVALID_ARGUMENT', `Unknown backend "${raw}"; use auto, ${BACKEND_NAMES.join(', ')}`);
  return parsed.data;
}

export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new KintsugiError('E_INVALID_ARGUMENT', `--${name} must be a number, got "${raw}"`);
  return n;
}

export function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}
