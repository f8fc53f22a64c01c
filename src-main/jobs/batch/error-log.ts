import type { BatchItem, BatchJob } from '../../../src-shared/contract/index.js';

/** The columns of a job's error log, in order. */
const COLUMNS = ['index', 'relativePath', 'inputPath', 'status', 'code', 'reason'] as const;

type LogEntry = Pick<BatchItem, (typeof COLUMNS)[number]>;

function entry(item: BatchItem): LogEntry {
  return { index: item.index, relativePath: item.relativePath, inputPath: item.inputPath, status: item.status, code: item.code, reason: item.reason };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A job's failed and skipped files as CSV (a header row, CRLF line ends, UTF-8 with a BOM so spreadsheet programs
 * read accented names right) or as JSON (the job's id, name and kind, and the entries).
 */
export function formatErrorLog(job: Pick<BatchJob, 'id' | 'name' | 'kind'>, items: readonly BatchItem[], format: 'csv' | 'json'): string {
  const entries = items.map(entry);
  if (format === 'json') return `${JSON.stringify({ job: { id: job.id, name: job.name, kind: job.kind }, entries }, null, 2)}\n`;
  const rows = [COLUMNS.join(','), ...entries.map((e) => COLUMNS.map((c) => csvField(e[c])).join(','))];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
