import { mkdir, open, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { writeFileAtomic } from '../images/write-atomic.js';

const MAX_NAME_LENGTH = 120;

/**
 * A file name that is safe on every OS and cannot leave its folder: the last path segment only, no control or
 * reserved characters, no leading dots (so neither ".." nor a hidden file), bounded length with the extension kept.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  let safe = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  // Windows refuses these device names whatever the extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(safe)) safe = `_${safe}`;
  if (safe.length > MAX_NAME_LENGTH) {
    const ext = extname(safe).slice(0, 16);
    safe = safe.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return safe || 'upload';
}

/** Local calendar day as yyyy-mm-dd: uploads are grouped by the day the user dropped them. */
export function dayFolder(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Claim `name` in `dir`, or `stem-2.ext`, `stem-3.ext`… Creating the file exclusively ('wx') makes the claim
 * atomic, so two uploads of the same name never overwrite each other.
 */
async function claimUniquePath(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      await (await open(candidate, 'wx')).close();
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Store uploaded bytes under `<dataDir>/uploads/<yyyy-mm-dd>/` and return the path written. */
export async function storeUpload(dataDir: string, name: string, bytes: Uint8Array, now = new Date()): Promise<string> {
  const dir = join(dataDir, 'uploads', dayFolder(now));
  await mkdir(dir, { recursive: true });
  const target = await claimUniquePath(dir, safeFileName(name));
  try {
    await writeFileAtomic(target, bytes);
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  }
  return target;
}
