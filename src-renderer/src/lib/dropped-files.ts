import { hasImageExtension } from '../../../src-shared/formats.js';

/** A file from a drop, with the path it had inside any dropped folder (for the import report). */
export interface DroppedFile {
  file: File;
  path: string;
}

export interface DropContents {
  files: DroppedFile[];
  /** Files inside dropped folders that are not images by extension; listed so nothing vanishes unexplained. */
  skipped: string[];
  /** Entries the browser could not read (permissions, vanished files), with the reason. */
  unreadable: { path: string; message: string }[];
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

async function walk(entry: FileSystemEntry, path: string, fromFolder: boolean, out: DropContents): Promise<void> {
  try {
    if (isFile(entry)) {
      // Files dropped directly go to the server even with an odd extension: it judges content, not names.
      if (fromFolder && !hasImageExtension(entry.name)) out.skipped.push(path);
      else out.files.push({ file: await entryFile(entry), path });
    } else if (isDirectory(entry)) {
      const reader = entry.createReader();
      // readEntries hands out a folder in chunks (about 100 in Chromium) until it answers an empty one.
      for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
        for (const child of batch) {
          if (child.name.startsWith('.')) continue;
          await walk(child, `${path}/${child.name}`, true, out);
        }
      }
    }
  } catch (err) {
    out.unreadable.push({ path, message: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Everything a drop carries, folders walked recursively. The entries must be taken from the DataTransfer before
 * the first await, because the browser empties it once the drop handler returns.
 */
export async function collectDroppedFiles(transfer: DataTransfer): Promise<DropContents> {
  const out: DropContents = { files: [], skipped: [], unreadable: [] };
  const entries: FileSystemEntry[] = [];
  const plainFiles: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) plainFiles.push(file);
    }
  }
  for (const entry of entries) await walk(entry, entry.name, false, out);
  for (const file of plainFiles) out.files.push({ file, path: file.name });
  return out;
}

/** True when a drag carries files (not text or a link dragged from the page itself). */
export function dragHasFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files');
}
