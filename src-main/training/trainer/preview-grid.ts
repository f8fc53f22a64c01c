import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { writeFileAtomic } from '../../images/write-atomic.js';

export const PREVIEWS_DIR = 'previews';
/** Older grids are deleted: the UI shows the newest, and a long run would otherwise fill the disk with them. */
export const PREVIEWS_KEPT = 5;
const GAP = 2;

/** Tiles of equal size in rows and columns, separated by a thin white gap. */
export function composeGrid(rows: readonly (readonly RgbImage[])[]): RgbImage {
  const tile = rows[0]?.[0];
  if (!tile) throw new RangeError('A preview grid needs at least one tile');
  const columns = Math.max(...rows.map((r) => r.length));
  const width = columns * tile.width + (columns - 1) * GAP;
  const height = rows.length * tile.height + (rows.length - 1) * GAP;
  const data = new Uint8Array(width * height * 3).fill(255);
  rows.forEach((row, r) =>
    row.forEach((image, c) => {
      const x0 = c * (tile.width + GAP);
      const y0 = r * (tile.height + GAP);
      for (let y = 0; y < image.height; y++) {
        data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y0 + y) * width + x0) * 3);
      }
    }),
  );
  return { width, height, data };
}

/** Write the grid as `<runDir>/previews/<step>.png` (atomically), keep the newest few, return the file's path. */
export async function writePreview(runDir: string, step: number, rows: readonly (readonly RgbImage[])[]): Promise<string> {
  const folder = join(runDir, PREVIEWS_DIR);
  await mkdir(folder, { recursive: true });
  const grid = composeGrid(rows);
  const png = await sharp(grid.data, { raw: { width: grid.width, height: grid.height, channels: 3 } }).png().toBuffer();
  const file = join(folder, `${step}.png`);
  await writeFileAtomic(file, png);
  const steps = (await readdir(folder))
    .map((name) => /^(\d+)\.png$/.exec(name)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
  for (const old of steps.slice(PREVIEWS_KEPT)) await rm(join(folder, `${old}.png`), { force: true });
  return file;
}
