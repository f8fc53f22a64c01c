import type { ExportFormat, Settings } from '../../../src-shared/contract/index.js';
import { dirName } from './export-formats.js';

/** Whether `path` lies inside `folder` (either separator), such as a dropped file under the data folder's uploads. */
export function isInside(path: string, folder: string): boolean {
  const norm = (p: string) => p.replaceAll('\\', '/').replace(/\/+$/, '');
  return norm(path).startsWith(`${norm(folder)}/`);
}

/**
 * What the export dialog proposes, as Lightroom does: the folder and format of the last export; the first time, the
 * original's own folder, unless the original is a file the app keeps itself (a browser upload inside the data
 * folder): then no folder (null), and the caller offers the user's home instead.
 */
export function exportDefaults(settings: Pick<Settings, 'exportFolder' | 'exportFormat'>, original: string, dataDir: string): { folder: string | null; format: ExportFormat } {
  const folder = settings.exportFolder ?? (isInside(original, dataDir) ? null : dirName(original));
  return { folder, format: settings.exportFormat ?? 'png' };
}
