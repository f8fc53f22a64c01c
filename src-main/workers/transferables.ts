/**
 * The buffers that can move to a worker instead of being copied: only views that own their whole ArrayBuffer (a
 * slice of Node's shared Buffer pool must stay, and one buffer may be listed once).
 */
export function transferables(views: readonly Uint8Array[]): ArrayBuffer[] {
  const owned = views
    .filter((v) => v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer)
    .map((v) => v.buffer as ArrayBuffer);
  return [...new Set(owned)];
}
