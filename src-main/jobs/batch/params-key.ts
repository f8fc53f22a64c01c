import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { BatchParams } from '../../../src-shared/contract/index.js';

/** Every path made absolute: a job outlives the folder its command was typed in. */
export function normaliseParams(params: BatchParams): BatchParams {
  const input = params.input.type === 'folder' ? { ...params.input, folder: resolve(params.input.folder) } : params.input;
  const op = params.operation;
  const operation =
    op.kind === 'inpaint'
      ? { ...op, masksFolder: resolve(op.masksFolder) }
      : { ...op, referencePaths: op.referencePaths.map((p) => resolve(p)) };
  return { input, output: { ...params.output, folder: resolve(params.output.folder) }, operation };
}

/** JSON with object keys sorted at every level, so equal parameters always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What identifies "the same batch" (the CLI's re-run): a hash of the normalised parameters. */
export function paramsKey(normalised: BatchParams): string {
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}
