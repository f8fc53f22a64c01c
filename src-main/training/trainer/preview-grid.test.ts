import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { composeGrid, PREVIEWS_DIR, PREVIEWS_KEPT, writePreview } from './preview-grid.js';

const tile = (value: number) => ({ width: 2, height: 2, data: new Uint8Array(12).fill(value) });

describe('preview grid', () => {
  it('lays tiles out in rows and columns with a white gap', () => {
    const grid = composeGrid([
      [tile(0), tile(50)],
      [tile(100), tile(150)],
    ]);
    expect([grid.width, grid.height]).toEqual([6, 6]);
    const at = (x: number, y: number) => grid.data[(y * grid.width + x) * 3];
    expect([at(0, 0), at(2, 0), at(4, 0), at(0, 4), at(5, 5)]).toEqual([0, 255, 50, 100, 150]);
  });

  it('writes <step>.png and keeps only the newest few', async () => {
    const runDir = tempDir('previews');
    let file = '';
    for (let step = 1; step <= PREVIEWS_KEPT + 2; step++) file = await writePreview(runDir, step * 10, [[tile(step)]]);
    expect(file).toBe(join(runDir, PREVIEWS_DIR, `${(PREVIEWS_KEPT + 2) * 10}.png`));
    const names = readdirSync(join(runDir, PREVIEWS_DIR)).sort((a, b) => parseInt(a) - parseInt(b));
    expect(names).toEqual(Array.from({ length: PREVIEWS_KEPT }, (_, i) => `${(i + 3) * 10}.png`));
    expect(await sharp(file).metadata()).toMatchObject({ width: 2, height: 2, format: 'png' });
  });
});
