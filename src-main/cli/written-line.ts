import type { ExportedFile } from '../images/export-image.js';

/** The line a one-file command ends with, including what the file lost against its original (8 bits, one frame). */
export function writtenLine(file: ExportedFile): string {
  return `Wrote ${file.path} (${file.bytes} bytes${file.notes.map((note) => `; ${note}`).join('')})`;
}
