import type { ExportFormat } from '../../../src-shared/contract/index.js';

/**
 * Export formats with their label and file extension. Written out here rather than importing the contract's
 * runtime list (which would pull zod into the page); the check below fails the build if the contract gains one.
 */
export const EXPORT_FORMAT_OPTIONS = [
  { id: 'png', label: 'PNG (lossless)', ext: 'png', lossy: false },
  { id: 'jpeg', label: 'JPEG', ext: 'jpg', lossy: true },
  { id: 'webp', label: 'WebP', ext: 'webp', lossy: true },
  { id: 'tiff', label: 'TIFF', ext: 'tiff', lossy: true },
] as const satisfies readonly { id: ExportFormat; label: string; ext: string; lossy: boolean }[];

type Unlisted = Exclude<ExportFormat, (typeof EXPORT_FORMAT_OPTIONS)[number]['id']>;
/** @public Never imported: it exists for the type check, which fails while the list misses one. */
export const ALL_EXPORT_FORMATS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** Swaps a known image extension for the format's (or appends it). */
export function withExtension(fileName: string, format: ExportFormat): string {
  const ext = EXPORT_FORMAT_OPTIONS.find((f) => f.id === format)?.ext ?? format;
  const stem = fileName.replace(/\.(png|jpe?g|webp|tiff?)$/i, '');
  return `${stem}.${ext}`;
}

/** The folder part of a host path (either separator), and a file name joined onto a folder the same way. */
export function dirName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path.slice(0, cut + 1);
}

/** The last part of a host path (either separator): "C:\\out\\a.png" → "a.png". */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function joinPath(folder: string, fileName: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${fileName}` : `${folder}${sep}${fileName}`;
}
