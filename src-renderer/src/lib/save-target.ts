import type { KintsugiApi } from '../../../src-shared/api.js';
import type { TaskRunner } from '../state/task-runner.js';
import { dirName, fileNameOf, joinPath } from './export-formats.js';

/** Where a save dialog writes, as its Folder and File name fields hold it. */
export interface SaveTarget {
  folder: string;
  fileName: string;
}

/**
 * The desktop's native save dialog, opened at the fields' path: the path picked there, split back into the two
 * fields, or null when it was cancelled or failed (the task runner has shown why).
 */
export async function pickSaveTarget(api: KintsugiApi, tasks: TaskRunner, target: SaveTarget, label: string, title: string): Promise<SaveTarget | null> {
  const picked = await tasks.run(label, () => api.invoke('files.pickSave', { defaultPath: joinPath(target.folder.trim(), target.fileName.trim()), title }));
  if (!picked?.path) return null;
  return { folder: dirName(picked.path), fileName: fileNameOf(picked.path) };
}
