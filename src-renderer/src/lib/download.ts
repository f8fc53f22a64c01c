/** Hands bytes to the browser's download (Electron: a save dialog) under a suggested file name. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; a short delay keeps slow engines safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file's name without its extension, for derived names ("photo.jpg" → "photo"). */
export function baseName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
