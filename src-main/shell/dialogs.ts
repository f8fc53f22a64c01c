import { dialog, type BrowserWindow, type FileFilter, type OpenDialogOptions } from 'electron';
import type { ImportSummary } from '../../src-shared/contract/index.js';
import { IMAGE_EXTENSIONS } from '../../src-shared/formats.js';
import { MODEL_ARCHIVE_EXTENSION } from '../../src-shared/models/manifest.js';
import type { Handler } from '../router/types.js';

export type PickKind = 'files' | 'folder';
export type PickFilter = 'images' | 'models';

/** What a pick offers first: the importer's own image list, so exactly what can be imported, or model archives. */
const FILTERS: Record<PickFilter, FileFilter> = {
  images: { name: 'Images', extensions: IMAGE_EXTENSIONS.map((ext) => ext.slice(1)) },
  models: { name: 'Kintsugi models', extensions: [MODEL_ARCHIVE_EXTENSION.slice(1)] },
};

/** The native open dialog; [] when cancelled. */
export async function showPickDialog(win: BrowserWindow | null, kind: PickKind, title?: string, filter: PickFilter = 'images'): Promise<string[]> {
  const options: OpenDialogOptions =
    kind === 'files'
      ? {
          title: title ?? (filter === 'models' ? 'Open a model' : 'Open images'),
          properties: filter === 'models' ? ['openFile'] : ['openFile', 'multiSelections'],
          filters: [FILTERS[filter], { name: 'All files', extensions: ['*'] }],
        }
      : { title: title ?? 'Import a folder of images', properties: ['openDirectory'] };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/** `files.pick`: what the user chooses here, and only that, becomes readable by `library.import`. */
export function filesPickHandler(getWindow: () => BrowserWindow | null): Handler<'files.pick'> {
  return async (request, ctx) => {
    const paths = await showPickDialog(getWindow(), request.kind, request.title, request.filter);
    ctx.files.grant(paths);
    return { paths };
  };
}

/** `files.pickSave`: the one path the user chose to write (an export), and only that, becomes writable. */
export function filesPickSaveHandler(getWindow: () => BrowserWindow | null): Handler<'files.pickSave'> {
  return async (request, ctx) => {
    const win = getWindow();
    const options = { title: request.title ?? 'Export', defaultPath: request.defaultPath };
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return { path: null };
    ctx.files.grant([result.filePath]);
    return { path: result.filePath };
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One native message for an import started from the menu (the renderer shows its own report for its imports). */
export async function showImportSummary(win: BrowserWindow | null, summary: ImportSummary): Promise<void> {
  const problems = [
    ...summary.failed.map((f) => `${f.path}: ${f.message}`),
    ...summary.skipped.map((s) => `${s.path}: ${s.reason}`),
  ];
  const message = [
    `Imported ${plural(summary.imported.length, 'image')}.`,
    summary.duplicates.length ? `${plural(summary.duplicates.length, 'file')} already in the library.` : '',
    problems.length ? `${plural(problems.length, 'file')} not imported.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const shown = problems.slice(0, 20);
  const detail = shown.join('\n') + (problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '');
  const options = { type: summary.failed.length ? ('warning' as const) : ('info' as const), title: 'Import', message, detail };
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}
