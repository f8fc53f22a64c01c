/**
 * The extension of an exported model, written out because `src-shared/models/manifest.ts` pulls zod into the page;
 * model-archive.test.ts fails when the two differ.
 */
export const MODEL_ARCHIVE_EXTENSION = '.kintsugi-model';

/** A file name for a model's archive: its name with what file systems refuse (or find awkward) replaced. */
export function modelArchiveName(modelName: string): string {
  const safe = modelName
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 120);
  return `${safe || 'model'}${MODEL_ARCHIVE_EXTENSION}`;
}
