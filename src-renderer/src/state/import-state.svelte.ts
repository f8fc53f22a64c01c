import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ImportSummary, UploadedFile } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { toKintsugiError } from '../api/invoke-result.js';
import type { DropContents, DroppedFile } from '../lib/dropped-files.js';
import { planUploadBatches } from '../lib/upload-batches.js';
import type { TaskRunner } from './task-runner.js';

export interface ImportProgress {
  done: number;
  total: number;
  current: string;
}

/**
 * What one import did, kept until the user closes it: every failure and skip is listed with its reason. A drop's
 * several calls, and what the page itself left out or could not read, add up into one report.
 */
export type ImportReport = ImportSummary;

function emptyReport(): ImportReport {
  return { imported: [], duplicates: [], failed: [], skipped: [] };
}

function addSummary(report: ImportReport, summary: ImportSummary): void {
  report.imported.push(...summary.imported);
  report.duplicates.push(...summary.duplicates);
  report.failed.push(...summary.failed);
  report.skipped.push(...summary.skipped);
}

/** Imports from paths (pickers) or from dropped bytes, with progress and a report at the end. */
export class ImportState {
  running = $state(false);
  progress = $state.raw<ImportProgress | null>(null);
  report = $state.raw<ImportReport | null>(null);

  /** Uploads go in several calls; the server counts per call, so its progress is offset to the whole drop. */
  #uploadOffset = 0;
  #uploadTotal: number | null = null;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #onImported: () => void;

  constructor(api: KintsugiApi, tasks: TaskRunner, onImported: () => void) {
    this.#api = api;
    this.#tasks = tasks;
    this.#onImported = onImported;
  }

  listen(): () => void {
    return this.#api.on('library.importProgress', (p) => {
      if (!this.running) return;
      this.progress =
        this.#uploadTotal === null ? p : { done: this.#uploadOffset + p.done, total: this.#uploadTotal, current: p.current };
    });
  }

  /** Files and folders the user picked; the server reads them from disk. */
  async importPaths(paths: string[]): Promise<void> {
    if (paths.length === 0 || !this.#begin(null)) return;
    try {
      const summary = await this.#tasks.run(this.#tasks.t('library.import'), () => this.#api.invoke('library.import', { paths }));
      if (summary) this.#finish(summary);
    } finally {
      this.#end();
    }
  }

  /** Dropped files travel as bytes in batches; a failed batch marks its files failed and the rest goes on. */
  async importDropped(contents: DropContents): Promise<void> {
    const report = emptyReport();
    report.skipped.push(...contents.skipped.map((path) => ({ path, reason: 'Not an image file type' })));
    report.failed.push(...contents.unreadable.map((u) => ({ path: u.path, code: 'E_IO' as const, message: u.message })));
    if (contents.files.length === 0) {
      this.#finish(report);
      return;
    }
    if (!this.#begin(contents.files.length)) return;
    try {
      await this.#tasks.run(this.#tasks.t('task.uploadingDrops'), async () => {
        for (const batch of planUploadBatches(contents.files.map((d) => ({ ...d, size: d.file.size })))) {
          this.progress = { done: this.#uploadOffset, total: contents.files.length, current: batch[0]?.path ?? '' };
          await this.#uploadBatch(batch, report);
          this.#uploadOffset += batch.length;
        }
      });
      this.#finish(report);
    } finally {
      this.#end();
    }
  }

  dismissReport(): void {
    this.report = null;
  }

  async #uploadBatch(batch: DroppedFile[], report: ImportReport): Promise<void> {
    const sent: string[] = [];
    const files: UploadedFile[] = [];
    for (const { file, path } of batch) {
      try {
        files.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        sent.push(path);
      } catch (err) {
        report.failed.push({ path, code: 'E_IO', message: `Could not read the file: ${toKintsugiError(err).message}` });
      }
    }
    if (files.length === 0) return;
    try {
      addSummary(report, await this.#api.invoke('library.importUploads', { files }));
    } catch (err) {
      const e = toKintsugiError(err);
      for (const path of sent) report.failed.push({ path, code: e.code, message: e.message });
    }
  }

  #begin(uploadTotal: number | null): boolean {
    if (this.running) {
      this.#tasks.refuse('E_INVALID_ARGUMENT', this.#tasks.t('library.import'), 'import.busy');
      return false;
    }
    this.running = true;
    this.report = null;
    this.#uploadOffset = 0;
    this.#uploadTotal = uploadTotal;
    this.progress = uploadTotal === null ? null : { done: 0, total: uploadTotal, current: '' };
    return true;
  }

  #end(): void {
    this.running = false;
    this.progress = null;
    this.#uploadTotal = null;
  }

  #finish(report: ImportReport): void {
    this.report = report;
    // The server also announces library.changed; reloading here keeps the grid right even if that event was lost.
    if (report.imported.length > 0) this.#onImported();
  }
}
