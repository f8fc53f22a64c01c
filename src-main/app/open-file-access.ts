import type { FileAccess } from '../router/types.js';

/**
 * File access for the CLI. There the caller is the user at their own machine, in a shell, who names paths directly,
 * so every path the OS lets this user read is theirs to import, and every folder the OS lets them write is theirs
 * to export to (the local server adds only that paths be absolute: ServerFileAccess).
 * The Electron renderer is not trusted this way: it gets GrantedFileAccess, limited to what native dialogs returned.
 */
export class OpenFileAccess implements FileAccess {
  assertReadable(): void {}

  assertWritable(): void {}

  grant(): void {}
}
