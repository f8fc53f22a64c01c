import type { FileAccess } from '../router/types.js';

/**
 * File access for the CLI and the local server. There the caller is the user at their own machine — a shell, or a
 * browser holding the secret token — who names paths directly or picks them in the in-app browser, so every path
 * the OS lets this user read is theirs to import, and every folder the OS lets them write is theirs to export to.
 * The Electron renderer is not trusted this way: it gets GrantedFileAccess, limited to what native dialogs returned.
 */
export class OpenFileAccess implements FileAccess {
  assertReadable(): void {}

  assertWritable(): void {}

  grant(): void {}
}
